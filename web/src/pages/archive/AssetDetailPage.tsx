import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, Modal, Row, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router';
import { canAccess } from '../../access';
import { archiveApi, type AssetView } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { fromDay, toDay } from '../../components/archive/dates';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { WarrantyTag } from '../../components/archive/WarrantyTag';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey } from '../../i18n';
import { AssetDrawer } from './AssetDrawer';
import { TicketHistory } from '../../components/tickets/TicketHistory';

function Covered({ value }: { value: boolean }) {
  const { t } = useI18n();
  return value ? (
    <Space size={4}>
      <CheckCircleFilled style={{ color: '#52c41a' }} />
      {t('warranty.covered')}
    </Space>
  ) : (
    <Space size={4}>
      <CloseCircleFilled style={{ color: '#bfbfbf' }} />
      {t('warranty.notCovered')}
    </Space>
  );
}

export function AssetDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['assets', 'detail', id], queryFn: () => archiveApi.assets.get(id) });
  const [editOpen, setEditOpen] = useState(false);
  const [overrideOpen, setOverrideOpen] = useState(false);

  if (!detail.data) return <LoadFailure error={detail.error} retry={() => void detail.refetch()} />;
  const asset = detail.data;
  const warranty = asset.warranty;

  const saved = (next: AssetView) => {
    queryClient.setQueryData(['assets', 'detail', id], next);
    void queryClient.invalidateQueries({ queryKey: ['assets', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['customers'] });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <PageHeader
          title={
            <Space wrap>
              <span data-testid="asset-serial">{asset.serialNumber}</span>
              <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
                {asset.brand} {asset.modelName}
              </Typography.Text>
              <WarrantyTag warranty={warranty} />
              {asset.status !== 'in_service' ? <Tag>{t(`assets.status.${asset.status}` as MessageKey)}</Tag> : null}
            </Space>
          }
          extra={
            canAccess(me, 'assets.write') ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditOpen(true)}>
                {t('common.edit')}
              </Button>
            ) : null
          }
        />
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'customer', label: t('assets.customer'), children: <Link to={`/customers/${asset.customerId}`}>{asset.customerName}</Link> },
            { key: 'model', label: t('assets.model'), children: `${asset.brand} ${asset.modelName}（${asset.modelCode}）` },
            { key: 'category', label: t('assets.category'), children: asset.categoryName },
            { key: 'channel', label: t('assets.salesChannel'), children: t(`assets.channel.${asset.salesChannel}` as MessageKey) },
            { key: 'purchaseDate', label: t('assets.purchaseDate'), children: asset.purchaseDate ?? '—' },
            { key: 'acceptanceDate', label: t('assets.acceptanceDate'), children: asset.acceptanceDate ?? '—' },
            { key: 'invoice', label: t('assets.invoiceNumber'), children: asset.invoiceNumber ?? '—' },
            { key: 'contractEnd', label: t('assets.contractEnd'), children: asset.contractEnd ?? '—' },
            { key: 'status', label: t('common.status'), children: t(`assets.status.${asset.status}` as MessageKey) },
            { key: 'install', label: t('assets.installAddress'), span: 'filled', children: asset.installAddress ?? '—' },
            { key: 'notes', label: t('customers.notes'), span: 'filled', children: asset.notes ? <span style={{ whiteSpace: 'pre-wrap' }}>{asset.notes}</span> : '—' },
            { key: 'createdAt', label: t('common.createdAt'), children: <DateTime value={asset.createdAt} /> },
            { key: 'updatedAt', label: t('common.updatedAt'), children: <DateTime value={asset.updatedAt} /> },
          ]}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            title={
              <Space>
                <SafetyCertificateOutlined />
                {t('warranty.title')}
              </Space>
            }
            size="small"
            extra={
              canAccess(me, 'assets.warranty_override') ? (
                <Button size="small" onClick={() => setOverrideOpen(true)} data-testid="warranty-override">
                  {t('warranty.override')}
                </Button>
              ) : null
            }
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <WarrantyTag warranty={warranty} />
                <Typography.Text data-testid="warranty-basis">{locale === 'en' ? warranty.basis.en : warranty.basis.zh}</Typography.Text>
              </Space>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                bordered
                items={[
                  { key: 'start', label: t('warranty.start'), children: warranty.startDate ?? '—' },
                  { key: 'end', label: t('warranty.end'), children: warranty.endDate ?? '—' },
                  { key: 'computed', label: t('warranty.computedEnd'), children: asset.computedWarrantyEnd ?? '—' },
                  { key: 'extended', label: t('assets.extendedWarrantyEnd'), children: warranty.extendedEnd ?? asset.extendedWarrantyEnd ?? '—' },
                  { key: 'parts', label: t('warranty.parts'), children: <Covered value={warranty.coversParts} /> },
                  { key: 'labour', label: t('warranty.labour'), children: <Covered value={warranty.coversLabour} /> },
                  { key: 'onSite', label: t('warranty.onSite'), children: <Covered value={warranty.coversOnSite} /> },
                  {
                    key: 'override',
                    label: t('warranty.overridden'),
                    children: asset.warrantyOverrideEnd ? `${asset.warrantyOverrideEnd}（${asset.warrantyOverrideReason ?? ''}）` : t('common.no'),
                  },
                ]}
              />
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('customers.history')} size="small" style={{ height: '100%' }}>
            <TicketHistory assetId={id} />
          </Card>
        </Col>
      </Row>

      <AssetDrawer
        open={editOpen}
        asset={asset}
        onClose={() => setEditOpen(false)}
        onSaved={(next) => {
          setEditOpen(false);
          saved(next);
        }}
      />
      <OverrideModal
        open={overrideOpen}
        asset={asset}
        onClose={() => setOverrideOpen(false)}
        onSaved={(next) => {
          setOverrideOpen(false);
          saved(next);
        }}
      />
    </Space>
  );
}

type OverrideValues = { warrantyEnd?: Dayjs | null; restore?: boolean; reason: string };

function OverrideModal({ open, asset, onClose, onSaved }: { open: boolean; asset: AssetView; onClose: () => void; onSaved: (asset: AssetView) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [form] = Form.useForm<OverrideValues>();
  const restore = Form.useWatch('restore', form);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue({ warrantyEnd: fromDay(asset.warrantyOverrideEnd ?? asset.computedWarrantyEnd), restore: false, reason: '' });
  }, [open, asset, form]);
  const submit = async (values: OverrideValues) => {
    setSaving(true);
    try {
      const next = await archiveApi.assets.overrideWarranty(asset.id, { warrantyEnd: values.restore ? null : toDay(values.warrantyEnd), reason: values.reason.trim() });
      void message.success(t('common.saved'));
      form.resetFields();
      onSaved(next);
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('warranty.override')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('warranty.overrideIntro', { computed: asset.computedWarrantyEnd ?? '—' })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} name="override-form">
        {asset.warrantyOverrideEnd ? (
          <Form.Item name="restore" valuePropName="checked">
            <Checkbox>{t('warranty.restore')}</Checkbox>
          </Form.Item>
        ) : null}
        <Form.Item name="warrantyEnd" label={t('warranty.end')} rules={restore ? [] : [{ required: true }]}>
          <DatePicker disabled={!!restore} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('warranty.reason')} rules={[{ required: true, whitespace: true }, { min: 2, max: 200 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
