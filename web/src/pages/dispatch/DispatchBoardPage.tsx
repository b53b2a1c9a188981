import { useRef, useState, type DragEvent } from 'react';
import { App, Badge, Button, Card, Checkbox, DatePicker, Empty, Flex, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { LIMITS } from '../../../../contracts/limits';
import { canAccess } from '../../access';
import { dispatchApi, type AutoDispatchResult, type BoardTechnician, type TWorkOrderView } from '../../api/dispatch';
import { api } from '../../api/endpoints';
import { partsApi, type PartsReadiness } from '../../api/parts';
import { READINESS_COLORS, READINESS_KEYS } from '../../components/parts/partsShared';
import { useMe } from '../../auth/AuthContext';
import { LoadFailure } from '../../components/archive/LoadFailure';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { BoardAutoResultModal } from './BoardAutoResultModal';
import { BoardRuler, BoardTechnicianRow, DRAG_MIME, type DragItem } from './BoardTimeline';
import { shanghaiInstantAt, shanghaiToday } from '../../time';
import { WorkOrderDispatchDrawer } from './WorkOrderDispatchDrawer';
import {
  dispatchErrorText,
  formatWindow,
  minuteOfShanghaiDay,
  PRIORITY_COLORS,
  PriorityTag,
  WorkOrderStatusTag,
  workTypeLabel,
} from './WorkOrderLabels';

/**
 * The planned start of a drop: the minute under the pointer (already rounded to 15 min), or —
 * when the drop position is unknown — the order's current planned start or window start.
 * Outside the window it is still sent: the server answers with its reason.
 */
export function dropPlannedStart(order: TWorkOrderView, day: string, minute: number | null): string {
  if (minute !== null) return shanghaiInstantAt(day, minute);
  const fallback = order.plannedStart ?? order.windowStart;
  const fallbackMinute = Math.min(Math.max(minuteOfShanghaiDay(fallback, day), 0), 24 * 60 - 15);
  return shanghaiInstantAt(day, fallbackMinute);
}

function UnassignedCard({
  order,
  readiness,
  repeat,
  selected,
  onSelect,
  onOpen,
  onDragStart,
}: {
  order: TWorkOrderView;
  readiness?: PartsReadiness;
  /** The 返修 flag (返修：上次 …) when the order is a repeat repair. */
  repeat?: string;
  selected: boolean;
  onSelect: (checked: boolean) => void;
  onOpen: () => void;
  onDragStart: (event: DragEvent) => void;
}) {
  const { t, locale } = useI18n();
  return (
    <div
      draggable
      onDragStart={onDragStart}
      data-testid={`card-${order.number}`}
      style={{
        border: '1px solid #f0f0f0',
        borderLeft: `4px solid ${PRIORITY_COLORS[order.priority]}`,
        borderRadius: 6,
        padding: '6px 8px',
        marginBottom: 8,
        background: '#fff',
        cursor: 'grab',
      }}
    >
      <Flex justify="space-between" align="center" gap={4}>
        <Space size={6}>
          <Checkbox checked={selected} onChange={(event) => onSelect(event.target.checked)} aria-label={order.number} />
          <Typography.Link onClick={onOpen}>{order.number}</Typography.Link>
        </Space>
        <Space size={4}>
          {repeat ? (
            <Tooltip title={repeat}>
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid={`card-repeat-${order.number}`}>
                {t('quality.board.repeat')}
              </Tag>
            </Tooltip>
          ) : null}
          <PriorityTag priority={order.priority} />
        </Space>
      </Flex>
      <Flex gap={6} wrap align="center" style={{ marginTop: 2 }}>
        <Tag style={{ marginInlineEnd: 0 }}>{workTypeLabel(order.type, locale)}</Tag>
        <Typography.Text style={{ fontSize: 12 }}>{formatWindow(order.windowStart, order.windowEnd, locale)}</Typography.Text>
        {readiness && readiness !== 'none' ? (
          <Tag color={READINESS_COLORS[readiness]} style={{ marginInlineEnd: 0 }} data-testid={`card-parts-${order.number}`}>
            {t(READINESS_KEYS[readiness])}
          </Tag>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }} ellipsis={{ tooltip: order.address }}>
        {order.address}
      </Typography.Text>
      {order.status !== 'waiting' ? (
        <Flex gap={4} align="center" style={{ marginTop: 2 }}>
          <WorkOrderStatusTag status={order.status} technicianId={order.technicianId} />
          <Typography.Text style={{ fontSize: 12 }}>{order.outletName ?? ''}</Typography.Text>
        </Flex>
      ) : null}
    </div>
  );
}

/**
 * 派工台: the day's unassigned orders as cards at the left and one timeline row per technician at
 * the right. Drag a card (or a job) onto a row to dispatch it to that technician at the dropped
 * time; click one to see the candidates and dispatch by hand; 自动派工 for the selected or all.
 */
export function DispatchBoardPage() {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  // null: the day the server opens the board on (today, or tomorrow after the day plan time)
  const [pickedDay, setDay] = useState<string | null>(null);
  const [outletId, setOutletId] = useState<string | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const [drawerOrder, setDrawerOrder] = useState<TWorkOrderView | null>(null);
  const [autoResult, setAutoResult] = useState<AutoDispatchResult | null>(null);
  const [busy, setBusy] = useState(false);
  const dragging = useRef<DragItem | null>(null);
  // automatic dispatch is for the department's dispatchers (all scope), not for outlet staff
  const canAutoDispatch = me.scope === 'all';

  const board = useQuery({ queryKey: ['dispatch', 'board', pickedDay ?? 'default', outletId ?? ''], queryFn: () => dispatchApi.board(pickedDay ?? undefined, outletId) });
  const day = pickedDay ?? board.data?.date ?? shanghaiToday();
  const outlets = useQuery({
    queryKey: ['outlets', 'options'],
    queryFn: () => api.outlets.list({ page: 1, pageSize: LIMITS.pageSizeMax }),
    enabled: canAccess(me, 'outlets.read'),
  });

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['dispatch', 'board'] });
    void queryClient.invalidateQueries({ queryKey: ['work-orders'] });
  };

  const startDrag = (event: DragEvent, item: DragItem) => {
    dragging.current = item;
    event.dataTransfer?.setData(DRAG_MIME, item.workOrder.id);
    event.dataTransfer?.setData('text/plain', item.workOrder.number);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
  };

  const dropOn = async (technician: BoardTechnician, minute: number | null) => {
    const item = dragging.current;
    dragging.current = null;
    if (!item) return;
    // the day the rows show (the server's answer), which the drop position refers to
    const boardDay = board.data?.date ?? day;
    setBusy(true);
    try {
      const detail = await dispatchApi.dispatch(item.workOrder.id, {
        outletId: technician.outletId,
        technicianId: technician.id,
        version: item.workOrder.version,
        plannedStart: dropPlannedStart(item.workOrder, boardDay, minute),
      });
      void message.success(t('dispatch.board.dropped', { number: detail.number, name: technician.name }));
    } catch (error) {
      void message.error(dispatchErrorText(error, t, locale));
    } finally {
      setBusy(false);
      refresh();
    }
  };

  const autoDispatch = async () => {
    setBusy(true);
    try {
      setAutoResult(await dispatchApi.autoDispatch(selected.length ? { workOrderIds: selected } : {}));
      setSelected([]);
      refresh();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const data = board.data;
  const unassigned = data?.unassigned ?? [];
  // 派工前预审: whether each order's parts are ready (only with parts.read)
  const boardOrderIds = [...unassigned.map((order) => order.id), ...(data?.technicians ?? []).flatMap((technician) => technician.jobs.map((job) => job.workOrder.id))].slice(0, 200);
  const readinessQuery = useQuery({
    queryKey: ['parts', 'readiness', boardOrderIds],
    queryFn: () => partsApi.readiness(boardOrderIds),
    enabled: canAccess(me, 'parts.read') && boardOrderIds.length > 0,
  });
  const readiness = new Map((readinessQuery.data?.items ?? []).map((item) => [item.workOrderId, item.readiness]));
  const repeats = new Map((data?.repeatRepairs ?? []).map((item) => [item.workOrderId, item.summary]));

  return (
    <Card>
      <PageHeader
        title={t('nav.dispatchBoard')}
        extra={
          <Space wrap>
            <DatePicker
              value={dayjs(day)}
              allowClear={false}
              onChange={(value) => {
                if (value) setDay(value.format('YYYY-MM-DD'));
                setSelected([]);
              }}
              data-testid="board-date"
            />
            {canAccess(me, 'outlets.read') ? (
              <Select
                placeholder={t('dispatch.board.allOutlets')}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 180 }}
                value={outletId}
                onChange={(value) => setOutletId(value)}
                options={(outlets.data?.items ?? []).map((outlet) => ({ value: outlet.id, label: outlet.name }))}
                data-testid="board-outlet"
              />
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={refresh} aria-label={t('dispatch.board.refresh')} />
            {canAutoDispatch ? (
              <Button type="primary" icon={<ThunderboltOutlined />} loading={busy} onClick={() => void autoDispatch()} data-testid="auto-dispatch">
                {selected.length ? t('dispatch.auto.selected', { count: selected.length }) : t('dispatch.auto.all')}
              </Button>
            ) : null}
          </Space>
        }
      />
      {!data ? (
        <LoadFailure error={board.error} retry={() => void board.refetch()} />
      ) : (
        <Spin spinning={board.isFetching || busy} delay={300}>
          <Flex gap={16} align="flex-start">
            <div style={{ width: 280, flex: 'none' }} data-testid="board-unassigned">
              <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                <Typography.Text strong>
                  {t('dispatch.board.unassigned')} <Badge count={unassigned.length} showZero color="#faad14" />
                </Typography.Text>
                {unassigned.length ? (
                  <Checkbox
                    checked={selected.length === unassigned.length}
                    indeterminate={selected.length > 0 && selected.length < unassigned.length}
                    onChange={(event) => setSelected(event.target.checked ? unassigned.map((order) => order.id) : [])}
                  >
                    {t('common.all')}
                  </Checkbox>
                ) : null}
              </Flex>
              <div style={{ maxHeight: 'calc(100vh - 260px)', overflowY: 'auto', paddingRight: 4 }}>
                {unassigned.length ? (
                  unassigned.map((order) => (
                    <UnassignedCard
                      key={order.id}
                      order={order}
                      readiness={readiness.get(order.id)}
                      repeat={repeats.get(order.id)}
                      selected={selected.includes(order.id)}
                      onSelect={(checked) => setSelected((current) => (checked ? [...current, order.id] : current.filter((entry) => entry !== order.id)))}
                      onOpen={() => setDrawerOrder(order)}
                      onDragStart={(event) => startDrag(event, { workOrder: order, fromTechnicianId: null })}
                    />
                  ))
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.board.noUnassigned')} />
                )}
              </div>
            </div>
            <div style={{ flex: 1, minWidth: 640 }} data-testid="board-technicians">
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dispatch.board.hint')}
              </Typography.Text>
              <BoardRuler />
              {data.technicians.length ? (
                data.technicians.map((technician) => (
                  <BoardTechnicianRow
                    key={technician.id}
                    technician={technician}
                    day={data.date}
                    readiness={readiness}
                    onOpen={(order) => setDrawerOrder(order)}
                    onDragStart={startDrag}
                    onDrop={(target, minute) => void dropOn(target, minute)}
                  />
                ))
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.board.noTechnicians')} />
              )}
              <Flex gap={12} style={{ marginTop: 8, fontSize: 12 }} wrap>
                {(['normal', 'high', 'urgent'] as const).map((priority) => (
                  <Space key={priority} size={4}>
                    <span style={{ display: 'inline-block', width: 12, height: 12, background: PRIORITY_COLORS[priority], borderRadius: 2 }} />
                    {t(`dispatch.priority.${priority}`)}
                  </Space>
                ))}
                <Space size={4}>
                  <span style={{ display: 'inline-block', width: 16, height: 4, background: '#bfbfbf', borderRadius: 2 }} />
                  {t('dispatch.board.travelLegend')}
                </Space>
                <Space size={4}>
                  <span style={{ display: 'inline-block', width: 16, height: 12, background: '#f6ffed', border: '1px solid #d9f7be' }} />
                  {t('dispatch.board.hoursLegend')}
                </Space>
              </Flex>
            </div>
          </Flex>
        </Spin>
      )}
      <WorkOrderDispatchDrawer
        workOrder={drawerOrder}
        onClose={() => setDrawerOrder(null)}
        onDispatched={(detail) => {
          setDrawerOrder(null);
          void message.success(t('dispatch.manual.done', { number: detail.number }));
          refresh();
        }}
      />
      <BoardAutoResultModal result={autoResult} onClose={() => setAutoResult(null)} />
    </Card>
  );
}
