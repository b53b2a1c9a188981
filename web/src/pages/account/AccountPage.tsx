import { App, Button, Card, Descriptions, Popconfirm, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/endpoints';
import type { SessionView } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { DateTime } from '../../components/DateTime';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { RoleTags } from '../../components/RoleTags';
import { useApiError } from '../../components/useApiError';
import { useT } from '../../i18n';

function SessionsTable() {
  const t = useT();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: api.auth.sessions });

  const revoke = async (session: SessionView) => {
    try {
      await api.auth.revokeSession(session.id);
      void message.success(t('account.session.revoked'));
      await queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
    } catch (error) {
      handleError(error);
    }
  };

  const columns: TableColumnsType<SessionView> = [
    {
      title: t('account.session.createdAt'),
      dataIndex: 'createdAt',
      render: (value: string, session) => (
        <>
          <DateTime value={value} /> {session.isCurrent ? <Tag color="blue">{t('account.session.current')}</Tag> : null}
        </>
      ),
    },
    { title: t('account.session.lastSeenAt'), dataIndex: 'lastSeenAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('account.session.expiresAt'), dataIndex: 'expiresAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('account.session.ip'), dataIndex: 'ip', render: (value: string | null) => value ?? '—' },
    { title: t('account.session.userAgent'), dataIndex: 'userAgent', width: 320, ellipsis: true, render: (value: string | null) => value ?? '—' },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, session) =>
        session.isCurrent ? null : (
          <Popconfirm title={t('common.confirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => revoke(session)}>
            <Button type="link" size="small" danger>
              {t('account.session.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Table<SessionView>
      rowKey="id"
      columns={columns}
      dataSource={sessions.data?.items ?? []}
      loading={sessions.isFetching}
      pagination={false}
      tableLayout="fixed"
      size="middle"
    />
  );
}

export function AccountPage() {
  const t = useT();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'profile';

  return (
    <Card title={t('account.title')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          {
            key: 'profile',
            label: t('account.profile'),
            children: (
              <Descriptions
                column={1}
                bordered
                size="small"
                style={{ maxWidth: 640 }}
                items={[
                  { key: 'username', label: t('users.username'), children: me.username },
                  { key: 'displayName', label: t('users.displayName'), children: me.displayName },
                  { key: 'roles', label: t('users.roles'), children: <RoleTags roles={me.roles} /> },
                  { key: 'locale', label: t('users.locale'), children: <LanguageSwitch size="small" /> },
                ]}
              />
            ),
          },
          { key: 'password', label: t('password.title'), children: <ChangePasswordForm /> },
          { key: 'sessions', label: t('account.sessions'), children: <SessionsTable /> },
        ]}
      />
    </Card>
  );
}
