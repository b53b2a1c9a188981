import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Typography,
  type GetRef,
} from 'antd';
import { PlusOutlined, SearchOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { TICKET_CHANNELS, TICKET_TYPES, URGENCIES } from '../../../../contracts/tickets';
import { normalizePhone } from '../../../../contracts/phones';
import { canAccess } from '../../access';
import { archiveApi, type AssetView } from '../../api/archive';
import { ApiError, isApiError } from '../../api/client';
import { createTicket, ticketsApi, type CreateTicketBody, type CreateTicketResult, type TicketChannel, type TicketType, type Urgency } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { searchable, searchHitGroups } from '../../components/archive/GlobalSearch';
import { useDebounced } from '../../components/archive/pickers';
import { RegionCascader, regionCodes } from '../../components/archive/RegionCascader';
import { WarrantyTag } from '../../components/archive/WarrantyTag';
import { PageHeader } from '../../components/PageHeader';
import { channelLabel, spokenTime, typeLabel, urgencyKey } from '../../components/tickets/labels';
import { SubmissionKey } from '../../components/tickets/submissionKey';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { TIME_ZONE } from '../../time';

export type HotlineValues = {
  type: TicketType;
  channel: TicketChannel;
  urgency: Urgency;
  assetId?: string;
  faultCategory?: string;
  unitCount?: number | null;
  description: string;
  preferred?: [Dayjs | null, Dayjs | null] | null;
  contactName?: string;
  contactPhone?: string;
  newCustomer?: { name?: string; phone?: string; region?: string[]; detail?: string };
};

const NO_ASSET = '';
const FORM_NAME = 'ticket-form';
/** Enter submits only from this field (Ctrl+Enter from anywhere). */
const LAST_FIELD_ID = `${FORM_NAME}_contactPhone`;

const blankToNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);
/** A picked wall-clock time taken as Asia/Shanghai time, as ISO. */
const shanghaiIso = (value: Dayjs) => dayjs.tz(value.format('YYYY-MM-DD HH:mm'), TIME_ZONE).toISOString();

/** The request body of the hotline form: an existing customer (customerId) or a new caller. */
export function hotlineBody(values: HotlineValues, customerId: string | null): CreateTicketBody {
  const body: CreateTicketBody = {
    type: values.type,
    channel: values.channel,
    urgency: values.urgency,
    description: values.description.trim(),
  };
  if (customerId) {
    body.customerId = customerId;
    if (values.assetId) body.assetId = values.assetId;
  } else {
    const fresh = values.newCustomer ?? {};
    const { provinceCode, cityCode, districtCode } = regionCodes(fresh.region);
    body.newCustomer = { name: (fresh.name ?? '').trim(), phone: (fresh.phone ?? '').trim() };
    if (provinceCode && cityCode && districtCode && fresh.detail?.trim())
      body.newCustomer.address = { provinceCode, cityCode, districtCode, detail: fresh.detail.trim() };
  }
  const faultCategory = blankToNull(values.faultCategory);
  if (faultCategory) body.faultCategory = faultCategory;
  if (values.unitCount && values.unitCount > 1) body.unitCount = values.unitCount;
  const [from, to] = values.preferred ?? [];
  if (from) body.preferredFrom = shanghaiIso(from);
  if (to) body.preferredTo = shanghaiIso(to);
  const contactName = blankToNull(values.contactName);
  if (contactName) body.contactName = contactName;
  const contactPhone = blankToNull(values.contactPhone);
  if (contactPhone) body.contactPhone = contactPhone;
  return body;
}

/** The existing ticket's number of a 409 duplicate_ticket answer, or null. */
export function duplicateTicketNumber(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 409) return null;
  const detail = error.details.find((item) => item.code === 'duplicate_ticket');
  return detail ? detail.message : null;
}

/** Server paths → the form's field names (new caller's address → its cascader/detail, window → range). */
function mapTicketError(error: unknown): unknown {
  if (!isApiError(error) || error.details.length === 0) return error;
  const details = error.details.map((detail) => {
    const path = detail.path[0] === 'body' ? detail.path.slice(1) : detail.path;
    if (path[0] === 'newCustomer' && path[1] === 'address') return { ...detail, path: ['newCustomer', path[2] === 'detail' ? 'detail' : 'region'] };
    if (path[0] === 'preferredFrom' || path[0] === 'preferredTo') return { ...detail, path: ['preferred'] };
    return { ...detail, path };
  });
  return new ApiError(error.status, error.code, error.message, details);
}

/** The phone typed into the search box, when it is one (to prefill a new caller). */
function phoneGuess(text: string): string | undefined {
  return normalizePhone(text)?.phone;
}

type Picked = { customerId: string; assetId?: string };

/** The hotline form: find the caller, pick the product, describe the request, read the number back. */
export function TicketNewPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const handleError = useApiError();
  const [form] = Form.useForm<HotlineValues>();
  const submissionKey = useRef(new SubmissionKey());
  const searchRef = useRef<GetRef<typeof AutoComplete>>(null);
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [manualNew, setManualNew] = useState(false);
  const [saving, setSaving] = useState(false);
  const [duplicate, setDuplicate] = useState<{ number: string; body: CreateTicketBody } | null>(null);
  const [result, setResult] = useState<CreateTicketResult | null>(null);
  const canReadAssets = canAccess(me, 'assets.read');

  const q = useDebounced(text.trim(), 250);
  const search = useQuery({
    queryKey: ['search', 'hotline', q],
    queryFn: ({ signal }) => archiveApi.search(q, 10, signal),
    enabled: searchable(q) && !picked,
    staleTime: 5_000,
  });
  const hits = searchable(q) && !picked ? (search.data?.items ?? []) : [];
  const nothingFound = !picked && searchable(q) && search.isSuccess && !search.isFetching && hits.length === 0;
  const isNewCustomer = !picked && (manualNew || nothingFound);

  const customer = useQuery({
    queryKey: ['customers', 'detail', picked?.customerId],
    queryFn: () => archiveApi.customers.get(picked!.customerId),
    enabled: !!picked,
  });
  const assets = useQuery({
    queryKey: ['assets', 'list', { customerId: picked?.customerId, pageSize: 50 }],
    queryFn: () => archiveApi.assets.list({ customerId: picked!.customerId, page: 1, pageSize: 50 }),
    enabled: !!picked && canReadAssets,
  });

  // the fault category is one of the product category's fault codes when it has a list
  const chosenAssetId = Form.useWatch('assetId', form);
  const chosenAsset = chosenAssetId ? assets.data?.items.find((item) => item.id === chosenAssetId) : undefined;
  const categories = useQuery({
    queryKey: ['products', 'categories'],
    queryFn: () => archiveApi.products.categories(),
    enabled: !!chosenAsset && canAccess(me, 'products.read'),
    staleTime: 60_000,
  });
  const faultCodes = (chosenAsset && categories.data?.items.find((item) => item.id === chosenAsset.categoryId)?.effectiveFaultCodes) || [];
  const ticketType = Form.useWatch('type', form);
  useEffect(() => {
    const current = form.getFieldValue('faultCategory') as string | undefined;
    if (faultCodes.length && current && !faultCodes.some((item) => item.code === current)) form.setFieldValue('faultCategory', undefined);
  }, [faultCodes, form]);

  // the chosen customer is the default contact (a masked number is left to the server)
  useEffect(() => {
    const data = customer.data;
    if (!data || data.id !== picked?.customerId) return;
    const primary = data.phones.find((phone) => phone.isPrimary) ?? data.phones[0];
    form.setFieldsValue({ contactName: data.name, contactPhone: primary && !primary.isMasked ? primary.phone : undefined });
  }, [customer.data, picked?.customerId, form]);

  const options = useMemo(() => searchHitGroups(hits, t, 'hotline-hit'), [hits, t]);

  const choose = (value: string) => {
    const [type, id] = value.split(':');
    const hit = hits.find((item) => item.type === type && item.id === id);
    if (!hit) return;
    const customerId = hit.type === 'asset' ? hit.customerId : hit.id;
    if (!customerId) return;
    setPicked({ customerId, assetId: hit.type === 'asset' ? hit.id : undefined });
    setManualNew(false);
    setDuplicate(null);
    form.setFieldsValue({ assetId: hit.type === 'asset' ? hit.id : NO_ASSET, newCustomer: undefined });
  };

  const clearCustomer = () => {
    setPicked(null);
    setText('');
    setDuplicate(null);
    form.setFieldsValue({ assetId: NO_ASSET, contactName: undefined, contactPhone: undefined });
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  const send = async (body: CreateTicketBody) => {
    setSaving(true);
    try {
      const answer = await createTicket(body, { idempotencyKey: submissionKey.current.keyFor(body), csrfToken: me.csrfToken, locale });
      submissionKey.current.reset();
      setDuplicate(null);
      setResult(answer);
    } catch (error) {
      const number = duplicateTicketNumber(error);
      if (number) setDuplicate({ number, body });
      else handleError(mapTicketError(error), form);
    } finally {
      setSaving(false);
    }
  };

  const submit = (values: HotlineValues) => {
    if (!picked && !isNewCustomer) {
      handleError(new ApiError(400, 'validation_error', t('tickets.new.pickCustomer')));
      searchRef.current?.focus();
      return;
    }
    setDuplicate(null);
    void send(hotlineBody(values, picked?.customerId ?? null));
  };

  const openExisting = async (number: string) => {
    try {
      const found = await ticketsApi.findByNumber(number);
      if (found) navigate(`/tickets/${found.id}`);
      else navigate(`/tickets?q=${encodeURIComponent(number)}`);
    } catch (error) {
      handleError(error);
    }
  };

  const startOver = () => {
    setResult(null);
    setPicked(null);
    setManualNew(false);
    setText('');
    setDuplicate(null);
    submissionKey.current.reset();
    form.resetFields();
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter') return;
    const target = event.target as HTMLElement;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      form.submit();
      return;
    }
    if (target.tagName === 'INPUT' && target.id !== LAST_FIELD_ID) event.preventDefault();
  };

  if (result) {
    const ticket = result.ticket;
    return (
      <Card>
        <Result
          status="success"
          title={t(result.isExisting ? 'tickets.new.existingDone' : 'tickets.new.done')}
          subTitle={
            <Typography.Paragraph style={{ fontSize: 18, margin: '8px 0 0' }} copyable data-testid="hotline-script">
              {t('tickets.new.script', { number: ticket.number, time: spokenTime(ticket.promisedFeedbackAt, locale) })}
            </Typography.Paragraph>
          }
          extra={
            <Space>
              <Button type="primary" autoFocus onClick={() => navigate(`/tickets/${ticket.id}`)} data-testid="hotline-open">
                {t('tickets.new.open')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={startOver} data-testid="hotline-again">
                {t('tickets.new.again')}
              </Button>
            </Space>
          }
        />
      </Card>
    );
  }

  const data = customer.data;
  const defaultAddress = data?.addresses.find((address) => address.isDefault) ?? data?.addresses[0];
  const primaryPhone = data?.phones.find((phone) => phone.isPrimary) ?? data?.phones[0];

  return (
    <Card>
      <PageHeader title={t('tickets.new.title')} extra={<Typography.Text type="secondary">{t('tickets.new.keys')}</Typography.Text>} />
      {/* 1. who is calling */}
      {!picked ? (
        <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
          <AutoComplete
            value={text}
            options={options}
            onSearch={setText}
            onChange={(value: string) => {
              if (!value.includes(':')) setText(value);
            }}
            onSelect={(value: string) => choose(value)}
            style={{ width: '100%', maxWidth: 560 }}
            defaultActiveFirstOption
            virtual={false}
            notFoundContent={search.isFetching ? <Spin size="small" /> : null}
            data-testid="hotline-search"
            ref={searchRef}
            autoFocus
            size="large"
            prefix={<SearchOutlined />}
            placeholder={t('tickets.new.searchPlaceholder')}
            aria-label={t('tickets.new.searchPlaceholder')}
            allowClear
          />
          {nothingFound ? (
            <Typography.Text type="warning" data-testid="hotline-nothing">
              {t('tickets.new.nothingFound', { text: q })}
            </Typography.Text>
          ) : !manualNew ? (
            <Button type="link" style={{ padding: 0 }} onClick={() => setManualNew(true)} data-testid="hotline-new-customer">
              {t('tickets.new.newCustomerLink')}
            </Button>
          ) : null}
        </Space>
      ) : (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          data-testid="hotline-customer"
          title={data ? `${data.name}（${data.code}）` : t('common.loading')}
          extra={
            <Button size="small" icon={<SwapOutlined />} onClick={clearCustomer} data-testid="hotline-change-customer">
              {t('tickets.new.changeCustomer')}
            </Button>
          }
        >
          {data ? (
            <>
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('tickets.field.phone')}>{primaryPhone?.phone ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.field.address')}>{defaultAddress?.fullAddress ?? '—'}</Descriptions.Item>
              </Descriptions>
            </>
          ) : (
            <Spin />
          )}
        </Card>
      )}

      <Form<HotlineValues>
        form={form}
        name={FORM_NAME}
        layout="vertical"
        onFinish={submit}
        onKeyDown={onKeyDown}
        initialValues={{ type: 'repair', channel: 'hotline', urgency: 'normal', assetId: NO_ASSET }}
        requiredMark={false}
      >
        {isNewCustomer ? (
          <Card size="small" title={t('tickets.new.newCustomer')} style={{ marginBottom: 16 }} data-testid="hotline-new-section"
            extra={manualNew && !nothingFound ? <Button size="small" type="link" onClick={() => setManualNew(false)}>{t('common.cancel')}</Button> : null}>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={['newCustomer', 'name']} label={t('tickets.field.customerName')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name={['newCustomer', 'phone']}
                  label={t('tickets.field.phone')}
                  initialValue={phoneGuess(text)}
                  rules={[{ required: true, whitespace: true }, { validator: async (_, value?: string) => { if (value && !normalizePhone(value)) throw new Error(t('tickets.new.badPhone')); } }]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name={['newCustomer', 'region']} label={t('tickets.field.region')}>
                  <RegionCascader placeholder={t('tickets.field.region')} style={{ width: '100%' }} data-testid="hotline-region" />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item
                  name={['newCustomer', 'detail']}
                  label={t('tickets.field.addressDetail')}
                  dependencies={[['newCustomer', 'region']]}
                  rules={[
                    { max: 200 },
                    ({ getFieldValue }) => ({
                      validator: async (_, value?: string) => {
                        const region = getFieldValue(['newCustomer', 'region']) as string[] | undefined;
                        if (region?.length && !value?.trim()) throw new Error(t('tickets.new.detailNeeded'));
                      },
                    }),
                  ]}
                >
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
          </Card>
        ) : null}

        {picked && canReadAssets ? (
          <Form.Item name="assetId" label={t('tickets.field.asset')}>
            <AssetChoice assets={assets.data?.items ?? []} loading={assets.isFetching} />
          </Form.Item>
        ) : null}

        <Form.Item name="type" label={t('tickets.field.type')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={TICKET_TYPES.map((value) => ({ value, label: typeLabel(value, locale) }))} data-testid="hotline-type" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('tickets.field.channel')} rules={[{ required: true }]}>
              <Select options={TICKET_CHANNELS.filter((value) => value !== 'api').map((value) => ({ value, label: channelLabel(value, locale) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="urgency" label={t('tickets.field.urgency')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={URGENCIES.map((value) => ({ value, label: t(urgencyKey(value)) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="faultCategory" label={t('tickets.field.faultCategory')} rules={[{ max: 50 }]}>
              {faultCodes.length ? (
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="hotline-fault-code"
                  options={faultCodes.map((item) => ({ value: item.code, label: item.name }))}
                />
              ) : (
                <Input autoComplete="off" placeholder={t('tickets.new.faultPlaceholder')} />
              )}
            </Form.Item>
          </Col>
        </Row>
        {ticketType === 'repair' ? (
          <Form.Item name="unitCount" label={t('tickets.field.unitCount')}>
            <InputNumber min={1} max={10000} precision={0} placeholder="1" style={{ width: 120 }} data-testid="hotline-unit-count" />
          </Form.Item>
        ) : null}
        <Form.Item name="description" label={t('tickets.field.description')} rules={[{ required: true, whitespace: true }, { max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('tickets.new.descriptionPlaceholder')} data-testid="hotline-description" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={10}>
            <Form.Item name="preferred" label={t('tickets.field.preferred')}>
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm', minuteStep: 30 }}
                format="YYYY-MM-DD HH:mm"
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                disabledDate={(day) => day.isBefore(dayjs().startOf('day'))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name="contactName" label={t('tickets.field.contactName')} rules={[{ max: 50 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={7}>
            <Form.Item name="contactPhone" label={t('tickets.field.contactPhone')} rules={[{ validator: async (_, value?: string) => { if (value?.trim() && !normalizePhone(value)) throw new Error(t('tickets.new.badPhone')); } }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>

        {duplicate ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="duplicate-ticket"
            message={t('tickets.new.duplicate', { number: duplicate.number })}
            description={t('tickets.new.duplicateHint')}
            action={
              <Space orientation="vertical">
                <Button size="small" type="primary" onClick={() => void openExisting(duplicate.number)}>
                  {t('tickets.new.openExisting')}
                </Button>
                <Button size="small" danger loading={saving} onClick={() => void send({ ...duplicate.body, allowDuplicate: true })}>
                  {t('tickets.new.createAnyway')}
                </Button>
              </Space>
            }
          />
        ) : null}

        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="hotline-submit">
            {t('tickets.new.submit')}
          </Button>
          <Button onClick={startOver}>{t('common.reset')}</Button>
        </Flex>
      </Form>
    </Card>
  );
}

/** The customer's products as a radio list with warranty tags (basis as tooltip); "none" first. */
function AssetChoice({ value, onChange, assets, loading }: { value?: string; onChange?: (value: string) => void; assets: AssetView[]; loading: boolean }) {
  const { t } = useI18n();
  if (loading && assets.length === 0) return <Spin size="small" />;
  return (
    <Radio.Group value={value ?? NO_ASSET} onChange={(event) => onChange?.(event.target.value as string)} style={{ width: '100%' }} data-testid="hotline-assets">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {assets.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.new.noAssets')} style={{ margin: 0 }} /> : null}
        {assets.map((asset) => (
          <div key={asset.id} data-testid={`asset-${asset.serialNumber}`}>
            <Radio value={asset.id}>
              <Space size={8} wrap>
                <Typography.Text strong>{`${asset.brand} ${asset.modelName}`}</Typography.Text>
                <Typography.Text type="secondary">{asset.serialNumber}</Typography.Text>
                {/* the basis (e.g. "按购买日期起 36 个月") is the tag's tooltip */}
                <WarrantyTag warranty={asset.warranty} />
                {asset.installAddress ? <Typography.Text type="secondary">{asset.installAddress}</Typography.Text> : null}
              </Space>
            </Radio>
          </div>
        ))}
        <Radio value={NO_ASSET}>{t('tickets.new.noAsset')}</Radio>
      </Space>
    </Radio.Group>
  );
}
