import { useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Tabs, Typography, type TableColumnsType } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { WORK_ORDER_STATUSES, WORK_TYPES } from '../../../../contracts/dispatch';
import { canAccess } from '../../access';
import { dispatchApi, type TWorkOrderView, type WorkOrderFilters, type WorkType } from '../../api/dispatch';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { FilterInput, FilterSelect, ListTable, OneLineText, SearchForm } from '../../components/ListParts';
import { useOutletOptions } from '../../components/useOutletOptions';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n, type MessageKey } from '../../i18n';
import { DispatchSettingsModal } from './DispatchSettingsModal';
import { elapsedText, formatWindow, PriorityTag, workOrderStatusLabel, WorkOrderStatusTag, workTypeLabel } from './WorkOrderLabels';

/** The quick filters above the list and what each one asks the server for. */
export const WORK_ORDER_TABS = [
  { key: 'all', labelKey: 'dispatch.tab.all', filters: {} },
  { key: 'waiting', labelKey: 'dispatch.tab.waiting', filters: { status: 'waiting' } },
  { key: 'dispatched', labelKey: 'dispatch.tab.dispatched', filters: { status: 'dispatched' } },
  { key: 'feedback', labelKey: 'dispatch.tab.feedback', filters: { feedbackOverdue: 'true' } },
  { key: 'active', labelKey: 'dispatch.tab.active', filters: { status: 'assigned,on_the_way,arrived,in_progress' } },
  { key: 'toVerify', labelKey: 'dispatch.tab.toVerify', filters: { status: 'completed,not_completed' } },
] as const satisfies readonly { key: string; labelKey: MessageKey; filters: WorkOrderFilters }[];
export type WorkOrderTab = (typeof WORK_ORDER_TABS)[number]['key'];

type SearchValues = { q?: string; date?: Dayjs | null; outletId?: string; type?: WorkType; status?: string };

/** The list query of a tab plus the search form (the form's status wins over the tab's). */
export function workOrderFilters(tab: WorkOrderTab, values: SearchValues): WorkOrderFilters {
  const base = WORK_ORDER_TABS.find((entry) => entry.key === tab)?.filters ?? {};
  const { date, ...rest } = values;
  // the form answers every field, empty ones as undefined: only filled ones override the tab
  return { ...base, ...cleanFilters<WorkOrderFilters>({ ...rest, date: date ? date.format('YYYY-MM-DD') : undefined }) };
}

/**
 * 派工单: quick tabs (全部, 待派工, 已派网点, 待反馈催办, 进行中, 已完工待核验), filters (date, outlet,
 * type, status, text) and the table; 派工设置 for users with dispatch.plan.
 */
export function WorkOrdersPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<SearchValues>();
  // ?tab=waiting (a link from the to-do bell) opens that quick tab
  const [params] = useSearchParams();
  const linkedTab = WORK_ORDER_TABS.find((entry) => entry.key === params.get('tab'))?.key;
  const [tab, setTab] = useState<WorkOrderTab>(linkedTab ?? 'all');
  const [values, setValues] = useState<SearchValues>({});
  const [settingsOpen, setSettingsOpen] = useState(false);
  const { query, setFilters, pagination, items } = usePagedQuery<TWorkOrderView, WorkOrderFilters>('work-orders', dispatchApi.list, workOrderFilters(linkedTab ?? 'all', {}));
  const outletOptions = useOutletOptions(canAccess(me, 'outlets.read')).options;

  const apply = (nextTab: WorkOrderTab, nextValues: SearchValues) => {
    setTab(nextTab);
    setValues(nextValues);
    setFilters(workOrderFilters(nextTab, nextValues));
  };
  useEffect(() => {
    if (linkedTab && linkedTab !== tab) apply(linkedTab, values);
    // only a new link moves the tab; the user's own clicks do not touch the URL
  }, [linkedTab]);

  const columns: TableColumnsType<TWorkOrderView> = [
    {
      title: t('dispatch.field.number'),
      dataIndex: 'number',
      key: 'number',
      fixed: 'left',
      render: (value: string, order) => (
        <Link to={`/work-orders/${order.id}`} data-testid={`work-order-link-${value}`}>
          {value}
        </Link>
      ),
    },
    {
      title: t('dispatch.field.ticket'),
      dataIndex: 'ticketNumber',
      key: 'ticketNumber',
      render: (value: string, order) => <Link to={`/tickets/${order.ticketId}`}>{value}</Link>,
    },
    { title: t('dispatch.field.customer'), dataIndex: 'customerName', key: 'customerName', render: (value: string | null) => value || '—' },
    { title: t('dispatch.field.type'), dataIndex: 'type', key: 'type', render: (value: WorkType) => workTypeLabel(value, locale) },
    {
      title: t('dispatch.field.window'),
      key: 'window',
      render: (_, order) => <span style={{ whiteSpace: 'nowrap' }}>{formatWindow(order.windowStart, order.windowEnd, locale)}</span>,
    },
    {
      title: t('dispatch.field.address'),
      dataIndex: 'address',
      key: 'address',
      render: (value: string) => <OneLineText text={value} maxWidth={220} />,
    },
    {
      title: t('dispatch.field.outlet'),
      dataIndex: 'outletName',
      key: 'outletName',
      render: (value: string | null) => (tab === 'feedback' ? <Typography.Text strong>{value ?? '—'}</Typography.Text> : value ?? '—'),
    },
    ...(tab === 'feedback'
      ? [
          {
            title: t('dispatch.feedback.sinceDispatch'),
            key: 'sinceDispatch',
            render: (_: unknown, order: TWorkOrderView) => (
              <span data-testid="since-dispatch">
                <Typography.Text type="danger">{elapsedText(order.dispatchedAt, t)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  <DateTime value={order.dispatchedAt} />
                </Typography.Text>
              </span>
            ),
          },
        ]
      : []),
    { title: t('dispatch.field.technician'), dataIndex: 'technicianName', key: 'technicianName', render: (value: string | null) => value ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      key: 'status',
      // the state stays in view when the row is wider than the screen
      fixed: 'right',
      render: (_, order) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <WorkOrderStatusTag status={order.status} technicianId={order.technicianId} />
          {order.feedbackOverdue && tab !== 'feedback' ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('dispatch.feedbackOverdue')}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { title: t('dispatch.field.priority'), dataIndex: 'priority', key: 'priority', render: (_, order) => <PriorityTag priority={order.priority} /> },
  ];

  return (
    <Card>
      <PageHeader
        title={t('dispatch.list.title')}
        extra={
          canAccess(me, 'dispatch.plan') ? (
            <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="dispatch-settings">
              {t('dispatch.settings.title')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => apply(key as WorkOrderTab, values)}
        items={WORK_ORDER_TABS.map((entry) => ({ key: entry.key, label: t(entry.labelKey) }))}
        data-testid="work-order-tabs"
      />
      {tab === 'feedback' ? <Typography.Paragraph type="secondary">{t('dispatch.feedback.hint')}</Typography.Paragraph> : null}
      <SearchForm form={form} name="work-order-search" onSearch={(next) => apply(tab, next)} onReset={() => apply(tab, {})}>
        <FilterInput name="q" placeholder={t('dispatch.list.q')} width={220} data-testid="work-order-q" />
        <Form.Item name="date">
          <DatePicker placeholder={t('dispatch.list.date')} data-testid="work-order-date" />
        </Form.Item>
        {canAccess(me, 'outlets.read') ? (
          <FilterSelect name="outletId" placeholder={t('dispatch.field.outlet')} width={180} showSearch={{ optionFilterProp: 'label' }} options={outletOptions} />
        ) : null}
        <FilterSelect
          name="type"
          placeholder={t('dispatch.field.type')}
          width={140}
          options={WORK_TYPES.map((value) => ({ value, label: workTypeLabel(value, locale) }))}
          data-testid="work-order-type"
        />
        <FilterSelect name="status" placeholder={t('common.status')} width={140} options={WORK_ORDER_STATUSES.map((value) => ({ value, label: workOrderStatusLabel(value, locale) }))} />
      </SearchForm>
      <ListTable<TWorkOrderView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      {canAccess(me, 'dispatch.plan') ? <DispatchSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} /> : null}
    </Card>
  );
}
