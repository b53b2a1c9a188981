import { useEffect, useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, Select, Space, Switch, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '../../../../contracts/limits';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import type { OutletQuery, OutletView } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useT } from '../../i18n';
import { ListTable, SearchButtons } from '../../components/ListParts';

type Filters = Omit<OutletQuery, 'page' | 'pageSize'>;
type Values = { code: string; name: string; kind: 'own' | 'partner'; phone?: string; address?: string; isActive?: boolean };

const blankToNull = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

function OutletDrawer({ open, outlet, onClose, onSaved }: { open: boolean; outlet: OutletView | null; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const handleError = useApiError();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (outlet)
      form.setFieldsValue({
        code: outlet.code,
        name: outlet.name,
        kind: outlet.kind,
        phone: outlet.phone ?? undefined,
        address: outlet.address ?? undefined,
        isActive: outlet.isActive,
      });
    else form.setFieldsValue({ kind: 'own', isActive: true });
  }, [open, outlet, form]);

  const submit = async (values: Values) => {
    setSaving(true);
    try {
      const common = { name: values.name.trim(), kind: values.kind, phone: blankToNull(values.phone), address: blankToNull(values.address) };
      if (outlet) await api.outlets.update(outlet.id, { ...common, isActive: values.isActive });
      else await api.outlets.create({ ...common, code: values.code.trim().toUpperCase() });
      void message.success(t('common.saved'));
      onSaved();
    } catch (error) {
      handleError(error, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={outlet ? t('outlets.edit') : t('outlets.create')}
      size={440}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} name="outlet-form">
        <Form.Item
          name="code"
          label={t('outlets.code')}
          rules={[{ required: true }, { min: 2, max: LIMITS.outletCodeMax }, { pattern: /^[A-Za-z0-9-]+$/, message: t('outlets.codeRule') }]}
        >
          <Input disabled={!!outlet} style={{ textTransform: 'uppercase' }} />
        </Form.Item>
        <Form.Item name="name" label={t('outlets.name')} rules={[{ required: true, whitespace: true }, { max: LIMITS.outletNameMax }]}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('outlets.kind')} rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'own', label: t('outlets.kind.own') },
              { value: 'partner', label: t('outlets.kind.partner') },
            ]}
          />
        </Form.Item>
        <Form.Item name="phone" label={t('outlets.phone')} rules={[{ max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('outlets.address')} rules={[{ max: LIMITS.textMax }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {outlet ? (
          <Form.Item name="isActive" label={t('outlets.isActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}

export function OutletsPage() {
  const t = useT();
  const me = useMe();
  const canManage = canAccess(me, 'outlets.manage');
  const [form] = Form.useForm<Filters>();
  const queryClient = useQueryClient();
  const { query, setFilters, pagination, items } = usePagedQuery<OutletView, Filters>('outlets', api.outlets.list, {});
  const [drawer, setDrawer] = useState<{ open: boolean; outlet: OutletView | null }>({ open: false, outlet: null });

  const columns: TableColumnsType<OutletView> = [
    { title: t('outlets.code'), dataIndex: 'code', key: 'code' },
    { title: t('outlets.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('outlets.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (kind: OutletView['kind']) => <Tag color={kind === 'own' ? 'blue' : 'purple'}>{t(`outlets.kind.${kind}`)}</Tag>,
    },
    { title: t('outlets.phone'), dataIndex: 'phone', key: 'phone', render: (value: string | null) => value ?? '—' },
    { title: t('outlets.address'), dataIndex: 'address', key: 'address', ellipsis: true, render: (value: string | null) => value ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      key: 'isActive',
      render: (active: boolean) => (active ? <Tag color="success">{t('outlets.active')}</Tag> : <Tag>{t('outlets.inactive')}</Tag>),
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: (value: string) => <DateTime value={value} /> },
  ];
  if (canManage)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, outlet) => (
        <Button type="link" size="small" onClick={() => setDrawer({ open: true, outlet })}>
          {t('common.edit')}
        </Button>
      ),
    });

  return (
    <Card>
      <PageHeader
        title={t('outlets.title')}
        extra={
          canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true, outlet: null })}>
              {t('outlets.create')}
            </Button>
          ) : null
        }
      />
      <Form form={form} layout="inline" onFinish={(values) => setFilters(cleanFilters(values))} style={{ marginBottom: 16, rowGap: 8 }} name="outlet-search">
        <Form.Item name="q">
          <Input placeholder={t('outlets.q')} allowClear style={{ width: 220 }} />
        </Form.Item>
        <SearchButtons
          onReset={() => {
            form.resetFields();
            setFilters({});
          }}
        />
      </Form>
      <ListTable<OutletView>
        columns={columns}
        dataSource={items}
        loading={query.isFetching}
        pagination={pagination}
      />
      <OutletDrawer
        open={drawer.open}
        outlet={drawer.outlet}
        onClose={() => setDrawer({ open: false, outlet: null })}
        onSaved={() => {
          setDrawer({ open: false, outlet: null });
          void queryClient.invalidateQueries({ queryKey: ['outlets'] });
        }}
      />
    </Card>
  );
}
