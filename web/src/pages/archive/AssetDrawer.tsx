import { useEffect } from 'react';
import { Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ASSET_STATUSES, SALES_CHANNELS } from '../../../../contracts/assets';
import { ApiError, isApiError } from '../../api/client';
import { archiveApi, type AssetView, type CreateAssetBody } from '../../api/archive';
import { fromDay, isFutureDay, toDay } from '../../components/archive/dates';
import { CustomerPicker, ModelPicker, modelLabel } from '../../components/archive/pickers';
import { RegionCascader, regionCodes } from '../../components/archive/RegionCascader';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { useI18n } from '../../i18n';

type Values = {
  customerId?: string;
  modelId?: string;
  serialNumber?: string;
  salesChannel?: (typeof SALES_CHANNELS)[number];
  purchaseDate?: Dayjs | null;
  acceptanceDate?: Dayjs | null;
  invoiceNumber?: string;
  extendedWarrantyEnd?: Dayjs | null;
  contractEnd?: Dayjs | null;
  installRegion?: string[];
  installDetail?: string;
  notes?: string;
  status?: (typeof ASSET_STATUSES)[number];
};

const blank = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);

/** API paths of the install address → the two form fields that edit it. */
export function mapAssetError(error: unknown): unknown {
  if (!isApiError(error) || error.details.length === 0) return error;
  const details = error.details.map((detail) => {
    const path = detail.path[0] === 'body' ? detail.path.slice(1) : [...detail.path];
    if (path[0] === 'installAddress') return { ...detail, path: [path[1] === 'detail' ? 'installDetail' : 'installRegion'] };
    return { ...detail, path };
  });
  return new ApiError(error.status, error.code, error.message, details);
}

/** Register (asset = null) or edit an asset. `customer` preselects the owner when registering from a customer page. */
export function AssetDrawer({
  open,
  asset,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  asset: AssetView | null;
  customer?: { id: string; label: string } | null;
  onClose: () => void;
  onSaved: (asset: AssetView) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { saving, save } = useFormSave(form, onSaved, undefined, mapAssetError);
  const isEdit = !!asset;

  /** Fills the install address with the customer's default address. */
  const prefillAddress = async (customerId: string | undefined) => {
    if (!customerId) return;
    try {
      const detail = await archiveApi.customers.get(customerId);
      const address = detail.addresses.find((item) => item.isDefault) ?? detail.addresses[0];
      if (address) form.setFieldsValue({ installRegion: [address.provinceCode, address.cityCode, address.districtCode], installDetail: address.detail });
    } catch {
      // the server uses the default address anyway when none is sent
    }
  };

  // Reset only when the drawer opens or is given another record: keyed on the ids, not on the
  // `asset`/`customer` objects, which callers rebuild on every render (a late answer of the page
  // behind the drawer re-rendered it and wiped the model and serial the user had just entered).
  const assetId = asset?.id;
  const customerId = customer?.id;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (asset) {
      form.setFieldsValue({
        customerId: asset.customerId,
        modelId: asset.modelId,
        serialNumber: asset.serialNumber,
        salesChannel: asset.salesChannel,
        purchaseDate: fromDay(asset.purchaseDate),
        acceptanceDate: fromDay(asset.acceptanceDate),
        invoiceNumber: asset.invoiceNumber ?? undefined,
        extendedWarrantyEnd: fromDay(asset.extendedWarrantyEnd),
        contractEnd: fromDay(asset.contractEnd),
        installRegion: asset.installRegion ? [asset.installRegion.provinceCode, asset.installRegion.cityCode, asset.installRegion.districtCode] : undefined,
        installDetail: asset.installDetail ?? undefined,
        notes: asset.notes ?? undefined,
        status: asset.status,
      });
    } else {
      form.setFieldsValue({ salesChannel: 'store', customerId: customer?.id });
      if (customer) void prefillAddress(customer.id);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, assetId, customerId, form]);

  const submit = (values: Values) => {
    const codes = regionCodes(values.installRegion);
    const hasAddress = !!(codes.provinceCode && codes.cityCode && codes.districtCode && blank(values.installDetail));
    const body: CreateAssetBody = {
      customerId: values.customerId!,
      modelId: values.modelId!,
      serialNumber: (values.serialNumber ?? '').trim(),
      salesChannel: values.salesChannel ?? 'store',
      purchaseDate: toDay(values.purchaseDate),
      acceptanceDate: toDay(values.acceptanceDate),
      invoiceNumber: blank(values.invoiceNumber),
      extendedWarrantyEnd: toDay(values.extendedWarrantyEnd),
      contractEnd: toDay(values.contractEnd),
      notes: blank(values.notes),
    };
    if (hasAddress) body.installAddress = { provinceCode: codes.provinceCode!, cityCode: codes.cityCode!, districtCode: codes.districtCode!, detail: values.installDetail!.trim() };
    else if (isEdit) body.installAddress = null;
    return save(() => (asset ? archiveApi.assets.update(asset.id, { ...body, status: values.status }) : archiveApi.assets.create(body)), isEdit ? undefined : t('assets.created'));
  };

  return (
    <FormDrawer open={open} title={isEdit ? t('assets.edit') : t('assets.create')} size={560} form={form} saving={saving} onClose={onClose} saveTestId="asset-save">
      <Form form={form} layout="vertical" onFinish={submit} name="asset-form">
        <Form.Item name="customerId" label={t('assets.customer')} rules={[{ required: true, message: t('assets.customerRequired') }]}>
          <CustomerPicker
            initial={asset ? { id: asset.customerId, label: asset.customerName } : customer}
            disabled={!!customer && !isEdit}
            active={open}
            onChange={(value) => {
              form.setFieldValue('customerId', value);
              if (!isEdit) void prefillAddress(value);
            }}
            data-testid="asset-customer"
          />
        </Form.Item>
        <Form.Item name="modelId" label={t('assets.model')} rules={[{ required: true, message: t('assets.modelRequired') }]}>
          <ModelPicker active={open} initial={asset ? { id: asset.modelId, label: modelLabel({ brand: asset.brand, name: asset.modelName, modelCode: asset.modelCode }) } : null} data-testid="asset-model" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item
              name="serialNumber"
              label={t('assets.serialNumber')}
              normalize={(value: string) => value.toUpperCase()}
              rules={[{ required: true, whitespace: true }, { min: 3, max: 64 }, { pattern: /^[A-Za-z0-9][A-Za-z0-9\-_/.]*$/, message: t('assets.serialRule') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="salesChannel" label={t('assets.salesChannel')} rules={[{ required: true }]}>
              <Select options={SALES_CHANNELS.map((value) => ({ value, label: t(`assets.channel.${value}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="purchaseDate" label={t('assets.purchaseDate')}>
              <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="acceptanceDate" label={t('assets.acceptanceDate')} tooltip={t('assets.acceptanceHint')}>
              <DatePicker style={{ width: '100%' }} disabledDate={isFutureDay} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="extendedWarrantyEnd" label={t('assets.extendedWarrantyEnd')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contractEnd" label={t('assets.contractEnd')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="invoiceNumber" label={t('assets.invoiceNumber')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Typography.Text strong>{t('assets.installAddress')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('assets.installHint')}
        </Typography.Paragraph>
        <Form.Item name="installRegion">
          <RegionCascader placeholder={t('customers.region')} />
        </Form.Item>
        <Form.Item name="installDetail" rules={[{ max: 200 }]}>
          <Input placeholder={t('customers.addressDetail')} />
        </Form.Item>
        {isEdit ? (
          <Form.Item name="status" label={t('common.status')}>
            <Select options={ASSET_STATUSES.map((value) => ({ value, label: t(`assets.status.${value}`) }))} />
          </Form.Item>
        ) : null}
        <Form.Item name="notes" label={t('customers.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
