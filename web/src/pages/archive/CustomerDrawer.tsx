import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Checkbox, Col, Drawer, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { CUSTOMER_KINDS, PHONE_LABELS } from '../../../../contracts/customers';
import { normalizePhone } from '../../../../contracts/phones';
import { ApiError, isApiError } from '../../api/client';
import { archiveApi, type CreateCustomerBody, type CustomerDetail, type CustomerSummary } from '../../api/archive';
import { RegionCascader, regionCodes } from '../../components/archive/RegionCascader';
import { customerLabel } from '../../components/archive/pickers';
import { RowList } from '../../components/archive/RowList';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';

type PhoneRow = { phone?: string; label?: (typeof PHONE_LABELS)[number]; isPrimary?: boolean };
type AddressRow = { id?: string; label?: string; region?: string[]; detail?: string; isDefault?: boolean };
type ContactRow = { id?: string; name?: string; title?: string; phone?: string; email?: string };
export type CustomerFormValues = {
  kind: (typeof CUSTOMER_KINDS)[number];
  name: string;
  phones: PhoneRow[];
  addresses?: AddressRow[];
  contacts?: ContactRow[];
  tags?: string[];
  notes?: string;
};

const blank = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** Form values → API body (regions split into codes, empty optional texts dropped). */
export function customerBody(values: CustomerFormValues): CreateCustomerBody {
  const phones = (values.phones ?? []).filter((row) => blank(row.phone));
  const hasPrimary = phones.some((row) => row.isPrimary);
  const addresses = values.addresses ?? [];
  const hasDefault = addresses.some((row) => row.isDefault);
  return {
    kind: values.kind,
    name: values.name.trim(),
    phones: phones.map((row, index) => ({
      phone: row.phone!.trim(),
      ...(row.label ? { label: row.label } : {}),
      isPrimary: hasPrimary ? !!row.isPrimary : index === 0,
    })),
    addresses: addresses.map((row, index) => {
      const codes = regionCodes(row.region);
      return {
        ...(row.id ? { id: row.id } : {}),
        ...(blank(row.label) ? { label: blank(row.label)! } : {}),
        provinceCode: codes.provinceCode ?? '',
        cityCode: codes.cityCode ?? '',
        districtCode: codes.districtCode ?? '',
        detail: (row.detail ?? '').trim(),
        isDefault: hasDefault ? !!row.isDefault : index === 0,
      };
    }),
    contacts:
      values.kind === 'organisation'
        ? (values.contacts ?? []).map((row) => ({
            ...(row.id ? { id: row.id } : {}),
            name: (row.name ?? '').trim(),
            title: blank(row.title),
            phone: blank(row.phone),
            email: blank(row.email),
          }))
        : [],
    tags: values.tags ?? [],
    notes: blank(values.notes),
  };
}

/** Values for editing an existing customer. */
export function customerFormValues(customer: CustomerDetail): CustomerFormValues {
  return {
    kind: customer.kind,
    name: customer.name,
    phones: customer.phones.map((phone) => ({ phone: phone.phone, label: PHONE_LABELS.find((label) => label === phone.label), isPrimary: phone.isPrimary })),
    addresses: customer.addresses.map((address) => ({
      id: address.id,
      label: address.label ?? undefined,
      region: [address.provinceCode, address.cityCode, address.districtCode],
      detail: address.detail,
      isDefault: address.isDefault,
    })),
    contacts: customer.contacts.map((contact) => ({
      id: contact.id,
      name: contact.name,
      title: contact.title ?? undefined,
      phone: contact.phone ?? undefined,
      email: contact.email ?? undefined,
    })),
    tags: customer.tags,
    notes: customer.notes ?? undefined,
  };
}

/** Renames API paths onto form fields: address codes → the cascader, duplicate phone → readable text. */
export function mapCustomerError(error: unknown, duplicateText: string): unknown {
  if (!isApiError(error) || error.details.length === 0) return error;
  const details = error.details.map((detail) => {
    const path = detail.path[0] === 'body' ? detail.path.slice(1) : [...detail.path];
    if (path[0] === 'addresses' && typeof path[2] === 'string' && /Code$/.test(path[2])) path.splice(2, 1, 'region');
    const isDuplicate = detail.code === 'duplicate_phone' || detail.message === 'duplicate_phone';
    return { ...detail, path, message: isDuplicate ? duplicateText : detail.message };
  });
  return new ApiError(error.status, error.code, error.message, details);
}

function isDuplicatePhoneError(error: unknown): error is ApiError {
  return isApiError(error) && error.status === 409 && error.details.some((detail) => detail.code === 'duplicate_phone' || detail.message === 'duplicate_phone');
}

type Duplicate = { phone: string; items: CustomerSummary[]; afterSave: boolean };

/** Create (customer = null) or edit a customer, with the duplicate-phone warning. */
export function CustomerDrawer({
  open,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  customer: CustomerDetail | null;
  onClose: () => void;
  onSaved: (customer: CustomerDetail) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CustomerFormValues>();
  const { message } = App.useApp();
  const handleError = useApiError();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const allowDuplicate = useRef(false);
  const kind = Form.useWatch('kind', form);
  const isEdit = !!customer;
  const maskedEdit = !!customer?.phonesMasked;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setDuplicate(null);
    allowDuplicate.current = false;
    form.setFieldsValue(customer ? customerFormValues(customer) : { kind: 'person', phones: [{ label: 'mobile' }], addresses: [], contacts: [], tags: [] });
  }, [open, customer, form]);

  /** Early warning: who already has this number (on leaving the phone field). */
  const checkPhone = async (value: string | undefined) => {
    const normalized = value ? normalizePhone(value) : null;
    if (!normalized) return;
    try {
      const { items } = await archiveApi.customers.phoneMatches(normalized.phone);
      const others = items.filter((item) => item.id !== customer?.id);
      if (others.length) setDuplicate({ phone: normalized.phone, items: others, afterSave: false });
      else setDuplicate((current) => (current?.phone === normalized.phone ? null : current));
    } catch {
      // only a hint; the save answers for real
    }
  };

  const submit = async (values: CustomerFormValues) => {
    setSaving(true);
    try {
      const body = customerBody(values);
      let saved: CustomerDetail;
      if (customer) {
        // masked numbers cannot be sent back: leave phones and contacts as they are
        const { phones, contacts, ...rest } = body;
        saved = await archiveApi.customers.update(customer.id, customer.phonesMasked ? rest : { ...rest, phones, contacts });
      } else {
        saved = await archiveApi.customers.create(allowDuplicate.current ? { ...body, allowDuplicatePhone: true } : body);
      }
      void message.success(isEdit ? t('common.saved') : t('customers.created'));
      onSaved(saved);
    } catch (error) {
      if (isDuplicatePhoneError(error)) {
        const detail = error.details.find((item) => item.code === 'duplicate_phone' || item.message === 'duplicate_phone');
        const index = typeof detail?.path[1] === 'number' ? detail.path[1] : 0;
        const phone = normalizePhone(values.phones[index]?.phone ?? '')?.phone ?? values.phones[index]?.phone ?? '';
        let items: CustomerSummary[] = [];
        try {
          items = (await archiveApi.customers.phoneMatches(phone)).items;
        } catch {
          items = [];
        }
        setDuplicate({ phone, items: items.filter((item) => item.id !== customer?.id), afterSave: true });
      }
      handleError(mapCustomerError(error, t('customers.duplicatePhone')), form);
    } finally {
      setSaving(false);
    }
  };

  const createAnyway = () => {
    allowDuplicate.current = true;
    form.submit();
  };

  const labelOf = (key: string) => t(`customers.phoneLabel.${key}` as MessageKey);

  return (
    <Drawer
      open={open}
      title={isEdit ? t('customers.edit') : t('customers.create')}
      size={620}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="customer-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} name="customer-form">
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="kind" label={t('customers.kind')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={CUSTOMER_KINDS.map((value) => ({ value, label: t(`customers.kind.${value}`) }))} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>

        <Typography.Title level={5}>{t('customers.phones')}</Typography.Title>
        {maskedEdit ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('customers.maskedEdit')} /> : null}
        {maskedEdit ? null : (
        <Form.List name="phones" rules={[{ validator: async (_, rows: PhoneRow[]) => (rows?.length ? undefined : Promise.reject(new Error(t('customers.phoneRequired')))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }} wrap>
                  <Form.Item
                    name={[field.name, 'phone']}
                    rules={[
                      { required: true, whitespace: true, message: t('customers.phoneRequired') },
                      { validator: async (_, value: string | undefined) => (!value || normalizePhone(value) ? undefined : Promise.reject(new Error(t('customers.phoneInvalid')))) },
                    ]}
                    style={{ width: 220 }}
                  >
                    <Input placeholder={t('customers.phonePlaceholder')} onBlur={(event) => void checkPhone(event.target.value)} data-testid={`phone-${field.name}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'label']} style={{ width: 110 }}>
                    <Select allowClear placeholder={t('customers.phoneLabel')} options={PHONE_LABELS.map((value) => ({ value, label: labelOf(value) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'isPrimary']} valuePropName="checked">
                    <Checkbox>{t('customers.primary')}</Checkbox>
                  </Form.Item>
                  {fields.length > 1 ? <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} /> : null}
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: 'mobile' })} style={{ marginBottom: 16 }}>
                {t('customers.addPhone')}
              </Button>
            </>
          )}
        </Form.List>
        )}

        {duplicate && duplicate.items.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="duplicate-warning"
            title={t('customers.duplicateTitle', { phone: duplicate.phone })}
            description={
              <>
                <RowList
                  items={duplicate.items}
                  rowKey={(item) => item.id}
                  render={(item) => (
                    <span>
                      {customerLabel(item)} {item.defaultAddress ? <Typography.Text type="secondary">{item.defaultAddress}</Typography.Text> : null}
                    </span>
                  )}
                  actions={(item) => (
                    <Button type="link" size="small" onClick={() => navigate(`/customers/${item.id}`)}>
                      {t('customers.openExisting')}
                    </Button>
                  )}
                />
                {duplicate.afterSave && !isEdit ? (
                  <Button onClick={createAnyway} loading={saving} data-testid="create-anyway">
                    {t('customers.createAnyway')}
                  </Button>
                ) : null}
              </>
            }
          />
        ) : null}

        <Typography.Title level={5}>{t('customers.addresses')}</Typography.Title>
        <Form.List name="addresses">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <div key={field.key} style={{ border: '1px dashed #d9d9d9', borderRadius: 6, padding: '12px 12px 0', marginBottom: 12 }}>
                  <Row gutter={8}>
                    <Col span={16}>
                      <Form.Item name={[field.name, 'region']} rules={[{ required: true, type: 'array', len: 3, message: t('customers.regionRequired') }]}>
                        <RegionCascader placeholder={t('customers.region')} data-testid={`region-${field.name}`} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item name={[field.name, 'label']}>
                        <Input placeholder={t('customers.addressLabel')} maxLength={20} />
                      </Form.Item>
                    </Col>
                  </Row>
                  <Form.Item name={[field.name, 'detail']} rules={[{ required: true, whitespace: true, message: t('customers.detailRequired') }, { max: 200 }]}>
                    <Input placeholder={t('customers.addressDetail')} data-testid={`address-detail-${field.name}`} />
                  </Form.Item>
                  <Flexline>
                    <Form.Item name={[field.name, 'isDefault']} valuePropName="checked">
                      <Checkbox>{t('customers.defaultAddress')}</Checkbox>
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                      {t('common.delete')}
                    </Button>
                  </Flexline>
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ isDefault: fields.length === 0 })} style={{ marginBottom: 16 }} data-testid="add-address">
                {t('customers.addAddress')}
              </Button>
            </>
          )}
        </Form.List>

        {kind === 'organisation' && !maskedEdit ? (
          <>
            <Typography.Title level={5}>{t('customers.contacts')}</Typography.Title>
            <Form.List name="contacts">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('customers.contactNameRequired') }]} style={{ width: 120 }}>
                        <Input placeholder={t('customers.contactName')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'title']} style={{ width: 100 }}>
                        <Input placeholder={t('customers.contactTitle')} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'phone']}
                        rules={[{ validator: async (_, value: string | undefined) => (!value || normalizePhone(value) ? undefined : Promise.reject(new Error(t('customers.phoneInvalid')))) }]}
                        style={{ width: 150 }}
                      >
                        <Input placeholder={t('customers.phone')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'email']} rules={[{ type: 'email' }]} style={{ width: 150 }}>
                        <Input placeholder={t('customers.email')} />
                      </Form.Item>
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                    {t('customers.addContact')}
                  </Button>
                </>
              )}
            </Form.List>
          </>
        ) : null}

        <Form.Item name="tags" label={t('customers.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，']} maxCount={20} open={false} suffixIcon={null} placeholder={t('customers.tagsPlaceholder')} />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function Flexline({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start' }}>{children}</div>;
}
