/**
 * Work orders (派工单): creation from a ticket, lists and details, recall, cancel, verify and
 * another visit. Giving orders to outlets and technicians (by hand or automatically) and the
 * day plans live in the dispatch module; the phone steps in field.service.ts.
 */
import type { z } from 'zod';
import type { WorkOrderStatus, ZCreateWorkOrderBody, ZListWorkOrdersQuery } from '../../../contracts/dispatch';
import { regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { shanghaiDate } from '../../platform/time';
import { withDeadlockRetry } from '../../platform/tx-retry';
import { recordAudit } from '../audit';
import { findCustomerWithAddress } from '../customers';
import { findAssetCategoryId } from '../assets';
import { findTicketForWork } from '../tickets';
import {
  dispatchSettings,
  findScopedWorkOrder,
  invalidWorkOrderTransition,
  loadNames,
  moveWorkOrder,
  presentWorkOrder,
  presentWorkOrderDetail,
  workOrderScope,
  type WorkOrderRow,
} from './workorders.core';
import * as repo from './workorders.repository';

/** Ticket states from which a visit can be planned. */
const PLANNABLE_TICKET_STATUSES = ['assessed', 'dispatched', 'in_progress', 'waiting_customer', 'waiting_parts', 'waiting_maker'];

export async function createWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, ticketId: string, input: z.infer<typeof ZCreateWorkOrderBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction((tx) => createWorkOrderInTx(tx, actor, ticketId, input, now));
  return presentWorkOrderDetail(ctx.db, row, principal, now);
}

/**
 * A new visit on a ticket inside the caller's transaction (the ticket locked, its customer's
 * address copied, the timeline and audit rows written) — for `createWorkOrder` and for other
 * modules that plan a visit as part of their own write (follow-ups' 退回重办, periodic visits).
 */
export async function createWorkOrderInTx(tx: Executor, actor: Actor, ticketId: string, input: z.infer<typeof ZCreateWorkOrderBody>, now: Date): Promise<WorkOrderRow> {
  const ticket = await findTicketForWork(tx, ticketId, { forUpdate: true });
  if (!ticket) throw notFound('Ticket');
  if (!PLANNABLE_TICKET_STATUSES.includes(ticket.status)) {
    throw new AppError('conflict', 'Assess the ticket before planning a visit', { details: [{ path: ['ticketId'], message: `ticket is ${ticket.status}; a visit needs an assessed ticket`, code: 'ticket_not_assessed' }] });
  }
  const found = await findCustomerWithAddress(tx, ticket.customerId);
  if (!found) throw invalidField(['ticketId'], 'the ticket has no live customer');
  let address: (typeof found.addresses)[number] | null = found.defaultAddress;
  if (input.addressId) {
    address = found.addresses.find((item) => item.id === input.addressId) ?? null;
    if (!address) throw invalidField(['addressId'], 'not an address of this customer');
  }
  const categoryId = ticket.assetId ? await findAssetCategoryId(tx, ticket.assetId) : null;
  const sequence = (await repo.countWorkOrdersOfTicket(tx, ticket.id)) + 1;
  const windowStart = new Date(input.windowStart);
  const created = await repo.insertWorkOrder(tx, {
    id: newId(),
    number: `${ticket.number}-${sequence}`,
    ticketId: ticket.id,
    customerId: ticket.customerId,
    assetId: ticket.assetId,
    categoryId,
    type: input.type,
    status: 'waiting',
    priority: input.priority,
    requiredGrade: input.requiredGrade,
    estimatedMinutes: input.estimatedMinutes,
    windowStart,
    windowEnd: new Date(input.windowEnd),
    serviceDate: shanghaiDate(windowStart),
    address: address ? `${regionLabel(address)}${address.detail}` : (ticket.address ?? ''),
    districtCode: address?.districtCode ?? null,
    latitude: address?.latitude ?? null,
    longitude: address?.longitude ?? null,
    contactName: ticket.contactName ?? found.customer.name,
    contactPhone: ticket.contactPhone ?? found.phones[0]?.phone ?? null,
    materials: input.materials,
    note: input.note ?? null,
    createdBy: actor.name,
    createdAt: now,
    updatedAt: now,
  });
  await repo.insertWorkOrderEvent(tx, { id: newId(), workOrderId: created.id, at: now, kind: 'created', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: null, toStatus: 'waiting', text: null, data: null, clientStepId: null });
  await recordAudit(tx, actor, { entity: 'work_order', entityId: created.id, action: 'created', after: { number: created.number, ticketId: ticket.id, type: created.type, priority: created.priority, windowStart: input.windowStart, windowEnd: input.windowEnd, materials: input.materials } });
  return created;
}

export async function listWorkOrders(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListWorkOrdersQuery>) {
  const now = ctx.clock.now();
  const settings = await dispatchSettings.read(ctx.db);
  const statuses = query.status ? (query.status.split(',') as WorkOrderStatus[]) : undefined;
  const { rows, total } = await repo.findWorkOrders(
    ctx.db,
    {
      scope: workOrderScope(principal),
      statuses,
      outletId: query.outletId,
      technicianId: query.technicianId,
      ticketId: query.ticketId,
      date: query.date,
      type: query.type,
      feedbackOverdueBefore: query.feedbackOverdue === 'true' ? new Date(now.getTime() - settings.feedbackMinutes * 60_000) : undefined,
      q: query.q,
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const names = await loadNames(ctx.db, rows);
  return { items: rows.map((row) => presentWorkOrder(row, names, principal, now, settings.feedbackMinutes)), total, page: query.page, pageSize: query.pageSize };
}

export async function getWorkOrder(ctx: AppContext, principal: Principal, id: string) {
  const row = await findScopedWorkOrder(ctx.db, principal, id);
  return presentWorkOrderDetail(ctx.db, row, principal, ctx.clock.now());
}

/** Takes an order back from its outlet/technician (before work started): waiting again. */
export async function recallWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, id: string, reason: string) {
  return changeStatus(ctx, principal, actor, id, 'waiting', reason, { outletId: null, technicianId: null, assignedUserId: null, plannedStart: null, planId: null, routeSeq: null, feedbackOverdueAt: null }, 'recalled');
}

export async function cancelWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, id: string, reason: string) {
  return changeStatus(ctx, principal, actor, id, 'cancelled', reason, {}, 'cancelled');
}

export async function verifyWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, id: string, note: string | null) {
  return changeStatus(ctx, principal, actor, id, 'verified', note, {}, 'verified');
}

/** A visit that could not be finished needs another: back to waiting for dispatch. */
export async function redoWorkOrder(ctx: AppContext, principal: Principal, actor: Actor, id: string, reason: string) {
  return changeStatus(ctx, principal, actor, id, 'waiting', reason, { technicianId: null, assignedUserId: null, outletId: null, plannedStart: null, planId: null, routeSeq: null, notCompletedReason: null, notCompletedNote: null, finishedAt: null, arrivedAt: null, startedAt: null, onTheWayAt: null, acceptedAt: null }, 'redo');
}

async function changeStatus(ctx: AppContext, principal: Principal, actor: Actor, id: string, to: WorkOrderStatus, text: string | null, patch: Partial<WorkOrderRow>, action: string) {
  const now = ctx.clock.now();
  const row = await withDeadlockRetry(() =>
    ctx.db.transaction(async (tx) => {
      const order = await findScopedWorkOrder(tx, principal, id, { forUpdate: true });
      if (action === 'redo' && order.status !== 'not_completed') throw invalidWorkOrderTransition(order.status, to);
      if (action === 'recalled' && !['dispatched', 'assigned'].includes(order.status)) throw invalidWorkOrderTransition(order.status, to);
      return moveWorkOrder(tx, actor, order, to, now, { patch, kind: action, text, auditAction: action });
    }),
  );
  return presentWorkOrderDetail(ctx.db, row, principal, now);
}

