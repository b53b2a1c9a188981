import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Space, Switch, Table, Tag, Tree, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DEFAULT_SANBAO } from '../../../../contracts/products';
import { canAccess } from '../../access';
import { archiveApi, type CategoryView, type ModelView, type WarrantyPolicy } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { editColumn } from '../../components/ListParts';
import { useDebounced } from '../../components/archive/pickers';
import { useI18n } from '../../i18n';
import { buildCategoryTree, categoryPath, categoryTreeData } from './categoryTree';

const yesNo = (value: boolean, t: (key: 'common.yes' | 'common.no') => string) => (value ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>);

/** Product catalogue: category tree, the warranty policy of the selected category, its models. */
export function ProductsPage() {
  const { t } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'products.manage');
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: ['product-categories'], queryFn: archiveApi.products.categories });
  const items = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const tree = useMemo(() => buildCategoryTree(items), [items]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((item) => item.id === selectedId) ?? null;
  const [categoryModal, setCategoryModal] = useState<{ open: boolean; parentId: string | null }>({ open: false, parentId: null });
  const [policyOpen, setPolicyOpen] = useState(false);

  useEffect(() => {
    if (!selectedId && tree.length) setSelectedId(tree[0].category.id);
  }, [selectedId, tree]);

  const refreshCategories = () => queryClient.invalidateQueries({ queryKey: ['product-categories'] });

  return (
    <Card>
      <PageHeader
        title={t('products.title')}
        extra={
          canManage ? (
            <Button icon={<PlusOutlined />} onClick={() => setCategoryModal({ open: true, parentId: null })}>
              {t('products.createCategory')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} lg={6}>
          <Card size="small" title={t('products.categories')} loading={categories.isLoading}>
            {tree.length ? (
              <Tree
                blockNode
                defaultExpandAll
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys[0] && setSelectedId(String(keys[0]))}
                treeData={tree}
                titleRender={(node) => (
                  <span>
                    {node.category.name}{' '}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {node.category.code} · {node.category.modelCount}
                    </Typography.Text>
                  </span>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('products.noCategories')} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={16} lg={18}>
          {selected ? (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card
                size="small"
                title={
                  <Space>
                    {[...categoryPath(items, selected.id).map((item) => item.name), selected.name].join(' / ')}
                    <Typography.Text type="secondary">{selected.code}</Typography.Text>
                  </Space>
                }
                extra={
                  canManage ? (
                    <Space>
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setCategoryModal({ open: true, parentId: selected.id })}>
                        {t('products.createSubCategory')}
                      </Button>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setPolicyOpen(true)} data-testid="edit-policy">
                        {t('products.editPolicy')}
                      </Button>
                    </Space>
                  ) : null
                }
              >
                <PolicyView category={selected} />
              </Card>
              <ModelsCard category={selected} categories={items} canManage={canManage} onChanged={() => void refreshCategories()} />
            </Space>
          ) : (
            <Card>
              <Empty description={t('products.pickCategory')} />
            </Card>
          )}
        </Col>
      </Row>
      <CategoryModal
        open={categoryModal.open}
        parentId={categoryModal.parentId}
        categories={items}
        onClose={() => setCategoryModal({ open: false, parentId: null })}
        onSaved={(id) => {
          setCategoryModal({ open: false, parentId: null });
          void refreshCategories();
          setSelectedId(id);
        }}
      />
      {selected ? (
        <PolicyModal
          open={policyOpen}
          category={selected}
          onClose={() => setPolicyOpen(false)}
          onSaved={() => {
            setPolicyOpen(false);
            void refreshCategories();
            void queryClient.invalidateQueries({ queryKey: ['assets'] });
          }}
        />
      ) : null}
    </Card>
  );
}

function PolicyView({ category }: { category: CategoryView }) {
  const { t } = useI18n();
  const policy = category.effectivePolicy;
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        {category.policy ? <Tag color="blue">{t('products.ownPolicy')}</Tag> : <Tag>{t('products.inheritedPolicy')}</Tag>}
      </div>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, xxl: 3 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'months', label: t('products.warrantyMonths'), children: t('products.months', { months: policy.warrantyMonths }) },
          { key: 'parts', label: t('warranty.parts'), children: yesNo(policy.coversParts, t) },
          { key: 'labour', label: t('warranty.labour'), children: yesNo(policy.coversLabour, t) },
          { key: 'onSite', label: t('warranty.onSite'), children: yesNo(policy.coversOnSite, t) },
          {
            key: 'maintenance',
            label: t('products.maintenanceInterval'),
            children: policy.maintenanceIntervalMonths ? t('products.months', { months: policy.maintenanceIntervalMonths }) : '—',
          },
          {
            key: 'sanbao',
            label: t('products.sanbao'),
            children: t('products.sanbaoText', { refund: policy.sanbao.refundDays, exchange: policy.sanbao.exchangeDays, repairs: policy.sanbao.maxRepairsSameFault }),
          },
        ]}
      />
    </>
  );
}

type PolicyValues = WarrantyPolicy & { inherit: boolean };

function PolicyModal({ open, category, onClose, onSaved }: { open: boolean; category: CategoryView; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PolicyValues>();
  const inherit = Form.useWatch('inherit', form);
  const { saving, save } = useFormSave(form, onSaved);

  useEffect(() => {
    if (open) form.setFieldsValue({ ...(category.policy ?? category.effectivePolicy), inherit: !category.policy && !!category.parentId });
  }, [open, category, form]);

  const submit = (values: PolicyValues) => {
    const { inherit: inherits, ...policy } = values;
    return save(() =>
      archiveApi.products.updateCategory(category.id, {
        policy: inherits ? null : { ...policy, maintenanceIntervalMonths: policy.maintenanceIntervalMonths ?? null, sanbao: { ...DEFAULT_SANBAO, ...policy.sanbao } },
      }),
    );
  };

  return (
    <Modal
      open={open}
      title={t('products.editPolicyOf', { name: category.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      forceRender
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} name="policy-form">
        <Form.Item name="inherit" valuePropName="checked" extra={t('products.inheritHint')}>
          <Switch checkedChildren={t('products.inheritedPolicy')} unCheckedChildren={t('products.ownPolicy')} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="warrantyMonths" label={t('products.warrantyMonths')} rules={[{ required: !inherit }]}>
              <InputNumber min={0} max={240} disabled={inherit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="maintenanceIntervalMonths" label={t('products.maintenanceInterval')}>
              <InputNumber min={1} max={120} disabled={inherit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <Form.Item name="coversParts" valuePropName="checked">
            <Checkbox disabled={inherit}>{t('warranty.parts')}</Checkbox>
          </Form.Item>
          <Form.Item name="coversLabour" valuePropName="checked">
            <Checkbox disabled={inherit}>{t('warranty.labour')}</Checkbox>
          </Form.Item>
          <Form.Item name="coversOnSite" valuePropName="checked">
            <Checkbox disabled={inherit}>{t('warranty.onSite')}</Checkbox>
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('products.sanbao')}</Typography.Text>
        <Row gutter={12} style={{ marginTop: 8 }}>
          <Col span={8}>
            <Form.Item name={['sanbao', 'refundDays']} label={t('products.refundDays')} rules={[{ required: !inherit }]}>
              <InputNumber min={0} max={365} disabled={inherit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['sanbao', 'exchangeDays']} label={t('products.exchangeDays')} rules={[{ required: !inherit }]}>
              <InputNumber min={0} max={365} disabled={inherit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['sanbao', 'maxRepairsSameFault']} label={t('products.maxRepairs')} rules={[{ required: !inherit }]}>
              <InputNumber min={1} max={10} disabled={inherit} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

type CategoryValues = { parentId?: string | null; code: string; name: string };

function CategoryModal({ open, parentId, categories, onClose, onSaved }: { open: boolean; parentId: string | null; categories: CategoryView[]; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CategoryValues>();
  const { saving, save } = useFormSave(form, (created: { id: string }) => onSaved(created.id), t('products.categoryCreated'));
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ parentId: parentId ?? undefined });
    }
  }, [open, parentId, form]);
  const submit = (values: CategoryValues) =>
    save(() => archiveApi.products.createCategory({ parentId: values.parentId ?? null, code: values.code.trim().toUpperCase(), name: values.name.trim() }));
  return (
    <Modal open={open} title={t('products.createCategory')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={saving} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} name="category-form">
        <Form.Item name="parentId" label={t('products.parent')}>
          <TreeSelect allowClear treeDefaultExpandAll treeData={categoryTreeData(categories)} placeholder={t('products.topLevel')} />
        </Form.Item>
        <Form.Item name="code" label={t('products.code')} normalize={(value: string) => value.toUpperCase()} rules={[{ required: true }, { max: 20 }, { pattern: /^[A-Za-z0-9_-]+$/, message: 'A-Z 0-9 _ -' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t('products.name')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ModelsCard({ category, categories, canManage, onChanged }: { category: CategoryView; categories: CategoryView[]; canManage: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const queryClient = useQueryClient();
  const models = useQuery({ queryKey: ['product-models', 'list', category.id, q], queryFn: () => archiveApi.products.models({ categoryId: category.id, q: q || undefined }) });
  const [drawer, setDrawer] = useState<{ open: boolean; model: ModelView | null }>({ open: false, model: null });

  const columns: TableColumnsType<ModelView> = [
    { title: t('products.brand'), dataIndex: 'brand', key: 'brand' },
    { title: t('products.modelCode'), dataIndex: 'modelCode', key: 'modelCode' },
    { title: t('products.modelName'), dataIndex: 'name', key: 'name' },
    { title: t('assets.category'), dataIndex: 'categoryName', key: 'categoryName' },
    {
      title: t('products.specs'),
      key: 'specs',
      render: (_, model) =>
        Object.entries(model.specs).map(([key, value]) => (
          <Tag key={key}>
            {key}: {value}
          </Tag>
        )),
    },
    { title: t('products.assetCount'), dataIndex: 'assetCount', key: 'assetCount', align: 'right' },
    { title: t('common.status'), key: 'status', render: (_, model) => (model.isDiscontinued ? <Tag>{t('products.discontinued')}</Tag> : <Tag color="green">{t('products.onSale')}</Tag>) },
  ];
  if (canManage) columns.push(editColumn(t, (model) => setDrawer({ open: true, model })));

  return (
    <Card
      size="small"
      title={t('products.models')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('products.modelQ')} value={text} onChange={(event) => setText(event.target.value)} style={{ width: 200 }} size="small" />
          {canManage ? (
            <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, model: null })}>
              {t('products.createModel')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Table<ModelView> rowKey="id" size="small" columns={columns} dataSource={models.data?.items ?? []} loading={models.isFetching} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} />
      <ModelDrawer
        open={drawer.open}
        model={drawer.model}
        categoryId={category.id}
        categories={categories}
        onClose={() => setDrawer({ open: false, model: null })}
        onSaved={() => {
          setDrawer({ open: false, model: null });
          void queryClient.invalidateQueries({ queryKey: ['product-models'] });
          onChanged();
        }}
      />
    </Card>
  );
}

type ModelValues = { categoryId: string; brand: string; modelCode: string; name: string; specs?: { key?: string; value?: string }[]; isDiscontinued?: boolean };

function ModelDrawer({
  open,
  model,
  categoryId,
  categories,
  onClose,
  onSaved,
}: {
  open: boolean;
  model: ModelView | null;
  categoryId: string;
  categories: CategoryView[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<ModelValues>();
  const { saving, save } = useFormSave(form, onSaved);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      model
        ? { ...model, specs: Object.entries(model.specs).map(([key, value]) => ({ key, value })) }
        : { categoryId, specs: [], isDiscontinued: false },
    );
  }, [open, model, categoryId, form]);

  const submit = (values: ModelValues) => {
    const specs: Record<string, string> = {};
    for (const row of values.specs ?? []) if (row.key?.trim()) specs[row.key.trim()] = (row.value ?? '').trim();
    const body = { categoryId: values.categoryId, brand: values.brand.trim(), modelCode: values.modelCode.trim(), name: values.name.trim(), specs, isDiscontinued: !!values.isDiscontinued };
    return save(() => (model ? archiveApi.products.updateModel(model.id, body) : archiveApi.products.createModel(body)));
  };

  return (
    <FormDrawer open={open} title={model ? t('products.editModel') : t('products.createModel')} size={480} form={form} saving={saving} onClose={onClose}>
      <Form form={form} layout="vertical" onFinish={submit} name="model-form">
        <Form.Item name="categoryId" label={t('assets.category')} rules={[{ required: true }]}>
          <TreeSelect treeDefaultExpandAll treeData={categoryTreeData(categories)} />
        </Form.Item>
        <Form.Item name="brand" label={t('products.brand')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="modelCode" label={t('products.modelCode')} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="name" label={t('products.modelName')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
          <Input />
        </Form.Item>
        <Typography.Text strong>{t('products.specs')}</Typography.Text>
        <Form.List name="specs">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'key']} rules={[{ max: 50 }]}>
                    <Input placeholder={t('products.specKey')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} rules={[{ max: 200 }]}>
                    <Input placeholder={t('products.specValue')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('products.addSpec')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="isDiscontinued" valuePropName="checked">
          <Checkbox>{t('products.discontinued')}</Checkbox>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
