import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Row, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, EyeOutlined, MergeCellsOutlined, PlusOutlined, StarOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { canAccess } from '../../access';
import { archiveApi, type AssetView, type CustomerDetail, type RevealedPhones } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { formatFen, yuanToFen } from '../../components/archive/money';
import { CustomerPicker, customerLabel } from '../../components/archive/pickers';
import { WarrantyTag } from '../../components/archive/WarrantyTag';
import { RowList } from '../../components/archive/RowList';
import { DateTime } from '../../components/DateTime';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { AssetDrawer } from './AssetDrawer';
import { CustomerDrawer } from './CustomerDrawer';
import { CustomerTags } from './CustomersPage';
import { TicketHistory } from '../../components/tickets/TicketHistory';

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const handleError = useApiError();
  const detail = useQuery({ queryKey: ['customers', 'detail', id], queryFn: () => archiveApi.customers.get(id) });
  const assets = useQuery({
    queryKey: ['assets', 'list', { customerId: id }],
    queryFn: () => archiveApi.assets.list({ customerId: id, page: 1, pageSize: 100 }),
    enabled: canAccess(me, 'assets.read'),
  });
  const [revealed, setRevealed] = useState<RevealedPhones | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [assetOpen, setAssetOpen] = useState(false);
  const [keyOpen, setKeyOpen] = useState(false);
  const [mergeOpen, setMergeOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  if (!detail.data) return <LoadFailure error={detail.error} retry={() => void detail.refetch()} />;
  const customer = detail.data;

  const refresh = (next?: CustomerDetail) => {
    if (next) queryClient.setQueryData(['customers', 'detail', id], next);
    void queryClient.invalidateQueries({ queryKey: ['customers'] });
  };

  const reveal = async () => {
    setBusy(true);
    try {
      setRevealed(await archiveApi.customers.revealPhones(customer.id));
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const phones = revealed?.phones ?? customer.phones;
  const contactPhone = (contactId: string, phone: string | null) => revealed?.contacts.find((contact) => contact.id === contactId)?.phone ?? phone;
  const canReveal = customer.phonesMasked && !revealed && canAccess(me, 'customers.phones.reveal');

  const assetColumns: TableColumnsType<AssetView> = [
    { title: t('assets.serialNumber'), dataIndex: 'serialNumber', key: 'serialNumber', render: (value: string, asset) => <Link to={`/assets/${asset.id}`}>{value}</Link> },
    { title: t('assets.model'), key: 'model', render: (_, asset) => `${asset.brand} ${asset.modelName}（${asset.modelCode}）` },
    { title: t('assets.purchaseDate'), dataIndex: 'purchaseDate', key: 'purchaseDate', render: (value: string | null) => value ?? '—' },
    { title: t('assets.warranty'), key: 'warranty', render: (_, asset) => <WarrantyTag warranty={asset.warranty} showEnd /> },
    { title: t('common.status'), dataIndex: 'status', key: 'status', render: (value: AssetView['status']) => t(`assets.status.${value}` as MessageKey) },
  ];

  const actions = (
    <Space wrap>
      {canReveal ? (
        <Button icon={<EyeOutlined />} loading={busy} onClick={() => void reveal()} data-testid="reveal-phones">
          {t('customers.reveal')}
        </Button>
      ) : null}
      {canAccess(me, 'customers.merge') ? (
        <Button icon={<MergeCellsOutlined />} onClick={() => setMergeOpen(true)}>
          {t('customers.merge')}
        </Button>
      ) : null}
      {canAccess(me, 'customers.write') ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
          {t('common.edit')}
        </Button>
      ) : null}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={
            <Space wrap>
              <span data-testid="customer-name">{customer.name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
                {customer.code}
              </Typography.Text>
              <CustomerTags customer={customer} />
            </Space>
          }
          extra={actions}
        />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'kind', label: t('customers.kind'), children: t(`customers.kind.${customer.kind}`) },
            { key: 'primaryPhone', label: t('customers.primaryPhone'), children: (revealed ? phones.find((phone) => phone.isPrimary)?.phone : customer.primaryPhone) ?? '—' },
            { key: 'defaultAddress', label: t('customers.defaultAddress'), children: customer.defaultAddress ?? '—' },
            { key: 'assetCount', label: t('customers.assetCount'), children: customer.assetCount },
            { key: 'createdAt', label: t('common.createdAt'), children: <DateTime value={customer.createdAt} /> },
            { key: 'updatedAt', label: t('common.updatedAt'), children: <DateTime value={customer.updatedAt} /> },
            { key: 'notes', label: t('customers.notes'), span: 'filled', children: customer.notes ? <span style={{ whiteSpace: 'pre-wrap' }}>{customer.notes}</span> : '—' },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('customers.phones')} size="small" style={{ height: '100%' }}>
            <RowList
              items={phones}
              rowKey={(phone) => phone.id}
              render={(phone) => (
                <Space>
                  <span data-testid="customer-phone">{phone.phone}</span>
                  <Tag>{t(`customers.phoneLabel.${phone.label}` as MessageKey)}</Tag>
                  {phone.isPrimary ? <Tag color="blue">{t('customers.primary')}</Tag> : null}
                </Space>
              )}
            />
            {customer.contacts.length > 0 || customer.kind === 'organisation' ? (
              <>
                <Typography.Title level={5} style={{ marginTop: 12 }}>
                  {t('customers.contacts')}
                </Typography.Title>
                <RowList
                  items={customer.contacts}
                  rowKey={(contact) => contact.id}
                  empty={t('common.none')}
                  render={(contact) => (
                    <Space wrap>
                      <strong>{contact.name}</strong>
                      {contact.title ? <Typography.Text type="secondary">{contact.title}</Typography.Text> : null}
                      {contactPhone(contact.id, contact.phone) ?? ''}
                      {contact.email ?? ''}
                    </Space>
                  )}
                />
              </>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('customers.addresses')} size="small" style={{ height: '100%' }}>
            <RowList
              items={customer.addresses}
              rowKey={(address) => address.id}
              empty={t('common.none')}
              render={(address) => (
                <Space wrap>
                  {address.label ? <Tag>{address.label}</Tag> : null}
                  <span>{address.fullAddress}</span>
                  {address.isDefault ? <Tag color="blue">{t('customers.default')}</Tag> : null}
                </Space>
              )}
            />
          </Card>
        </Col>
      </Row>

      <KeyCustomerCard customer={customer} onChanged={refresh} onSetKey={() => setKeyOpen(true)} />

      {canAccess(me, 'assets.read') ? (
        <Card
          title={t('customers.assets')}
          size="small"
          extra={
            canAccess(me, 'assets.write') ? (
              <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setAssetOpen(true)} data-testid="register-asset">
                {t('assets.create')}
              </Button>
            ) : null
          }
        >
          <Table<AssetView> rowKey="id" size="small" columns={assetColumns} dataSource={assets.data?.items ?? []} loading={assets.isFetching} pagination={false} scroll={{ x: 'max-content' }} />
        </Card>
      ) : null}

      <Card title={t('customers.history')} size="small">
        <TicketHistory customerId={id} />
      </Card>

      {canAccess(me, 'customers.write') ? (
      <CustomerDrawer
        open={editOpen}
        customer={customer}
        onClose={() => setEditOpen(false)}
        onSaved={(saved) => {
          setEditOpen(false);
          setRevealed(null);
          refresh(saved);
        }}
      />
      ) : null}
      {canAccess(me, 'assets.write') ? (
      <AssetDrawer
        open={assetOpen}
        asset={null}
        customer={{ id: customer.id, label: customerLabel(customer) }}
        onClose={() => setAssetOpen(false)}
        onSaved={(asset) => {
          setAssetOpen(false);
          void queryClient.invalidateQueries({ queryKey: ['assets'] });
          refresh();
          navigate(`/assets/${asset.id}`);
        }}
      />
      ) : null}
      <KeyStatusModal open={keyOpen} customer={customer} onClose={() => setKeyOpen(false)} onSaved={(saved) => { setKeyOpen(false); refresh(saved); }} />
      <MergeModal
        open={mergeOpen}
        customer={customer}
        onClose={() => setMergeOpen(false)}
        onMerge={(target) =>
          modal.confirm({
            title: t('customers.mergeConfirmTitle'),
            content: t('customers.mergeConfirm', { source: customerLabel(customer), target: target.label, assets: customer.assetCount }),
            okText: t('customers.mergeOk'),
            okButtonProps: { danger: true },
            cancelText: t('common.cancel'),
            onOk: async () => {
              try {
                const result = await archiveApi.customers.merge(customer.id, target.id);
                void message.success(t('customers.merged', { assets: result.assetsMoved }));
                setMergeOpen(false);
                void queryClient.invalidateQueries({ queryKey: ['customers'] });
                void queryClient.invalidateQueries({ queryKey: ['assets'] });
                navigate(`/customers/${result.targetId}`, { replace: true });
              } catch (error) {
                handleError(error);
              }
            },
          })
        }
      />
    </Space>
  );
}

/** Key-customer status, its source and the yearly revenues behind the rule. */
function KeyCustomerCard({ customer, onChanged, onSetKey }: { customer: CustomerDetail; onChanged: (next?: CustomerDetail) => void; onSetKey: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const canKey = canAccess(me, 'customers.key');
  const [form] = Form.useForm<{ year: number; amount: number }>();
  const [saving, setSaving] = useState(false);
  const revenues = [...customer.revenues].sort((a, b) => b.year - a.year);

  const addRevenue = async (values: { year: number; amount: number }) => {
    const amountFen = yuanToFen(values.amount);
    if (amountFen === null) return;
    setSaving(true);
    try {
      await archiveApi.customers.setRevenue(customer.id, { year: values.year, amountFen });
      void message.success(t('common.saved'));
      form.resetFields();
      onChanged();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('customers.keyStatus')}
      size="small"
      extra={
        canKey ? (
          <Button size="small" icon={<StarOutlined />} onClick={onSetKey} data-testid="key-status">
            {customer.isKey ? t('customers.clearKey') : t('customers.setKey')}
          </Button>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 3 }}
        items={[
          { key: 'isKey', label: t('customers.key'), children: customer.isKey ? <Tag color="gold">{t('customers.key')}</Tag> : t('customers.notKey') },
          { key: 'source', label: t('customers.keySource'), children: customer.keySource ? t(`customers.keySource.${customer.keySource}`) : '—' },
          { key: 'reason', label: t('customers.keyReason'), children: customer.keyReason ?? '—' },
        ]}
      />
      <Table
        rowKey="year"
        size="small"
        style={{ marginTop: 8, maxWidth: 480 }}
        pagination={false}
        dataSource={revenues}
        locale={{ emptyText: t('customers.noRevenue') }}
        columns={[
          { title: t('customers.revenueYear'), dataIndex: 'year', key: 'year' },
          { title: t('customers.revenueAmount'), dataIndex: 'amountFen', key: 'amountFen', align: 'right', render: (value: number) => formatFen(value) },
        ]}
      />
      {canKey ? (
        <Form form={form} layout="inline" onFinish={addRevenue} style={{ marginTop: 12, rowGap: 8 }} name="revenue-form" initialValues={{ year: new Date().getFullYear() - 1 }}>
          <Form.Item name="year" rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} placeholder={t('customers.revenueYear')} />
          </Form.Item>
          <Form.Item name="amount" rules={[{ required: true, message: t('customers.revenueAmount') }]}>
            <InputNumber<number> min={0} precision={2} prefix="¥" style={{ width: 200 }} placeholder={t('customers.revenueAmount')} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={saving}>
              {t('customers.addRevenue')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
    </Card>
  );
}

function KeyStatusModal({ open, customer, onClose, onSaved }: { open: boolean; customer: CustomerDetail; onClose: () => void; onSaved: (customer: CustomerDetail) => void }) {
  const { t } = useI18n();
  const handleError = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const next = !customer.isKey;
  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    try {
      onSaved(await archiveApi.customers.setKey(customer.id, { isKey: next, reason: reason.trim() }));
      form.resetFields();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={next ? t('customers.setKey') : t('customers.clearKey')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={submit} name="key-form">
        <Form.Item name="reason" label={t('customers.keyReason')} rules={[{ required: true, whitespace: true }, { min: 2, max: 200 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MergeModal({
  open,
  customer,
  onClose,
  onMerge,
}: {
  open: boolean;
  customer: CustomerDetail;
  onClose: () => void;
  onMerge: (target: { id: string; label: string }) => void;
}) {
  const { t } = useI18n();
  const [target, setTarget] = useState<{ id: string; label: string } | null>(null);
  return (
    <Modal
      open={open}
      title={t('customers.mergeTitle', { name: customer.name })}
      onCancel={onClose}
      okText={t('customers.mergeNext')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !target }}
      onOk={() => target && onMerge(target)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('customers.mergeIntro')}</Typography.Paragraph>
      <CustomerPicker
        exclude={customer.id}
        value={target?.id}
        placeholder={t('customers.mergeTarget')}
        onChange={(value, item) => setTarget(value && item ? { id: value, label: customerLabel(item) } : null)}
        data-testid="merge-target"
      />
    </Modal>
  );
}
