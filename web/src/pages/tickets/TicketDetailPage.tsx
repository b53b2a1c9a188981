import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Flex, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { PENDING_STATUSES, type TicketStatus } from '../../../../contracts/tickets';
import { canAccess } from '../../access';
import { archiveApi } from '../../api/archive';
import { ticketsApi, type TicketDetail, type TicketEvent } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { DateTime } from '../../components/DateTime';
import { EventTimeline, TextActionModal } from '../../components/EventTimeline';
import { RecordHeader } from '../../components/RecordHeader';
import {
  channelLabel,
  isFeedbackOverdue,
  STATUS_COLORS,
  statusLabel,
  TicketStatusBadge,
  TicketTypeTag,
  transitionLabel,
  UrgencyTag,
} from '../../components/tickets/labels';
import { useApiError } from '../../components/useApiError';
import { AssessmentCard } from '../../components/tickets/AssessmentCard';
import { SameDayCommitmentButton } from '../../components/tickets/SameDayCommitment';
import { SlaClocks } from '../../components/tickets/SlaClocks';
import { TicketWorkOrdersPanel } from '../dispatch/TicketWorkOrdersPanel';
import { TicketReturnsPanel } from '../returns/TicketReturnsPanel';
import { RepeatFlag } from '../quality/RepeatFlag';
import { useI18n, type Locale, type TFunction } from '../../i18n';

/** The title line of a timeline event. */
export function eventTitle(event: TicketEvent, t: TFunction, locale: Locale): string {
  const to = event.toStatus ? statusLabel(event.toStatus, locale) : '';
  const from = event.fromStatus ? statusLabel(event.fromStatus, locale) : '';
  switch (event.kind) {
    case 'created':
      return t('tickets.event.created');
    case 'status_changed':
      return from ? t('tickets.event.statusChanged', { from, to }) : t('tickets.event.status', { to });
    case 'reopened':
      return t('tickets.event.reopened');
    case 'assessed':
      return t('tickets.event.assessed');
    case 'note':
      return t('tickets.event.note');
    case 'duplicate_request':
      return t('tickets.event.duplicate');
    case 'sanbao_overridden':
      return t('tickets.event.sanbaoOverridden');
    case 'same_day_commitment':
      return t('tickets.event.sameDayCommitment');
    case 'same_day_unresolved':
      return t('tickets.event.sameDayUnresolved');
    case 'sla_at_risk':
      return t('tickets.event.slaAtRisk');
    case 'sla_breached':
      return t('tickets.event.slaBreached');
    default:
      return event.kind;
  }
}

type TransitionModal = { to: TicketStatus } | null;

export function TicketDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const handleError = useApiError();
  const canUpdate = canAccess(me, 'tickets.update');
  const detail = useQuery({ queryKey: ['tickets', 'detail', id], queryFn: () => ticketsApi.get(id) });
  const asset = useQuery({
    queryKey: ['assets', 'detail', detail.data?.assetId],
    queryFn: () => archiveApi.assets.get(detail.data!.assetId!),
    enabled: !!detail.data?.assetId && canAccess(me, 'assets.read'),
  });
  const [transition, setTransition] = useState<TransitionModal>(null);
  const [transitionNote, setTransitionNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [noteForm] = Form.useForm<{ text: string; isCustomerVisible: boolean }>();

  if (!detail.data) return <LoadFailure error={detail.error} retry={() => void detail.refetch()} />;
  const ticket = detail.data;

  const update = (next: TicketDetail) => {
    queryClient.setQueryData(['tickets', 'detail', id], next);
    void queryClient.invalidateQueries({ queryKey: ['tickets', 'list'] });
  };

  const runTransition = async () => {
    if (!transition) return;
    setBusy(true);
    try {
      const note = transitionNote.trim();
      update(await ticketsApi.transition(ticket.id, { to: transition.to, ...(note ? { note } : {}) }));
      void message.success(t('tickets.transitioned', { status: statusLabel(transition.to, locale) }));
      setTransition(null);
      setTransitionNote('');
    } catch (error) {
      handleError(error);
      void detail.refetch();
    } finally {
      setBusy(false);
    }
  };

  const addNote = async (values: { text: string; isCustomerVisible: boolean }) => {
    setBusy(true);
    try {
      update(await ticketsApi.addNote(ticket.id, { text: values.text.trim(), isCustomerVisible: !!values.isCustomerVisible }));
      noteForm.resetFields();
      void message.success(t('tickets.noteAdded'));
    } catch (error) {
      handleError(error, noteForm);
    } finally {
      setBusy(false);
    }
  };

  const preferredWindow =
    ticket.preferredFrom || ticket.preferredTo ? (
      <span>
        <DateTime value={ticket.preferredFrom} empty="…" /> ~ <DateTime value={ticket.preferredTo} empty="…" />
      </span>
    ) : (
      '—'
    );

  const transitions = canUpdate ? ticket.allowedTransitions : [];
  const isOpenTicket = !['resolved', 'closed', 'cancelled'].includes(ticket.status);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <RecordHeader
          number={ticket.number}
          numberTestId="ticket-number"
          tags={
            <>
              <TicketStatusBadge status={ticket.status} />
              <TicketTypeTag type={ticket.type} />
              <UrgencyTag urgency={ticket.urgency} />
            </>
          }
          extra={
            <Space>
              {canUpdate && isOpenTicket ? <SameDayCommitmentButton ticket={ticket} onUpdate={update} /> : null}
              <Link to="/tickets">{t('tickets.back')}</Link>
            </Space>
          }
        />
        {ticket.pausedFromStatus && PENDING_STATUSES.includes(ticket.status) ? (
          <Typography.Paragraph type="warning">{t('tickets.pausedFrom', { status: statusLabel(ticket.pausedFromStatus, locale) })}</Typography.Paragraph>
        ) : null}
        <RepeatFlag ticketId={ticket.id} />
        {canUpdate && ticket.status === 'accepted' && !ticket.assessment ? (
          // accepted → assessed goes through the assessment (the server refuses it without one).
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="assess-first"
            title={t('tickets.assessFirst')}
            action={
              <Button size="small" type="primary" onClick={() => document.getElementById('ticket-assessment-card')?.scrollIntoView({ behavior: 'smooth', block: 'center' })} data-testid="assess-first-go">
                {t('tickets.assessFirstGo')}
              </Button>
            }
          />
        ) : null}
        {transitions.length ? (
          <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="ticket-transitions">
            {transitions.map((to) => (
              <Button
                key={to}
                type={to === 'cancelled' || PENDING_STATUSES.includes(to) ? 'default' : 'primary'}
                danger={to === 'cancelled'}
                ghost={false}
                onClick={() => setTransition({ to })}
                data-testid={`transition-${to}`}
              >
                {transitionLabel(ticket.status, to, locale)}
              </Button>
            ))}
          </Flex>
        ) : null}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('tickets.field.customer')}>
            <Link to={`/customers/${ticket.customerId}`}>{ticket.customerName || '—'}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.asset')}>
            {ticket.assetId ? (
              <Link to={`/assets/${ticket.assetId}`}>{asset.data ? `${asset.data.brand} ${asset.data.modelName} · ${asset.data.serialNumber}` : t('tickets.openAsset')}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.address')}>{ticket.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.contact')}>{[ticket.contactName, ticket.contactPhone].filter(Boolean).join(' · ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.channel')}>{channelLabel(ticket.channel, locale)}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.faultCategory')}>{ticket.faultCategory ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.preferred')}>{preferredWindow}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.promisedFeedback')}>
            <Typography.Text type={isFeedbackOverdue(ticket.promisedFeedbackAt, ticket.status) ? 'danger' : undefined}>
              <DateTime value={ticket.promisedFeedbackAt} />
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>
            <DateTime value={ticket.createdAt} />
          </Descriptions.Item>
          <Descriptions.Item label={t('tickets.field.reopenCount')}>{ticket.reopenCount}</Descriptions.Item>
          {(ticket.unitCount ?? 1) > 1 ? <Descriptions.Item label={t('tickets.field.unitCount')}>{ticket.unitCount}</Descriptions.Item> : null}
          {ticket.sameDayReason || ticket.committedAt ? (
            <Descriptions.Item label={t('sameDay.label')} span={2}>
              <Space size={8} wrap data-testid="same-day-commitment">
                <Typography.Text>{ticket.sameDayReason ?? '—'}</Typography.Text>
                {ticket.committedAt ? (
                  <Tag color="orange">
                    {t('sameDay.committedAt')}：<DateTime value={ticket.committedAt} />
                  </Tag>
                ) : null}
              </Space>
            </Descriptions.Item>
          ) : null}
          {ticket.resolvedAt ? (
            <Descriptions.Item label={t('tickets.field.resolvedAt')}>
              <DateTime value={ticket.resolvedAt} />
            </Descriptions.Item>
          ) : null}
          {ticket.closedAt ? (
            <Descriptions.Item label={t('tickets.field.closedAt')}>
              <DateTime value={ticket.closedAt} />
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('tickets.field.description')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{ticket.description}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('sla.clocks')} size="small" data-testid="sla-card">
            <SlaClocks clocks={ticket.clocks ?? []} />
          </Card>
        </Col>
        <Col xs={24} lg={14} id="ticket-assessment-card">
          <AssessmentCard
            ticket={ticket}
            asset={asset.data}
            canUpdate={canUpdate}
            canOverride={canAccess(me, 'tickets.sanbao_override')}
            canReadProducts={canAccess(me, 'products.read')}
            onUpdate={update}
          />
        </Col>
      </Row>

      <TicketWorkOrdersPanel ticketId={ticket.id} />
      <TicketReturnsPanel ticket={ticket} />

      <Row gutter={16}>
        <Col xs={24} lg={canUpdate ? 14 : 24}>
          <Card title={t('tickets.timeline')} size="small">
            <EventTimeline
              data-testid="ticket-timeline"
              events={ticket.events}
              color={(event) => (event.toStatus ? STATUS_COLORS[event.toStatus].color : event.kind === 'note' ? 'gray' : 'blue')}
              title={(event) => (
                <Space size={6} wrap>
                  <Typography.Text strong>{eventTitle(event, t, locale)}</Typography.Text>
                  {event.isCustomerVisible ? <Tag color="green">{t('tickets.customerVisible')}</Tag> : <Tag>{t('tickets.internal')}</Tag>}
                </Space>
              )}
              systemName={t('tickets.system')}
              eventTestId={(event) => `event-${event.kind}`}
            />
          </Card>
        </Col>
        {canUpdate ? (
          <Col xs={24} lg={10}>
            <Card title={t('tickets.addNote')} size="small">
              <Form form={noteForm} layout="vertical" onFinish={addNote} name="ticket-note" initialValues={{ isCustomerVisible: false }}>
                <Form.Item name="text" rules={[{ required: true, whitespace: true }, { max: 4000 }]}>
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('tickets.notePlaceholder')} data-testid="note-text" />
                </Form.Item>
                <Flex justify="space-between" align="center">
                  <Form.Item name="isCustomerVisible" valuePropName="checked" style={{ margin: 0 }}>
                    <Checkbox data-testid="note-visible">{t('tickets.customerVisible')}</Checkbox>
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={busy} data-testid="note-submit">
                    {t('tickets.addNote')}
                  </Button>
                </Flex>
              </Form>
            </Card>
          </Col>
        ) : null}
      </Row>

      <TextActionModal
        open={!!transition}
        title={transition ? transitionLabel(ticket.status, transition.to, locale) : ''}
        busy={busy}
        text={transitionNote}
        onTextChange={setTransitionNote}
        onOk={() => void runTransition()}
        onCancel={() => {
          setTransition(null);
          setTransitionNote('');
        }}
        maxLength={2000}
        placeholder={t('tickets.transitionNote')}
        textTestId="transition-note"
      >
        <Typography.Paragraph>
          {transition ? t('tickets.transitionConfirm', { from: statusLabel(ticket.status, locale), to: statusLabel(transition.to, locale) }) : null}
        </Typography.Paragraph>
      </TextActionModal>
    </Space>
  );
}
