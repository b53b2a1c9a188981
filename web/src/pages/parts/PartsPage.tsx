/**
 * The parts catalogue (备件目录): search by number or name, kind and status; prices in yuan
 * (cost only for parts.cost.read); 新建 / 编辑 with parts.manage (the edit sends the version
 * read, a stale one answers 409); Excel export and the import template.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Form, Input, Select, Space, Switch, Tag, type TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { PART_KIND_LABELS, PART_KINDS, PART_UNIT_LABELS, PART_UNITS } from '../../../../contracts/parts';
import { canAccess } from '../../access';
import { downloadFile } from '../../api/archive';
import { partsApi, partsExcelUrls, type CreatePartBody, type PartFilters, type PartView, type UpdatePartBody } from '../../api/parts';
import { useMe } from '../../auth/AuthContext';
import { formatFen, yuanToFen } from '../../components/archive/money';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { editColumn, FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useApiError } from '../../components/useApiError';
import { useI18n, type Locale } from '../../i18n';

/** A label of the contracts' `{ zh, en }` pairs in the UI language. */
export function labelOf(labels: { zh: string; en: string }, locale: Locale): string {
  return locale === 'en' ? labels.en : labels.zh;
}

type PartForm = {
  partNumber: string;
  name: string;
  kind: PartView['kind'];
  unit: PartView['unit'];
  isSerialTracked: boolean;
  mustReturnOldPart: boolean;
  cost: string;
  salePrice: string;
  isActive: boolean;
};

function commonFields(values: PartForm) {
  return {
    name: values.name.trim(),
    kind: values.kind,
    unit: values.unit,
    isSerialTracked: values.isSerialTracked,
    mustReturnOldPart: values.mustReturnOldPart,
    salePriceFen: yuanToFen(values.salePrice) ?? 0,
  };
}

/** The body of POST /api/parts from the form (yuan → fen). */
export function createPartBody(values: PartForm): CreatePartBody {
  return { partNumber: values.partNumber.trim(), ...commonFields(values), costFen: yuanToFen(values.cost) ?? 0 };
}

/** The body of PATCH /api/parts/:id: the version read, and the cost only when the user sees it (a hidden cost stays as it is). */
export function updatePartBody(values: PartForm, editing: PartView, canSeeCost: boolean): UpdatePartBody {
  return { version: editing.version, ...commonFields(values), isActive: values.isActive, ...(canSeeCost ? { costFen: yuanToFen(values.cost) ?? 0 } : {}) };
}

function initialValuesOf(editing: PartView | null): Partial<PartForm> {
  if (!editing) return { kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, cost: '0.00', salePrice: '0.00', isActive: true };
  return {
    partNumber: editing.partNumber,
    name: editing.name,
    kind: editing.kind,
    unit: editing.unit,
    isSerialTracked: editing.isSerialTracked,
    mustReturnOldPart: editing.mustReturnOldPart,
    cost: editing.costFen === null ? '' : (editing.costFen / 100).toFixed(2),
    salePrice: (editing.salePriceFen / 100).toFixed(2),
    isActive: editing.isActive,
  };
}

function PartDrawer({ open, editing, canSeeCost, onClose }: { open: boolean; editing: PartView | null; canSeeCost: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<PartForm>();
  const queryClient = useQueryClient();
  const { saving, save } = useFormSave(form, () => {
    void queryClient.invalidateQueries({ queryKey: ['parts'] });
    onClose();
  });
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialValuesOf(editing));
  }, [open, editing, form]);
  const yuanRule = { pattern: /^\d{1,8}(\.\d{1,2})?$/, message: t('parts.yuanInvalid') };
  return (
    <FormDrawer open={open} title={editing ? t('parts.edit') : t('parts.create')} size={480} form={form} saving={saving} onClose={onClose} saveTestId="part-save">
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => save(() => (editing ? partsApi.update(editing.id, updatePartBody(values, editing, canSeeCost)) : partsApi.create(createPartBody(values))))}
      >
        <Form.Item name="partNumber" label={t('parts.partNumber')} rules={[{ required: true }]}>
          <Input disabled={Boolean(editing)} maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('parts.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="kind" label={t('parts.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={PART_KINDS.map((kind) => ({ value: kind, label: labelOf(PART_KIND_LABELS[kind], locale) }))} />
          </Form.Item>
          <Form.Item name="unit" label={t('parts.unit')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={PART_UNITS.map((unit) => ({ value: unit, label: labelOf(PART_UNIT_LABELS[unit], locale) }))} />
          </Form.Item>
        </Space>
        <Space size="large">
          <Form.Item name="isSerialTracked" label={t('parts.serialTracked')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="mustReturnOldPart" label={t('parts.mustReturnOldPart')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {editing ? (
            <Form.Item name="isActive" label={t('parts.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Space>
        <Space size="large">
          {canSeeCost ? (
            <Form.Item name="cost" label={`${t('parts.cost')} (¥)`} rules={[yuanRule]}>
              <Input style={{ width: 160 }} />
            </Form.Item>
          ) : null}
          <Form.Item name="salePrice" label={`${t('parts.salePrice')} (¥)`} rules={[{ required: true }, yuanRule]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </Form>
    </FormDrawer>
  );
}

export function PartsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'parts.manage');
  const canSeeCost = canAccess(me, 'parts.cost.read');
  const handleError = useApiError();
  const [form] = Form.useForm<PartFilters>();
  const { query, setFilters, pagination, items } = usePagedQuery<PartView, PartFilters>('parts', partsApi.list, {});
  const [drawer, setDrawer] = useState<{ open: boolean; editing: PartView | null }>({ open: false, editing: null });

  const columns: TableColumnsType<PartView> = [
    { title: t('parts.partNumber'), dataIndex: 'partNumber', key: 'partNumber', render: (value: string) => <strong>{value}</strong> },
    { title: t('parts.name'), dataIndex: 'name', key: 'name' },
    { title: t('parts.kind'), dataIndex: 'kind', key: 'kind', render: (kind: PartView['kind']) => <Tag>{labelOf(PART_KIND_LABELS[kind], locale)}</Tag> },
    { title: t('parts.unit'), dataIndex: 'unit', key: 'unit', render: (unit: PartView['unit']) => labelOf(PART_UNIT_LABELS[unit], locale) },
    { title: t('parts.serialTracked'), dataIndex: 'isSerialTracked', key: 'serial', render: (value: boolean) => (value ? t('parts.yes') : t('parts.no')) },
    { title: t('parts.mustReturnOldPart'), dataIndex: 'mustReturnOldPart', key: 'oldPart', render: (value: boolean) => (value ? <Tag color="orange">{t('parts.yes')}</Tag> : t('parts.no')) },
    ...(canSeeCost ? [{ title: t('parts.cost'), dataIndex: 'costFen', key: 'cost', align: 'right' as const, render: (value: number | null) => (value === null ? t('parts.costHidden') : formatFen(value)) }] : []),
    { title: t('parts.salePrice'), dataIndex: 'salePriceFen', key: 'salePrice', align: 'right', render: (value: number) => formatFen(value) },
    { title: t('parts.models'), dataIndex: 'modelIds', key: 'models', render: (value: string[]) => t('parts.modelsCount', { count: value.length }) },
    { title: t('parts.status'), dataIndex: 'isActive', key: 'status', render: (value: boolean) => (value ? <Tag color="green">{t('parts.active')}</Tag> : <Tag>{t('parts.inactive')}</Tag>) },
    ...(canManage ? [editColumn<PartView>(t, (row) => setDrawer({ open: true, editing: row }))] : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('parts.title')}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => downloadFile(partsExcelUrls.catalogue(), '备件目录.xlsx').catch((error) => handleError(error))}>
              {t('parts.export')}
            </Button>
            {canManage ? <Button onClick={() => downloadFile(partsExcelUrls.template, '备件目录导入模板.xlsx').catch((error) => handleError(error))}>{t('parts.template')}</Button> : null}
          </Space>
        }
      />
      <SearchForm form={form} name="parts-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})} create={canManage ? { label: t('parts.create'), onClick: () => setDrawer({ open: true, editing: null }) } : null}>
        <FilterInput name="q" placeholder={t('parts.q')} width={200} data-testid="parts-q" />
        <FilterSelect name="kind" placeholder={t('parts.kind')} width={120} options={PART_KINDS.map((kind) => ({ value: kind, label: labelOf(PART_KIND_LABELS[kind], locale) }))} />
        <FilterSelect
          name="isActive"
          placeholder={t('parts.status')}
          width={110}
          options={[
            { value: 'true', label: t('parts.active') },
            { value: 'false', label: t('parts.inactive') },
          ]}
        />
      </SearchForm>
      <ListTable<PartView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <PartDrawer open={drawer.open} editing={drawer.editing} canSeeCost={canSeeCost} onClose={() => setDrawer({ open: false, editing: null })} />
    </Card>
  );
}
