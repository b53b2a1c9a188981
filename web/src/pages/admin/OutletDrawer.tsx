import { useEffect, useMemo } from 'react';
import { Button, Divider, Form, Input, InputNumber, Select, Space, Switch, TimePicker } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { LIMITS } from '../../../../contracts/limits';
import { WORK_TYPES, type WorkType } from '../../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../../contracts/tickets';
import { regionTree } from '../../../../contracts/regions';
import { api } from '../../api/endpoints';
import type { OutletView } from '../../api/types';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { useI18n } from '../../i18n';

type Contact = { name: string; phone?: string; title?: string };
type Values = {
  code: string;
  name: string;
  kind: 'own' | 'partner';
  phone?: string;
  address?: string;
  isActive?: boolean;
  districtCode?: string | null;
  serviceDistricts: string[];
  serviceRadiusKm?: number | null;
  latitude?: number | null;
  longitude?: number | null;
  hours: [Dayjs, Dayjs];
  dailyCapacity: Partial<Record<WorkType, number | null>>;
  contacts: Contact[];
};

const blankToNull = (value: string | undefined | null) => (value && value.trim() ? value.trim() : null);
const toMinutes = (value: Dayjs) => value.hour() * 60 + value.minute();
const fromMinutes = (minutes: number) => dayjs().startOf('day').add(minutes, 'minute');

/** Every district as one searchable option: "上海市浦东新区" (a city named 市辖区 left out). */
export function districtOptions() {
  return regionTree().flatMap((province) =>
    province.children.flatMap((city) =>
      city.children.map((district) => ({
        value: district.value,
        label: `${province.label}${city.label === '市辖区' || city.label === '县' || city.label === province.label ? '' : city.label}${district.label}`,
      })),
    ),
  );
}

/** The area part of the body: hours in minutes, empty capacities left out (unlimited). */
export function outletAreaBody(values: Pick<Values, 'districtCode' | 'serviceDistricts' | 'serviceRadiusKm' | 'latitude' | 'longitude' | 'hours' | 'dailyCapacity' | 'contacts'>) {
  const dailyCapacity: Partial<Record<WorkType, number>> = {};
  for (const type of WORK_TYPES) {
    const value = values.dailyCapacity?.[type];
    if (typeof value === 'number') dailyCapacity[type] = value;
  }
  return {
    districtCode: values.districtCode ?? null,
    serviceDistricts: values.serviceDistricts ?? [],
    serviceRadiusKm: values.serviceRadiusKm ?? null,
    latitude: values.latitude ?? null,
    longitude: values.longitude ?? null,
    workStartMinute: toMinutes(values.hours[0]),
    workEndMinute: toMinutes(values.hours[1]),
    dailyCapacity,
    contacts: (values.contacts ?? []).map((contact) => ({ name: contact.name.trim(), phone: blankToNull(contact.phone), title: blankToNull(contact.title) })),
  };
}

/** Create or edit an outlet: its details, service area, hours, daily capacity and contacts. */
export function OutletDrawer({ open, outlet, onClose, onSaved }: { open: boolean; outlet: OutletView | null; onClose: () => void; onSaved: () => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const { saving, save } = useFormSave(form, onSaved);
  const districts = useMemo(() => (open ? districtOptions() : []), [open]);

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
        districtCode: outlet.districtCode,
        serviceDistricts: outlet.serviceDistricts,
        serviceRadiusKm: outlet.serviceRadiusKm,
        latitude: outlet.latitude,
        longitude: outlet.longitude,
        hours: [fromMinutes(outlet.workStartMinute), fromMinutes(outlet.workEndMinute)],
        dailyCapacity: outlet.dailyCapacity,
        contacts: outlet.contacts.map((contact) => ({ name: contact.name, phone: contact.phone ?? undefined, title: contact.title ?? undefined })),
      });
    else form.setFieldsValue({ kind: 'own', isActive: true, serviceDistricts: [], hours: [fromMinutes(480), fromMinutes(1080)], dailyCapacity: {}, contacts: [] });
  }, [open, outlet, form]);

  const submit = (values: Values) => {
    const common = { name: values.name.trim(), kind: values.kind, phone: blankToNull(values.phone), address: blankToNull(values.address), ...outletAreaBody(values) };
    return save(() => (outlet ? api.outlets.update(outlet.id, { ...common, isActive: values.isActive }) : api.outlets.create({ ...common, code: values.code.trim().toUpperCase() })));
  };

  const together = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: async () => {
      const hasLatitude = typeof getFieldValue('latitude') === 'number';
      const hasLongitude = typeof getFieldValue('longitude') === 'number';
      if (hasLatitude !== hasLongitude) throw new Error(t('outlets.area.coordinatesTogether'));
    },
  });

  return (
    <FormDrawer open={open} title={outlet ? t('outlets.edit') : t('outlets.create')} size={560} form={form} saving={saving} onClose={onClose}>
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
          <Input.TextArea rows={2} />
        </Form.Item>
        {outlet ? (
          <Form.Item name="isActive" label={t('outlets.isActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}

        <Divider titlePlacement="start">{t('outlets.area.section')}</Divider>
        <Form.Item name="districtCode" label={t('outlets.area.district')}>
          <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={districts} placeholder={t('outlets.area.serviceDistrictsHint')} />
        </Form.Item>
        <Form.Item name="serviceDistricts" label={t('outlets.area.serviceDistricts')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} allowClear options={districts} placeholder={t('outlets.area.serviceDistrictsHint')} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="serviceRadiusKm" label={t('outlets.area.radius')}>
            <InputNumber min={0.1} max={500} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="latitude" label={t('outlets.area.latitude')} dependencies={['longitude']} rules={[together]}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="longitude" label={t('outlets.area.longitude')} dependencies={['latitude']} rules={[together]}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="hours" label={t('outlets.area.hours')} rules={[{ required: true }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
        </Form.Item>
        <Form.Item label={t('outlets.area.capacity')} extra={t('outlets.area.capacityHint')}>
          <Space wrap>
            {WORK_TYPES.map((type) => (
              <Form.Item key={type} name={['dailyCapacity', type]} noStyle>
                <InputNumber min={0} max={10_000} prefix={locale === 'en' ? TICKET_TYPE_LABELS[type].en : TICKET_TYPE_LABELS[type].zh} style={{ width: 170 }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
        <Form.Item label={t('outlets.area.contacts')}>
          <Form.List name="contacts">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true }, { max: 50 }]}>
                      <Input placeholder={t('outlets.area.contactName')} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'phone']} rules={[{ max: 30 }]}>
                      <Input placeholder={t('outlets.area.contactPhone')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'title']} rules={[{ max: 50 }]}>
                      <Input placeholder={t('outlets.area.contactTitle')} style={{ width: 110 }} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
                  {t('outlets.area.addContact')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
