import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Popconfirm, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/endpoints';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { shanghaiClock, shanghaiDateOffset, TIME_ZONE } from '../../time';
import { dayPlanApi, type AdjustPlanBody, type DayPlanDetail, type PlanRouteView, type PlanStopView } from './DayPlanApi';
import { DayPlanTimeline } from './DayPlanTimeline';

/** Tomorrow in Asia/Shanghai (the plan is made the day before). */
function tomorrow(): string {
  return shanghaiDateOffset(1);
}

/** Where a stop goes on another route: after the stops that start before it. */
function positionIn(route: PlanRouteView, startIso: string | null): number {
  if (!startIso) return route.stops.length;
  return route.stops.filter((stop) => Date.parse(stop.start) < Date.parse(startIso)).length;
}

/**
 * 次日计划 / 用车计划: pick an outlet and a date, generate the draft with the optimizer, move
 * stops between technicians, set each route's vehicle, publish.
 */
export function DayPlanPage() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const [outletId, setOutletId] = useState<string | null>(me.outletId);
  const [date, setDate] = useState(tomorrow);
  const [busy, setBusy] = useState(false);

  const outlets = useQuery({ queryKey: ['day-plan', 'outlets'], queryFn: () => api.outlets.list({ page: 1, pageSize: 100 }) });
  useEffect(() => {
    if (!outletId && outlets.data?.items.length) setOutletId(outlets.data.items[0].id);
  }, [outletId, outlets.data]);
  const planKey = ['day-plan', outletId, date];
  const plan = useQuery({ queryKey: planKey, queryFn: () => dayPlanApi.get(outletId!, date), enabled: Boolean(outletId) });

  /** Conflicts carry the reason in Chinese in their detail; show that rather than the English summary. */
  const showError = (error: unknown) => {
    if (isApiError(error) && error.code === 'conflict' && error.details[0]?.message) void message.error(error.details[0].message);
    else handleError(error);
  };
  const run = async (action: () => Promise<DayPlanDetail>, done: string) => {
    setBusy(true);
    try {
      const next = await action();
      queryClient.setQueryData(planKey, next);
      void message.success(done);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };
  const generate = () => run(() => dayPlanApi.generate({ outletId: outletId!, date, ...(plan.data?.status === 'published' ? { force: true } : {}) }), t('plan.generated'));
  const adjust = (body: AdjustPlanBody) => run(() => dayPlanApi.adjust(plan.data!.id, body), t('plan.adjusted'));
  const publish = () => run(() => dayPlanApi.publish(plan.data!.id), t('plan.publishedOk'));

  const current = plan.data ?? null;
  const isDraft = current?.status === 'draft';
  const routes = current?.routes ?? [];
  const technicianOptions = routes.map((route) => ({ value: route.technicianId, label: route.technicianName }));
  const vehicleOptions = [{ value: '', label: t('plan.vehicle.none') }, ...(current?.vehicles ?? []).map((vehicle) => ({ value: vehicle.id, label: vehicle.name ? `${vehicle.plate}（${vehicle.name}）` : vehicle.plate }))];
  const usedVehicles = new Set(routes.flatMap((route) => (route.vehicleId ? [route.vehicleId] : [])));

  const moveTo = (workOrderId: string, technicianId: string, start: string | null) => {
    const target = routes.find((route) => route.technicianId === technicianId)!;
    const position = positionIn({ ...target, stops: target.stops.filter((stop) => stop.workOrderId !== workOrderId) }, start);
    void adjust({ moves: [{ workOrderId, technicianId, position }] });
  };

  type StopRow = PlanStopView & { technicianId: string; technicianName: string; seq: number };
  const stopRows: StopRow[] = routes.flatMap((route) => route.stops.map((stop, index) => ({ ...stop, technicianId: route.technicianId, technicianName: route.technicianName, seq: index + 1 })));

  const generateButton =
    current?.status === 'published' ? (
      <Popconfirm title={t('plan.regenerateConfirm')} onConfirm={generate} okText={t('common.ok')} cancelText={t('common.cancel')}>
        <Button data-testid="plan-generate" loading={busy} disabled={!outletId}>
          {t('plan.generate')}
        </Button>
      </Popconfirm>
    ) : (
      <Button data-testid="plan-generate" type={current ? 'default' : 'primary'} loading={busy} disabled={!outletId} onClick={() => void generate()}>
        {t('plan.generate')}
      </Button>
    );

  return (
    <div>
      <PageHeader
        title={t('plan.title')}
        extra={
          <Space wrap>
            <Select
              data-testid="plan-outlet"
              style={{ width: 220 }}
              placeholder={t('plan.outlet')}
              value={outletId ?? undefined}
              onChange={(value) => setOutletId(value)}
              options={(outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: outlet.name }))}
              showSearch={{ optionFilterProp: 'label' }}
            />
            <DatePicker data-testid="plan-date" allowClear={false} value={dayjs(date)} onChange={(value) => value && setDate(value.format('YYYY-MM-DD'))} />
            {generateButton}
            {isDraft ? (
              <Popconfirm title={t('plan.publishConfirm')} onConfirm={() => void publish()} okText={t('common.ok')} cancelText={t('common.cancel')}>
                <Button data-testid="plan-publish" type="primary" loading={busy}>
                  {t('plan.publish')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      />
      {plan.error ? <Alert type="error" showIcon title={t('common.error')} /> : null}
      {outletId && plan.isSuccess && !current ? <Empty data-testid="plan-empty" description={t('plan.none')} /> : null}
      {current ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small">
            <Space size={32} wrap>
              <div>
                <Typography.Text type="secondary">{t('plan.status')}</Typography.Text>
                <div>
                  <Tag data-testid="plan-status" color={isDraft ? 'gold' : 'green'}>
                    {isDraft ? t('plan.status.draft') : t('plan.status.published')}
                  </Tag>
                </div>
              </div>
              <Statistic title={t('plan.totalStops')} value={stopRows.length} />
              <Statistic title={t('plan.totalTravel')} value={current.totalTravelMinutes} suffix={t('plan.minutes')} />
              <Statistic title={t('plan.totalDistance')} value={current.totalDistanceKm} suffix="km" />
              <Statistic title={t('plan.unplacedCount')} value={current.unplaced.length} />
            </Space>
          </Card>
          <Card size="small" title={t('plan.routes')}>
            {routes.length ? (
              <DayPlanTimeline
                routes={routes}
                date={current.planDate}
                aside={(route) => (
                  <Select
                    data-testid={`plan-vehicle-${route.technicianId}`}
                    size="small"
                    style={{ width: 200, marginTop: 4 }}
                    disabled={!isDraft || busy}
                    value={route.vehicleId ?? ''}
                    aria-label={t('plan.vehicle')}
                    options={vehicleOptions.map((option) => ({ ...option, disabled: Boolean(option.value) && option.value !== route.vehicleId && usedVehicles.has(option.value) }))}
                    onChange={(value: string) => void adjust({ vehicles: [{ technicianId: route.technicianId, vehicleId: value || null }] })}
                  />
                )}
              />
            ) : (
              <Empty description={t('plan.noTechnicians')} />
            )}
          </Card>
          <Card size="small" title={t('plan.stops')}>
            <Table<StopRow>
              size="small"
              rowKey="workOrderId"
              pagination={false}
              dataSource={stopRows}
              columns={[
                { title: t('plan.col.technician'), dataIndex: 'technicianName' },
                { title: t('plan.col.seq'), dataIndex: 'seq', width: 60 },
                { title: t('plan.col.number'), dataIndex: 'number' },
                { title: t('plan.col.address'), dataIndex: 'address' },
                {
                  title: t('plan.col.window'),
                  render: (_, stop) => (stop.windowStart && stop.windowEnd ? `${shanghaiClock(stop.windowStart)}–${shanghaiClock(stop.windowEnd)}` : ''),
                },
                { title: t('plan.col.planned'), render: (_, stop) => `${shanghaiClock(stop.start)}–${shanghaiClock(stop.end)}` },
                {
                  title: t('plan.col.moveTo'),
                  render: (_, stop) => (
                    <Select
                      data-testid={`plan-move-${stop.workOrderId}`}
                      size="small"
                      style={{ width: 140 }}
                      disabled={!isDraft || busy}
                      placeholder={t('plan.moveTo')}
                      value={null}
                      options={technicianOptions.filter((option) => option.value !== stop.technicianId)}
                      onChange={(technicianId: string) => moveTo(stop.workOrderId, technicianId, stop.start)}
                    />
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" title={t('plan.unplaced')}>
            <Table
              size="small"
              rowKey="workOrderId"
              pagination={false}
              dataSource={current.unplaced}
              locale={{ emptyText: t('plan.unplacedNone') }}
              columns={[
                { title: t('plan.col.number'), dataIndex: 'number' },
                { title: t('plan.col.reason'), dataIndex: 'reason', render: (reason: string) => <Typography.Text type="danger">{reason}</Typography.Text> },
                {
                  title: t('plan.col.placeOn'),
                  render: (_, item: { workOrderId: string }) => (
                    <Select
                      data-testid={`plan-place-${item.workOrderId}`}
                      size="small"
                      style={{ width: 140 }}
                      disabled={!isDraft || busy || !technicianOptions.length}
                      placeholder={t('plan.moveTo')}
                      value={null}
                      options={technicianOptions}
                      onChange={(technicianId: string) => moveTo(item.workOrderId, technicianId, null)}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Space>
      ) : null}
    </div>
  );
}
