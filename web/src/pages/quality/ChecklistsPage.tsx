/**
 * 检查表 (issue 14): the checklists per work type and product category that the phone's
 * self-check asks before completion. Items are yes/no or a measured value with its allowed
 * range (inclusive), required or not, with a photo or not. Changes need
 * quality.checklists.manage and go with the version read (409 when someone changed it).
 */
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { WORK_TYPES, type WorkType } from '../../../../contracts/dispatch';
import { CHECK_ITEM_KINDS, CHECK_ITEM_KIND_LABELS } from '../../../../contracts/quality';
import { canAccess } from '../../access';
import { archiveApi } from '../../api/archive';
import { qualityApi, type ChecklistBody, type ChecklistItem, type ChecklistView, type CheckItemKind } from '../../api/quality';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { editColumn } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { rangeText } from '../../mobile/selfCheckLogic';
import { workTypeLabel } from '../dispatch/WorkOrderLabels';
import { pick } from './labels';

type ItemForm = { code: string; label: string; kind: CheckItemKind; unit?: string | null; min?: number | null; max?: number | null; isRequired: boolean; isPhotoRequired: boolean };
export type ChecklistForm = { name: string; workType: WorkType; categoryId?: string | null; isActive: boolean; items: ItemForm[] };

const NEW_ITEM: ItemForm = { code: '', label: '', kind: 'yes_no', unit: null, min: null, max: null, isRequired: true, isPhotoRequired: false };

/** The form's values as the API body: blanks as null, no range or unit on a yes/no item. */
export function checklistBody(values: ChecklistForm): ChecklistBody {
  return {
    name: values.name.trim(),
    workType: values.workType,
    categoryId: values.categoryId || null,
    isActive: values.isActive,
    items: (values.items ?? []).map((item) => {
      const isMeasure = item.kind === 'measure';
      return {
        code: item.code.trim(),
        label: item.label.trim(),
        kind: item.kind,
        unit: isMeasure && item.unit?.trim() ? item.unit.trim() : null,
        min: isMeasure && item.min != null ? item.min : null,
        max: isMeasure && item.max != null ? item.max : null,
        isRequired: Boolean(item.isRequired),
        isPhotoRequired: Boolean(item.isPhotoRequired),
      };
    }),
  };
}

function formOf(row: ChecklistView | null): ChecklistForm {
  if (!row) return { name: '', workType: 'repair', categoryId: null, isActive: true, items: [NEW_ITEM] };
  return { name: row.name, workType: row.workType, categoryId: row.categoryId, isActive: row.isActive, items: row.items.map((item: ChecklistItem) => ({ ...NEW_ITEM, ...item })) };
}

function ChecklistDrawer({ editing, open, onClose, categoryOptions }: { editing: ChecklistView | null; open: boolean; onClose: () => void; categoryOptions: { value: string; label: string }[] }) {
  const { t, locale } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ChecklistForm>();
  const { saving, save } = useFormSave<ChecklistView>(form, () => {
    void queryClient.invalidateQueries({ queryKey: ['quality', 'checklists'] });
    onClose();
  });
  // One form instance for create and every edit: load the values each time the drawer opens.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(formOf(editing));
  }, [open, editing, form]);
  return (
    <FormDrawer open={open} title={t(editing ? 'quality.checklists.edit' : 'quality.checklists.create')} size={880} form={form} saving={saving} onClose={onClose} saveTestId="checklist-save">
      <Form<ChecklistForm>
        form={form}
        layout="vertical"
        initialValues={formOf(editing)}
        onFinish={(values) => {
          const body = checklistBody(values);
          void save(() => (editing ? qualityApi.updateChecklist(editing.id, { ...body, version: editing.version }) : qualityApi.createChecklist(body)));
        }}
      >
        <Space wrap align="start">
          <Form.Item name="name" label={t('quality.checklist.name')} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
            <Input style={{ width: 240 }} maxLength={100} data-testid="checklist-name" />
          </Form.Item>
          <Form.Item name="workType" label={t('quality.checklist.workType')} rules={[{ required: true, message: t('quality.required') }]}>
            <Select style={{ width: 160 }} options={WORK_TYPES.map((type) => ({ value: type, label: workTypeLabel(type, locale) }))} />
          </Form.Item>
          <Form.Item name="categoryId" label={t('quality.checklist.category')}>
            <Select style={{ width: 200 }} allowClear placeholder={t('quality.checklist.allCategories')} options={categoryOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="isActive" label={t('quality.checklist.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap style={{ display: 'flex', borderTop: '1px solid #f0f0f0', paddingTop: 8 }} data-testid="checklist-item">
                  <Form.Item name={[field.name, 'code']} label={t('quality.item.code')} rules={[{ required: true, pattern: /^[a-z0-9_]+$/, message: 'a-z 0-9 _' }]}>
                    <Input style={{ width: 120 }} maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'label']} label={t('quality.item.label')} rules={[{ required: true, whitespace: true, message: t('quality.required') }]}>
                    <Input style={{ width: 180 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} label={t('quality.item.kind')}>
                    <Select style={{ width: 110 }} options={CHECK_ITEM_KINDS.map((kind) => ({ value: kind, label: pick(CHECK_ITEM_KIND_LABELS[kind], locale) }))} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const isMeasure = form.getFieldValue(['items', field.name, 'kind']) === 'measure';
                      return (
                        <Space align="start">
                          <Form.Item name={[field.name, 'unit']} label={t('quality.item.unit')}>
                            <Input style={{ width: 70 }} maxLength={20} disabled={!isMeasure} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'min']} label={t('quality.item.min')}>
                            <InputNumber style={{ width: 90 }} disabled={!isMeasure} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'max']} label={t('quality.item.max')}>
                            <InputNumber style={{ width: 90 }} disabled={!isMeasure} />
                          </Form.Item>
                        </Space>
                      );
                    }}
                  </Form.Item>
                  <Form.Item name={[field.name, 'isRequired']} label={t('quality.item.required')} valuePropName="checked">
                    <Checkbox />
                  </Form.Item>
                  <Form.Item name={[field.name, 'isPhotoRequired']} label={t('quality.item.photo')} valuePropName="checked">
                    <Checkbox />
                  </Form.Item>
                  <Form.Item label=" ">
                    <Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('quality.item.remove')} disabled={fields.length <= 1} />
                  </Form.Item>
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...NEW_ITEM })} data-testid="checklist-add-item">
                {t('quality.item.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}

export function ChecklistsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'quality.checklists.manage');
  const list = useQuery({ queryKey: ['quality', 'checklists'], queryFn: qualityApi.checklists });
  const categories = useQuery({ queryKey: ['products', 'categories'], queryFn: archiveApi.products.categories, enabled: canAccess(me, 'products.read') });
  const categoryNames = new Map((categories.data?.items ?? []).map((category) => [category.id, category.name]));
  const [drawer, setDrawer] = useState<{ open: boolean; editing: ChecklistView | null }>({ open: false, editing: null });

  const columns: TableColumnsType<ChecklistView> = [
    { title: t('quality.checklist.name'), dataIndex: 'name', key: 'name' },
    { title: t('quality.checklist.workType'), dataIndex: 'workType', key: 'workType', render: (value: WorkType) => workTypeLabel(value, locale) },
    { title: t('quality.checklist.category'), dataIndex: 'categoryId', key: 'categoryId', render: (value: string | null) => (value ? (categoryNames.get(value) ?? value.slice(0, 8)) : t('quality.checklist.allCategories')) },
    {
      title: t('quality.checklist.items'),
      key: 'items',
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          {row.items.map((item) => (
            <span key={item.code}>
              {item.isRequired ? <span style={{ color: '#ff4d4f' }}>* </span> : null}
              {item.label}
              {item.kind === 'measure' && rangeText(item) ? <span style={{ color: '#888' }}> {rangeText(item)}</span> : null}
              {item.isPhotoRequired ? <Tag style={{ marginLeft: 4 }}>{t('quality.item.photo')}</Tag> : null}
            </span>
          ))}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'isActive', key: 'isActive', render: (value: boolean) => <Tag color={value ? 'green' : 'default'}>{t(value ? 'quality.checklist.active' : 'quality.checklist.inactive')}</Tag> },
    { title: t('quality.checklist.version'), dataIndex: 'version', key: 'version' },
    { title: t('quality.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: (value: string) => <DateTime value={value} /> },
    ...(canManage ? [editColumn<ChecklistView>(t, (row) => setDrawer({ open: true, editing: row }))] : []),
  ];

  return (
    <Card>
      <PageHeader
        title={t('quality.checklists.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, editing: null })} data-testid="checklist-create">
              {t('quality.checklists.create')}
            </Button>
          ) : null
        }
      />
      <Table<ChecklistView> rowKey="id" size="middle" scroll={{ x: 'max-content' }} columns={columns} dataSource={list.data?.items ?? []} loading={list.isFetching} pagination={false} />
      {canManage ? <ChecklistDrawer open={drawer.open} editing={drawer.editing} onClose={() => setDrawer({ open: false, editing: null })} categoryOptions={(categories.data?.items ?? []).map((category) => ({ value: category.id, label: category.name }))} /> : null}
    </Card>
  );
}
