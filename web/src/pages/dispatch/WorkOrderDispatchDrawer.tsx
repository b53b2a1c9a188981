import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Button, DatePicker, Descriptions, Drawer, Form, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { dispatchApi, type OutletCandidate, type TechnicianCandidate, type TWorkOrderDetail, type TWorkOrderView } from '../../api/dispatch';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { useApiError } from '../../components/useApiError';
import { useI18n, type TFunction } from '../../i18n';
import { pickedShanghaiIso, shanghaiPickerValue, TIME_ZONE } from '../../time';
import { formatWindow, PriorityTag, shanghaiParts, workTypeLabel, WorkOrderStatusTag } from './WorkOrderLabels';

type FormValues = { outletId?: string; technicianId?: string | null; plannedStart?: Dayjs | null };



/** The manual dispatch body from the form (technician and planned start only when given). */
export function manualDispatchBody(values: FormValues, version: number) {
  return {
    outletId: values.outletId ?? '',
    ...(values.technicianId ? { technicianId: values.technicianId } : {}),
    version,
    ...(values.plannedStart ? { plannedStart: pickedShanghaiIso(values.plannedStart) } : {}),
  };
}

function FitTag({ ok, reason }: { ok: boolean; reason: string | null }) {
  const { t } = useI18n();
  return ok ? (
    <Tag color="green">{t('dispatch.candidates.ok')}</Tag>
  ) : (
    <Space size={4}>
      <Tag color="red">{t('dispatch.candidates.notOk')}</Tag>
      <Typography.Text type="danger">{reason ?? ''}</Typography.Text>
    </Space>
  );
}

const km = (value: number | null) => (value === null || value === undefined ? '—' : `${value.toFixed(1)} km`);

type Candidate = { id: string; name: string; ok: boolean; reason: string | null; distanceKm: number | null };

/** A candidate as a select option: its name, why it does not fit when it does not, and the 返修 mark of the earlier technician. */
const candidateOption = (candidate: Candidate & { isEarlierTechnician?: boolean }, t: TFunction) => {
  const name = candidate.isEarlierTechnician ? `${candidate.name}【${t('quality.candidates.earlierOption')}】` : candidate.name;
  return { value: candidate.id, label: candidate.ok ? name : `${name}（${candidate.reason ?? t('dispatch.candidates.notOk')}）` };
};

/** A technician's name in the candidate table; the earlier visit's technician of a repeat repair gets a red mark. */
function TechnicianName({ technician }: { technician: TechnicianCandidate }) {
  const { t } = useI18n();
  if (!technician.isEarlierTechnician) return <>{technician.name}</>;
  return (
    <Space size={4}>
      {technician.name}
      <Tag color="red" data-testid={`candidate-earlier-${technician.id}`}>
        {t('quality.candidates.earlier')}
      </Tag>
    </Space>
  );
}

/** A titled table of candidates: name, `middle` columns, fit and distance, `after` columns; a click on a row picks it. */
function CandidateTable<C extends Candidate>({
  title,
  nameTitle,
  candidates,
  loading,
  onPick,
  middle = [],
  after = [],
  renderName,
  'data-testid': testId,
}: {
  title: string;
  nameTitle: string;
  candidates: C[];
  loading: boolean;
  onPick: (candidate: C) => void;
  middle?: TableColumnsType<C>;
  after?: TableColumnsType<C>;
  renderName?: (candidate: C) => ReactNode;
  'data-testid': string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Table<C>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={candidates}
        data-testid={testId}
        onRow={(candidate) => ({ onClick: () => onPick(candidate), style: { cursor: 'pointer' } })}
        columns={[
          { title: nameTitle, dataIndex: 'name', key: 'name', ...(renderName ? { render: (_: unknown, candidate: C) => renderName(candidate) } : {}) },
          ...middle,
          { title: t('dispatch.candidates.fit'), key: 'ok', render: (_, candidate) => <FitTag ok={candidate.ok} reason={candidate.reason} /> },
          { title: t('dispatch.candidates.distance'), key: 'distance', render: (_, candidate) => km(candidate.distanceKm) },
          ...after,
        ]}
      />
    </>
  );
}

/**
 * 手工派工: the order's outlet and technician candidates (fits or why not, distance, load) and a
 * form to pick an outlet, optionally a technician and the planned start. The server decides;
 * its reasons for refusing show under the fields.
 */
export function WorkOrderDispatchDrawer({
  workOrder,
  onClose,
  onDispatched,
}: {
  workOrder: TWorkOrderView | null;
  onClose: () => void;
  onDispatched: (detail: TWorkOrderDetail) => void;
}) {
  const { t, locale } = useI18n();
  const handleError = useApiError();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const candidates = useQuery({
    queryKey: ['work-orders', 'candidates', workOrder?.id],
    queryFn: () => dispatchApi.candidates(workOrder!.id),
    enabled: !!workOrder,
  });
  const outletId = Form.useWatch('outletId', form);

  useEffect(() => {
    if (!workOrder) return;
    form.resetFields();
    form.setFieldsValue({
      outletId: workOrder.outletId ?? undefined,
      technicianId: workOrder.technicianId ?? undefined,
      plannedStart: workOrder.plannedStart ? shanghaiPickerValue(workOrder.plannedStart) : undefined,
    });
  }, [workOrder, form]);

  const submit = async (values: FormValues) => {
    if (!workOrder) return;
    setBusy(true);
    try {
      const detail = await dispatchApi.dispatch(workOrder.id, manualDispatchBody(values, workOrder.version));
      onDispatched(detail);
    } catch (error) {
      handleError(error, form);
      void candidates.refetch();
    } finally {
      setBusy(false);
    }
  };

  const technicians = (candidates.data?.technicians ?? []).filter((technician) => !outletId || technician.outletId === outletId);
  const outletName = (id: string) => candidates.data?.outlets.find((outlet) => outlet.id === id)?.name ?? '';

  return (
    <Drawer
      open={!!workOrder}
      onClose={onClose}
      size={720}
      title={workOrder ? t('dispatch.manual.title', { number: workOrder.number }) : ''}
      destroyOnHidden
      data-testid="dispatch-drawer"
    >
      {workOrder ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('dispatch.field.number')}>
              <Link to={`/work-orders/${workOrder.id}`}>{workOrder.number}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <WorkOrderStatusTag status={workOrder.status} technicianId={workOrder.technicianId} />
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.field.type')}>{workTypeLabel(workOrder.type, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('dispatch.field.priority')}>
              <PriorityTag priority={workOrder.priority} />
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.field.window')} span={2}>
              {formatWindow(workOrder.windowStart, workOrder.windowEnd, locale)}
            </Descriptions.Item>
            <Descriptions.Item label={t('dispatch.field.address')} span={2}>
              {workOrder.address}
            </Descriptions.Item>
          </Descriptions>

          {candidates.data?.repeatRepair ? (
            <Alert type="warning" showIcon data-testid="candidate-repeat" title={candidates.data.repeatRepair.summary} description={t('quality.candidates.ranked')} />
          ) : null}

          <Form form={form} layout="vertical" onFinish={submit} name="manual-dispatch">
            <Form.Item name="outletId" label={t('dispatch.field.outlet')} rules={[{ required: true, message: t('dispatch.manual.outletRequired') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="dispatch-outlet"
                options={(candidates.data?.outlets ?? []).map((outlet) => candidateOption(outlet, t))}
                onChange={() => form.setFieldsValue({ technicianId: undefined })}
              />
            </Form.Item>
            <Form.Item name="technicianId" label={t('dispatch.field.technician')} extra={t('dispatch.manual.technicianHint')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="dispatch-technician"
                options={technicians.map((technician) => candidateOption(technician, t))}
              />
            </Form.Item>
            <Form.Item name="plannedStart" label={`${t('dispatch.field.plannedStart')}（${TIME_ZONE}）`}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 15 }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="dispatch-submit">
              {t('dispatch.manual.submit')}
            </Button>
          </Form>

          {candidates.error ? <LoadFailure error={candidates.error} retry={() => void candidates.refetch()} /> : null}
          {workOrder.explanation?.summary ? <Alert type="info" showIcon title={workOrder.explanation.summary} /> : null}

          <CandidateTable<OutletCandidate>
            title={t('dispatch.candidates.outlets')}
            nameTitle={t('dispatch.field.outlet')}
            candidates={candidates.data?.outlets ?? []}
            loading={candidates.isFetching}
            data-testid="candidate-outlets"
            onPick={(outlet) => form.setFieldsValue({ outletId: outlet.id, technicianId: undefined })}
            after={[
              { title: t('dispatch.candidates.load'), key: 'load', render: (_, outlet) => (outlet.capacity === null || outlet.capacity === undefined ? outlet.load : `${outlet.load} / ${outlet.capacity}`) },
            ]}
          />
          <CandidateTable<TechnicianCandidate>
            renderName={(technician) => <TechnicianName technician={technician} />}
            title={t('dispatch.candidates.technicians')}
            nameTitle={t('dispatch.field.technician')}
            candidates={candidates.data?.technicians ?? []}
            loading={candidates.isFetching}
            data-testid="candidate-technicians"
            onPick={(technician) =>
              form.setFieldsValue({
                outletId: technician.outletId,
                technicianId: technician.id,
                ...(technician.plannedStart ? { plannedStart: shanghaiPickerValue(technician.plannedStart) } : {}),
              })
            }
            middle={[{ title: t('dispatch.field.outlet'), key: 'outlet', render: (_, technician) => outletName(technician.outletId) }]}
            after={[
              { title: t('dispatch.candidates.jobs'), dataIndex: 'load', key: 'load' },
              { title: t('dispatch.field.plannedStart'), key: 'plannedStart', render: (_, technician) => (technician.plannedStart ? shanghaiParts(technician.plannedStart).hhmm : '—') },
            ]}
          />
        </Space>
      ) : null}
    </Drawer>
  );
}
