/**
 * 投诉详情 (issue 15): the complaint in the customer's words with its links and the follow-up's
 * ratings, the timeline of every step, compensations with approval, and the next step's form for
 * the state it is in: first response → responsibility analysis → plan agreed with the customer →
 * resolved → the supervisor's call-back → close (only after a confirmed call-back) / reopen.
 */
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  COMPENSATION_KIND_LABELS,
  COMPENSATION_KINDS,
  COMPENSATION_STATUS_LABELS,
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_SEVERITY_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_TYPE_LABELS,
  RESPONSIBLE_PARTIES,
  RESPONSIBLE_PARTY_LABELS,
  VERIFICATION_OUTCOME_LABELS,
  VERIFICATION_OUTCOMES,
  type TCompensationView,
  type TComplaintEventView,
  type TResponsibleParty,
  type TVerificationOutcome,
} from '../../../../contracts/complaints';
import { canAccess } from '../../access';
import { complaintsApi, type ComplaintDetail } from '../../api/complaints';
import { useMe } from '../../auth/AuthContext';
import { formatFen, yuanToFen } from '../../components/archive/money';
import { DateTime } from '../../components/DateTime';
import { EventTimeline } from '../../components/EventTimeline';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n, type MessageKey, type TFunction } from '../../i18n';
import { pick } from '../quality/labels';
import { SEVERITY_COLORS, STATUS_COLORS } from './ComplaintsPage';

type Locale = ReturnType<typeof useI18n>['locale'];

/** The timeline line of an event: its kind, and what its data says (party, outcome, amount, escalation reason). */
export function eventTitle(event: TComplaintEventView, t: TFunction, locale: Locale): string {
  const base = t(`complaints.event.${event.kind}` as MessageKey);
  const data = event.data ?? {};
  if (event.kind === 'responsibility' && typeof data.party === 'string') return `${base}：${pick(RESPONSIBLE_PARTY_LABELS[data.party as TResponsibleParty], locale)}${typeof data.personName === 'string' ? `（${data.personName}）` : ''}`;
  if (event.kind === 'verification' && typeof data.outcome === 'string') return `${base}：${pick(VERIFICATION_OUTCOME_LABELS[data.outcome as TVerificationOutcome], locale)}`;
  if (event.kind.startsWith('compensation_') && typeof data.amountFen === 'number') return `${base}：${formatFen(data.amountFen)}`;
  if (event.kind === 'penalty_proposed' && typeof data.amountFen === 'number') return `${base}：${formatFen(data.amountFen)}${Array.isArray(data.multipliers) && data.multipliers.some((m) => m !== 1) ? ' ×2' : ''}`;
  if (event.kind === 'escalated' && typeof data.reason === 'string') return `${base}：${t(`complaints.escalation.${data.reason}` as MessageKey)}`;
  if (event.kind === 'plan_agreed' && typeof data.resolutionDueDate === 'string') return `${base}（${t('complaints.resolutionDue')} ${data.resolutionDueDate}）`;
  return base;
}

function StepCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {children}
    </Card>
  );
}

export function ComplaintDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['complaints', 'detail', id], queryFn: () => complaintsApi.get(id) });
  const [stepForm] = Form.useForm();
  const [compensationForm] = Form.useForm();
  const [rejecting, setRejecting] = useState<TCompensationView | null>(null);
  const [rejectReason, setRejectReason] = useState('');
  const run = useMutation({
    mutationFn: (action: (complaint: ComplaintDetail) => Promise<ComplaintDetail>) => action(detail.data as ComplaintDetail),
    onSuccess: (updated) => {
      queryClient.setQueryData(['complaints', 'detail', id], updated);
      void queryClient.invalidateQueries({ queryKey: ['complaints'], exact: false, refetchType: 'none' });
      void message.success(t('complaints.saved'));
      stepForm.resetFields();
      compensationForm.resetFields();
      setRejecting(null);
      setRejectReason('');
    },
    onError: (error) => handleError(error, stepForm),
  });
  const party = Form.useWatch('party', stepForm) as TResponsibleParty | undefined;

  const complaint = detail.data;
  if (!complaint) return <Card loading={detail.isLoading}>{detail.isError ? t('error.code.not_found') : null}</Card>;

  const can = (permission: 'complaints.handle' | 'complaints.investigate' | 'complaints.approve') => canAccess(me, permission);
  const isOpen = complaint.status !== 'closed';
  const version = complaint.version;

  const nextStep = (): ReactNode => {
    switch (complaint.status) {
      case 'accepted':
        return can('complaints.handle') ? (
          <StepCard title={t('complaints.action.investigate')}>
            <Form form={stepForm} layout="vertical" name="complaint-investigate" onFinish={(values: { note?: string }) => run.mutate((c) => complaintsApi.investigate(c.id, version, values.note?.trim() || undefined))}>
              <Form.Item name="note" label={t('complaints.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={run.isPending}>{t('complaints.action.investigate')}</Button>
            </Form>
          </StepCard>
        ) : null;
      case 'investigating':
        if (!complaint.responsibleParty) {
          return can('complaints.investigate') ? (
            <StepCard title={t('complaints.responsibility')}>
              <Form
                form={stepForm}
                layout="vertical"
                name="complaint-responsibility"
                initialValues={{ party: complaint.technicianId ? 'technician' : undefined, technicianId: complaint.technicianId ?? undefined, outletId: complaint.outletId ?? undefined }}
                onFinish={(values: { party: TResponsibleParty; technicianId?: string; outletId?: string; userId?: string; findings: string }) =>
                  run.mutate((c) =>
                    complaintsApi.responsibility(c.id, {
                      version,
                      party: values.party,
                      findings: values.findings.trim(),
                      ...(values.party === 'technician' && values.technicianId ? { technicianId: values.technicianId.trim() } : {}),
                      ...(values.party === 'outlet' && values.outletId ? { outletId: values.outletId.trim() } : {}),
                      ...(values.party === 'outlet' && values.userId ? { userId: values.userId.trim() } : {}),
                    }),
                  )
                }
              >
                <Form.Item name="party" label={t('complaints.responsibleParty')} rules={[{ required: true }]}>
                  <Radio.Group options={RESPONSIBLE_PARTIES.map((value) => ({ value, label: pick(RESPONSIBLE_PARTY_LABELS[value], locale) }))} />
                </Form.Item>
                {party === 'technician' ? (
                  <Form.Item name="technicianId" label={t('complaints.technicianId')} rules={[{ required: true, whitespace: true }]} extra={complaint.technicianName ?? undefined}>
                    <Input />
                  </Form.Item>
                ) : null}
                {party === 'outlet' ? (
                  <>
                    <Form.Item name="outletId" label={t('complaints.outletId')} rules={[{ required: true, whitespace: true }]} extra={complaint.outletName ?? undefined}>
                      <Input />
                    </Form.Item>
                    <Form.Item name="userId" label={t('complaints.userId')} rules={[{ required: true, whitespace: true }]}>
                      <Input />
                    </Form.Item>
                  </>
                ) : null}
                <Form.Item name="findings" label={t('complaints.findings')} rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea rows={3} maxLength={5000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={run.isPending}>{t('complaints.action.responsibility')}</Button>
              </Form>
            </StepCard>
          ) : null;
        }
        return can('complaints.handle') ? (
          <StepCard title={t('complaints.plan')}>
            <Form form={stepForm} layout="vertical" name="complaint-plan" initialValues={{ customerAgreed: false }} onFinish={(values: { plan: string; customerAgreed: boolean }) => run.mutate((c) => complaintsApi.plan(c.id, { version, plan: values.plan.trim(), customerAgreed: values.customerAgreed }))}>
              <Form.Item name="plan" label={t('complaints.plan')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={3} maxLength={5000} />
              </Form.Item>
              <Form.Item name="customerAgreed" valuePropName="checked">
                <Checkbox>{t('complaints.customerAgreed')}</Checkbox>
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={run.isPending}>{t('complaints.action.plan')}</Button>
            </Form>
          </StepCard>
        ) : null;
      case 'resolving':
        return can('complaints.handle') ? (
          <StepCard title={t('complaints.action.resolved')}>
            <Form form={stepForm} layout="vertical" name="complaint-resolved" onFinish={(values: { note: string }) => run.mutate((c) => complaintsApi.resolved(c.id, version, values.note.trim()))}>
              <Form.Item name="note" label={t('complaints.resolutionNote')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={run.isPending}>{t('complaints.action.resolved')}</Button>
            </Form>
          </StepCard>
        ) : null;
      case 'verifying':
        return can('complaints.investigate') ? (
          <StepCard title={t('complaints.verification')}>
            <Form form={stepForm} layout="vertical" name="complaint-verification" onFinish={(values: { outcome: TVerificationOutcome; note?: string }) => run.mutate((c) => complaintsApi.verification(c.id, { version, outcome: values.outcome, ...(values.note?.trim() ? { note: values.note.trim() } : {}) }))}>
              <Form.Item name="outcome" label={t('complaints.verification.outcome')} rules={[{ required: true }]}>
                <Radio.Group options={VERIFICATION_OUTCOMES.map((value) => ({ value, label: pick(VERIFICATION_OUTCOME_LABELS[value], locale) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('complaints.note')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Space wrap>
                <Button htmlType="submit" loading={run.isPending}>{t('complaints.action.verify')}</Button>
                <Button type="primary" disabled={complaint.lastVerificationOutcome !== 'confirmed'} loading={run.isPending} onClick={() => run.mutate((c) => complaintsApi.close(c.id, version))}>
                  {t('complaints.action.close')}
                </Button>
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('complaints.closeHint')}</Typography.Paragraph>
            </Form>
          </StepCard>
        ) : null;
      case 'closed':
        return can('complaints.handle') ? (
          <StepCard title={t('complaints.action.reopen')}>
            <Form form={stepForm} layout="vertical" name="complaint-reopen" onFinish={(values: { reason: string }) => run.mutate((c) => complaintsApi.reopen(c.id, version, values.reason.trim()))}>
              <Form.Item name="reason" label={t('complaints.reason')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button danger htmlType="submit" loading={run.isPending}>{t('complaints.action.reopen')}</Button>
            </Form>
          </StepCard>
        ) : null;
    }
  };

  const canPropose = can('complaints.handle') && (complaint.status === 'investigating' || complaint.status === 'resolving');

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            {t('nav.complaintDetail')} {complaint.number}
            <Tag color={STATUS_COLORS[complaint.status]}>{pick(COMPLAINT_STATUS_LABELS[complaint.status], locale)}</Tag>
            {complaint.isOverdue ? <Tag color="red">{t('complaints.overdue')}</Tag> : null}
            {complaint.escalatedAt ? <Tag color="volcano">{t('complaints.escalated')}</Tag> : null}
            {complaint.reopenCount > 0 ? <Tag>{t('complaints.reopened', { count: complaint.reopenCount })}</Tag> : null}
          </Space>
        }
      />
      {complaint.escalatedAt && complaint.escalationReason ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`${t('complaints.event.escalated')}：${t(`complaints.escalation.${complaint.escalationReason}` as MessageKey)}`} />
      ) : null}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('complaints.summary')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('complaints.customer')}>{complaint.customerName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.contactPhone')}>{complaint.contactPhone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.type')}>{pick(COMPLAINT_TYPE_LABELS[complaint.type], locale)}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.severity')}>
                <Tag color={SEVERITY_COLORS[complaint.severity]}>{pick(COMPLAINT_SEVERITY_LABELS[complaint.severity], locale)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.channel')}>
                {pick(COMPLAINT_CHANNEL_LABELS[complaint.channel], locale)}
                {complaint.sourceDepartment ? `（${complaint.sourceDepartment}）` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('complaints.acceptedAt')}><DateTime value={complaint.acceptedAt} /></Descriptions.Item>
              <Descriptions.Item label={t('complaints.responseDue')}><DateTime value={complaint.responseDueAt} /></Descriptions.Item>
              <Descriptions.Item label={t('complaints.resolutionDue')}>{complaint.resolutionDueDate ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.technician')}>{complaint.technicianName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('complaints.outlet')}>{complaint.outletName ?? '—'}</Descriptions.Item>
              {complaint.ticketId ? (
                <Descriptions.Item label={t('nav.tickets')}>
                  <Link to={`/tickets/${complaint.ticketId}`}>{t('nav.tickets')}</Link>
                  {complaint.workOrderId ? <> · <Link to={`/work-orders/${complaint.workOrderId}`}>{t('nav.workOrders')}</Link></> : null}
                </Descriptions.Item>
              ) : null}
              {complaint.responsibleParty ? <Descriptions.Item label={t('complaints.responsibleParty')}>{pick(RESPONSIBLE_PARTY_LABELS[complaint.responsibleParty], locale)}</Descriptions.Item> : null}
            </Descriptions>
            <Typography.Title level={5}>{t('complaints.account')}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="complaint-account">{complaint.account}</Typography.Paragraph>
            {complaint.followUpId ? (
              <Space wrap>
                <Tag color="cyan">{t('complaints.fromFollowUp')}</Tag>
                {complaint.ratings
                  ? (['overall', 'attitude', 'skill', 'timeliness'] as const).map((key) => (
                      <Tag key={key}>
                        {t(`complaints.rating.${key}`)} {complaint.ratings?.[key]}
                      </Tag>
                    ))
                  : null}
                {complaint.categories?.length ? <Typography.Text type="secondary">{t('complaints.categories')}：{complaint.categories.join('、')}</Typography.Text> : null}
              </Space>
            ) : null}
            {complaint.findings ? (
              <>
                <Typography.Title level={5}>{t('complaints.findings')}</Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{complaint.findings}</Typography.Paragraph>
              </>
            ) : null}
            {complaint.penaltyEntryIds.length ? <Alert type="info" showIcon title={t('complaints.penalty', { count: complaint.penaltyEntryIds.length })} action={<Link to="/quality/ledger">{t('nav.qualityLedger')}</Link>} /> : null}
            {complaint.plan ? (
              <>
                <Typography.Title level={5}>{t('complaints.plan')}</Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{complaint.plan}</Typography.Paragraph>
              </>
            ) : null}
          </Card>
          <Card size="small" title={t('complaints.compensations')} style={{ marginBottom: 16 }}>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={complaint.compensations}
              columns={[
                { title: t('complaints.compensation.kind'), dataIndex: 'kind', key: 'kind', render: (value: TCompensationView['kind']) => pick(COMPENSATION_KIND_LABELS[value], locale) },
                { title: t('complaints.compensation.amount'), dataIndex: 'amountFen', key: 'amount', render: (value: number) => formatFen(value) },
                { title: t('complaints.compensation.description'), dataIndex: 'description', key: 'description' },
                { title: t('complaints.status'), dataIndex: 'status', key: 'status', render: (value: TCompensationView['status']) => <Tag color={value === 'approved' ? 'green' : value === 'rejected' ? 'red' : 'gold'}>{pick(COMPENSATION_STATUS_LABELS[value], locale)}</Tag> },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_, row) =>
                    row.status === 'proposed' && isOpen && can('complaints.approve') ? (
                      <Space>
                        <Button size="small" type="primary" onClick={() => run.mutate((c) => complaintsApi.decideCompensation(c.id, row.id, { version: row.version, action: 'approve' }))}>{t('complaints.compensation.approve')}</Button>
                        <Button size="small" danger onClick={() => setRejecting(row)}>{t('complaints.compensation.reject')}</Button>
                      </Space>
                    ) : null,
                },
              ]}
            />
            {canPropose ? (
              <Form
                form={compensationForm}
                layout="inline"
                name="complaint-compensation"
                style={{ marginTop: 12, rowGap: 8 }}
                initialValues={{ kind: 'money' }}
                onFinish={(values: { kind: TCompensationView['kind']; amount: number; description: string }) => {
                  const amountFen = yuanToFen(values.amount);
                  if (amountFen === null) return;
                  run.mutate((c) => complaintsApi.compensation(c.id, { version, kind: values.kind, amountFen, description: values.description.trim() }));
                }}
              >
                <Form.Item name="kind" rules={[{ required: true }]}>
                  <Select style={{ width: 120 }} aria-label={t('complaints.compensation.kind')} options={COMPENSATION_KINDS.map((value) => ({ value, label: pick(COMPENSATION_KIND_LABELS[value], locale) }))} />
                </Form.Item>
                <Form.Item name="amount" rules={[{ required: true }]}>
                  <InputNumber min={0.01} precision={2} placeholder={t('complaints.compensation.amount')} style={{ width: 150 }} aria-label={t('complaints.compensation.amount')} />
                </Form.Item>
                <Form.Item name="description" rules={[{ required: true, whitespace: true }]}>
                  <Input placeholder={t('complaints.compensation.description')} maxLength={500} style={{ width: 220 }} />
                </Form.Item>
                <Button htmlType="submit" loading={run.isPending}>{t('complaints.compensation.add')}</Button>
              </Form>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {nextStep()}
          <Card size="small" title={t('complaints.timeline')}>
            <EventTimeline
              data-testid="complaint-timeline"
              events={complaint.events.map((event) => ({ ...event, text: event.note }))}
              color={(event) => (event.kind === 'escalated' || event.kind === 'reopened' ? 'red' : event.kind === 'closed' ? 'green' : 'blue')}
              title={(event) => <Typography.Text strong>{eventTitle(event, t, locale)}</Typography.Text>}
              systemName={t('complaints.system')}
              eventTestId={(event) => `event-${event.kind}`}
            />
          </Card>
        </Col>
      </Row>
      <Modal open={rejecting !== null} title={t('complaints.compensation.reject')} onCancel={() => setRejecting(null)} okButtonProps={{ disabled: !rejectReason.trim() }} onOk={() => rejecting && run.mutate((c) => complaintsApi.decideCompensation(c.id, rejecting.id, { version: rejecting.version, action: 'reject', reason: rejectReason.trim() }))} confirmLoading={run.isPending}>
        <Input.TextArea rows={3} aria-label={t('complaints.compensation.rejectReason')} placeholder={t('complaints.compensation.rejectReason')} value={rejectReason} onChange={(event) => setRejectReason(event.target.value)} />
      </Modal>
    </>
  );
}
