import type { SQL } from 'drizzle-orm';
import { PENDING_STATUSES, type TicketStatus } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR, type Actor } from '../../platform/principal';
import { publishEvent } from '../../platform/seam';
import { recordAudit } from '../audit';
import { createCalendarData, dayKind, isKnownYear, type CalendarData } from './calendar';
import { evaluateClock, type ClockEvaluation } from './clock';
import { SlaClockBreached } from './sla.events';
import * as repo from './sla.repository';
import type { ClockInsert, ClockRow, PolicyRow } from './sla.repository';

const DAY_MINUTES = 1440;
const WHOLE_DAY = { start: '00:00', end: '24:00' };
/** Types whose work happens at the customer's site (they get an on-site clock). */
const ONSITE_TYPES = new Set(['installation', 'repair', 'maintenance', 'inspection', 'site_measurement', 'installation_guidance']);

/** Calendars per database handle (tests run several databases in one process). */
const caches = new WeakMap<object, { data: CalendarData; loadedAt: number }>();
const CACHE_MS = 60_000;

/**
 * The calendar from the database (statutory days, admins' days, known years), cached for a
 * minute per database. Queries run on `executor` (pass the open transaction: on PGlite a query
 * on the pool while a transaction is open would wait forever); `cacheKey` is the database.
 */
export async function loadCalendar(executor: Executor, options: { fresh?: boolean; cacheKey?: object } = {}): Promise<CalendarData> {
  const key = options.cacheKey ?? executor;
  const cache = caches.get(key);
  if (!options.fresh && cache && Date.now() - cache.loadedAt < CACHE_MS) return cache.data;
  const [days, years] = await Promise.all([repo.findCalendarDays(executor), repo.findCalendarYears(executor)]);
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  for (const day of days.filter((row) => row.source === 'statutory')) {
    if (day.kind === 'holiday') holidays[day.date] = day.name ?? '';
    if (day.kind === 'workday') workdays[day.date] = day.name ?? '';
  }
  const known = years.map((row) => row.year);
  const data = createCalendarData(
    { years: { from: Math.min(...known), to: Math.min(...known) }, holidays, workdays },
    days.filter((row) => row.source === 'admin').map((row) => ({ date: row.date, kind: row.kind, name: row.name ?? undefined })),
    known,
  );
  caches.set(key, { data, loadedAt: Date.now() });
  return data;
}

export function invalidateCalendar(executor: Executor) {
  caches.delete(executor);
}

/** A year of the calendar: every day that is not a plain weekday/weekend, and whether the year is known. */
export async function getCalendarYear(ctx: AppContext, year: number) {
  // The fresh calendar holds the known years and the admins' days: nothing else to read.
  const data = await loadCalendar(ctx.db, { fresh: true });
  const isKnown = isKnownYear(data, year);
  const days = [];
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += 86_400_000) {
    const date = new Date(time).toISOString().slice(0, 10);
    const kind = dayKind(data, date);
    if (kind.kind === 'holiday' || kind.kind === 'makeup_workday' || kind.kind === 'unknown') days.push({ date, kind: kind.kind, name: kind.name ?? null });
  }
  const adminDays = [...(data.overrides instanceof Map ? data.overrides.values() : Object.values(data.overrides ?? {}))]
    .filter((day) => day.date.startsWith(`${year}-`))
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((day) => ({ date: day.date, kind: day.kind, name: day.name ?? null }));
  return { year, isKnown, days: isKnown ? days : days.filter((day) => day.kind !== 'unknown'), adminDays };
}

/** An admin marks a day (local holiday, extra working day, or back to normal); audited. */
export async function setCalendarDay(ctx: AppContext, actor: Actor, input: { date: string; kind: 'holiday' | 'workday' | 'normal'; name?: string | null }) {
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findCalendarDay(tx, input.date);
    if (before?.source === 'statutory' && input.kind !== 'normal' && before.kind === input.kind) return;
    await repo.upsertAdminCalendarDay(tx, { date: input.date, kind: input.kind, name: input.name ?? null, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'calendar_day', entityId: input.date, action: 'set', before: before ? { kind: before.kind, name: before.name, source: before.source } : null, after: { kind: input.kind, name: input.name ?? null } });
  });
  invalidateCalendar(ctx.db);
}

/** An admin declares a year's arrangement complete (after entering its holidays). */
export async function markYearKnown(ctx: AppContext, actor: Actor, year: number) {
  await ctx.db.transaction(async (tx) => {
    await repo.insertCalendarYear(tx, { year, source: 'admin' });
    await recordAudit(tx, actor, { entity: 'calendar_year', entityId: String(year), action: 'marked_known' });
  });
  invalidateCalendar(ctx.db);
}

export async function listPolicies(ctx: AppContext) {
  return (await repo.findPolicies(ctx.db)).map(presentPolicy);
}

function presentPolicy(row: PolicyRow) {
  return {
    id: row.id,
    name: row.name,
    ticketType: row.ticketType,
    urgency: row.urgency,
    customerClass: row.customerClass,
    priority: row.priority,
    responseMinutes: row.responseMinutes,
    responseHours: row.responseHours,
    onsiteWorkingDays: row.onsiteWorkingDays,
    resolutionWorkingDays: row.resolutionWorkingDays,
    atRiskPercent: row.atRiskPercent,
    isActive: row.isActive,
  };
}

export type PolicyInput = Omit<ReturnType<typeof presentPolicy>, 'id'>;

export async function savePolicy(ctx: AppContext, actor: Actor, id: string | null, input: PolicyInput) {
  if (input.responseHours.start >= input.responseHours.end) throw invalidField(['responseHours', 'end'], 'must be after start');
  const saved = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    if (id) {
      const before = await repo.findPolicyById(tx, id);
      if (!before) throw new AppError('not_found', 'SLA policy not found');
      const after = await repo.updatePolicy(tx, id, { ...input, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'sla_policy', entityId: id, action: 'updated', before: presentPolicy(before), after: presentPolicy(after) });
      return presentPolicy(after);
    }
    const created = await repo.insertPolicy(tx, { id: newId(), ...input, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'sla_policy', entityId: created.id, action: 'created', after: presentPolicy(created) });
    return presentPolicy(created);
  });
  invalidatePolicies(ctx.db);
  return saved;
}

/** Active policies per database handle, highest priority first; dropped when an admin saves a policy. */
const policyCaches = new WeakMap<object, { rows: PolicyRow[]; loadedAt: number }>();

/**
 * The active policies, cached per database like the calendar: a save in this process drops the
 * cache at once; another process sees it within a minute.
 */
async function loadActivePolicies(executor: Executor, cacheKey: object): Promise<PolicyRow[]> {
  const cache = policyCaches.get(cacheKey);
  if (cache && Date.now() - cache.loadedAt < CACHE_MS) return cache.rows;
  const rows = await repo.findActivePolicies(executor);
  policyCaches.set(cacheKey, { rows, loadedAt: Date.now() });
  return rows;
}

export function invalidatePolicies(cacheKey: object) {
  policyCaches.delete(cacheKey);
}

/** The most specific active policy for a ticket (type, urgency, key customer), highest priority first. */
export async function selectPolicy(executor: Executor, ticket: { type: string; urgency: string; isKeyCustomer: boolean }, cacheKey: object = executor): Promise<PolicyRow | undefined> {
  const rows = await loadActivePolicies(executor, cacheKey);
  return rows.find(
    (row) =>
      (!row.ticketType || row.ticketType === ticket.type) &&
      (!row.urgency || row.urgency === ticket.urgency) &&
      (!row.customerClass || row.customerClass === (ticket.isKeyCustomer ? 'key' : 'normal')),
  );
}

export type { ClockInsert };

/**
 * A new ticket's clocks under its policy (response; on site for field work; resolution) with
 * their due times, computed in memory from the cached policies and calendar; nothing is written.
 * Queries (only when a cache is cold) run on `executor` (the open transaction); `cacheKey` is the database.
 */
export async function planTicketClocks(executor: Executor, cacheKey: object, ticket: { id: string; type: string; urgency: string; isKeyCustomer: boolean; unitCount?: number }, at: Date): Promise<{ clocks: ClockInsert[]; responseDue: Date | null }> {
  const policy = await selectPolicy(executor, ticket, cacheKey);
  if (!policy) return { clocks: [], responseDue: null };
  const data = await loadCalendar(executor, { cacheKey });
  const clocks: ClockInsert[] = [
    { id: newId(), ticketId: ticket.id, kind: 'response', policyId: policy.id, startedAt: at, targetMinutes: policy.responseMinutes, hours: policy.responseHours, workingDaysOnly: false, atRiskPercent: policy.atRiskPercent, dueAt: at },
  ];
  if (policy.onsiteWorkingDays && ONSITE_TYPES.has(ticket.type)) {
    clocks.push({ id: newId(), ticketId: ticket.id, kind: 'onsite', policyId: policy.id, startedAt: at, targetMinutes: policy.onsiteWorkingDays * DAY_MINUTES, hours: WHOLE_DAY, workingDaysOnly: true, atRiskPercent: policy.atRiskPercent, dueAt: at });
  }
  // N units received together are due in ceil(N/10) working days (MISSION §10).
  const resolutionDays = ticket.unitCount && ticket.unitCount > 1 ? Math.ceil(ticket.unitCount / 10) : policy.resolutionWorkingDays;
  if (resolutionDays) {
    clocks.push({ id: newId(), ticketId: ticket.id, kind: 'resolution', policyId: policy.id, startedAt: at, targetMinutes: resolutionDays * DAY_MINUTES, hours: WHOLE_DAY, workingDaysOnly: true, atRiskPercent: policy.atRiskPercent, dueAt: at });
  }
  for (const clock of clocks) {
    const evaluation = evaluateClock(data, toState(clock as ClockRow), at, riskOf(clock as ClockRow));
    clock.dueAt = evaluation.dueAt;
  }
  return { clocks, responseDue: clocks[0].dueAt as Date };
}

/** Planned clocks as they are stored: what is written plus the column defaults (the row type lists every column). */
export function storedClockRows(clocks: ClockInsert[]): ClockRow[] {
  return clocks.map((clock) => ({
    id: clock.id,
    ticketId: clock.ticketId,
    kind: clock.kind,
    policyId: clock.policyId ?? null,
    startedAt: clock.startedAt,
    targetMinutes: clock.targetMinutes,
    hours: clock.hours,
    workingDaysOnly: clock.workingDaysOnly,
    atRiskPercent: clock.atRiskPercent ?? 80,
    pauses: clock.pauses ?? [],
    stoppedAt: clock.stoppedAt ?? null,
    dueAt: clock.dueAt,
    status: clock.status ?? 'running',
    isAtRisk: clock.isAtRisk ?? false,
    atRiskNotifiedAt: clock.atRiskNotifiedAt ?? null,
    breachEscalatedAt: clock.breachEscalatedAt ?? null,
  }));
}

/**
 * The INSERT of planned clocks as SQL, for a caller that runs it inside a larger statement
 * (intake writes the ticket, its clocks and its timeline in one round trip).
 */
export function clockInsertStatement(executor: Executor, clocks: ClockInsert[]): SQL | null {
  return clocks.length ? repo.buildTicketClocksInsert(executor, clocks) : null;
}

/** The clock's at-risk share: at risk once `atRiskPercent` of the target is used. */
function riskOf(row: Pick<ClockRow, 'atRiskPercent'>) {
  return { atRiskRatio: 1 - (row.atRiskPercent ?? 80) / 100 };
}

function toState(row: ClockRow) {
  return {
    startedAt: row.startedAt,
    targetMinutes: row.targetMinutes,
    hours: row.hours as { start: string; end: string },
    workingDaysOnly: row.workingDaysOnly,
    pauses: (row.pauses ?? []).map((pause) => ({ from: new Date(pause.from), to: pause.to ? new Date(pause.to) : null })),
    stoppedAt: row.stoppedAt,
  };
}

/**
 * Moves the clocks with the ticket: pending states pause them, leaving a pending state resumes
 * them; assessed stops the response clock, in progress the on-site clock, resolved every
 * clock; cancelled stops all; a reopened ticket's resolution clock runs again (the closed
 * time counts as a pause).
 */
export async function onTicketStatusChange(tx: Executor, ticketId: string, from: TicketStatus, to: TicketStatus, at: Date) {
  const rows = await repo.findTicketClocksForUpdate(tx, ticketId);
  const iso = at.toISOString();
  for (const row of rows) {
    let pauses = row.pauses ?? [];
    let stoppedAt = row.stoppedAt;
    const isStopping =
      (row.kind === 'response' && ['assessed', 'dispatched', 'in_progress', 'resolved', 'closed', 'cancelled'].includes(to)) ||
      (row.kind === 'onsite' && ['in_progress', 'resolved', 'closed', 'cancelled'].includes(to)) ||
      (row.kind === 'resolution' && ['resolved', 'closed', 'cancelled'].includes(to));
    if ((from === 'resolved' || from === 'closed') && to === 'accepted' && row.kind === 'resolution' && stoppedAt) {
      pauses = [...pauses, { from: stoppedAt.toISOString(), to: iso }];
      stoppedAt = null;
    } else if (!stoppedAt && isStopping) {
      pauses = pauses.map((pause) => (pause.to === null ? { ...pause, to: iso } : pause));
      stoppedAt = at;
    } else if (!stoppedAt && PENDING_STATUSES.includes(to) && !pauses.some((pause) => pause.to === null)) {
      pauses = [...pauses, { from: iso, to: null }];
    } else if (!stoppedAt && PENDING_STATUSES.includes(from) && !PENDING_STATUSES.includes(to)) {
      pauses = pauses.map((pause) => (pause.to === null ? { ...pause, to: iso } : pause));
    }
    if (pauses !== row.pauses || stoppedAt !== row.stoppedAt) {
      await repo.updateTicketClock(tx, row.id, { pauses, stoppedAt });
    }
  }
}

export type ClockView = { kind: 'response' | 'onsite' | 'resolution'; status: ClockEvaluation['status']; dueAt: string; remainingMinutes: number; overdueMinutes: number; isAtRisk: boolean; isProvisional: boolean; targetMinutes: number };

function presentClock(row: ClockRow, evaluation: ClockEvaluation): ClockView {
  return {
    kind: row.kind,
    status: evaluation.status,
    dueAt: evaluation.dueAt.toISOString(),
    remainingMinutes: Math.round(evaluation.remainingMinutes),
    overdueMinutes: Math.round(evaluation.overdueMinutes),
    isAtRisk: evaluation.isAtRisk,
    isProvisional: evaluation.unknownDays.length > 0,
    targetMinutes: row.targetMinutes,
  };
}

/** The clocks of a ticket evaluated now. */
export async function ticketClockViews(executor: Executor, calendarDb: Executor, ticketId: string, now: Date): Promise<ClockView[]> {
  const data = await loadCalendar(executor, { cacheKey: calendarDb });
  const rows = await repo.findTicketClocks(executor, ticketId);
  return presentClocks(data, rows, now);
}

/** Views of clock rows already at hand (e.g. just inserted), evaluated now. */
export async function clockViewsOf(executor: Executor, calendarDb: Executor, rows: ClockRow[], now: Date): Promise<ClockView[]> {
  return presentClocks(await loadCalendar(executor, { cacheKey: calendarDb }), rows, now);
}

function presentClocks(data: CalendarData, rows: ClockRow[], now: Date): ClockView[] {
  const order = { response: 0, onsite: 1, resolution: 2 };
  return [...rows].sort((a, b) => order[a.kind] - order[b.kind]).map((row) => presentClock(row, evaluateClock(data, toState(row), now, riskOf(row))));
}

/**
 * The SLA scan: re-evaluates every open clock, stores status and due time where they changed, and returns the
 * clocks that newly became at risk or newly breached (each reported once). A newly breached clock
 * is marked and `sla.clockBreached` published in one transaction (quality hears it after commit).
 */
export async function scanClocks(ctx: AppContext) {
  const now = ctx.clock.now();
  const data = await loadCalendar(ctx.db);
  const rows = await repo.findOpenTicketClocks(ctx.db);
  const newlyAtRisk: { ticketId: string; kind: string; dueAt: Date }[] = [];
  const newlyBreached: { ticketId: string; kind: string; dueAt: Date }[] = [];
  for (const row of rows) {
    const evaluation = evaluateClock(data, toState(row), now, riskOf(row));
    const patch: Partial<ClockRow> = {};
    if (evaluation.status !== row.status) patch.status = evaluation.status;
    if (evaluation.dueAt.getTime() !== row.dueAt.getTime()) patch.dueAt = evaluation.dueAt;
    if (evaluation.isAtRisk !== row.isAtRisk) patch.isAtRisk = evaluation.isAtRisk;
    if (evaluation.isAtRisk && !row.atRiskNotifiedAt) {
      patch.atRiskNotifiedAt = now;
      newlyAtRisk.push({ ticketId: row.ticketId, kind: row.kind, dueAt: evaluation.dueAt });
    }
    const isNewBreach = evaluation.status === 'breached' && !row.breachEscalatedAt;
    if (isNewBreach) {
      patch.breachEscalatedAt = now;
      newlyBreached.push({ ticketId: row.ticketId, kind: row.kind, dueAt: evaluation.dueAt });
    }
    if (isNewBreach) {
      // The mark and the event commit together: a clock is reported breached exactly once.
      await ctx.db.transaction(async (tx) => {
        await repo.updateTicketClock(tx, row.id, patch);
        await publishEvent(tx, SlaClockBreached, { clockId: row.id, ticketId: row.ticketId, kind: row.kind, dueAt: evaluation.dueAt.toISOString(), breachedAt: now.toISOString() }, { actor: SYSTEM_ACTOR, now });
      });
    } else if (Object.keys(patch).length) {
      // Most clocks are unchanged from one minute to the next: only changed ones are written.
      await repo.updateTicketClock(ctx.db, row.id, patch);
    }
  }
  return { scanned: rows.length, newlyAtRisk, newlyBreached };
}
