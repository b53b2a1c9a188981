import { useState, type DragEvent } from 'react';
import { Tag, Tooltip, Typography } from 'antd';
import type { PartsReadiness } from '../../../../contracts/parts';
import type { BoardJob, BoardTechnician, TWorkOrderView } from '../../api/dispatch';
import { READINESS_KEYS } from '../../components/parts/partsShared';
import { useI18n } from '../../i18n';
import { formatWindow, gradeLabel, minuteOfShanghaiDay, minuteText, PRIORITY_COLORS, shanghaiParts, workTypeLabel } from './WorkOrderLabels';

/** The board shows 07:00–21:00. */
export const BOARD_START_MINUTE = 7 * 60;
export const BOARD_END_MINUTE = 21 * 60;
const SPAN = BOARD_END_MINUTE - BOARD_START_MINUTE;
const LABEL_WIDTH = 168;

/** Left offset (percent of the track) of a minute of the day, clamped to the board. */
export function boardPercent(minute: number): number {
  return (Math.min(Math.max(minute, BOARD_START_MINUTE), BOARD_END_MINUTE) - BOARD_START_MINUTE) / SPAN * 100;
}

/** The minute of the day under a drop at `offsetX` px of a `width` px track, rounded to 15 minutes. */
export function minuteAtOffset(offsetX: number, width: number): number {
  const raw = BOARD_START_MINUTE + (Math.min(Math.max(offsetX, 0), width) / width) * SPAN;
  return Math.min(Math.max(Math.round(raw / 15) * 15, BOARD_START_MINUTE), BOARD_END_MINUTE);
}

/** What is being dragged: an unassigned card or a job already on a technician's row. */
export type DragItem = { workOrder: TWorkOrderView; fromTechnicianId: string | null };
export const DRAG_MIME = 'application/x-work-order';

/** The hour ruler above the rows. */
export function BoardRuler() {
  const hours = Array.from({ length: SPAN / 60 + 1 }, (_, index) => BOARD_START_MINUTE / 60 + index);
  return (
    <div style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', height: 24 }}>
      <div style={{ width: LABEL_WIDTH, flex: 'none' }} />
      <div style={{ position: 'relative', flex: 1 }}>
        {hours.map((hour) => (
          <span
            key={hour}
            style={{
              position: 'absolute',
              left: `${boardPercent(hour * 60)}%`,
              transform: hour === BOARD_END_MINUTE / 60 ? 'translateX(-100%)' : hour === BOARD_START_MINUTE / 60 ? undefined : 'translateX(-50%)',
              fontSize: 11,
              color: '#8c8c8c',
            }}
          >
            {hour}:00
          </span>
        ))}
      </div>
    </div>
  );
}

function JobBlock({ job, day, readiness, onOpen, onDragStart }: { job: BoardJob; day: string; readiness?: PartsReadiness; onOpen: () => void; onDragStart: (event: DragEvent) => void }) {
  const { t, locale } = useI18n();
  const start = minuteOfShanghaiDay(job.start, day);
  const end = Math.max(minuteOfShanghaiDay(job.end, day), start + 5);
  const order = job.workOrder;
  const travelStart = start - job.travelMinutes;
  const color = PRIORITY_COLORS[order.priority];
  const tip = (
    <div>
      <div>
        {order.number} · {workTypeLabel(order.type, locale)}
      </div>
      <div>
        {shanghaiParts(job.start).hhmm}–{shanghaiParts(job.end).hhmm}
        {job.travelMinutes ? ` · ${t('dispatch.board.travel', { minutes: job.travelMinutes })}` : ''}
      </div>
      <div>{formatWindow(order.windowStart, order.windowEnd, locale)}</div>
      <div>{order.address}</div>
      {readiness && readiness !== 'none' ? <div>{t(READINESS_KEYS[readiness])}</div> : null}
    </div>
  );
  return (
    <>
      {job.travelMinutes > 0 ? (
        <div
          data-testid={`travel-${order.number}`}
          style={{
            position: 'absolute',
            top: 20,
            height: 4,
            left: `${boardPercent(travelStart)}%`,
            width: `${boardPercent(start) - boardPercent(travelStart)}%`,
            background: '#bfbfbf',
            borderRadius: 2,
          }}
        />
      ) : null}
      <Tooltip title={tip}>
        <div
          role="button"
          tabIndex={0}
          draggable
          onDragStart={onDragStart}
          onClick={onOpen}
          onKeyDown={(event) => (event.key === 'Enter' ? onOpen() : undefined)}
          data-testid={`job-${order.number}`}
          style={{
            position: 'absolute',
            top: 6,
            height: 32,
            left: `${boardPercent(start)}%`,
            width: `${Math.max(boardPercent(end) - boardPercent(start), 0.8)}%`,
            background: `${color}22`,
            borderLeft: `3px solid ${color}`,
            borderRadius: 4,
            padding: '0 4px',
            fontSize: 12,
            lineHeight: '32px',
            overflow: 'hidden',
            whiteSpace: 'nowrap',
            cursor: 'grab',
          }}
        >
          {readiness && readiness !== 'none' ? <PartsDot readiness={readiness} /> : null}
          {order.number}
        </div>
      </Tooltip>
    </>
  );
}

/**
 * One technician's day: name, outlet and grade at the left, then the 07:00–21:00 track with the
 * working hours lit, job blocks by start/end and a thin travel bar before each. A technician with
 * a problem (上岗证过期, 请假, 当日不上班) is greyed out with the reason. Drops land here.
 */
/** A small coloured dot in a job block: the order's parts (blue waiting, red short, green ready). */
function PartsDot({ readiness }: { readiness: PartsReadiness }) {
  const colors: Record<PartsReadiness, string> = { none: 'transparent', requested: '#1677ff', shortage: '#ff4d4f', ready: '#52c41a' };
  return <span data-testid={`parts-dot-${readiness}`} style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: colors[readiness], marginRight: 4 }} />;
}

export function BoardTechnicianRow({
  technician,
  day,
  readiness,
  onOpen,
  onDragStart,
  onDrop,
}: {
  technician: BoardTechnician;
  day: string;
  /** Parts readiness by work order id (派工前预审). */
  readiness?: ReadonlyMap<string, PartsReadiness>;
  onOpen: (order: TWorkOrderView) => void;
  onDragStart: (event: DragEvent, item: DragItem) => void;
  onDrop: (technician: BoardTechnician, minute: number | null) => void;
}) {
  const { t, locale } = useI18n();
  const [isOver, setOver] = useState(false);
  const greyed = !!technician.problem;

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const rect = event.currentTarget.getBoundingClientRect();
    onDrop(technician, rect.width > 0 ? minuteAtOffset(event.clientX - rect.left, rect.width) : null);
  };

  return (
    <div
      data-testid={`tech-row-${technician.id}`}
      style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', minHeight: 44, background: greyed ? '#fafafa' : undefined }}
    >
      <div style={{ width: LABEL_WIDTH, flex: 'none', padding: '4px 8px 4px 0', opacity: greyed ? 0.6 : 1 }}>
        <Typography.Text strong>{technician.name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 6 }}>
          {gradeLabel(technician.grade, locale)}
        </Typography.Text>
        <div style={{ fontSize: 12, color: '#8c8c8c', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {technician.outletName ?? ''} · {t('dispatch.board.jobCount', { count: technician.jobs.length })}
        </div>
        {technician.problem ? (
          <Tag color="default" style={{ marginTop: 2 }} data-testid="tech-problem">
            {technician.problem}
          </Tag>
        ) : null}
      </div>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          if (!isOver) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        data-testid={`tech-track-${technician.id}`}
        style={{
          position: 'relative',
          flex: 1,
          minHeight: 44,
          outline: isOver ? '2px dashed #1677ff' : undefined,
          backgroundImage: greyed
            ? 'repeating-linear-gradient(45deg, #f5f5f5, #f5f5f5 6px, #fafafa 6px, #fafafa 12px)'
            : undefined,
        }}
      >
        {!greyed ? (
          <div
            title={`${minuteText(technician.workStartMinute)}–${minuteText(technician.workEndMinute)}`}
            style={{
              position: 'absolute',
              top: 0,
              bottom: 0,
              left: `${boardPercent(technician.workStartMinute)}%`,
              width: `${boardPercent(technician.workEndMinute) - boardPercent(technician.workStartMinute)}%`,
              background: '#f6ffed',
            }}
          />
        ) : null}
        {Array.from({ length: SPAN / 60 - 1 }, (_, index) => (
          <div key={index} style={{ position: 'absolute', top: 0, bottom: 0, left: `${boardPercent(BOARD_START_MINUTE + (index + 1) * 60)}%`, borderLeft: '1px dashed #f0f0f0' }} />
        ))}
        {technician.jobs.map((job) => (
          <JobBlock
            key={job.workOrder.id}
            job={job}
            day={day}
            readiness={readiness?.get(job.workOrder.id)}
            onOpen={() => onOpen(job.workOrder)}
            onDragStart={(event) => onDragStart(event, { workOrder: job.workOrder, fromTechnicianId: technician.id })}
          />
        ))}
      </div>
    </div>
  );
}
