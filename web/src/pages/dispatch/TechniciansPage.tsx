import { useMemo, useState } from 'react';
import { Card, Form, Tabs, Tag, type TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { archiveApi } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { editColumn, FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { useOutletOptions } from '../../components/useOutletOptions';
import { PageHeader } from '../../components/PageHeader';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useI18n } from '../../i18n';
import { techniciansApi, type TechnicianQuery, type TechnicianView } from './TechnicianApi';
import { TechnicianDrawer } from './TechnicianDrawer';
import { CertificateTags, DispatchableTag, gradeLabel, SkillTags, workingTimeText } from './TechnicianParts';
import { VehiclesTab } from './VehiclesTab';

type Filters = Omit<TechnicianQuery, 'page' | 'pageSize'>;

function TechniciansTab() {
  const { t, locale } = useI18n();
  const me = useMe();
  const canManage = canAccess(me, 'technicians.manage');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Filters>();
  const { query, setFilters, pagination, items } = usePagedQuery<TechnicianView, Filters>('technicians', techniciansApi.list, {});
  const outletOptions = useOutletOptions().options;
  const categories = useQuery({ queryKey: ['product-categories'], queryFn: () => archiveApi.products.categories(), enabled: canAccess(me, 'products.read') });
  const categoryNames = useMemo(() => new Map((categories.data?.items ?? []).map((category) => [category.id, category.name])), [categories.data]);
  const [drawer, setDrawer] = useState<{ open: boolean; technician: TechnicianView | null }>({ open: false, technician: null });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['technicians'] });

  const columns: TableColumnsType<TechnicianView> = [
    {
      title: t('technicians.name'),
      dataIndex: 'name',
      key: 'name',
      fixed: 'left',
      render: (name: string, technician) => (
        <>
          {name}
          {technician.isActive ? null : (
            <Tag style={{ marginLeft: 8 }}>{t('technicians.inactive')}</Tag>
          )}
        </>
      ),
    },
    { title: t('technicians.outlet'), dataIndex: 'outletName', key: 'outletName', render: (value: string | null) => value ?? '—' },
    { title: t('technicians.grade'), dataIndex: 'grade', key: 'grade', render: (grade: TechnicianView['grade']) => gradeLabel(grade, locale) },
    // a bounded column: the tags wrap instead of pushing the row off the screen
    { title: t('technicians.skills'), key: 'skills', width: 360, render: (_, technician) => <SkillTags skills={technician.skills} categoryNames={categoryNames} /> },
    { title: t('technicians.certificates'), key: 'certificates', render: (_, technician) => <CertificateTags technician={technician} /> },
    { title: t('common.status'), key: 'dispatchable', render: (_, technician) => <DispatchableTag technician={technician} /> },
    { title: t('technicians.workHours'), key: 'hours', render: (_, technician) => workingTimeText(technician, t) },
    { title: t('technicians.phone'), dataIndex: 'phone', key: 'phone', render: (value: string | null) => value ?? '—' },
  ];
  if (canManage) columns.push(editColumn<TechnicianView>(t, (technician) => setDrawer({ open: true, technician })));

  return (
    <>
      <SearchForm form={form} name="technician-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})} create={canManage ? { label: t('technicians.create'), onClick: () => setDrawer({ open: true, technician: null }) } : null}>
        <FilterInput name="q" placeholder={t('technicians.q')} width={180} />
        <FilterSelect name="outletId" placeholder={t('technicians.outlet')} width={200} options={outletOptions} />
        <FilterSelect
          name="isActive"
          placeholder={t('technicians.filter.active')}
          width={120}
          options={[
            { value: 'true', label: t('technicians.active') },
            { value: 'false', label: t('technicians.inactive') },
          ]}
        />
      </SearchForm>
      <ListTable<TechnicianView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <TechnicianDrawer
        open={drawer.open}
        technician={drawer.technician}
        onClose={() => setDrawer({ open: false, technician: null })}
        onSaved={() => {
          setDrawer({ open: false, technician: null });
          refresh();
        }}
        onChanged={refresh}
      />
    </>
  );
}

/** 技师与车辆: technicians (grade, skills, certificates, hours) and the outlets' vehicles. */
export function TechniciansPage() {
  const { t } = useI18n();
  return (
    <Card>
      <PageHeader title={t('technicians.title')} />
      <Tabs
        items={[
          { key: 'technicians', label: t('technicians.tab.technicians'), children: <TechniciansTab /> },
          { key: 'vehicles', label: t('technicians.tab.vehicles'), children: <VehiclesTab /> },
        ]}
      />
    </Card>
  );
}
