import type { ReactNode } from 'react';
import { Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { shanghaiClock } from '../../time';
import type { PlanRouteView, PlanStopView } from './DayPlanApi';

/** The visible day: 07:00 to 21:00 (Asia/Shanghai). */
const AXIS_START = 7 * 60;
const AXIS_END = 21 * 60;
const HOURS = Array.from({ length: (AXIS_END - AXIS_START) / 60 + 1 }, (_, index) => 7 + index);
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

/** Minutes after Shanghai midnight of an ISO instant (past midnight counts on: 24:30 = 1470). */
export function shanghaiMinute(iso: string, date: string): number {
  const midnight = Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MINUTES * 60_000;
  return (Date.parse(iso) - midnight) / 60_000;
}

const percent = (minute: number) => `${(Math.min(Math.max(minute, AXIS_START), AXIS_END) - AXIS_START) / (AXIS_END - AXIS_START) * 100}%`;
const span = (from: number, to: number) => {
  const left = Math.min(Math.max(from, AXIS_START), AXIS_END);
  const right = Math.min(Math.max(to, AXIS_START), AXIS_END);
  return `${((right - left) / (AXIS_END - AXIS_START)) * 100}%`;
};

const PRIORITY_COLORS: Record<PlanStopView['priority'], string> = { normal: '#1677ff', high: '#fa8c16', urgent: '#f5222d' };

function StopTooltip({ stop }: { stop: PlanStopView }) {
  const { t } = useI18n();
  return (
    <div>
      <div>{t('plan.stop.number', { number: stop.number })}</div>
      <div>{t('plan.stop.address', { address: stop.address })}</div>
      {stop.windowStart && stop.windowEnd ? <div>{t('plan.stop.window', { from: shanghaiClock(stop.windowStart), to: shanghaiClock(stop.windowEnd) })}</div> : null}
      <div>{t('plan.stop.planned', { from: shanghaiClock(stop.start), to: shanghaiClock(stop.end) })}</div>
      <div>{t('plan.stop.travel', { minutes: stop.travelMinutes })}</div>
    </div>
  );
}

/** One technician's day: travel as a thin bar before each stop, the stop as a block from start to end. */
function RouteTrack({ route, date }: { route: PlanRouteView; date: string }) {
  return (
    <div className="day-plan-track" style={{ position: 'relative', height: 40, background: '#fafafa', borderRadius: 4 }}>
      {HOURS.map((hour) => (
        <div key={hour} style={{ position: 'absolute', left: percent(hour * 60), top: 0, bottom: 0, borderLeft: '1px dashed #e5e5e5' }} />
      ))}
      {route.stops.map((stop) => {
        const arrival = shanghaiMinute(stop.arrival, date);
        const start = shanghaiMinute(stop.start, date);
        const end = shanghaiMinute(stop.end, date);
        const leave = arrival - stop.travelMinutes;
        return (
          <div key={stop.workOrderId}>
            <div
              data-testid={`plan-travel-${stop.workOrderId}`}
              style={{ position: 'absolute', left: percent(leave), width: span(leave, arrival), top: 18, height: 4, background: '#8c8c8c', borderRadius: 2 }}
            />
            <Tooltip title={<StopTooltip stop={stop} />}>
              <div
                data-testid={`plan-stop-${stop.workOrderId}`}
                style={{
                  position: 'absolute',
                  left: percent(start),
                  width: span(start, end),
                  top: 6,
                  height: 28,
                  background: PRIORITY_COLORS[stop.priority] ?? PRIORITY_COLORS.normal,
                  color: '#fff',
                  borderRadius: 4,
                  fontSize: 11,
                  lineHeight: '28px',
                  overflow: 'hidden',
                  whiteSpace: 'nowrap',
                  paddingInline: 2,
                  cursor: 'default',
                }}
              >
                {stop.number.slice(-4)}
              </div>
            </Tooltip>
          </div>
        );
      })}
    </div>
  );
}

/** The plan as rows per technician on a 07:00–21:00 axis; `aside` renders the row's controls (vehicle). */
export function DayPlanTimeline({ routes, date, aside }: { routes: PlanRouteView[]; date: string; aside: (route: PlanRouteView) => ReactNode }) {
  const { t } = useI18n();
  return (
    <div data-testid="plan-timeline">
      <div style={{ display: 'flex', marginBottom: 4 }}>
        <div style={{ width: 260, flex: 'none' }} />
        <div style={{ position: 'relative', flex: 1, height: 18 }}>
          {HOURS.map((hour) => (
            <span key={hour} style={{ position: 'absolute', left: percent(hour * 60), transform: 'translateX(-50%)', fontSize: 11, color: '#8c8c8c' }}>
              {String(hour).padStart(2, '0')}
            </span>
          ))}
        </div>
      </div>
      {routes.map((route) => (
        <div key={route.id} data-testid={`plan-route-${route.technicianId}`} style={{ display: 'flex', alignItems: 'center', marginBottom: 8 }}>
          <div style={{ width: 260, flex: 'none', paddingRight: 8 }}>
            <Typography.Text strong>{route.technicianName}</Typography.Text>
            <div style={{ fontSize: 12, color: '#8c8c8c' }}>{t('plan.route.summary', { stops: route.stops.length, minutes: route.travelMinutes, km: route.distanceKm })}</div>
            {aside(route)}
          </div>
          <div style={{ flex: 1 }}>
            <RouteTrack route={route} date={date} />
          </div>
        </div>
      ))}
    </div>
  );
}
