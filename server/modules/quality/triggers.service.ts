/**
 * The ledger triggers that other modules' events set off (docs/QUALITY.md, "Triggers"):
 * - `sla_breach`: an SLA clock found breached (`sla.clockBreached`, after commit) → a penalty for
 *   the technician whose visit was late, when one was responsible (`responsibleVisitForBreach`);
 * - `first_time_fix_streak`: a technician's N-th consecutive first-time fix (N: the setting
 *   `firstTimeFixStreak`) → a reward; a later rework or repeat repair of a visit in a streak
 *   still proposed withdraws it;
 * - `praise`: a follow-up outcome with every rating at 5 and no dissatisfaction, or a recorded
 *   praise (`followup.outcomeRecorded`) → a reward for the visit's technician.
 * Every proposal goes through `proposeEntry` (idempotent on its source key, the repeat rule).
 */
import type { Executor } from '../../db/client';
import type { EventMeta, FollowupOutcomePayload } from '../../platform/seam';
import { shanghaiClock, shanghaiDate } from '../../platform/time';
import { findWorkOrderRows, type WorkOrderRow } from '../workorders';
import { proposeEntry, withdrawEntries } from './ledger.service';
import * as repo from './quality.repository';
import { qualitySettings } from './quality.settings';

// ---- SLA breach ----

const CLOCK_LABELS = { response: '响应', onsite: '上门', resolution: '解决' } as const;
/** Orders that were (or are) a technician's visit; waiting, cancelled and not completed ones are not. */
const VISIT_STATUSES = new Set(['dispatched', 'assigned', 'on_the_way', 'arrived', 'in_progress', 'completed', 'verified']);

type BreachedClock = { clockId: string; ticketId: string; kind: 'response' | 'onsite' | 'resolution'; dueAt: string; breachedAt: string };
type VisitFacts = Pick<WorkOrderRow, 'id' | 'status' | 'technicianId' | 'assignedUserId' | 'dispatchedAt' | 'windowStart' | 'arrivedAt' | 'finishedAt'>;

/**
 * Whose fault a breached clock is, as far as a technician goes (null: no technician's):
 * - the response clock never (it is the hotline's and the dispatcher's: answering and assessing
 *   the ticket, before any visit);
 * - on-site and resolution: the newest visit of the ticket that a technician held by the due time
 *   (dispatched to him no later than `dueAt`), whose appointment window began no later than
 *   `dueAt` (a customer's later appointment is no one's lateness), that is not waiting, cancelled
 *   or ended not completed — and that did not meet the clock itself: for on-site, he had not
 *   arrived by `dueAt`; for resolution, he had not finished by `dueAt`. A visit dispatched after
 *   the due time means the dispatch was late (dispatcher / outlet), not the technician.
 */
export function responsibleVisitForBreach<V extends VisitFacts>(kind: BreachedClock['kind'], dueAt: Date, visits: V[]): V | null {
  if (kind === 'response') return null;
  const due = dueAt.getTime();
  const held = visits.filter((visit) => {
    if (!VISIT_STATUSES.has(visit.status) || !visit.technicianId || !visit.assignedUserId || !visit.dispatchedAt) return false;
    if (visit.dispatchedAt.getTime() > due || visit.windowStart.getTime() > due) return false;
    const metAt = kind === 'onsite' ? visit.arrivedAt : visit.finishedAt;
    return !metAt || metAt.getTime() > due;
  });
  return held.sort((a, b) => b.dispatchedAt!.getTime() - a.dispatchedAt!.getTime())[0] ?? null;
}

/**
 * `sla.clockBreached` (after commit): proposes the `sla_breach` rules' entries for the responsible
 * technician — once per ticket and technician (the source key): a late visit that breaches the
 * on-site and then the resolution clock costs one entry, named after the first breached clock.
 */
export async function onSlaClockBreached(tx: Executor, payload: BreachedClock, meta: EventMeta): Promise<void> {
  if (payload.kind === 'response') return;
  if (!(await repo.findActiveRulesOfTrigger(tx, 'sla_breach')).length) return;
  const dueAt = new Date(payload.dueAt);
  const { rows } = await findWorkOrderRows(tx, { ticketId: payload.ticketId }, { limit: 100, offset: 0 }, 'newest');
  const visit = responsibleVisitForBreach(payload.kind, dueAt, rows);
  if (!visit?.assignedUserId) return;
  await proposeEntry(
    tx,
    {
      trigger: 'sla_breach',
      userId: visit.assignedUserId,
      technicianId: visit.technicianId,
      outletId: visit.outletId,
      sourceKey: `sla_breach:${payload.ticketId}:${visit.assignedUserId}`,
      sourceType: 'sla_breach',
      sourceId: payload.clockId,
      reason: `${CLOCK_LABELS[payload.kind]}时限超时（到期 ${shanghaiDate(dueAt)} ${shanghaiClock(dueAt)}），派工单 ${visit.number}`,
    },
    meta,
  );
}

// ---- First-time fix streak ----

const STREAK = 'first_time_fix_streak';

/** A first-time fix as far as known now: the ticket's first visit, never reworked, not failed, no open repeat link against it. */
function isFirstTimeFix(visit: repo.VisitRow, repeated: Set<string>): boolean {
  return visit.isFirstVisit && visit.reworkCount === 0 && visit.inspection !== 'failed' && !repeated.has(visit.workOrderId);
}

/** The streak entry's source key names its last visit and its length: `first_time_fix_streak:<work order id>:<n>`. */
function streakOf(entry: repo.EntryRow): { lastWorkOrderId: string; length: number } | null {
  const [, lastWorkOrderId, length] = entry.sourceKey.split('#')[0].split(':');
  return lastWorkOrderId && Number(length) > 0 ? { lastWorkOrderId, length: Number(length) } : null;
}

/**
 * After a visit is recorded completed: when it ends a run of N (setting `firstTimeFixStreak`)
 * consecutive first-time fixes of its technician and no earlier streak entry (whatever its
 * status: a manager's rejection does not make the next visit propose the same run again) ended
 * on one of them, the `first_time_fix_streak` rules propose a reward. Streaks do not overlap:
 * the next one counts from the visit after. A visit that is not a first-time fix ends any run.
 */
export async function proposeStreakReward(tx: Executor, workOrderId: string, meta: EventMeta): Promise<void> {
  if (!(await repo.findActiveRulesOfTrigger(tx, STREAK)).length) return;
  const visit = await repo.findVisit(tx, workOrderId);
  if (!visit?.technicianId || !visit.technicianUserId) return;
  const { firstTimeFixStreak: length } = await qualitySettings.read(tx);
  const visits = await repo.findRecentVisitsOfTechnician(tx, visit.technicianId, length);
  if (visits.length < length || visits[0].workOrderId !== visit.workOrderId) return;
  const repeated = await repo.findRepeatedWorkOrders(tx, visits.map((item) => item.workOrderId));
  if (!visits.every((item) => isFirstTimeFix(item, repeated))) return;
  const covered = new Set((await repo.findEntriesOfSourceType(tx, { userId: visit.technicianUserId, sourceType: STREAK })).map((entry) => streakOf(entry)?.lastWorkOrderId));
  if (visits.some((item) => covered.has(item.workOrderId))) return;
  const first = visits[visits.length - 1];
  await proposeEntry(
    tx,
    {
      trigger: STREAK,
      userId: visit.technicianUserId,
      technicianId: visit.technicianId,
      outletId: visit.outletId,
      sourceKey: `${STREAK}:${visit.workOrderId}:${length}`,
      sourceType: STREAK,
      sourceId: visit.workOrderId,
      reason: `连续 ${length} 次一次修复（${first.workOrderNumber} 至 ${visit.workOrderNumber}）`,
    },
    meta,
  );
}

/**
 * A visit turned out not to be a first-time fix (rework after inspection, a repeat repair): the
 * still proposed streak rewards of its technician whose streak holds it are withdrawn (rejected
 * with the reason); approved ones stay, they are final.
 */
export async function withdrawStreaksWith(tx: Executor, visit: Pick<repo.VisitRow, 'workOrderId' | 'technicianId' | 'technicianUserId'>, reason: string, meta: EventMeta): Promise<void> {
  if (!visit.technicianId || !visit.technicianUserId) return;
  const proposed = await repo.findEntriesOfSourceType(tx, { userId: visit.technicianUserId, sourceType: STREAK, onlyProposed: true });
  const withdrawn: string[] = [];
  for (const entry of proposed) {
    const streak = streakOf(entry);
    if (!streak) continue;
    const last = await repo.findVisit(tx, streak.lastWorkOrderId);
    if (!last) continue;
    const visits = await repo.findRecentVisitsOfTechnician(tx, visit.technicianId, streak.length, last.finishedAt);
    if (visits.some((item) => item.workOrderId === visit.workOrderId)) withdrawn.push(entry.sourceKey);
  }
  if (withdrawn.length) await withdrawEntries(tx, withdrawn, `连续一次修复已中断：${reason}`, meta);
}

// ---- Praise ----

/** Every rating at the top and nothing the customer was dissatisfied with. */
export function isTopRated(outcome: Pick<FollowupOutcomePayload, 'overall' | 'attitude' | 'skill' | 'timeliness' | 'categories'>): boolean {
  return [outcome.overall, outcome.attitude, outcome.skill, outcome.timeliness].every((rating) => rating === 5) && outcome.categories.length === 0;
}

/**
 * `followup.outcomeRecorded`: a praise (recorded by the agent, or every rating 5 with no
 * dissatisfaction) proposes the `praise` rules' rewards for the visit's technician — once per
 * visit, whichever round praised it.
 */
export async function onFollowupOutcome(tx: Executor, payload: FollowupOutcomePayload, meta: EventMeta): Promise<void> {
  const isPraise = payload.isPraise === true;
  if (!isPraise && !isTopRated(payload)) return;
  if (!(await repo.findActiveRulesOfTrigger(tx, 'praise')).length) return;
  const visit = await repo.findVisit(tx, payload.workOrderId);
  if (!visit?.technicianUserId) return;
  const why = isPraise ? `客户表扬${payload.comment ? `：${payload.comment}` : ''}` : '回访满分（总体、态度、技能、及时均 5 分）';
  await proposeEntry(
    tx,
    {
      trigger: 'praise',
      userId: visit.technicianUserId,
      technicianId: visit.technicianId,
      outletId: visit.outletId,
      sourceKey: `praise:${visit.workOrderId}`,
      sourceType: 'praise',
      sourceId: payload.taskId,
      reason: `${why}（${visit.workOrderNumber}）`,
    },
    meta,
  );
}
