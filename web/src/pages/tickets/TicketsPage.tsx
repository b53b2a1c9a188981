import { Button, Card, Form, Input, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { TICKET_STATUSES, TICKET_TYPES } from '../../../../contracts/tickets';
import { canAccess } from '../../access';
import { ticketsApi, type TicketFilters, type TicketSummary } from '../../api/tickets';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { isFeedbackOverdue, statusLabel, TicketStatusBadge, TicketTypeTag, typeLabel, UrgencyTag } from '../../components/tickets/labels';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';

/** The ticket list: text, status, open/closed and type filters; newest first (server order). */
export function TicketsPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const initial: TicketFilters = params.get('q') ? { q: params.get('q') ?? undefined } : {};
  const [form] = Form.useForm<TicketFilters>();
  const { query, setFilters, pagination, items } = usePagedQuery<TicketSummary, TicketFilters>('tickets', ticketsApi.list, initial);

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
      render: (value: string) => (
        <Typography.Text ellipsis={{ tooltip: value }} style={{ maxWidth: 240 }}>
          {value}
        </Typography.Text>
      ),
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
      <Form form={form} layout="inline" initialValues={initial} onFinish={(values) => setFilters(cleanFilters(values))} style={{ marginBottom: 16, rowGap: 8 }} name="ticket-search">
        <Form.Item name="q">
          <Input placeholder={t('tickets.q')} allowClear style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="status">
          <Select
            placeholder={t('common.status')}
            allowClear
            style={{ width: 140 }}
            options={TICKET_STATUSES.map((value) => ({ value, label: statusLabel(value, locale) }))}
          />
        </Form.Item>
        <Form.Item name="isOpen">
          <Select
            placeholder={t('tickets.openClosed')}
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'true', label: t('tickets.open') },
              { value: 'false', label: t('tickets.closed') },
            ]}
          />
        </Form.Item>
        <Form.Item name="type">
          <Select
            placeholder={t('tickets.field.type')}
            allowClear
            style={{ width: 140 }}
            options={TICKET_TYPES.map((value) => ({ value, label: typeLabel(value, locale) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ q: undefined });
                setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<TicketSummary>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
        scroll={{ x: 'max-content' }}
        size="middle"
      />
    </Card>
  );
}
