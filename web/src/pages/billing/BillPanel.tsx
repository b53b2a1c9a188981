/**
 * 报价 / 账单 of one work order (issue 13), on the work-order page and the phone: the lines of
 * the quote (priced from the fee schedule, in warranty for the maker), the totals, the
 * customer's confirmation (the code staff read out, or the signature), a discount or waiver
 * proposal, and payment (cash / bank / POS with reference, or a WeChat Pay / Alipay link).
 */
import { useState } from 'react';
import { App, Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LINE_KIND_LABELS, PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type PaymentMethod } from '../../../../contracts/billing';
import { billingApi, yuan, type Bill } from '../../api/billing';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

export function BillPanel({ workOrderId, compact = false }: { workOrderId: string; compact?: boolean }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const client = useQueryClient();
  const key = ['billing', 'bill', workOrderId];
  const query = useQuery({ queryKey: key, queryFn: () => billingApi.billOfWorkOrder(workOrderId) });
  const bill = query.data?.bill ?? null;
  const refresh = () => client.invalidateQueries({ queryKey: key });
  const [dialog, setDialog] = useState<null | 'confirm' | 'propose' | 'pay'>(null);
  const [form] = Form.useForm();
  const done = (text = t('billing.saved')) => {
    message.success(text);
    setDialog(null);
    form.resetFields();
    void refresh();
  };
  const quote = useMutation({ mutationFn: () => billingApi.quote(workOrderId), onSuccess: () => done(), onError: (error) => handleError(error) });
  const confirm = useMutation({
    mutationFn: (values: { method: 'code' | 'signature'; code?: string }) => billingApi.confirm(bill!.id, { version: bill!.version, method: values.method, ...(values.code ? { code: values.code } : {}) }),
    onSuccess: () => done(t('billing.confirmed')),
    onError: (error) => handleError(error, form),
  });
  const propose = useMutation({
    mutationFn: (values: { kind: 'discount' | 'waiver'; percent?: number; reason: string }) => billingApi.propose(bill!.id, values.kind === 'waiver' ? { kind: 'waiver', reason: values.reason } : { kind: 'discount', percent: values.percent, reason: values.reason }),
    onSuccess: () => done(),
    onError: (error) => handleError(error, form),
  });
  const pay = useMutation({
    mutationFn: async (values: { method: PaymentMethod; amount: number; reference?: string }) => {
      const amountFen = Math.round(values.amount * 100);
      if (values.method === 'wechat' || values.method === 'alipay') {
        const link = await billingApi.payLink(bill!.id, { method: values.method, amountFen });
        return billingApi.refresh(link.id);
      }
      return billingApi.pay(bill!.id, { method: values.method, amountFen, reference: values.reference || null });
    },
    onSuccess: (payment) => done(payment.status === 'succeeded' ? t('billing.saved') : t('billing.pending')),
    onError: (error) => handleError(error, form),
  });
  const mayQuote = canAccess(me, 'billing.quote');
  const mayCollect = canAccess(me, 'billing.collect');

  if (query.isLoading) return <Card size="small" title={t('billing.quote')} loading />;
  if (!bill) {
    return (
      <Card size="small" title={t('billing.quote')} data-testid="bill-panel">
        <Space>
          <Typography.Text type="secondary">{t('billing.noQuote')}</Typography.Text>
          {mayQuote ? <Button type="primary" onClick={() => quote.mutate()} loading={quote.isPending}>{t('billing.makeQuote')}</Button> : null}
        </Space>
      </Card>
    );
  }
  const isFinal = bill.status === 'final';
  return (
    <Card size="small" title={`${t('billing.quote')} · ${bill.scheduleName}`} data-testid="bill-panel" extra={bill.confirmedAt ? <Tag color="green">{t('billing.confirmed')}</Tag> : null}>
      {bill.isWarranty ? <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('billing.warranty')} /> : null}
      {bill.needsReconfirm ? <Alert type="warning" showIcon style={{ marginBottom: 8 }} message={t('billing.needsReconfirm')} /> : null}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={bill.lines}
        columns={[
          { title: t('billing.kind'), dataIndex: 'kind', width: 80, render: (kind: keyof typeof LINE_KIND_LABELS) => LINE_KIND_LABELS[kind][locale === 'en' ? 'en' : 'zh'] },
          { title: t('billing.name'), dataIndex: 'description' },
          ...(compact ? [] : [{ title: '×', dataIndex: 'quantity', width: 50 }]),
          { title: t('billing.amount'), dataIndex: 'amountFen', align: 'right' as const, width: 100, render: (fen: number) => yuan(fen) },
        ]}
      />
      <Descriptions size="small" column={compact ? 2 : 4} style={{ marginTop: 8 }}>
        <Descriptions.Item label={t('billing.subtotal')}>{yuan(bill.subtotalFen)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.discount')}>{yuan(bill.discountFen)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.due')}><b data-testid="bill-due">{yuan(bill.dueFen)}</b></Descriptions.Item>
        {bill.isWarranty ? <Descriptions.Item label={t('billing.claim')}>{yuan(bill.claimFen)}</Descriptions.Item> : null}
        <Descriptions.Item label={t('billing.paid')}>{yuan(bill.paidFen - bill.refundedFen)}</Descriptions.Item>
        <Descriptions.Item label={t('billing.outstanding')}>{yuan(bill.outstandingFen)}</Descriptions.Item>
        {bill.pendingApprovals ? <Descriptions.Item label={t('billing.pendingApprovals')}><Tag color="orange">{bill.pendingApprovals}</Tag></Descriptions.Item> : null}
        {bill.confirmCode ? <Descriptions.Item label={t('billing.confirmCode')}><Typography.Text code data-testid="confirm-code">{bill.confirmCode}</Typography.Text></Descriptions.Item> : null}
      </Descriptions>
      <Space wrap style={{ marginTop: 8 }}>
        {mayQuote && !isFinal ? <Button onClick={() => quote.mutate()} loading={quote.isPending}>{t('billing.requote')}</Button> : null}
        {mayQuote && !isFinal && (!bill.confirmedAt || bill.needsReconfirm) ? <Button type="primary" onClick={() => setDialog('confirm')}>{t('billing.confirm')}</Button> : null}
        {mayQuote && bill.dueFen > 0 && !bill.pendingApprovals ? <Button onClick={() => setDialog('propose')}>{t('billing.propose')}</Button> : null}
        {mayCollect && bill.outstandingFen > 0 ? <Button onClick={() => { form.setFieldsValue({ method: 'cash', amount: bill.outstandingFen / 100 }); setDialog('pay'); }}>{t('billing.pay')}</Button> : null}
      </Space>
      <Modal open={dialog === 'confirm'} title={t('billing.confirm')} onCancel={() => setDialog(null)} onOk={() => form.submit()} confirmLoading={confirm.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ method: 'code' }} onFinish={(values) => confirm.mutate(values)}>
          <Form.Item name="method" label={t('billing.method')}>
            <Radio.Group options={[{ value: 'code', label: t('billing.byCode') }, { value: 'signature', label: t('billing.bySignature') }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => (form.getFieldValue('method') === 'code' ? <Form.Item name="code" label={t('billing.codeFromCustomer')} rules={[{ required: true }]}><Input inputMode="numeric" maxLength={6} /></Form.Item> : null)}
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={dialog === 'propose'} title={t('billing.propose')} onCancel={() => setDialog(null)} onOk={() => form.submit()} confirmLoading={propose.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" initialValues={{ kind: 'discount' }} onFinish={(values) => propose.mutate(values)}>
          <Form.Item name="kind" label={t('billing.kind')}>
            <Radio.Group options={[{ value: 'discount', label: t('billing.discount') }, { value: 'waiver', label: t('billing.waiver') }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => (form.getFieldValue('kind') === 'discount' ? <Form.Item name="percent" label={t('billing.percent')} rules={[{ required: true }]}><InputNumber min={0.01} max={100} step={1} /></Form.Item> : null)}
          </Form.Item>
          <Form.Item name="reason" label={t('billing.reason')} rules={[{ required: true, min: 2 }]}><Input.TextArea rows={2} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={dialog === 'pay'} title={t('billing.pay')} onCancel={() => setDialog(null)} onOk={() => form.submit()} confirmLoading={pay.isPending} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(values) => pay.mutate(values)}>
          <Form.Item name="method" label={t('billing.method')}>
            <Select options={PAYMENT_METHODS.map((method) => ({ value: method, label: PAYMENT_METHOD_LABELS[method][locale === 'en' ? 'en' : 'zh'] }))} />
          </Form.Item>
          <Form.Item name="amount" label={t('billing.amount')} rules={[{ required: true }]}><InputNumber min={0.01} step={1} precision={2} /></Form.Item>
          <Form.Item noStyle shouldUpdate>
            {() => (['bank', 'pos'].includes(form.getFieldValue('method')) ? <Form.Item name="reference" label={t('billing.reference')} rules={[{ required: true }]}><Input /></Form.Item> : null)}
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
