import { AutoComplete, Card, DatePicker, Form, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { LIMITS } from '../../../../contracts/limits';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import type { Dayjs } from 'dayjs';
import { api } from '../../api/endpoints';
import type { AuditEntry, AuditQuery } from '../../api/types';
import { AuditDiff } from '../../components/AuditDiff';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useT } from '../../i18n';
import { shanghaiDayBoundary } from '../../time';
import { ListTable, SearchButtons } from '../../components/ListParts';

type Filters = Omit<AuditQuery, 'page' | 'pageSize'>;

/** Entities and actions the server records today; the inputs accept any other value too. */
const KNOWN_ENTITIES = ['user', 'session', 'outlet', 'api_token'];
const KNOWN_ACTIONS = [
  'created',
  'updated',
  'revoked',
  'login',
  'logout',
  'login_failed',
  'password_changed',
  'password_reset',
  'sessions_revoked',
  'preferences_updated',
];
const asOptions = (values: string[]) => values.map((value) => ({ value }));
type FormValues = { entity?: string; entityId?: string; action?: string; actorId?: string; range?: [Dayjs | null, Dayjs | null] | null };

/** A tag colour by the kind of action (`created`, `user.update`, `login`, …). */
export function actionColor(action: string): string {
  if (/creat/i.test(action)) return 'green';
  if (/delet|revok|disabl|lock|fail/i.test(action)) return 'red';
  if (/updat|chang|reset|enabl/i.test(action)) return 'blue';
  if (/login|logout|session/i.test(action)) return 'cyan';
  return 'geekblue';
}

export function toAuditFilters(values: FormValues): Filters {
  const { range, ...rest } = values;
  const filters: Filters = cleanFilters(rest);
  if (range?.[0]) filters.from = shanghaiDayBoundary(range[0].format('YYYY-MM-DD'), 'start');
  if (range?.[1]) filters.to = shanghaiDayBoundary(range[1].format('YYYY-MM-DD'), 'end');
  return filters;
}

export function AuditPage() {
  const t = useT();
  const me = useMe();
  const [form] = Form.useForm<FormValues>();
  const users = useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => api.users.list({ page: 1, pageSize: LIMITS.pageSizeMax }),
    enabled: canAccess(me, 'users.read'),
  });
  const { query, setFilters, pagination, items } = usePagedQuery<AuditEntry, Filters>('audit', api.audit.list, {});

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 180, render: (value: string) => <DateTime value={value} /> },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, entry) => (
        <Space size={4}>
          <Tag>{t(`audit.actorType.${entry.actorType}`)}</Tag>
          <span title={entry.actorId ?? undefined}>{entry.actorName ?? entry.actorId ?? '—'}</span>
        </Space>
      ),
    },
    { title: t('audit.entity'), dataIndex: 'entity', key: 'entity' },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      key: 'entityId',
      render: (value: string | null) => (value ? <Typography.Text copyable={{ text: value }} style={{ fontFamily: 'monospace' }}>{value.slice(0, 8)}</Typography.Text> : '—'),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      key: 'action',
      render: (action: string) => <Tag color={actionColor(action)}>{action}</Tag>,
    },
    { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (value: string | null) => value ?? '—' },
  ];

  return (
    <Card>
      <PageHeader title={t('audit.title')} />
      <Form form={form} layout="inline" onFinish={(values) => setFilters(toAuditFilters(values))} style={{ marginBottom: 16, rowGap: 8 }} name="audit-search">
        <Form.Item name="entity">
          <AutoComplete placeholder={t('audit.entity')} allowClear style={{ width: 140 }} options={asOptions(KNOWN_ENTITIES)} />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder={t('audit.entityId')} allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="action">
          <AutoComplete placeholder={t('audit.action')} allowClear style={{ width: 170 }} options={asOptions(KNOWN_ACTIONS)} />
        </Form.Item>
        <Form.Item name="actorId">
          {users.data ? (
            <Select
              placeholder={t('audit.actor')}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 180 }}
              options={users.data.items.map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }))}
            />
          ) : (
            <Input placeholder={t('audit.actorId')} allowClear style={{ width: 160 }} />
          )}
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <SearchButtons
          onReset={() => {
            form.resetFields();
            setFilters({});
          }}
        />
      </Form>
      <ListTable<AuditEntry>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
        expandable={{
          expandedRowRender: (entry) => (
            <div>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
                {t('audit.diff')}
                {entry.requestId ? ` · ${t('audit.requestId')}: ${entry.requestId}` : ''}
              </Typography.Text>
              <AuditDiff before={entry.before} after={entry.after} />
            </div>
          ),
          rowExpandable: (entry) => entry.before !== null || entry.after !== null,
        }}
      />
    </Card>
  );
}
