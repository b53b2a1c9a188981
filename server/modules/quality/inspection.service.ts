/**
 * Completed visits as quality records them (from `workOrder.completed` and `workOrder.moved`,
 * in the cause's transaction), final inspection (终检) of workshop repairs (带回维修) and — when
 * configured — installations, and rework (返工): a failed inspection moves the work order back
 * to in progress through workorders' `moveWorkOrder` (completed → in_progress is in the state
 * table), marks the self-check stale, records the rework with the reason and the technician,
 * and proposes the `rework` rules' entries.
 */
import type { z } from 'zod';
import type { WorkType } from '../../../contracts/dispatch';
import type { TQualitySettings, TVisitView, ZInspectionBody, ZVisitQuery } from '../../../contracts/quality';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import type { EventMeta } from '../../platform/seam';
import { recordAudit } from '../audit';
import { findOutletNames } from '../org';
import { findTechnicianNames } from '../technicians';
import { findTicketForWork } from '../tickets';
import { findWorkOrderRow, moveWorkOrder, type WorkOrderRow } from '../workorders';
import { proposeEntry } from './ledger.service';
import * as repo from './quality.repository';
import { qualitySettings } from './quality.settings';
import { qualityVisits } from './quality.tables';
import { proposeStreakReward, withdrawStreaksWith } from './triggers.service';

/** The fault code of a ticket: given at intake, or found at triage. */
export function ticketFaultCode(ticket: { faultCategory: string | null; assessment: unknown }): string | null {
  if (ticket.faultCategory) return ticket.faultCategory;
  const code = (ticket.assessment as { faultCode?: unknown } | null)?.faultCode;
  return typeof code === 'string' && code ? code : null;
}

/** What quality records of a completed work order: the `workOrder.completed` payload, or a work order row in the back-fill. */
export type CompletedOrder = {
  workOrderId: string;
  number: string;
  ticketId: string;
  assetId: string | null;
  type: string;
  outletId: string | null;
  technicianId: string | null;
  assignedUserId: string | null;
  workDone: string | null;
};

/** A work order row as a completed order (the back-fill). */
export function completedOrderOf(order: WorkOrderRow): CompletedOrder {
  return { workOrderId: order.id, number: order.number, ticketId: order.ticketId, assetId: order.assetId, type: order.type, outletId: order.outletId, technicianId: order.technicianId, assignedUserId: order.assignedUserId, workDone: order.result?.workDone ?? null };
}

/**
 * Records a completed visit (the event's subscriber and the back-fill). The settings are read
 * only for an installation that is not a workshop repair (the one case they decide); a caller
 * that has them passes them.
 */
export async function recordVisitOfOrder(tx: Executor, order: CompletedOrder, finishedAt: Date, now: Date, settings?: TQualitySettings): Promise<repo.VisitRow> {
  const ticket = await findTicketForWork(tx, order.ticketId);
  const incomplete = await repo.findIncompleteVisitsOfTicket(tx, order.ticketId);
  const isWorkshop = incomplete.some((visit) => visit.reason === 'workshop');
  const needsInspection = isWorkshop || (order.type === 'installation' && (settings ?? (await qualitySettings.read(tx))).inspectInstallations);
  return repo.upsertVisit(tx, {
    workOrderId: order.workOrderId,
    workOrderNumber: order.number,
    ticketId: order.ticketId,
    assetId: order.assetId,
    // A work order's type is one of WORK_TYPES (its create body is z.enum(WORK_TYPES)); its row keeps it as text.
    type: order.type as WorkType,
    faultCode: ticket ? ticketFaultCode(ticket) : null,
    workDone: order.workDone,
    technicianId: order.technicianId,
    technicianUserId: order.assignedUserId,
    outletId: order.outletId,
    finishedAt,
    isFirstVisit: incomplete.length === 0,
    isWorkshop,
    inspection: needsInspection ? 'pending' : 'not_required',
    reworkCount: 0,
    updatedAt: now,
  });
}

/** `workOrder.completed`: the visit is recorded from the payload (again after rework: waiting for inspection again). */
export async function recordCompletedVisit(tx: Executor, payload: CompletedOrder & { finishedAt: string }, meta: EventMeta): Promise<void> {
  await recordVisitOfOrder(tx, payload, new Date(payload.finishedAt), meta.now);
  await proposeStreakReward(tx, payload.workOrderId, meta);
}

/** `workOrder.moved` to not_completed: remembered for first-time fix and the workshop mark. */
export async function recordIncompleteVisit(tx: Executor, payload: { workOrderId: string; ticketId: string; to: string }, meta: EventMeta): Promise<void> {
  if (payload.to !== 'not_completed') return;
  const order = await findWorkOrderRow(tx, payload.workOrderId);
  await repo.insertIncompleteVisit(tx, { workOrderId: payload.workOrderId, ticketId: payload.ticketId, reason: order?.notCompletedReason ?? null, at: meta.now });
}

function visitScope(principal: Principal) {
  return scopeCondition(principal, { outlet: qualityVisits.outletId, owner: qualityVisits.technicianUserId });
}

async function presentVisits(executor: Executor, rows: repo.VisitRow[]): Promise<TVisitView[]> {
  const [technicians, outlets, reasons] = await Promise.all([
    findTechnicianNames(executor, [...new Set(rows.flatMap((row) => (row.technicianId ? [row.technicianId] : [])))]),
    findOutletNames(executor, rows.map((row) => row.outletId)),
    repo.findLastReworkReasons(executor, rows.filter((row) => row.reworkCount > 0).map((row) => row.workOrderId)),
  ]);
  return rows.map((row) => ({
    workOrderId: row.workOrderId,
    workOrderNumber: row.workOrderNumber,
    ticketId: row.ticketId,
    assetId: row.assetId,
    type: row.type,
    faultCode: row.faultCode,
    technicianId: row.technicianId,
    technicianName: row.technicianId ? technicians.get(row.technicianId) ?? null : null,
    outletId: row.outletId,
    outletName: row.outletId ? outlets.get(row.outletId) ?? null : null,
    finishedAt: row.finishedAt.toISOString(),
    isWorkshop: row.isWorkshop,
    inspection: row.inspection,
    reworkCount: row.reworkCount,
    lastReworkReason: reasons.get(row.workOrderId) ?? null,
  }));
}

/** The inspection queue and the visits (scoped: outlet staff see their outlet's). */
export async function listVisits(ctx: AppContext, principal: Principal, query: z.infer<typeof ZVisitQuery>) {
  const { rows, total } = await repo.findVisits(ctx.db, { scope: visitScope(principal), inspection: query.inspection }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentVisits(ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

/**
 * A supervisor's final inspection of a visit waiting for it. Failed: the order goes back to in
 * progress when it is still completed (a verified one stays; the rework is recorded all the
 * same), the technician redoes the self-check and completes again, which queues it again.
 */
export async function inspectVisit(ctx: AppContext, principal: Principal, actor: Actor, workOrderId: string, input: z.infer<typeof ZInspectionBody>): Promise<TVisitView> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const visit = await repo.findVisit(tx, workOrderId, { forUpdate: true });
    if (!visit || !isInScope(principal, { outletId: visit.outletId })) throw notFound('Visit');
    if (visit.inspection !== 'pending') throw new AppError('conflict', `This visit is not waiting for an inspection (${visit.inspection})`, { details: [{ path: ['inspection'], message: `the visit is ${visit.inspection}`, code: 'invalid_state' }] });
    const inspection = await repo.insertInspection(tx, {
      id: newId(),
      workOrderId,
      result: input.result,
      reason: input.reason ?? null,
      technicianId: visit.technicianId,
      outletId: visit.outletId,
      inspectorUserId: actor.id,
      inspectorName: actor.displayName ?? actor.name,
      at: now,
    });
    let updated: repo.VisitRow;
    if (input.result === 'passed') {
      updated = await repo.updateVisit(tx, workOrderId, { inspection: 'passed', updatedAt: now });
    } else {
      const reason = input.reason ?? '';
      const order = await findWorkOrderRow(tx, workOrderId, { forUpdate: true });
      const isOrderReopened = order?.status === 'completed';
      if (order && isOrderReopened) await moveWorkOrder(tx, actor, order, 'in_progress', now, { kind: 'rework', text: `终检不合格，返工：${reason}`, auditAction: 'rework' });
      await repo.markSelfCheckStale(tx, workOrderId, now);
      const rework = await repo.insertRework(tx, { id: newId(), workOrderId, inspectionId: inspection.id, reason, technicianId: visit.technicianId, outletId: visit.outletId, isOrderReopened, at: now });
      updated = await repo.updateVisit(tx, workOrderId, { inspection: 'failed', reworkCount: visit.reworkCount + 1, updatedAt: now });
      if (visit.technicianUserId) {
        await proposeEntry(
          tx,
          { trigger: 'rework', userId: visit.technicianUserId, technicianId: visit.technicianId, outletId: visit.outletId, sourceKey: `rework:${rework.id}`, sourceType: 'rework', sourceId: rework.id, reason: `终检返工 ${visit.workOrderNumber}：${reason}` },
          { actor, now },
        );
      }
      await withdrawStreaksWith(tx, visit, `终检返工 ${visit.workOrderNumber}：${reason}`, { actor, now });
    }
    await recordAudit(tx, actor, { entity: 'quality_inspection', entityId: inspection.id, action: input.result, after: { workOrderId, result: input.result, reason: input.reason ?? null } });
    return (await presentVisits(tx, [updated]))[0];
  });
}
