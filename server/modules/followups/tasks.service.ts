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
import { recordAudit } from '../audit';
import { findCustomerWithAddress } from '../customers';
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
  const settings = given ?? (await followupSettings.read(tx));
  const calendar = await loadCalendar(tx);
  const customer = await findCustomerWithAddress(tx, visit.customerId);
  const isKeyCustomer = customer?.customer.isKey ?? false;
  const categoryId = visit.assetId ? await findAssetCategoryId(tx, visit.assetId) : null;
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
  const first = dueOf(calendar, visitDate, settings.dueWorkingDays);
  const rows: repo.TaskInsert[] = [{ ...base, id: newId(), round: 1, opensAt: finishedAt, dueDate: first.dueDate, dueAt: first.dueAt, isDueProvisional: first.isProvisional }];
  if (secondRoundApplies(settings.secondRoundRules, { workType: visit.type, categoryId, isKeyCustomer })) {
    const opensDate = addDays(visitDate, settings.secondRoundAfterDays);
    const second = dueOf(calendar, opensDate, settings.dueWorkingDays);
    rows.push({ ...base, id: newId(), round: 2, opensAt: shanghaiInstant(opensDate), dueDate: second.dueDate, dueAt: second.dueAt, isDueProvisional: second.isProvisional });
  }
  const inserted = await repo.insertTasksIfAbsent(tx, rows);
  for (const task of inserted) {
    await recordAudit(tx, meta.actor, { entity: 'followup_task', entityId: task.id, action: 'create', after: { workOrderId: task.workOrderId, round: task.round, dueDate: task.dueDate } });
  }
}
