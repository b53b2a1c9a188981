import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Image, List, Row, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import type { ZPartUsed, ZWorkOrderEvent } from '../../../../contracts/dispatch';
import { workOrderEventLabel } from '../../../../contracts/dispatch';
import { canAccess } from '../../access';
import { dispatchApi, receiptPath, type DispatchCandidate, type DispatchExplanation, type TWorkOrderDetail, type WorkOrderResult } from '../../api/dispatch';
import { useMe } from '../../auth/AuthContext';
import { BillPanel } from '../billing/BillPanel';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { formatFen } from '../../components/archive/money';
import { DateTime } from '../../components/DateTime';
import { EventTimeline, TextActionModal } from '../../components/EventTimeline';
import { RecordHeader } from '../../components/RecordHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n, type Locale, type TFunction } from '../../i18n';
import { WorkOrderDispatchDrawer } from './WorkOrderDispatchDrawer';
import { WorkOrderPartsPanel } from './WorkOrderPartsPanel';
import {
  elapsedText,
  formatWindow,
  gradeLabel,
  notCompletedLabel,
  PriorityTag,
  WORK_ORDER_STATUS_COLORS,
  workOrderStatusLabel,
  WorkOrderStatusTag,
  workTypeLabel,
} from './WorkOrderLabels';

type WorkOrderEvent = z.infer<typeof ZWorkOrderEvent>;
type PartUsed = z.infer<typeof ZPartUsed>;
export type WorkOrderAction = 'recall' | 'cancel' | 'verify' | 'redo';

/** The actions the signed-in user may take on an order (by its allowed transitions and their permissions). */
export function workOrderActions(order: TWorkOrderDetail, permissions: { dispatch: boolean; verify: boolean; autoDispatch?: boolean }) {
  const allowed = new Set(order.allowedTransitions);
  return {
    dispatch: permissions.dispatch && (order.status === 'waiting' || order.status === 'dispatched'),
    autoDispatch: permissions.dispatch && (permissions.autoDispatch ?? true) && order.status === 'waiting',
    recall: permissions.dispatch && (order.status === 'dispatched' || order.status === 'assigned') && allowed.has('waiting'),
    redo: permissions.dispatch && order.status === 'not_completed' && allowed.has('waiting'),
    cancel: permissions.dispatch && allowed.has('cancelled'),
    verify: permissions.verify && allowed.has('verified'),
    receipt: ['completed', 'not_completed', 'verified'].includes(order.status),
  };
}

/** The title line of a timeline event. */
export function workOrderEventTitle(event: WorkOrderEvent, t: TFunction, locale: Locale): string {
  const to = event.toStatus ? workOrderStatusLabel(event.toStatus, locale) : '';
  const from = event.fromStatus ? workOrderStatusLabel(event.fromStatus, locale) : '';
  switch (event.kind) {
    case 'created':
      return t('dispatch.event.created');
    case 'dispatched':
      return t('dispatch.event.dispatched');
    case 'reassigned':
      return t('dispatch.event.reassigned');
    case 'status_changed':
      return from && to ? t('dispatch.event.statusChanged', { from, to }) : t('dispatch.event.status', { to });
    default:
      return to && to !== from ? t('dispatch.event.status', { to }) : (workOrderEventLabel(event.kind, locale === 'en' ? 'en' : 'zh') ?? event.kind);
  }
}

function CandidateLine({ candidate, chosen }: { candidate: DispatchCandidate; chosen: boolean }) {
  const { t } = useI18n();
  const facts = [
    candidate.distanceKm !== null && candidate.distanceKm !== undefined ? `${candidate.distanceKm.toFixed(1)} km` : null,
    candidate.load !== undefined ? t('dispatch.explanation.load', { load: candidate.load }) : null,
  ].filter(Boolean);
  return (
    <Space size={6} wrap>
      <Tag color={chosen ? 'green' : 'default'}>{chosen ? t('dispatch.explanation.chosen') : t('dispatch.explanation.excluded')}</Tag>
      <Typography.Text strong={chosen}>{candidate.name}</Typography.Text>
      <Typography.Text type={chosen ? undefined : 'secondary'}>{candidate.reason}</Typography.Text>
      {facts.length ? <Typography.Text type="secondary">（{facts.join('，')}）</Typography.Text> : null}
    </Space>
  );
}

/** 派工说明: the one-sentence summary and, for outlet and technician, the chosen one and the excluded ones with why. */
export function ExplanationCard({ explanation }: { explanation: DispatchExplanation | null }) {
  const { t } = useI18n();
  if (!explanation) return <Card size="small" title={t('dispatch.explanation.title')}>{t('dispatch.explanation.none')}</Card>;
  const section = (label: string, part: DispatchExplanation['outlet'] | undefined) => (
    <div style={{ marginTop: 8 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Flex vertical gap={4} style={{ marginTop: 4 }}>
        {part?.chosen ? <CandidateLine candidate={part.chosen} chosen /> : <Typography.Text type="secondary">{t('dispatch.explanation.noneChosen')}</Typography.Text>}
        {(part?.excluded ?? []).map((candidate) => (
          <CandidateLine key={candidate.id} candidate={candidate} chosen={false} />
        ))}
      </Flex>
    </div>
  );
  return (
    <Card
      size="small"
      title={t('dispatch.explanation.title')}
      extra={<Tag>{explanation.mode === 'auto' ? t('dispatch.mode.auto') : t('dispatch.mode.manual')}</Tag>}
      data-testid="dispatch-explanation"
    >
      <Typography.Paragraph style={{ marginBottom: 4 }}>{explanation.summary}</Typography.Paragraph>
      {section(t('dispatch.field.outlet'), explanation.outlet)}
      {section(t('dispatch.field.technician'), explanation.technician)}
    </Card>
  );
}

/** 服务结果: diagnosis, work done, parts used and fees (fen shown as yuan). */
export function ResultCard({ result, order }: { result: WorkOrderResult | null; order: TWorkOrderDetail }) {
  const { t } = useI18n();
  const hasResult = !!result && Object.values(result).some((value) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0));
  return (
    <Card size="small" title={t('dispatch.result.title')} data-testid="work-order-result">
      {hasResult && result ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('dispatch.result.diagnosis')} span={2}>
              {result.diagnosis || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.actualFault')}>{result.actualFault || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.labourMinutes')}>{result.labourMinutes ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.workDone')} span={2}>
              {result.workDone || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.labourFee')}>{formatFen(result.labourFeeFen)}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.feeExpected')}>{formatFen(result.feeExpectedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.feeCollected')}>
              <span data-testid="fee-collected">{formatFen(result.feeCollectedFen)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.result.feeReason')}>{result.feeReason || '—'}</Descriptions.Item>
          </Descriptions>
          {result.partsUsed?.length ? (
            <Table<PartUsed & { key: number }>
              size="small"
              pagination={false}
              dataSource={result.partsUsed.map((part, index) => ({ ...part, key: index }))}
              columns={[
                { title: t('dispatch.material.name'), dataIndex: 'name', key: 'name' },
                { title: t('dispatch.material.partCode'), dataIndex: 'partCode', key: 'partCode', render: (value: string | null) => value || '—' },
                { title: t('dispatch.material.quantity'), dataIndex: 'quantity', key: 'quantity' },
                { title: t('dispatch.result.unitPrice'), key: 'unit', render: (_, part) => formatFen(part.unitPriceFen) },
                { title: t('dispatch.result.subtotal'), key: 'subtotal', render: (_, part) => formatFen(part.unitPriceFen * part.quantity) },
              ]}
            />
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('dispatch.result.none')}</Typography.Text>
      )}
      <div style={{ marginTop: 8 }} data-testid="signature-state">
        {order.hasSignature ? (
          <Tag color="green">
            {t('dispatch.signature.signed')} · <DateTime value={order.signedAt} />
          </Tag>
        ) : (
          <Tag>{t('dispatch.signature.none')}</Tag>
        )}
        {order.photos.length ? <Tag>{t('dispatch.photos', { count: order.photos.length })}</Tag> : null}
      </div>
      {order.photos.length ? (
        <Image.PreviewGroup>
          <Flex wrap gap={8} style={{ marginTop: 8 }} data-testid="work-order-photos">
            {order.photos.map((photo) => (
              <Image key={photo.id} width={96} height={96} style={{ objectFit: 'cover' }} src={`/api/work-orders/${order.id}/photos/${photo.id}`} alt={photo.caption ?? ''} />
            ))}
          </Flex>
        </Image.PreviewGroup>
      ) : null}
    </Card>
  );
}

/** One work order: header with actions, facts, dispatch explanation, materials, result, timeline. */
export function WorkOrderDetailView({ order, onUpdate }: { order: TWorkOrderDetail; onUpdate: (next: TWorkOrderDetail) => void }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message, modal } = App.useApp();
  const handleError = useApiError();
  const [action, setAction] = useState<WorkOrderAction | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [dispatching, setDispatching] = useState(false);
  const actions = workOrderActions(order, { dispatch: canAccess(me, 'workorders.dispatch'), verify: canAccess(me, 'workorders.verify'), autoDispatch: me.scope === 'all' });
  const needsReason = action === 'recall' || action === 'cancel' || action === 'redo';

  const runAction = async () => {
    if (!action) return;
    const value = text.trim();
    if (needsReason && !value) {
      void message.warning(t('dispatch.action.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      const next =
        action === 'verify'
          ? await dispatchApi.verify(order.id, value || undefined)
          : action === 'recall'
            ? await dispatchApi.recall(order.id, value)
            : action === 'cancel'
              ? await dispatchApi.cancel(order.id, value)
              : await dispatchApi.redo(order.id, value);
      onUpdate(next);
      void message.success(t('dispatch.action.done', { status: workOrderStatusLabel(next.status, locale) }));
      setAction(null);
      setText('');
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const autoDispatch = async () => {
    setBusy(true);
    try {
      const result = await dispatchApi.autoDispatch({ workOrderIds: [order.id] });
      const item = result.items.find((entry) => entry.workOrderId === order.id);
      modal.info({ title: t('dispatch.auto.resultTitle'), content: item?.summary ?? t('dispatch.auto.nothing') });
      onUpdate(await dispatchApi.get(order.id));
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const explanation = (order.explanation ?? null) as DispatchExplanation | null;
  const result = (order.result ?? null) as WorkOrderResult | null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <RecordHeader
          number={order.number}
          numberTestId="work-order-number"
          tags={
            <>
              <WorkOrderStatusTag status={order.status} technicianId={order.technicianId} />
              <Tag>{workTypeLabel(order.type, locale)}</Tag>
              <PriorityTag priority={order.priority} />
              {order.feedbackOverdue ? <Tag color="red">{t('dispatch.feedbackOverdue')}</Tag> : null}
            </>
          }
          extra={<Link to="/work-orders">{t('dispatch.back')}</Link>}
        />
        <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="work-order-actions">
          {actions.dispatch ? (
            <Button type="primary" onClick={() => setDispatching(true)} data-testid="action-dispatch">
              {order.status === 'waiting' ? t('dispatch.action.dispatch') : t('dispatch.action.reassign')}
            </Button>
          ) : null}
          {actions.autoDispatch ? (
            <Button onClick={() => void autoDispatch()} loading={busy} data-testid="action-auto">
              {t('dispatch.auto.button')}
            </Button>
          ) : null}
          {actions.verify ? (
            <Button type="primary" onClick={() => setAction('verify')} data-testid="action-verify">
              {t('dispatch.action.verify')}
            </Button>
          ) : null}
          {actions.recall ? (
            <Button onClick={() => setAction('recall')} data-testid="action-recall">
              {t('dispatch.action.recall')}
            </Button>
          ) : null}
          {actions.redo ? (
            <Button onClick={() => setAction('redo')} data-testid="action-redo">
              {t('dispatch.action.redo')}
            </Button>
          ) : null}
          {actions.cancel ? (
            <Button danger onClick={() => setAction('cancel')} data-testid="action-cancel">
              {t('dispatch.action.cancel')}
            </Button>
          ) : null}
          {actions.receipt ? (
            <Button icon={<PrinterOutlined />} href={receiptPath(order.id)} target="_blank" rel="noopener" data-testid="action-receipt">
              {t('dispatch.action.receipt')}
            </Button>
          ) : null}
        </Flex>
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('dispatch.field.ticket')}>
            <Link to={`/tickets/${order.ticketId}`}>{order.ticketNumber}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.customer')}>
            <Link to={`/customers/${order.customerId}`}>{order.customerName || '—'}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.contact')}>{[order.contactName, order.contactPhone].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.window')}>{formatWindow(order.windowStart, order.windowEnd, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.address')} span={2}>
            {order.address}
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.outlet')}>{order.outletName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.technician')}>{order.technicianName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.requiredGrade')}>{gradeLabel(order.requiredGrade, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.estimatedMinutes')}>{t('dispatch.minutes', { minutes: order.estimatedMinutes })}</Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.plannedStart')}>
            <DateTime value={order.plannedStart} />
          </Descriptions.Item>
          <Descriptions.Item label={t('dispatch.field.dispatchedAt')}>
            <DateTime value={order.dispatchedAt} />
            {order.status === 'dispatched' && order.dispatchedAt ? (
              <Typography.Text type={order.feedbackOverdue ? 'danger' : 'secondary'}> （{t('dispatch.feedback.since', { elapsed: elapsedText(order.dispatchedAt, t) })}）</Typography.Text>
            ) : null}
          </Descriptions.Item>
          {order.finishedAt ? (
            <Descriptions.Item label={t('dispatch.field.finishedAt')}>
              <DateTime value={order.finishedAt} />
            </Descriptions.Item>
          ) : null}
          {order.verifiedAt ? (
            <Descriptions.Item label={t('dispatch.field.verifiedAt')}>
              <DateTime value={order.verifiedAt} />
            </Descriptions.Item>
          ) : null}
          {order.notCompletedReason ? (
            <Descriptions.Item label={t('dispatch.field.notCompleted')} span={2}>
              <Tag color="orange">{notCompletedLabel(order.notCompletedReason, locale)}</Tag>
              {order.notCompletedNote ?? ''}
            </Descriptions.Item>
          ) : null}
          {order.declineReason ? (
            <Descriptions.Item label={t('dispatch.field.declineReason')} span={2}>
              {order.declineReason}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('dispatch.field.note')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{order.note || '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <ExplanationCard explanation={explanation} />
            <Card size="small" title={t('dispatch.material.title')} data-testid="work-order-materials">
              {order.materials.length ? (
                <List
                  size="small"
                  dataSource={order.materials}
                  renderItem={(material) => (
                    <List.Item>
                      <Space wrap>
                        <Typography.Text>{material.name}</Typography.Text>
                        {material.partCode ? <Typography.Text type="secondary">{material.partCode}</Typography.Text> : null}
                        <Typography.Text>× {material.quantity}</Typography.Text>
                        {material.isConfirmed ? <Tag color="green">{t('dispatch.material.confirmed')}</Tag> : <Tag>{t('dispatch.material.unconfirmed')}</Tag>}
                      </Space>
                    </List.Item>
                  )}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.material.none')} />
              )}
            </Card>
            {canAccess(me, 'parts.read') ? <WorkOrderPartsPanel order={order} /> : null}
            <ResultCard result={result} order={order} />
            {canAccess(me, 'billing.read') ? <BillPanel workOrderId={order.id} /> : null}
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('dispatch.timeline')}>
            <EventTimeline
              data-testid="work-order-timeline"
              events={order.events}
              color={(event) => (event.toStatus ? (WORK_ORDER_STATUS_COLORS[event.toStatus] === 'default' ? 'gray' : 'blue') : 'gray')}
              title={(event) => <Typography.Text strong>{workOrderEventTitle(event, t, locale)}</Typography.Text>}
              systemName={t('dispatch.system')}
            />
          </Card>
        </Col>
      </Row>

      <TextActionModal
        open={!!action}
        title={action ? t(`dispatch.action.${action}`) : ''}
        busy={busy}
        text={text}
        onTextChange={setText}
        onOk={() => void runAction()}
        onCancel={() => {
          setAction(null);
          setText('');
        }}
        maxLength={500}
        placeholder={needsReason ? t('dispatch.action.reason') : t('dispatch.action.note')}
        textTestId="action-text"
      />
      <WorkOrderDispatchDrawer
        workOrder={dispatching ? order : null}
        onClose={() => setDispatching(false)}
        onDispatched={(next) => {
          setDispatching(false);
          onUpdate(next);
          void message.success(t('dispatch.manual.done', { number: next.number }));
        }}
      />
    </Space>
  );
}

/** /work-orders/:id */
export function WorkOrderDetailPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['work-orders', 'detail', id], queryFn: () => dispatchApi.get(id) });
  if (!detail.data) return <LoadFailure error={detail.error} retry={() => void detail.refetch()} />;
  return (
    <WorkOrderDetailView
      order={detail.data}
      onUpdate={(next) => {
        queryClient.setQueryData(['work-orders', 'detail', id], next);
        void queryClient.invalidateQueries({ queryKey: ['work-orders', 'list'] });
      }}
    />
  );
}
