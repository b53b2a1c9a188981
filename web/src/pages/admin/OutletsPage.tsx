import { useState } from 'react';
import { Button, Card, Form, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import type { OutletQuery, OutletView } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useT } from '../../i18n';
import { editColumn, FilterInput, ListTable, SearchForm } from '../../components/ListParts';
import { OutletDrawer } from './OutletDrawer';
import { minutesToTime } from '../dispatch/TechnicianApi';

type Filters = Omit<OutletQuery, 'page' | 'pageSize'>;

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
      title: t('outlets.area.serviceDistricts'),
      dataIndex: 'serviceDistricts',
      key: 'serviceDistricts',
      render: (codes: string[]) => (codes.length ? t('outlets.area.districtCount', { count: codes.length }) : '—'),
    },
    {
      title: t('outlets.area.hours'),
      key: 'hours',
      render: (_, outlet) => `${minutesToTime(outlet.workStartMinute)}–${minutesToTime(outlet.workEndMinute)}`,
    },
    {
      title: t('common.status'),
      dataIndex: 'isActive',
      key: 'isActive',
      render: (active: boolean) => (active ? <Tag color="success">{t('outlets.active')}</Tag> : <Tag>{t('outlets.inactive')}</Tag>),
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', key: 'updatedAt', render: (value: string) => <DateTime value={value} /> },
  ];
  if (canManage) columns.push(editColumn<OutletView>(t, (outlet) => setDrawer({ open: true, outlet })));

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
      <SearchForm form={form} name="outlet-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})}>
        <FilterInput name="q" placeholder={t('outlets.q')} width={220} />
      </SearchForm>
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
