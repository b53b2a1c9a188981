import { useState } from 'react';
import { App, Button, Card, Dropdown, Form, Tag, type TableColumnsType } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ROLES } from '../../../../contracts/permissions';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import type { UserQuery, UserView } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { RoleTags } from '../../components/RoleTags';
import { SecretModal } from '../../components/SecretModal';
import { useApiError } from '../../components/useApiError';
import { outletNameWithCode, useOutletOptions } from '../../components/useOutletOptions';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';
import { UserDrawer } from './UserDrawer';
import { editColumn, FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';

type Filters = Omit<UserQuery, 'page' | 'pageSize'>;

export function UserStatusTags({ user }: { user: UserView }) {
  const { t } = useI18n();
  const locked = user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now();
  return (
    <>
      {user.isDisabled ? <Tag color="default">{t('users.status.disabled')}</Tag> : <Tag color="success">{t('users.status.active')}</Tag>}
      {locked ? <Tag color="error">{t('users.status.locked')}</Tag> : null}
      {user.mustChangePassword ? <Tag color="warning">{t('users.status.mustChange')}</Tag> : null}
    </>
  );
}

export function UsersPage() {
  const { t, roleLabel } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'users.manage');
  const [form] = Form.useForm<Filters>();
  const queryClient = useQueryClient();
  const { modal, message } = App.useApp();
  const handleError = useApiError();
  const { query, setFilters, pagination, items } = usePagedQuery<UserView, Filters>('users', api.users.list, {});
  const [drawer, setDrawer] = useState<{ open: boolean; user: UserView | null }>({ open: false, user: null });
  const outlets = useOutletOptions(canAccess(me, 'outlets.read'), outletNameWithCode);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  const confirm = (content: string, action: () => Promise<void>) =>
    modal.confirm({
      title: t('common.confirm'),
      content,
      okText: t('common.ok'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await action();
        } catch (error) {
          handleError(error);
        }
      },
    });

  const onAction = (user: UserView, key: string) => {
    if (key === 'edit') setDrawer({ open: true, user });
    if (key === 'toggle') {
      const disable = !user.isDisabled;
      const run = async () => {
        await api.users.update(user.id, { isDisabled: disable });
        void message.success(t(disable ? 'users.disabled' : 'users.enabled'));
        await refresh();
      };
      if (disable) confirm(t('users.disableConfirm'), run);
      else void run().catch(handleError);
    }
    if (key === 'reset')
      confirm(t('users.resetConfirm'), async () => {
        const result = await api.users.resetPassword(user.id);
        await refresh();
        if (result.oneTimePassword) setSecret({ title: `${t('users.resetPassword')} · ${user.displayName}`, value: result.oneTimePassword });
      });
    if (key === 'revoke')
      confirm(t('users.revokeConfirm'), async () => {
        await api.users.revokeSessions(user.id);
        void message.success(t('users.revoked'));
      });
  };

  const columns: TableColumnsType<UserView> = [
    { title: t('users.username'), dataIndex: 'username', key: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName', key: 'displayName' },
    { title: t('users.roles'), dataIndex: 'roles', key: 'roles', render: (_, user) => <RoleTags roles={user.roles} /> },
    { title: t('users.outlet'), dataIndex: 'outletName', key: 'outletName', render: (value: string | null) => value ?? '—' },
    { title: t('users.phone'), dataIndex: 'phone', key: 'phone', render: (value: string | null) => value ?? '—' },
    { title: t('common.status'), key: 'status', render: (_, user) => <UserStatusTags user={user} /> },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', key: 'lastLoginAt', render: (value: string | null) => <DateTime value={value} /> },
  ];
  if (canManage) {
    columns.push(
      editColumn<UserView>(t, (user) => onAction(user, 'edit'), {
        fixed: 'right',
        extra: (user) => (
          <Dropdown
            trigger={['click']}
            menu={{
              onClick: ({ key }) => onAction(user, key),
              items: [
                { key: 'toggle', label: user.isDisabled ? t('users.enable') : t('users.disable'), danger: !user.isDisabled, disabled: user.id === me.id },
                { key: 'reset', label: t('users.resetPassword') },
                { key: 'revoke', label: t('users.revokeSessions'), disabled: user.id === me.id },
              ],
            }}
          >
            <Button type="link" size="small" data-testid={`user-more-${user.username}`}>
              {t('common.actions')} <DownOutlined />
            </Button>
          </Dropdown>
        ),
      }),
    );
  }

  return (
    <Card>
      <PageHeader
        title={t('users.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, user: null })}>
              {t('users.create')}
            </Button>
          ) : null
        }
      />
      <SearchForm form={form} name="user-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterInput name="q" placeholder={t('users.q')} width={220} />
        <FilterSelect name="role" placeholder={t('users.filterRole')} width={160} options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} />
        {outlets.loaded ? <FilterSelect name="outletId" placeholder={t('users.outlet')} width={200} showSearch={{ optionFilterProp: 'label' }} options={outlets.options} /> : null}
        <FilterSelect
          name="isDisabled"
          placeholder={t('users.filterStatus')}
          width={120}
          options={[
            { value: 'false', label: t('users.status.active') },
            { value: 'true', label: t('users.status.disabled') },
          ]}
        />
      </SearchForm>
      <ListTable<UserView>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
      />
      <UserDrawer
        open={drawer.open}
        user={drawer.user}
        onClose={() => setDrawer({ open: false, user: null })}
        onSaved={(oneTimePassword, user) => {
          setDrawer({ open: false, user: null });
          void refresh();
          if (oneTimePassword) setSecret({ title: `${t('users.created')} · ${user.displayName}`, value: oneTimePassword });
        }}
      />
      <SecretModal
        open={!!secret}
        title={secret?.title ?? ''}
        label={t('users.oneTimePassword')}
        hint={t('users.oneTimePasswordHint')}
        secret={secret?.value ?? null}
        onClose={() => setSecret(null)}
      />
    </Card>
  );
}
