/**
 * The workshop log (带回维修登记): units taken back in from a visit and returned out, newest
 * first, filtered by direction and text; 出库 for a unit still in.
 */
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Tag, type TableColumnsType } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { fieldApi, type WorkshopEntry, type WorkshopQuery } from '../../api/field';
import { DateTime } from '../../components/DateTime';
import { FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { errorText } from '../../components/useApiError';
import { useI18n } from '../../i18n';

type Filters = Omit<WorkshopQuery, 'page' | 'pageSize'>;

/** Receipt numbers whose unit went out, among the entries shown. */
export function receiptsOut(entries: readonly WorkshopEntry[]): Set<string> {
  return new Set(entries.filter((entry) => entry.direction === 'out').map((entry) => entry.receiptNumber));
}

export function WorkshopPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const queryClient = useQueryClient();
  const { query, setFilters, pagination, items } = usePagedQuery<WorkshopEntry, Filters>('workshop', fieldApi.workshop, {});
  const [outOf, setOutOf] = useState<WorkshopEntry | null>(null);
  const [note, setNote] = useState('');
  const [gone, setGone] = useState<Set<string>>(new Set());
  const out = useMutation({
    mutationFn: (entry: WorkshopEntry) => fieldApi.workshopOut(entry.id, note.trim() || null),
    onSuccess: (_created, entry) => {
      message.success(t('workshopLog.outDone'));
      setGone((current) => new Set(current).add(entry.receiptNumber));
      setOutOf(null);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['workshop'] });
    },
    onError: (error) => message.error(errorText(error, t, locale)),
  });
  const outReceipts = receiptsOut(items);

  const columns: TableColumnsType<WorkshopEntry> = [
    { title: t('workshopLog.receiptNumber'), dataIndex: 'receiptNumber', key: 'receiptNumber', render: (value: string) => <strong>{value}</strong> },
    {
      title: t('workshopLog.direction'),
      dataIndex: 'direction',
      key: 'direction',
      render: (direction: WorkshopEntry['direction']) => <Tag color={direction === 'in' ? 'orange' : 'green'}>{t(`workshopLog.direction.${direction}`)}</Tag>,
    },
    {
      title: t('workshopLog.workOrder'),
      key: 'workOrder',
      render: (_, entry) => (entry.workOrderNumber ? <Link to={`/tickets/${entry.ticketId}`}>{entry.workOrderNumber}</Link> : '—'),
    },
    { title: t('workshopLog.unit'), dataIndex: 'unitDescription', key: 'unit' },
    { title: t('workshopLog.condition'), dataIndex: 'condition', key: 'condition', render: (value: string | null) => value ?? '—' },
    { title: t('workshopLog.note'), dataIndex: 'note', key: 'note', ellipsis: true, render: (value: string | null) => value ?? '—' },
    { title: t('workshopLog.at'), dataIndex: 'at', key: 'at', render: (value: string) => <DateTime value={value} /> },
    { title: t('workshopLog.actor'), dataIndex: 'actorName', key: 'actor', render: (value: string | null) => value ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, entry) => (
        <>
          {entry.direction === 'in' && !outReceipts.has(entry.receiptNumber) && !gone.has(entry.receiptNumber) ? (
            <Button size="small" type="primary" onClick={() => setOutOf(entry)} data-testid="workshop-out">
              {t('workshopLog.out')}
            </Button>
          ) : null}
          <Button type="link" size="small" href={`/print/receipt/${entry.workOrderId}`} target="_blank">
            {t('workshopLog.receipt')}
          </Button>
        </>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader title={t('workshopLog.title')} />
      <SearchForm form={form} name="workshop-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterInput name="q" placeholder={t('workshopLog.q')} width={220} />
        <FilterSelect
          name="direction"
          placeholder={t('workshopLog.direction')}
          width={120}
          options={[
            { value: 'in', label: t('workshopLog.direction.in') },
            { value: 'out', label: t('workshopLog.direction.out') },
          ]}
        />
      </SearchForm>
      <ListTable<WorkshopEntry> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <Modal
        open={outOf !== null}
        title={outOf ? t('workshopLog.outTitle', { number: outOf.receiptNumber }) : ''}
        okText={t('workshopLog.out')}
        onOk={() => outOf && out.mutate(outOf)}
        confirmLoading={out.isPending}
        onCancel={() => {
          setOutOf(null);
          setNote('');
        }}
        destroyOnHidden
      >
        <p>{outOf?.unitDescription}</p>
        <Input.TextArea value={note} onChange={(event) => setNote(event.target.value)} placeholder={t('workshopLog.note')} maxLength={500} rows={3} />
      </Modal>
    </Card>
  );
}
