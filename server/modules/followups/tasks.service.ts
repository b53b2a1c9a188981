/**
 * Follow-up tasks created for every completed visit (after commit of `workOrder.completed`):
 * round 1 due within `dueWorkingDays` working days of the statutory calendar (sla's calendar),
 * round 2 opening `secondRoundAfterDays` after the visit when a second-round rule matches the
 * visit (work type / product category / key customer), due the same number of working days
 * after it opens. Idempotent: one task per visit and round (unique index, insert or nothing).
 */
import type { TFollowupSettings, TSecondRoundRule } from '../../../contracts/followups';
import type { Executor } from '../../db/client';
import { newId } from '../../platform/ids';
import type { EventMeta } from '../../platform/seam';
import { findAssetCategoryId } from '../assets';
import { recordAuditBatch } from '../audit';
import { findKeyCustomerIds } from '../customers';
import { addDays, addWorkingDays, loadCalendar, shanghaiDate, shanghaiInstant, type CalendarData } from '../sla';
import type { WorkOrderCompleted } from '../workorders';
import * as repo from './followups.repository';
import { followupSettings } from './followups.settings';

export type CompletedVisit = NonNullable<(typeof WorkOrderCompleted)['payloadType']>;

/** The due date (last working day, Shanghai) and its end as an instant, counted from a Shanghai date. */
export function dueOf(calendar: CalendarData, fromDate: string, workingDays: number): { dueDate: string; dueAt: Date; isProvisional: boolean } {
  const { date, unknownDays } = addWorkingDays(calendar, fromDate, workingDays);
  return { dueDate: date, dueAt: shanghaiInstant(addDays(date, 1)), isProvisional: unknownDays.length > 0 };
}

/** Whether a second-round rule matches the visit (every field given must match). */
export function secondRoundApplies(rules: TSecondRoundRule[], visit: { workType: string; categoryId: string | null; isKeyCustomer: boolean }): boolean {
  return rules.some(
    (rule) =>
      (rule.workType === undefined || rule.workType === visit.workType) &&
      (rule.categoryId === undefined || rule.categoryId === visit.categoryId) &&
      (rule.isKeyCustomer === undefined || rule.isKeyCustomer === visit.isKeyCustomer),
  );
}

/** The `workOrder.completed` subscriber (after commit; wired in server/wiring.ts). */
export async function createTasksForVisit(tx: Executor, visit: CompletedVisit, meta: EventMeta, given?: TFollowupSettings): Promise<void> {
  await createTasksForVisits(tx, [visit], meta, given);
}

/**
 * The tasks of many completed visits in one go (the subscriber's one visit, a backlog, the
 * benchmark): the policy and the calendar read once, the key customers in one query, the
 * tasks inserted 1,000 at a time and their audit rows in batches.
 */
export async function createTasksForVisits(tx: Executor, visits: CompletedVisit[], meta: EventMeta, given?: TFollowupSettings): Promise<number> {
  if (!visits.length) return 0;
  const settings = given ?? (await followupSettings.read(tx));
  const calendar = await loadCalendar(tx);
  const keyCustomers = await findKeyCustomerIds(tx, [...new Set(visits.map((visit) => visit.customerId))]);
  const categories = new Map<string, string | null>();
  for (const assetId of new Set(visits.map((visit) => visit.assetId).filter((id): id is string => Boolean(id)))) categories.set(assetId, await findAssetCategoryId(tx, assetId));
  const dueCache = new Map<string, ReturnType<typeof dueOf>>();
  const due = (from: string) => {
    let found = dueCache.get(from);
    if (!found) dueCache.set(from, (found = dueOf(calendar, from, settings.dueWorkingDays)));
    return found;
  };
  const rows: repo.TaskInsert[] = [];
  for (const visit of visits) {
    const isKeyCustomer = keyCustomers.has(visit.customerId);
    const categoryId = visit.assetId ? (categories.get(visit.assetId) ?? null) : null;
    const finishedAt = new Date(visit.finishedAt);
    const visitDate = shanghaiDate(finishedAt);
    const base = {
      workOrderId: visit.workOrderId,
      workOrderNumber: visit.number,
      ticketId: visit.ticketId,
      customerId: visit.customerId,
      assetId: visit.assetId,
      categoryId,
      workType: visit.type,
      outletId: visit.outletId,
      technicianId: visit.technicianId,
      technicianUserId: visit.assignedUserId,
      workDone: visit.workDone,
      isKeyCustomer,
      finishedAt,
      status: 'open' as const,
      createdAt: meta.now,
      updatedAt: meta.now,
    };
    const first = due(visitDate);
    rows.push({ ...base, id: newId(), round: 1, opensAt: finishedAt, dueDate: first.dueDate, dueAt: first.dueAt, isDueProvisional: first.isProvisional });
    if (secondRoundApplies(settings.secondRoundRules, { workType: visit.type, categoryId, isKeyCustomer })) {
      const opensDate = addDays(visitDate, settings.secondRoundAfterDays);
      const second = due(opensDate);
      rows.push({ ...base, id: newId(), round: 2, opensAt: shanghaiInstant(opensDate), dueDate: second.dueDate, dueAt: second.dueAt, isDueProvisional: second.isProvisional });
    }
  }
  let created = 0;
  for (let start = 0; start < rows.length; start += 1000) {
    const inserted = await repo.insertTaskBatchIfAbsent(tx, rows.slice(start, start + 1000));
    created += inserted.length;
    await recordAuditBatch(tx, meta.actor, inserted.map((task) => ({ entity: 'followup_task', entityId: task.id, action: 'create', after: { workOrderId: task.work_order_id, round: task.round, dueDate: task.due_date } })));
  }
  return created;
}
