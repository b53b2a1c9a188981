import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Checkbox, DatePicker, Divider, Flex, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Tag, TimePicker, TreeSelect, Typography, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { ABSENCE_KINDS, ABSENCE_LABELS, CERTIFICATION_KINDS, CERTIFICATION_LABELS, GRADES, WORK_TYPES, type Grade, type WorkType } from '../../../../contracts/dispatch';
import { canAccess } from '../../access';
import { api } from '../../api/endpoints';
import { archiveApi } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { FormDrawer, useFormSave } from '../../components/FormDrawer';
import { useApiError } from '../../components/useApiError';
import { useOutletOptions } from '../../components/useOutletOptions';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../time';
import { minutesToTime, techniciansApi, timeToMinutes, type TechnicianView } from './TechnicianApi';
import { CertificateTags, DispatchableTag, gradeLabel, workTypeLabel } from './TechnicianParts';

type Values = {
  userId?: string;
  outletId: string;
  phone?: string;
  grade: Grade;
  skills: { categoryId?: string | null; workType: WorkType }[];
  workingDays: number[];
  hours: [Dayjs, Dayjs];
  maxOrdersPerDay: number;
  vehicleId?: string | null;
  baseAddress?: string;
  baseLatitude?: number | null;
  baseLongitude?: number | null;
  isActive?: boolean;
};

const ANY_CATEGORY = '*';
const blankToNull = (value: string | undefined) => (value && value.trim() ? value.trim() : null);

type CategoryNode = { value: string; title: string; children: CategoryNode[] };

/** The product category tree for the skills editor (parents before children, from parentId). */
export function categoryTree(categories: { id: string; parentId: string | null; name: string }[]): CategoryNode[] {
  type Node = CategoryNode;
  const nodes = new Map<string, Node>(categories.map((category) => [category.id, { value: category.id, title: category.name, children: [] }]));
  const roots: Node[] = [];
  for (const category of categories) {
    const node = nodes.get(category.id)!;
    const parent = category.parentId ? nodes.get(category.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The body sent for the form's values (hours as minutes, "any category" as null). */
export function technicianBody(values: Values) {
  return {
    outletId: values.outletId,
    phone: blankToNull(values.phone),
    grade: values.grade,
    skills: (values.skills ?? []).map((skill) => ({ categoryId: !skill.categoryId || skill.categoryId === ANY_CATEGORY ? null : skill.categoryId, workType: skill.workType })),
    workingDays: values.workingDays,
    workStartMinute: timeToMinutes(values.hours[0].format('HH:mm')),
    workEndMinute: timeToMinutes(values.hours[1].format('HH:mm')),
    maxOrdersPerDay: values.maxOrdersPerDay,
    vehicleId: values.vehicleId ?? null,
    baseAddress: blankToNull(values.baseAddress),
    baseLatitude: values.baseLatitude ?? null,
    baseLongitude: values.baseLongitude ?? null,
  };
}

/** One line of a related list (certificate, absence) with 删除 behind a confirm; the answer replaces the technician. */
function RemovableRow({ children, onRemove, onChanged }: { children: ReactNode; onRemove: () => Promise<TechnicianView>; onChanged: (next: TechnicianView) => void }) {
  const { t } = useI18n();
  const handleError = useApiError();
  return (
    <Flex justify="space-between" align="center" style={{ padding: '4px 0' }}>
      <Space wrap>{children}</Space>
      <Popconfirm
        title={t('technicians.removeConfirm')}
        onConfirm={async () => {
          try {
            onChanged(await onRemove());
          } catch (error) {
            handleError(error);
          }
        }}
      >
        <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('technicians.remove')} />
      </Popconfirm>
    </Flex>
  );
}

/** The inline form under a related list: adds an entry, replaces the technician with the answer and clears itself. */
function InlineAddForm<V extends object>({
  form,
  name,
  initialValues,
  onAdd,
  onChanged,
  addLabel,
  children,
}: {
  form: FormInstance<V>;
  name: string;
  initialValues: Partial<V>;
  onAdd: (values: V) => Promise<TechnicianView>;
  onChanged: (next: TechnicianView) => void;
  addLabel: string;
  children: ReactNode;
}) {
  const handleError = useApiError();
  return (
    <Form
      form={form}
      layout="inline"
      name={name}
      style={{ rowGap: 8, marginTop: 8 }}
      initialValues={initialValues}
      onFinish={async (values) => {
        try {
          onChanged(await onAdd(values));
          form.resetFields();
        } catch (error) {
          handleError(error, form);
        }
      }}
    >
      {children}
      <Form.Item>
        <Button htmlType="submit" icon={<PlusOutlined />}>
          {addLabel}
        </Button>
      </Form.Item>
    </Form>
  );
}

function CertificationsEditor({ technician, onChanged }: { technician: TechnicianView; onChanged: (next: TechnicianView) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ kind: (typeof CERTIFICATION_KINDS)[number]; number?: string; issuedOn?: Dayjs; expiresOn: Dayjs }>();
  return (
    <>
      <Divider titlePlacement="start">{t('technicians.certifications.title')}</Divider>
      {technician.certifications.map((certification) => (
        <RemovableRow key={certification.id} onRemove={() => techniciansApi.removeCertification(technician.id, certification.id)} onChanged={onChanged}>
          <Tag color={certification.isValid ? 'green' : 'red'}>{locale === 'en' ? CERTIFICATION_LABELS[certification.kind].en : CERTIFICATION_LABELS[certification.kind].zh}</Tag>
          <span>{certification.number ?? '—'}</span>
          <span>
            {certification.issuedOn ?? '—'} ~ {certification.expiresOn}
          </span>
        </RemovableRow>
      ))}
      <InlineAddForm
        form={form}
        name="certification-form"
        initialValues={{ kind: 'work_permit' }}
        onAdd={(values) =>
          techniciansApi.addCertification(technician.id, {
            kind: values.kind,
            number: blankToNull(values.number),
            issuedOn: values.issuedOn ? values.issuedOn.format('YYYY-MM-DD') : null,
            expiresOn: values.expiresOn.format('YYYY-MM-DD'),
          })
        }
        onChanged={onChanged}
        addLabel={t('technicians.certifications.add')}
      >
        <Form.Item name="kind" rules={[{ required: true }]}>
          <Select style={{ width: 130 }} aria-label={t('technicians.certifications.kind')} options={CERTIFICATION_KINDS.map((kind) => ({ value: kind, label: locale === 'en' ? CERTIFICATION_LABELS[kind].en : CERTIFICATION_LABELS[kind].zh }))} />
        </Form.Item>
        <Form.Item name="number">
          <Input placeholder={t('technicians.certifications.number')} style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="issuedOn">
          <DatePicker placeholder={t('technicians.certifications.issuedOn')} />
        </Form.Item>
        <Form.Item name="expiresOn" rules={[{ required: true }]}>
          <DatePicker placeholder={t('technicians.certifications.expiresOn')} />
        </Form.Item>
      </InlineAddForm>
    </>
  );
}

/** Picked wall-clock time taken as Asia/Shanghai. */
const shanghaiIso = (value: Dayjs) => `${value.format('YYYY-MM-DDTHH:mm')}:00+08:00`;

function AbsencesEditor({ technician, onChanged }: { technician: TechnicianView; onChanged: (next: TechnicianView) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<{ kind: (typeof ABSENCE_KINDS)[number]; range: [Dayjs, Dayjs]; note?: string }>();
  return (
    <>
      <Divider titlePlacement="start">{t('technicians.absences.title')}</Divider>
      {technician.absences.map((absence) => (
        <RemovableRow key={absence.id} onRemove={() => techniciansApi.removeAbsence(technician.id, absence.id)} onChanged={onChanged}>
          <Tag>{locale === 'en' ? ABSENCE_LABELS[absence.kind].en : ABSENCE_LABELS[absence.kind].zh}</Tag>
          <span>
            {formatDateTime(absence.startsAt).slice(0, 16)} ~ {formatDateTime(absence.endsAt).slice(0, 16)}
          </span>
          {absence.note ? <Typography.Text type="secondary">{absence.note}</Typography.Text> : null}
        </RemovableRow>
      ))}
      <InlineAddForm
        form={form}
        name="absence-form"
        initialValues={{ kind: 'leave' }}
        onAdd={(values) => techniciansApi.addAbsence(technician.id, { kind: values.kind, startsAt: shanghaiIso(values.range[0]), endsAt: shanghaiIso(values.range[1]), note: blankToNull(values.note) })}
        onChanged={onChanged}
        addLabel={t('technicians.absences.add')}
      >
        <Form.Item name="kind" rules={[{ required: true }]}>
          <Select style={{ width: 100 }} aria-label={t('technicians.absences.kind')} options={ABSENCE_KINDS.map((kind) => ({ value: kind, label: locale === 'en' ? ABSENCE_LABELS[kind].en : ABSENCE_LABELS[kind].zh }))} />
        </Form.Item>
        <Form.Item name="range" rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t('technicians.absences.note')} style={{ width: 140 }} />
        </Form.Item>
      </InlineAddForm>
    </>
  );
}

/** Create or edit a technician; on an existing one also its certificates and absences. */
export function TechnicianDrawer({
  open,
  technician,
  onClose,
  onSaved,
  onChanged,
}: {
  open: boolean;
  technician: TechnicianView | null;
  onClose: () => void;
  /** After 保存: the drawer closes. */
  onSaved: () => void;
  /** After a certificate or absence was added or removed: the drawer stays open. */
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { saving, save } = useFormSave(form, onSaved);
  const [current, setCurrent] = useState<TechnicianView | null>(technician);
  const outletId = Form.useWatch('outletId', form);

  const outlets = useOutletOptions(open);
  const users = useQuery({
    queryKey: ['users', 'technicians'],
    queryFn: () => api.users.list({ role: 'technician', isDisabled: 'false', page: 1, pageSize: 100 }),
    enabled: open && !technician && canAccess(me, 'users.read'),
  });
  const categories = useQuery({ queryKey: ['product-categories'], queryFn: () => archiveApi.products.categories(), enabled: open && canAccess(me, 'products.read') });
  const vehicles = useQuery({
    queryKey: ['vehicles', 'of-outlet', outletId],
    queryFn: () => techniciansApi.vehicles({ outletId, isActive: 'true', page: 1, pageSize: 100 }),
    enabled: open && Boolean(outletId),
  });
  const tree = useMemo(
    (): CategoryNode[] => [{ value: ANY_CATEGORY, title: t('technicians.skills.anyCategory'), children: [] }, ...categoryTree(categories.data?.items ?? [])],
    [categories.data, t],
  );

  useEffect(() => {
    if (!open) return;
    setCurrent(technician);
    form.resetFields();
    if (technician)
      form.setFieldsValue({
        outletId: technician.outletId,
        phone: technician.phone ?? undefined,
        grade: technician.grade,
        skills: technician.skills.map((skill) => ({ categoryId: skill.categoryId ?? ANY_CATEGORY, workType: skill.workType })),
        workingDays: technician.workingDays,
        hours: [dayjs(minutesToTime(technician.workStartMinute), 'HH:mm'), dayjs(minutesToTime(technician.workEndMinute), 'HH:mm')],
        maxOrdersPerDay: technician.maxOrdersPerDay,
        vehicleId: technician.vehicleId,
        baseAddress: technician.baseAddress ?? undefined,
        baseLatitude: technician.baseLatitude,
        baseLongitude: technician.baseLongitude,
        isActive: technician.isActive,
      });
    else form.setFieldsValue({ grade: 'junior', skills: [], workingDays: [1, 2, 3, 4, 5, 6], hours: [dayjs('08:00', 'HH:mm'), dayjs('18:00', 'HH:mm')], maxOrdersPerDay: 8 });
  }, [open, technician, form]);

  const changeRelated = (next: TechnicianView) => {
    setCurrent(next);
    onChanged();
  };

  const submit = (values: Values) => {
    const body = technicianBody(values);
    return save(() => (technician ? techniciansApi.update(technician.id, { ...body, isActive: values.isActive }) : techniciansApi.create({ ...body, userId: values.userId! })));
  };

  return (
    <FormDrawer open={open} title={technician ? `${t('technicians.edit')} · ${technician.name}` : t('technicians.create')} size={640} form={form} saving={saving} onClose={onClose}>
      {current ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <DispatchableTag technician={current} />
          <CertificateTags technician={current} />
        </Space>
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} name="technician-form">
        {technician ? null : (
          <Form.Item name="userId" label={t('technicians.user')} extra={t('technicians.userHint')} rules={[{ required: true }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={users.isFetching}
              options={(users.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }))}
              onChange={(userId: string) => {
                const user = users.data?.items.find((item) => item.id === userId);
                if (user?.outletId && !form.getFieldValue('outletId')) form.setFieldValue('outletId', user.outletId);
                if (user?.phone && !form.getFieldValue('phone')) form.setFieldValue('phone', user.phone);
              }}
            />
          </Form.Item>
        )}
        <Form.Item name="outletId" label={t('technicians.outlet')} rules={[{ required: true }]}>
          <Select
            loading={outlets.isFetching}
            options={outlets.options}
            onChange={() => form.setFieldValue('vehicleId', null)}
          />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="grade" label={t('technicians.grade')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={GRADES.map((grade) => ({ value: grade, label: gradeLabel(grade, locale) }))} />
          </Form.Item>
          <Form.Item name="phone" label={t('technicians.phone')} rules={[{ max: 30 }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="maxOrdersPerDay" label={t('technicians.maxOrdersPerDay')} rules={[{ required: true }]}>
            <InputNumber min={1} max={50} />
          </Form.Item>
        </Space>
        <Form.Item label={t('technicians.skills')} required={false}>
          <Form.List name="skills">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap>
                    <Form.Item name={[field.name, 'categoryId']} rules={[{ required: true }]}>
                      <TreeSelect style={{ width: 220 }} treeData={tree} treeDefaultExpandAll placeholder={t('technicians.skills.category')} aria-label={t('technicians.skills.category')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'workType']} rules={[{ required: true }]}>
                      <Select style={{ width: 160 }} placeholder={t('technicians.skills.workType')} options={WORK_TYPES.map((type) => ({ value: type, label: workTypeLabel(type, locale) }))} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('technicians.remove')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ categoryId: ANY_CATEGORY, workType: 'repair' })}>
                  {t('technicians.skills.add')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="workingDays" label={t('technicians.workingDays')} rules={[{ required: true }]}>
          <Checkbox.Group options={[1, 2, 3, 4, 5, 6, 7].map((day) => ({ value: day, label: t(`technicians.weekday.${day}` as 'technicians.weekday.1') }))} />
        </Form.Item>
        <Form.Item name="hours" label={t('technicians.workHours')} rules={[{ required: true }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
        </Form.Item>
        <Form.Item name="vehicleId" label={t('technicians.vehicle')}>
          <Select allowClear options={(vehicles.data?.items ?? []).map((vehicle) => ({ value: vehicle.id, label: vehicle.name ? `${vehicle.plate} · ${vehicle.name}` : vehicle.plate }))} />
        </Form.Item>
        <Form.Item name="baseAddress" label={t('technicians.baseAddress')}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="baseLatitude" label={t('technicians.baseLatitude')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="baseLongitude" label={t('technicians.baseLongitude')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        {technician ? (
          <Form.Item name="isActive" label={t('technicians.isActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
      {current ? (
        <>
          <CertificationsEditor technician={current} onChanged={changeRelated} />
          <AbsencesEditor technician={current} onChanged={changeRelated} />
        </>
      ) : (
        <Typography.Text type="secondary">{t('technicians.saveFirst')}</Typography.Text>
      )}
    </FormDrawer>
  );
}
