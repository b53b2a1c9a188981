import { useEffect } from 'react';
import { Button, Card, Form, Typography, type TableColumnsType } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TICKET_STATUSES, TICKET_TYPES } from '../../../../contracts/tickets';
import { canAccess } from '../../access';
import { ticketsApi, type TicketFilters, type TicketSummary } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { isFeedbackOverdue, statusLabel, TicketStatusBadge, TicketTypeTag, typeLabel, UrgencyTag } from '../../components/tickets/labels';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { QueueTabs } from '../../components/tickets/QueueTabs';
import { SavedFilters } from '../../components/tickets/SavedFilters';
import { QueueByOutlet } from './QueueByOutlet';
import { useI18n } from '../../i18n';
import { FilterInput, FilterSelect, ListTable, OneLineText, SearchForm } from '../../components/ListParts';

/** Filters that only the queues set (not fields of the search form): kept when the form is submitted. */
const QUEUE_ONLY = ['mine', 'unassigned', 'sla', 'outletId', 'customerId', 'assetId'] as const;
const SLA_QUEUES = ['at_risk', 'breached'] as const;

/**
 * The agent workspace: queue tabs with counts (全部未结, 我的, 未派工, 即将超时, 已超时, by type, by outlet),
 * saved filters, and the ticket list with text, status, open/closed and type filters; newest first.
 */
export function TicketsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // ?q=… (the global search) and ?sla=at_risk|breached (a link from the to-do bell) open the list so filtered
  const linkedSla = SLA_QUEUES.find((value) => value === params.get('sla'));
  const initial: TicketFilters = cleanFilters({ q: params.get('q') ?? undefined, sla: linkedSla });
  const [form] = Form.useForm<TicketFilters>();
  const { query, filters, setFilters, pagination, items } = usePagedQuery<TicketSummary, TicketFilters>('tickets', ticketsApi.list, initial);
  const queues = useQuery({ queryKey: ['tickets', 'queues'], queryFn: () => ticketsApi.queues(), refetchInterval: 60_000 });

  /** Replaces all filters (a queue or a saved filter) and shows the form's part in the form. */
  const applyFilters = (next: TicketFilters) => {
    form.resetFields();
    form.setFieldsValue({ q: next.q, status: next.status, isOpen: next.isOpen, type: next.type });
    setFilters(cleanFilters(next));
    void queues.refetch();
  };
  useEffect(() => {
    if (linkedSla && filters.sla !== linkedSla) applyFilters({ sla: linkedSla });
    // only a new link changes the queue; the user's own choices do not touch the URL
  }, [linkedSla]);
  const submitForm = (values: TicketFilters) => {
    const kept: TicketFilters = {};
    for (const key of QUEUE_ONLY) if (filters[key]) (kept as Record<string, string>)[key] = filters[key] as string;
    setFilters(cleanFilters({ ...kept, ...values }));
  };

  const columns: TableColumnsType<TicketSummary> = [
    {
      title: t('tickets.field.number'),
      dataIndex: 'number',
      key: 'number',
      render: (value: string, ticket) => (
        <Link to={`/tickets/${ticket.id}`} data-testid={`ticket-link-${value}`}>
          {value}
        </Link>
      ),
    },
    { title: t('tickets.field.type'), dataIndex: 'type', key: 'type', render: (_, ticket) => <TicketTypeTag type={ticket.type} /> },
    { title: t('common.status'), dataIndex: 'status', key: 'status', render: (_, ticket) => <TicketStatusBadge status={ticket.status} /> },
    { title: t('tickets.field.urgency'), dataIndex: 'urgency', key: 'urgency', render: (_, ticket) => <UrgencyTag urgency={ticket.urgency} /> },
    {
      title: t('tickets.field.customer'),
      dataIndex: 'customerName',
      key: 'customerName',
      render: (value: string, ticket) => <Link to={`/customers/${ticket.customerId}`}>{value || '—'}</Link>,
    },
    {
      title: t('tickets.field.description'),
      dataIndex: 'description',
      key: 'description',
      render: (value: string) => <OneLineText text={value} maxWidth={240} />,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (value: string) => <DateTime value={value} /> },
    {
      title: t('tickets.field.promisedFeedback'),
      dataIndex: 'promisedFeedbackAt',
      key: 'promisedFeedbackAt',
      render: (value: string, ticket) =>
        isFeedbackOverdue(value, ticket.status) ? (
          <Typography.Text type="danger" data-testid="feedback-overdue">
            <DateTime value={value} />
          </Typography.Text>
        ) : (
          <DateTime value={value} />
        ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('tickets.title')}
        extra={
          canAccess(me, 'tickets.create') ? (
            <Button type="primary" icon={<PhoneOutlined />} onClick={() => navigate('/tickets/new')} data-testid="tickets-new">
              {t('nav.ticketNew')}
            </Button>
          ) : null
        }
      />
      <QueueTabs counts={queues.data} filters={filters} onSelect={applyFilters} />
      <QueueByOutlet counts={queues.data} filters={filters} onSelect={applyFilters} />
      <SavedFilters filters={filters} onApply={applyFilters} />
      <SearchForm
        form={form}
        name="ticket-search"
        initialValues={initial}
        onSearch={submitForm}
        onReset={() => {
          form.setFieldsValue({ q: undefined });
          setFilters({});
        }}
      >
        <FilterInput name="q" placeholder={t('tickets.q')} width={220} />
        <FilterSelect name="status" placeholder={t('common.status')} width={140} options={TICKET_STATUSES.map((value) => ({ value, label: statusLabel(value, locale) }))} />
        <FilterSelect
          name="isOpen"
          placeholder={t('tickets.openClosed')}
          width={120}
          options={[
            { value: 'true', label: t('tickets.open') },
            { value: 'false', label: t('tickets.closed') },
          ]}
        />
        <FilterSelect name="type" placeholder={t('tickets.field.type')} width={140} options={TICKET_TYPES.map((value) => ({ value, label: typeLabel(value, locale) }))} />
      </SearchForm>
      <ListTable<TicketSummary>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
      />
    </Card>
  );
}
