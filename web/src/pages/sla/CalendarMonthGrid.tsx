import { Flex, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CalendarDay } from '../../api/tickets';
import { useI18n, type MessageKey } from '../../i18n';

/** What one date of the grid is, as the SLA clocks count it. */
export type GridDayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'unknown';

export type GridDay = { date: string; day: number; kind: GridDayKind; name: string | null; isAdmin: boolean };

/**
 * The kind of every date of a month from the year's calendar answer: the server lists the
 * holidays and make-up working days (admins' days already applied) and, separately, the admins'
 * own entries; every other date follows the weekday rule in a known year and is "unknown"
 * (provisional: counted as a working day and flagged) in a year without holiday data.
 */
export function monthDays(year: number, month: number, calendar: { isKnown: boolean; days: CalendarDay[]; adminDays: CalendarDay[] }): GridDay[] {
  const listed = new Map(calendar.days.map((day) => [day.date, day]));
  const admin = new Map(calendar.adminDays.map((day) => [day.date, day]));
  const first = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  const result: GridDay[] = [];
  for (let day = 1; day <= first.daysInMonth(); day += 1) {
    const date = first.date(day).format('YYYY-MM-DD');
    const entry = listed.get(date);
    const adminEntry = admin.get(date);
    const weekday = first.date(day).day();
    const isWeekend = weekday === 0 || weekday === 6;
    let kind: GridDayKind;
    if (entry && (entry.kind === 'holiday' || entry.kind === 'makeup_workday' || entry.kind === 'unknown')) kind = entry.kind;
    // An admin's day is known even in an unknown year; 'workday' on a weekday is a plain working day.
    else if (adminEntry?.kind === 'workday') kind = isWeekend ? 'makeup_workday' : 'workday';
    else if (!calendar.isKnown && !adminEntry) kind = 'unknown';
    else kind = isWeekend ? 'weekend' : 'workday';
    result.push({ date, day, kind, name: entry?.name ?? adminEntry?.name ?? null, isAdmin: Boolean(adminEntry) });
  }
  return result;
}

const CELL_STYLES: Record<GridDayKind, { background: string; border: string; color?: string }> = {
  workday: { background: '#ffffff', border: '1px solid #f0f0f0' },
  weekend: { background: '#fafafa', border: '1px solid #f0f0f0', color: '#8c8c8c' },
  holiday: { background: '#fff1f0', border: '1px solid #ffa39e', color: '#cf1322' },
  makeup_workday: { background: '#e6f4ff', border: '1px solid #91caff', color: '#0958d9' },
  unknown: { background: '#fffbe6', border: '1px dashed #ffd666', color: '#ad6800' },
};

const TAG_COLORS: Record<GridDayKind, string> = { workday: 'default', weekend: 'default', holiday: 'red', makeup_workday: 'blue', unknown: 'gold' };

/** Monday-first month grid (as Chinese calendars are printed) with holidays, 调休 and provisional days. */
export function CalendarMonthGrid({ year, month, calendar }: { year: number; month: number; calendar: { isKnown: boolean; days: CalendarDay[]; adminDays: CalendarDay[] } }) {
  const { t } = useI18n();
  const days = monthDays(year, month, calendar);
  // Monday = 0 … Sunday = 6
  const leading = (dayjs(days[0].date).day() + 6) % 7;
  const cells: (GridDay | null)[] = [...Array.from({ length: leading }, () => null), ...days];
  while (cells.length % 7) cells.push(null);
  const headers = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((key) => t(`slaPage.weekday.${key}` as MessageKey));
  const kindText = (kind: GridDayKind) => t(`slaPage.kind.${kind}` as MessageKey);

  return (
    <div data-testid="sla-month-grid">
      <Flex wrap gap={8} style={{ marginBottom: 8 }} data-testid="sla-legend">
        {(['workday', 'weekend', 'holiday', 'makeup_workday', 'unknown'] as const).map((kind) => (
          <span key={kind} style={{ ...CELL_STYLES[kind], padding: '0 8px', borderRadius: 4, fontSize: 12 }}>
            {kindText(kind)}
          </span>
        ))}
        <span style={{ padding: '0 8px', borderRadius: 4, fontSize: 12, boxShadow: 'inset 0 0 0 2px #722ed1' }}>{t('slaPage.source.admin')}</span>
      </Flex>
      <div role="grid" aria-label={`${year}-${String(month).padStart(2, '0')}`} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4 }}>
        {headers.map((header) => (
          <div key={header} role="columnheader" style={{ textAlign: 'center', fontWeight: 600, padding: '4px 0' }}>
            {header}
          </div>
        ))}
        {cells.map((cell, index) =>
          cell ? (
            <Tooltip key={cell.date} title={[cell.date, kindText(cell.kind), cell.name, cell.isAdmin ? t('slaPage.source.admin') : null].filter(Boolean).join(' · ')}>
              <div
                role="gridcell"
                data-testid={`sla-day-${cell.date}`}
                data-kind={cell.kind}
                data-admin={cell.isAdmin ? 'true' : undefined}
                style={{ ...CELL_STYLES[cell.kind], borderRadius: 6, minHeight: 64, padding: 6, boxShadow: cell.isAdmin ? 'inset 0 0 0 2px #722ed1' : undefined }}
              >
                <Typography.Text strong style={{ color: CELL_STYLES[cell.kind].color }}>
                  {cell.day}
                </Typography.Text>
                {cell.kind === 'holiday' || cell.kind === 'makeup_workday' || cell.kind === 'unknown' ? (
                  <div>
                    <Tag color={TAG_COLORS[cell.kind]} style={{ marginInlineEnd: 0, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                      {cell.kind === 'unknown' ? t('slaPage.provisional') : (cell.name ?? kindText(cell.kind))}
                    </Tag>
                  </div>
                ) : cell.isAdmin && cell.name ? (
                  <div>
                    <Tag style={{ marginInlineEnd: 0 }}>{cell.name}</Tag>
                  </div>
                ) : null}
                {cell.kind === 'makeup_workday' ? (
                  <Typography.Text type="secondary" style={{ fontSize: 11, display: 'block' }}>
                    {t('slaPage.makeupShort')}
                  </Typography.Text>
                ) : null}
              </div>
            </Tooltip>
          ) : (
            <div key={`blank-${index}`} role="gridcell" aria-hidden />
          ),
        )}
      </div>
    </div>
  );
}
