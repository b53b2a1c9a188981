import { useEffect, useState } from 'react';
import { Form, Input, Modal, Select, Switch, Tag, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { useMe } from '../../auth/AuthContext';
import { editColumn, FilterInput, FilterSelect, ListTable, SearchForm } from '../../components/ListParts';
import { useOutletOptions } from '../../components/useOutletOptions';
import { useFormSave } from '../../components/FormDrawer';
import { cleanFilters, usePagedQuery } from '../../components/usePagedQuery';
import { useT } from '../../i18n';
import { techniciansApi, type VehicleView } from './TechnicianApi';

type Filters = { q?: string; outletId?: string };
type Values = { outletId: string; plate: string; name?: string; isActive: boolean };

function VehicleModal({ open, vehicle, outlets, onClose, onSaved }: { open: boolean; vehicle: VehicleView | null; outlets: { value: string; label: string }[]; onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const { saving, save } = useFormSave(form, onSaved);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(vehicle ? { outletId: vehicle.outletId, plate: vehicle.plate, name: vehicle.name ?? undefined, isActive: vehicle.isActive } : { isActive: true });
  }, [open, vehicle, form]);
  const submit = (values: Values) => {
    const body = { outletId: values.outletId, plate: values.plate.trim(), name: values.name?.trim() ? values.name.trim() : null, isActive: values.isActive };
    return save(() => (vehicle ? techniciansApi.updateVehicle(vehicle.id, body) : techniciansApi.createVehicle(body)));
  };
  return (
    <Modal open={open} title={vehicle ? t('vehicles.edit') : t('vehicles.create')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} forceRender>
      <Form form={form} layout="vertical" onFinish={submit} name="vehicle-form">
        <Form.Item name="plate" label={t('vehicles.plate')} rules={[{ required: true, whitespace: true }, { max: 20 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="outletId" label={t('vehicles.outlet')} rules={[{ required: true }]}>
          <Select options={outlets} />
        </Form.Item>
        <Form.Item name="name" label={t('vehicles.name')} rules={[{ max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="isActive" label={t('vehicles.isActive')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The vehicles of the outlets the user may see: plate, outlet, active. */
export function VehiclesTab() {
  const t = useT();
  const me = useMe();
  const canManage = canAccess(me, 'technicians.manage');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Filters>();
  const { query, setFilters, pagination, items } = usePagedQuery<VehicleView, Filters>('vehicles', techniciansApi.vehicles, {});
  const outletOptions = useOutletOptions().options;
  const outletName = new Map(outletOptions.map((option) => [option.value, option.label]));
  const [modal, setModal] = useState<{ open: boolean; vehicle: VehicleView | null }>({ open: false, vehicle: null });

  const columns: TableColumnsType<VehicleView> = [
    { title: t('vehicles.plate'), dataIndex: 'plate', key: 'plate' },
    { title: t('vehicles.name'), dataIndex: 'name', key: 'name', render: (value: string | null) => value ?? '—' },
    { title: t('vehicles.outlet'), dataIndex: 'outletId', key: 'outletId', render: (value: string) => outletName.get(value) ?? '—' },
    { title: t('common.status'), dataIndex: 'isActive', key: 'isActive', render: (active: boolean) => (active ? <Tag color="success">{t('outlets.active')}</Tag> : <Tag>{t('outlets.inactive')}</Tag>) },
  ];
  if (canManage) columns.push(editColumn<VehicleView>(t, (vehicle) => setModal({ open: true, vehicle })));

  return (
    <>
      <SearchForm form={form} name="vehicle-search" onSearch={(values) => setFilters(cleanFilters(values))} onReset={() => setFilters({})} create={canManage ? { label: t('vehicles.create'), onClick: () => setModal({ open: true, vehicle: null }) } : null}>
        <FilterInput name="q" placeholder={t('vehicles.q')} width={180} />
        <FilterSelect name="outletId" placeholder={t('vehicles.outlet')} options={outletOptions} width={200} />
      </SearchForm>
      <ListTable<VehicleView> columns={columns} dataSource={items} loading={query.isFetching} pagination={pagination} />
      <VehicleModal
        open={modal.open}
        vehicle={modal.vehicle}
        outlets={outletOptions}
        onClose={() => setModal({ open: false, vehicle: null })}
        onSaved={() => {
          setModal({ open: false, vehicle: null });
          void queryClient.invalidateQueries({ queryKey: ['vehicles'] });
        }}
      />
    </>
  );
}
