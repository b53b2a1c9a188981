import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '../../../../contracts/limits';
import { PERMISSIONS, type Permission } from '../../../../contracts/permissions';
import { api } from '../../api/endpoints';
import type { ApiTokenView } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { SecretModal } from '../../components/SecretModal';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

type Values = { name: string; permissions: Permission[]; expiresInDays?: number | null };

export function tokenStatus(token: ApiTokenView, now = Date.now()): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return 'expired';
  return 'active';
}

export function TokensPage() {
  const { t, permissionLabel } = useI18n();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens', 'list'], queryFn: api.tokens.list });
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['tokens'] });

  const create = async (values: Values) => {
    setSaving(true);
    try {
      const created = await api.tokens.create({
        name: values.name.trim(),
        permissions: values.permissions,
        ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}),
      });
      setCreating(false);
      form.resetFields();
      setSecret({ name: created.token.name, value: created.secret });
      void refresh();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (token: ApiTokenView) => {
    try {
      await api.tokens.revoke(token.id);
      void message.success(t('tokens.revoked'));
      await refresh();
    } catch (error) {
      handleError(error);
    }
  };

  const STATUS_COLOR = { active: 'success', revoked: 'default', expired: 'warning' } as const;
  const columns: TableColumnsType<ApiTokenView> = [
    { title: t('tokens.name'), dataIndex: 'name', key: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'prefix', key: 'prefix', render: (value: string) => <code>{value}…</code> },
    {
      title: t('tokens.permissions'),
      dataIndex: 'permissions',
      key: 'permissions',
      render: (permissions: Permission[]) => permissions.map((permission) => <Tag key={permission}>{permissionLabel(permission)}</Tag>),
    },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, token) => {
        const status = tokenStatus(token);
        return <Tag color={STATUS_COLOR[status]}>{t(`tokens.status.${status}`)}</Tag>;
      },
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (value: string) => <DateTime value={value} /> },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', key: 'lastUsedAt', render: (value: string | null) => <DateTime value={value} empty={t('tokens.never')} /> },
    { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', key: 'expiresAt', render: (value: string | null) => <DateTime value={value} empty={t('tokens.never')} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, token) =>
        tokenStatus(token) === 'active' ? (
          <Popconfirm title={t('tokens.revokeConfirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => revoke(token)}>
            <Button type="link" danger size="small">
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('tokens.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <Table<ApiTokenView>
        rowKey="id"
        columns={columns}
        dataSource={tokens.data?.items ?? []}
        loading={tokens.isFetching}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        size="middle"
      />
      <Modal
        open={creating}
        title={t('tokens.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        forceRender
      >
        <Form form={form} layout="vertical" onFinish={create} name="token-form" initialValues={{ permissions: [] }}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true }, { max: LIMITS.tokenNameMax }]}>
            <Input />
          </Form.Item>
          <Form.Item name="permissions" label={t('tokens.permissions')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', rowGap: 4 }} options={PERMISSIONS.map((permission) => ({ value: permission, label: permissionLabel(permission) }))} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresInDaysHint')}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Form>
      </Modal>
      <SecretModal
        open={!!secret}
        title={`${t('tokens.secret')} · ${secret?.name ?? ''}`}
        label={t('tokens.secret')}
        hint={t('tokens.secretHint')}
        secret={secret?.value ?? null}
        onClose={() => setSecret(null)}
      />
    </Card>
  );
}
