/**
 * The ticket page's small returns panel (issue 12): the ticket's returns and loans, 按三包结论
 * 发起退换货 (only the kinds the 三包 decision allows) and 借出借用机 / 归还.
 */
import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LOANER_CONDITION_LABELS, RETURN_KIND_LABELS, RETURN_STATUS_LABELS, type ReturnKind } from '../../../../contracts/returns';
import { archiveApi } from '../../api/archive';
import type { TicketDetail } from '../../api/tickets';
import { loanersApi, returnsApi, yuanToFen, type Loan } from '../../api/returns';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

type StartForm = { kind: ReturnKind; purchasePrice: string; refund?: string; newModelId?: string; newModelPrice?: string; reason: string };
type LendForm = { loanerId: string; expectedReturnDate: Dayjs; deposit?: string };

/** The return kinds a 三包 decision allows (refund → 退货; exchange → both exchanges). */
export function allowedKinds(remedies: readonly string[]): ReturnKind[] {
  return [...(remedies.includes('refund') ? (['refund'] as const) : []), ...(remedies.includes('exchange') ? (['exchange_same', 'exchange_other'] as const) : [])];
}

/** The create body from the form (yuan → fen; only the fields of the kind). */
export function startBody(ticketId: string, values: StartForm) {
  return {
    ticketId,
    kind: values.kind,
    purchasePriceFen: yuanToFen(values.purchasePrice) ?? -1,
    ...(values.kind === 'refund' && values.refund ? { refundFen: yuanToFen(values.refund) ?? -1 } : {}),
    ...(values.kind === 'exchange_other' ? { newModelId: values.newModelId, newModelPriceFen: yuanToFen(values.newModelPrice ?? '') ?? -1 } : {}),
    reason: values.reason,
  };
}

export function TicketReturnsPanel({ ticket }: { ticket: TicketDetail }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [starting, setStarting] = useState(false);
  const [lending, setLending] = useState(false);
  const [startForm] = Form.useForm<StartForm>();
  const [lendForm] = Form.useForm<LendForm>();
  const canReadReturns = canAccess(me, 'returns.read');
  const canReadLoaners = canAccess(me, 'loaners.read');
  const returns = useQuery({ queryKey: ['returns', 'ticket', ticket.id], queryFn: () => returnsApi.list({ ticketId: ticket.id }), enabled: canReadReturns });
  const loans = useQuery({ queryKey: ['loaners', 'ticket', ticket.id], queryFn: () => loanersApi.loans({ ticketId: ticket.id }), enabled: canReadLoaners });
  const available = useQuery({ queryKey: ['loaners', 'available'], queryFn: () => loanersApi.list({ status: 'available' }), enabled: lending });
  const models = useQuery({ queryKey: ['models', 'options'], queryFn: () => archiveApi.products.models({}), enabled: starting });
  const kind = Form.useWatch('kind', startForm);
  const remedies = ticket.assessment ? [...ticket.assessment.sanbao.remedies, ...(ticket.assessment.override ? [ticket.assessment.override.remedy] : [])] : [];
  const kinds = allowedKinds(remedies);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['returns'] });
    void queryClient.invalidateQueries({ queryKey: ['loaners'] });
    void queryClient.invalidateQueries({ queryKey: ['tickets', 'detail', ticket.id] });
  };
  const start = useMutationSafe(
    (values: StartForm) => returnsApi.create(startBody(ticket.id, values)),
    (created) => {
      void message.success(t('returns.created', { number: created.number }));
      setStarting(false);
      startForm.resetFields();
      refresh();
    },
    (error) => handleError(error, startForm),
  );
  const lend = useMutationSafe(
    (values: LendForm) => loanersApi.lend(values.loanerId, { ticketId: ticket.id, expectedReturnDate: values.expectedReturnDate.format('YYYY-MM-DD'), depositFen: values.deposit ? (yuanToFen(values.deposit) ?? -1) : 0 }),
    () => {
      void message.success(t('loaners.saved'));
      setLending(false);
      lendForm.resetFields();
      refresh();
    },
    (error) => handleError(error, lendForm),
  );
  const giveBack = useMutationSafe(
    (loan: Loan) => loanersApi.giveBack(loan.loanerId, { ticketId: ticket.id, condition: 'good' }),
    () => {
      void message.success(t('loaners.saved'));
      refresh();
    },
    (error) => handleError(error),
  );
  if (!canReadReturns && !canReadLoaners) return null;
  const openLoans = (loans.data?.items ?? []).filter((loan) => !loan.returnedAt);
  const isOpen = !['closed', 'cancelled'].includes(ticket.status);

  return (
    <Card size="small" title={`${t('nav.returns')} · ${t('nav.loaners')}`} data-testid="ticket-returns-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {(returns.data?.items ?? []).map((item) => (
          <Space key={item.id}>
            <a href="/returns">{item.number}</a>
            {RETURN_KIND_LABELS[item.kind][lang]}
            <Tag>{RETURN_STATUS_LABELS[item.status][lang]}</Tag>
          </Space>
        ))}
        {openLoans.map((loan) => (
          <Space key={loan.id}>
            <Tag color={loan.isOverdue ? 'red' : 'blue'}>{t('loaners.status.lent')}</Tag>
            {loan.loanerModel} {loan.loanerSerial} · {t('loaners.expectedReturn')} {loan.expectedReturnDate}
            {canAccess(me, 'loaners.lend') ? <Button size="small" onClick={() => giveBack.mutate(loan)}>{t('loaners.giveBack')}</Button> : null}
          </Space>
        ))}
        <Space>
          {canAccess(me, 'returns.request') && kinds.length > 0 && isOpen ? <Button onClick={() => setStarting(true)}>{t('returns.startFromTicket')}</Button> : null}
          {canAccess(me, 'loaners.lend') && isOpen ? <Button onClick={() => setLending(true)}>{t('loaners.lend')}</Button> : null}
        </Space>
      </Space>
      <Modal open={starting} title={t('returns.startFromTicket')} onCancel={() => setStarting(false)} onOk={() => startForm.submit()} okButtonProps={{ loading: start.isPending }} destroyOnHidden>
        <Form form={startForm} layout="vertical" initialValues={{ kind: kinds[0] }} onFinish={(values) => start.mutate(values)}>
          <Form.Item name="kind" label={t('returns.kind')}>
            <Select options={kinds.map((value) => ({ value, label: RETURN_KIND_LABELS[value][lang] }))} />
          </Form.Item>
          <Form.Item name="purchasePrice" label={t('returns.purchasePrice')} rules={[{ required: true }]}>
            <Input inputMode="decimal" />
          </Form.Item>
          {kind === 'refund' ? (
            <Form.Item name="refund" label={t('returns.refund')}>
              <Input inputMode="decimal" />
            </Form.Item>
          ) : null}
          {kind === 'exchange_other' ? (
            <>
              <Form.Item name="newModelId" label={t('returns.newModel')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" loading={models.isFetching} options={(models.data?.items ?? []).map((model) => ({ value: model.id, label: `${model.brand} ${model.name}` }))} />
              </Form.Item>
              <Form.Item name="newModelPrice" label={t('claims.total')} rules={[{ required: true }]}>
                <Input inputMode="decimal" />
              </Form.Item>
            </>
          ) : null}
          <Form.Item name="reason" label={t('returns.reason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={lending} title={t('loaners.lend')} onCancel={() => setLending(false)} onOk={() => lendForm.submit()} okButtonProps={{ loading: lend.isPending }} destroyOnHidden>
        <Form form={lendForm} layout="vertical" onFinish={(values) => lend.mutate(values)}>
          <Form.Item name="loanerId" label={t('loaners.serial')} rules={[{ required: true }]}>
            <Select
              loading={available.isFetching}
              options={(available.data?.items ?? []).map((loaner) => ({ value: loaner.id, label: `${loaner.modelName} ${loaner.serialNumber}（${loaner.outletName ?? ''}，${LOANER_CONDITION_LABELS[loaner.condition][lang]}）` }))}
            />
          </Form.Item>
          <Form.Item name="expectedReturnDate" label={t('loaners.expectedReturn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="deposit" label={t('loaners.deposit')}>
            <Input inputMode="decimal" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** useMutation with the three callbacks in order (keeps the panel readable). */
function useMutationSafe<V, R>(mutationFn: (value: V) => Promise<R>, onSuccess: (result: R) => void, onError: (error: unknown) => void) {
  return useMutation({ mutationFn, onSuccess, onError });
}
