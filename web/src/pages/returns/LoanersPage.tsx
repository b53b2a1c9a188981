/**
 * 借用机 (issue 12): the pool per outlet (model, serial, condition, status, who has it), 借出
 * against a ticket with the expected return date and a deposit, 归还 on the same ticket with
 * the condition found; a tab lists the overdue loans.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { LOANER_CONDITION_LABELS, LOANER_CONDITIONS } from '../../../../contracts/returns';
import { loanersApi, yuan, yuanToFen, type Loan, type Loaner } from '../../api/returns';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useOutletOptions } from '../../components/useOutletOptions';
import { useI18n } from '../../i18n';

type LendForm = { ticketId: string; expectedReturnDate: Dayjs; deposit?: string; note?: string };
type ReturnForm = { condition: (typeof LOANER_CONDITIONS)[number]; depositRefund?: string; note?: string };

export function LoanersPage() {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [lending, setLending] = useState<Loaner | null>(null);
  const [returning, setReturning] = useState<Loaner | null>(null);
  const [adding, setAdding] = useState(false);
  const [lendForm] = Form.useForm<LendForm>();
  const [returnForm] = Form.useForm<ReturnForm>();
  const [addForm] = Form.useForm<{ outletId: string; modelName: string; serialNumber: string }>();
  const pool = useQuery({ queryKey: ['loaners'], queryFn: () => loanersApi.list() });
  const overdue = useQuery({ queryKey: ['loaners', 'overdue'], queryFn: () => loanersApi.loans({ overdue: 'true' }) });
  const outlets = useOutletOptions(adding);
  const canLend = canAccess(me, 'loaners.lend');
  const done = () => {
    void message.success(t('loaners.saved'));
    void queryClient.invalidateQueries({ queryKey: ['loaners'] });
  };
  const lend = useMutation({
    mutationFn: ({ loaner, values }: { loaner: Loaner; values: LendForm }) =>
      loanersApi.lend(loaner.id, { ticketId: values.ticketId.trim(), expectedReturnDate: values.expectedReturnDate.format('YYYY-MM-DD'), depositFen: values.deposit ? (yuanToFen(values.deposit) ?? -1) : 0, ...(values.note ? { note: values.note } : {}) }),
    onSuccess: () => {
      setLending(null);
      lendForm.resetFields();
      done();
    },
    onError: (error) => handleError(error, lendForm),
  });
  const giveBack = useMutation({
    mutationFn: ({ loaner, values }: { loaner: Loaner; values: ReturnForm }) =>
      loanersApi.giveBack(loaner.id, { ticketId: loaner.currentLoan!.ticketId, condition: values.condition, ...(values.depositRefund ? { depositRefundFen: yuanToFen(values.depositRefund) ?? -1 } : {}), ...(values.note ? { note: values.note } : {}) }),
    onSuccess: () => {
      setReturning(null);
      returnForm.resetFields();
      done();
    },
    onError: (error) => handleError(error, returnForm),
  });
  const add = useMutation({
    mutationFn: loanersApi.create,
    onSuccess: () => {
      setAdding(false);
      addForm.resetFields();
      done();
    },
    onError: (error) => handleError(error, addForm),
  });

  const columns: TableColumnsType<Loaner> = [
    { title: t('loaners.outlet'), dataIndex: 'outletName', key: 'outlet' },
    { title: t('loaners.model'), dataIndex: 'modelName', key: 'model' },
    { title: t('loaners.serial'), dataIndex: 'serialNumber', key: 'serial' },
    { title: t('loaners.condition'), dataIndex: 'condition', key: 'condition', render: (value: Loaner['condition']) => LOANER_CONDITION_LABELS[value][lang] },
    {
      title: t('loaners.status'),
      key: 'status',
      render: (_, row) => (
        <Space>
          <Tag color={row.status === 'lent' ? 'blue' : row.status === 'available' ? 'green' : 'default'}>{t(`loaners.status.${row.status}`)}</Tag>
          {row.currentLoan ? `${row.currentLoan.ticketNumber ?? ''} ${row.currentLoan.customerName ?? ''} · ${t('loaners.expectedReturn')} ${row.currentLoan.expectedReturnDate}` : null}
          {row.currentLoan?.isOverdue ? <Tag color="red">{t('loaners.isOverdue')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) =>
        !canLend ? null : row.status === 'available' ? (
          <Button size="small" onClick={() => setLending(row)}>{t('loaners.lend')}</Button>
        ) : row.status === 'lent' ? (
          <Button size="small" onClick={() => setReturning(row)}>{t('loaners.giveBack')}</Button>
        ) : null,
    },
  ];
  const loanColumns: TableColumnsType<Loan> = [
    { title: t('loaners.serial'), dataIndex: 'loanerSerial', key: 'serial' },
    { title: t('loaners.model'), dataIndex: 'loanerModel', key: 'model' },
    { title: t('loaners.ticket'), dataIndex: 'ticketNumber', key: 'ticket' },
    { title: t('loaners.customer'), dataIndex: 'customerName', key: 'customer' },
    { title: t('loaners.lentAt'), dataIndex: 'lentAt', key: 'lentAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('loaners.expectedReturn'), dataIndex: 'expectedReturnDate', key: 'expected', render: (value: string) => <Tag color="red">{value}</Tag> },
    { title: t('loaners.deposit'), dataIndex: 'depositFen', key: 'deposit', align: 'right', render: (value: number) => yuan(value) },
  ];

  return (
    <>
      <PageHeader title={t('loaners.title')} extra={canAccess(me, 'loaners.manage') ? <Button onClick={() => setAdding(true)}>{t('loaners.add')}</Button> : null} />
      <Tabs
        // ?tab=overdue (a link from the to-do bell) opens the overdue loans
        defaultActiveKey={params.get('tab') === 'overdue' ? 'overdue' : 'pool'}
        items={[
          { key: 'pool', label: t('loaners.pool'), children: <Table rowKey="id" columns={columns} dataSource={pool.data?.items ?? []} loading={pool.isFetching} pagination={false} /> },
          { key: 'overdue', label: `${t('loaners.overdue')} (${overdue.data?.items.length ?? 0})`, children: <Table rowKey="id" columns={loanColumns} dataSource={overdue.data?.items ?? []} loading={overdue.isFetching} pagination={false} /> },
        ]}
      />
      <Modal open={!!lending} title={`${t('loaners.lend')} ${lending?.serialNumber ?? ''}`} onCancel={() => setLending(null)} onOk={() => lendForm.submit()} okButtonProps={{ loading: lend.isPending }} destroyOnHidden>
        <Form form={lendForm} layout="vertical" onFinish={(values) => lending && lend.mutate({ loaner: lending, values })}>
          <Form.Item name="ticketId" label={t('loaners.ticketId')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="expectedReturnDate" label={t('loaners.expectedReturn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="deposit" label={t('loaners.deposit')}>
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="note" label={t('loaners.note')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!returning} title={`${t('loaners.giveBack')} ${returning?.serialNumber ?? ''}`} onCancel={() => setReturning(null)} onOk={() => returnForm.submit()} okButtonProps={{ loading: giveBack.isPending }} destroyOnHidden>
        <Form form={returnForm} layout="vertical" initialValues={{ condition: 'good' }} onFinish={(values) => returning && giveBack.mutate({ loaner: returning, values })}>
          <Form.Item name="condition" label={t('loaners.condition')}>
            <Select options={LOANER_CONDITIONS.map((value) => ({ value, label: LOANER_CONDITION_LABELS[value][lang] }))} />
          </Form.Item>
          <Form.Item name="depositRefund" label={t('loaners.depositRefund')}>
            <Input inputMode="decimal" placeholder={returning?.currentLoan ? yuan(returning.currentLoan.depositFen) : ''} />
          </Form.Item>
          <Form.Item name="note" label={t('loaners.note')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={adding} title={t('loaners.add')} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} okButtonProps={{ loading: add.isPending }} destroyOnHidden>
        <Form form={addForm} layout="vertical" onFinish={(values) => add.mutate(values)}>
          <Form.Item name="outletId" label={t('loaners.outlet')} rules={[{ required: true }]}>
            <Select options={outlets.options} loading={outlets.isFetching} />
          </Form.Item>
          <Form.Item name="modelName" label={t('loaners.model')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="serialNumber" label={t('loaners.serial')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
