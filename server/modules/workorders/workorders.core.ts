/**
 * The work order core that every dispatch and field operation goes through, inside the
 * caller's transaction: the state table, status timestamps, the timeline, the audit row, the
 * ticket following its work orders, and the customer access grants that let the outlet and the
 * technician see the customer. Services (manual/automatic dispatch, the phone steps, the day
 * plan) call these; none of them writes `work_orders.status` by itself.
 */
import {
  ACTIVE_STATUSES,
  BOOKED_STATUSES,
  canMoveWorkOrder,
  DEFAULT_DISPATCH_SETTINGS,
  NOT_COMPLETED_LABELS,
  WORK_ORDER_STATUS_LABELS,
  WORK_ORDER_TRANSITIONS,
  ZDispatchSettings,
  type DispatchCandidate,
  type DispatchExplanation,
  type NotCompletedReason,
  type TDispatchSettings,
  type WorkOrderStatus,
} from '../../../contracts/dispatch';
import { maskPhone } from '../../../contracts/phones';
import type { Executor } from '../../db/client';
import { AppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { scopeCondition } from '../../platform/scope';
import { publishEvent } from '../../platform/seam';
import { recordAudit, recordAuditBatch } from '../audit';
import { findAssetModelId } from '../assets';
import { findCustomerNames, grantCustomerAccess, grantCustomerAccessMany } from '../customers';
import { defineSetting, findOutletNames } from '../org';
import { findTechnicianNames } from '../technicians';
import { findTicketNumbers, followWorkOrder, followWorkOrdersDispatched } from '../tickets';
import { workOrders } from './workorders.tables';
import { WorkOrderCompleted, WorkOrderMoved, WorkOrderVerified } from './workorders.events';
import * as repo from './workorders.repository';
import type { TechnicianRow, WorkOrderRow } from './workorders.repository';

export type { WorkOrderRow };

/** Outlet staff see their outlet's orders, technicians the orders assigned to them. */
export function workOrderScope(principal: Principal) {
  return scopeCondition(principal, { outlet: workOrders.outletId, owner: workOrders.assignedUserId });
}

/**
 * The dispatch settings (batch times, outlet feedback time, day plan time). They live with the
 * work orders because the feedback deadline is part of every order's view; the dispatch module
 * changes them.
 */
export const dispatchSettings = defineSetting<TDispatchSettings>('dispatch.settings', ZDispatchSettings, DEFAULT_DISPATCH_SETTINGS);

const STATUS_STAMP: Partial<Record<WorkOrderStatus, keyof WorkOrderRow>> = {
  dispatched: 'dispatchedAt',
  assigned: 'acceptedAt',
  on_the_way: 'onTheWayAt',
  arrived: 'arrivedAt',
  in_progress: 'startedAt',
  completed: 'finishedAt',
  not_completed: 'finishedAt',
  verified: 'verifiedAt',
};

export function invalidWorkOrderTransition(from: WorkOrderStatus, to: WorkOrderStatus, path: string = 'to') {
  const allowed = WORK_ORDER_TRANSITIONS[from];
  return new AppError('conflict', `A work order cannot go from ${WORK_ORDER_STATUS_LABELS[from].en} to ${WORK_ORDER_STATUS_LABELS[to].en}`, {
    details: [{ path: [path], message: `allowed from ${from}: ${allowed.join(', ') || 'none'}`, code: 'invalid_transition' }],
  });
}

export type MoveOptions = {
  patch?: Partial<typeof workOrders.$inferInsert>;
  /** Timeline kind (default `status_changed`) and text. */
  kind?: string;
  text?: string | null;
  data?: unknown;
  /** The phone's step id: the unique index makes a retried step apply once. */
  clientStepId?: string;
  auditAction?: string;
};

async function addEvent(tx: Executor, actor: Actor, row: WorkOrderRow, now: Date, event: { kind: string; from?: WorkOrderStatus | null; to?: WorkOrderStatus | null; text?: string | null; data?: unknown; clientStepId?: string }) {
  await repo.insertWorkOrderEvent(tx, {
    id: newId(),
    workOrderId: row.id,
    at: now,
    kind: event.kind,
    actorId: actor.id,
    actorName: actor.displayName ?? actor.name,
    fromStatus: event.from ?? null,
    toStatus: event.to ?? null,
    text: event.text ?? null,
    data: event.data ?? null,
    clientStepId: event.clientStepId ?? null,
  });
}

/** Records a timeline event without a status change (a report saved, a photo, a signature). */
export async function recordWorkOrderEvent(tx: Executor, actor: Actor, row: WorkOrderRow, now: Date, event: { kind: string; text?: string | null; data?: unknown; clientStepId?: string; patch?: Partial<typeof workOrders.$inferInsert> }) {
  const after = await repo.updateWorkOrderRow(tx, row.id, { ...(event.patch ?? {}), version: row.version + 1, updatedAt: now });
  await addEvent(tx, actor, row, now, event);
  await recordAudit(tx, actor, { entity: 'work_order', entityId: row.id, action: event.kind, after: { ...(event.patch ?? {}), ...(event.data && typeof event.data === 'object' ? event.data : {}) } });
  return after;
}

const PAUSE_OF: Partial<Record<NotCompletedReason, 'waiting_parts' | 'waiting_maker' | 'waiting_customer'>> = {
  parts_needed: 'waiting_parts',
  escalate_maker: 'waiting_maker',
  customer_absent: 'waiting_customer',
};

/**
 * Moves a work order along the state table (409 naming `to` otherwise), stamps the time,
 * writes the timeline and the audit row, and lets the ticket follow.
 */
export async function moveWorkOrder(tx: Executor, actor: Actor, row: WorkOrderRow, to: WorkOrderStatus, now: Date, options: MoveOptions = {}): Promise<WorkOrderRow> {
  if (!canMoveWorkOrder(row.status, to)) throw invalidWorkOrderTransition(row.status, to);
  const patch: Partial<typeof workOrders.$inferInsert> = { ...(options.patch ?? {}), status: to, version: row.version + 1, updatedAt: now };
  const stamp = STATUS_STAMP[to];
  if (stamp && !(to === 'in_progress' && row.startedAt)) (patch as Record<string, unknown>)[stamp] = now;
  const after = await repo.updateWorkOrderRow(tx, row.id, patch);
  await addEvent(tx, actor, row, now, { kind: options.kind ?? 'status_changed', from: row.status, to, text: options.text, data: options.data, clientStepId: options.clientStepId });
  await recordAudit(tx, actor, {
    entity: 'work_order',
    entityId: row.id,
    action: options.auditAction ?? 'status_changed',
    before: { status: row.status },
    after: { status: to, ...(options.patch ?? {}) },
  });
  await followTicket(tx, actor, after, now);
  await publishMove(tx, actor, row.status, after, now);
  return after;
}

function factsOf(row: WorkOrderRow) {
  return { workOrderId: row.id, number: row.number, ticketId: row.ticketId, customerId: row.customerId, assetId: row.assetId, type: row.type, outletId: row.outletId, technicianId: row.technicianId };
}

/** The domain events of a move, in its transaction (subscribers: server/wiring.ts). */
async function publishMove(tx: Executor, actor: Actor, from: WorkOrderStatus, after: WorkOrderRow, now: Date) {
  const meta = { actor, now };
  await publishEvent(tx, WorkOrderMoved, { ...factsOf(after), from, to: after.status }, meta);
  if (after.status === 'completed') {
    const partsUsed = (after.result?.partsUsed ?? []).flatMap((line) =>
      line.partId ? [{ partId: line.partId, quantity: line.quantity, serials: line.serials, isWarranty: Boolean(line.isWarranty), oldPartSerial: line.oldPartSerial ?? null }] : [],
    );
    const modelId = after.assetId ? await findAssetModelId(tx, after.assetId) : null;
    await publishEvent(tx, WorkOrderCompleted, { ...factsOf(after), finishedAt: (after.finishedAt ?? now).toISOString(), modelId, partsUsed, assignedUserId: after.assignedUserId, workDone: after.result?.workDone ?? null }, meta);
  }
  if (after.status === 'verified') await publishEvent(tx, WorkOrderVerified, { ...factsOf(after), verifiedAt: (after.verifiedAt ?? now).toISOString(), wasCompleted: from === 'completed' }, meta);
}

/** The ticket's side of a work order's new state. */
async function followTicket(tx: Executor, actor: Actor, row: WorkOrderRow, now: Date) {
  switch (row.status) {
    case 'dispatched':
    case 'assigned':
      await followWorkOrder(tx, actor, row.ticketId, { kind: 'dispatched', outletId: row.outletId, assignedUserId: row.assignedUserId }, now);
      return;
    case 'arrived':
    case 'in_progress':
      await followWorkOrder(tx, actor, row.ticketId, { kind: 'started' }, now);
      return;
    case 'completed': {
      const others = await repo.findOtherOrdersOfTicket(tx, row.ticketId, row.id, [...ACTIVE_STATUSES, 'not_completed']);
      if (!others.length) await followWorkOrder(tx, actor, row.ticketId, { kind: 'all_done' }, now);
      else await followWorkOrder(tx, actor, row.ticketId, { kind: 'event', text: `派工单 ${row.number} 已完工` }, now);
      return;
    }
    case 'not_completed': {
      const reason = row.notCompletedReason as NotCompletedReason | null;
      const label = reason ? NOT_COMPLETED_LABELS[reason].zh : '';
      const pause = reason ? PAUSE_OF[reason] : undefined;
      const text = `派工单 ${row.number} 未完工：${label}${row.notCompletedNote ? `（${row.notCompletedNote}）` : ''}`;
      if (pause) await followWorkOrder(tx, actor, row.ticketId, { kind: 'paused', to: pause, text }, now);
      else await followWorkOrder(tx, actor, row.ticketId, { kind: 'event', text }, now);
      return;
    }
    case 'waiting': {
      const text = `派工单 ${row.number} 退回待派工${row.declineReason ? `：${row.declineReason}` : ''}`;
      const booked = await repo.findOtherOrdersOfTicket(tx, row.ticketId, row.id, [...BOOKED_STATUSES]);
      await followWorkOrder(tx, actor, row.ticketId, booked.length ? { kind: 'event', text } : { kind: 'returned', text }, now);
      return;
    }
    default:
      return;
  }
}

export type Assignment = {
  outletId: string;
  technician: TechnicianRow | null;
  mode: 'auto' | 'manual';
  explanation: DispatchExplanation | null;
  plannedStart?: Date | null;
};

/**
 * Gives the order to an outlet (and a technician, proposed until accepted): from `waiting` it
 * becomes `dispatched`; an order already dispatched (not yet accepted) is moved to the new
 * outlet/technician. Grants the outlet and the technician access to the customer. The caller
 * has locked the order row (and the technician row) and checked the rules.
 */
export async function assignInTx(tx: Executor, actor: Actor, row: WorkOrderRow, assignment: Assignment, now: Date): Promise<WorkOrderRow> {
  const patch = {
    outletId: assignment.outletId,
    technicianId: assignment.technician?.id ?? null,
    assignedUserId: assignment.technician?.userId ?? null,
    dispatchMode: assignment.mode,
    explanation: assignment.explanation,
    plannedStart: assignment.plannedStart ?? null,
    feedbackOverdueAt: null,
    declineReason: null,
  };
  await grantCustomerAccess(tx, { customerId: row.customerId, outletId: assignment.outletId, source: 'work_order' });
  if (assignment.technician) await grantCustomerAccess(tx, { customerId: row.customerId, userId: assignment.technician.userId, source: 'work_order' });
  const text = assignment.explanation?.summary ?? null;
  if (row.status === 'waiting') {
    return moveWorkOrder(tx, actor, row, 'dispatched', now, { patch, kind: 'dispatched', text, auditAction: assignment.mode === 'auto' ? 'auto_dispatched' : 'dispatched' });
  }
  if (row.status !== 'dispatched') throw invalidWorkOrderTransition(row.status, 'dispatched', 'workOrderId');
  const after = await repo.updateWorkOrderRow(tx, row.id, { ...patch, dispatchedAt: now, version: row.version + 1, updatedAt: now });
  await addEvent(tx, actor, row, now, { kind: 'reassigned', from: row.status, to: row.status, text });
  await recordAudit(tx, actor, { entity: 'work_order', entityId: row.id, action: 'reassigned', before: { outletId: row.outletId, technicianId: row.technicianId }, after: { outletId: patch.outletId, technicianId: patch.technicianId } });
  await followTicket(tx, actor, after, now);
  return after;
}

export type BulkAssignment = { order: WorkOrderRow; outletId: string; technician: TechnicianRow | null; explanation: DispatchExplanation; plannedStart: Date | null };

/**
 * Automatic dispatch of a chunk in bulk statements, inside the caller's transaction: the
 * waiting orders become `dispatched` (an order no longer waiting is skipped), with their
 * timeline, audit rows, customer access grants and tickets; orders no outlet could take keep
 * the explanation why. The caller has locked the orders and the technicians. Returns the ids
 * dispatched.
 */
export async function assignManyInTx(tx: Executor, actor: Actor, writes: BulkAssignment[], failures: { order: WorkOrderRow; explanation: DispatchExplanation }[], now: Date): Promise<Set<string>> {
  const updated = await repo.markDispatched(
    tx,
    writes.map((write) => ({ id: write.order.id, outletId: write.outletId, technicianId: write.technician?.id ?? null, userId: write.technician?.userId ?? null, explanation: write.explanation, plannedStart: write.plannedStart })),
    now,
  );
  const dispatchedIds = new Set(updated.map((row) => row.id));
  const done = writes.filter((write) => dispatchedIds.has(write.order.id));
  await repo.insertWorkOrderEventRows(tx, done.map((write) => ({ id: newId(), workOrderId: write.order.id, at: now, kind: 'dispatched', actorId: actor.id, actorName: actor.displayName ?? actor.name, fromStatus: 'waiting', toStatus: 'dispatched', text: write.explanation.summary, data: null, clientStepId: null })));
  await recordAuditBatch(tx, actor, [
    ...done.map((write) => ({ entity: 'work_order', entityId: write.order.id, action: 'auto_dispatched', before: { status: 'waiting' }, after: { status: 'dispatched', outletId: write.outletId, technicianId: write.technician?.id ?? null, plannedStart: write.plannedStart?.toISOString() ?? null } })),
    ...failures.map(({ order, explanation }) => ({ entity: 'work_order', entityId: order.id, action: 'auto_dispatch_failed', after: { summary: explanation.summary } })),
  ]);
  for (const { order, explanation } of failures) await repo.updateWorkOrderRow(tx, order.id, { explanation, updatedAt: now });
  await grantCustomerAccessMany(tx, done.flatMap((write) => [
    { customerId: write.order.customerId, outletId: write.outletId, source: 'work_order' },
    ...(write.technician ? [{ customerId: write.order.customerId, userId: write.technician.userId, source: 'work_order' }] : []),
  ]));
  await followWorkOrdersDispatched(tx, actor, done.map((write) => ({ ticketId: write.order.ticketId, outletId: write.outletId, assignedUserId: write.technician?.userId ?? null })), now);
  for (const row of updated) await publishMove(tx, actor, 'waiting', row, now);
  return dispatchedIds;
}

/** Reads a work order in scope (404 outside it), optionally locked. */
export async function findScopedWorkOrder(executor: Executor, principal: Principal, id: string, options: { forUpdate?: boolean } = {}): Promise<WorkOrderRow> {
  const row = await repo.findWorkOrderById(executor, id, { forUpdate: options.forUpdate, scope: workOrderScope(principal) });
  if (!row) throw notFound('Work order');
  return row;
}

/**
 * Dispatch explanations name the colleagues who were passed over and why (an expired
 * certificate, leave): for dispatchers and managers, not for the technicians themselves.
 */
function seesDispatchReasons(principal: Principal): boolean {
  return principal.scope !== 'self';
}

/** A timeline text as the principal may read it: technicians and outlet staff get the choice without the exclusions. */
function eventTextFor(principal: Principal, kind: string, text: string | null): string | null {
  if (!text || (seesDispatchReasons(principal) && principal.scope !== 'outlet') || !['dispatched', 'reassigned'].includes(kind)) return text;
  return text.split(EXCLUDED_MARK)[0];
}

/** Where a dispatch summary starts listing who was passed over (auto-dispatch writes it so). */
const EXCLUDED_MARK = '；排除：';

/**
 * The explanation as the principal may read it. Department-wide roles see it all; outlet staff
 * see their own outlet's part only — not which other outlets were passed over, nor the names
 * of other outlets' technicians (an exclusion without its outlet counts as another's); the
 * others see none.
 */
export function explanationFor(principal: Principal, explanation: DispatchExplanation | null): DispatchExplanation | null {
  if (!explanation || !seesDispatchReasons(principal)) return null;
  if (principal.scope !== 'outlet') return explanation;
  const own = (candidate: DispatchCandidate) => principal.outletId !== null && candidate.outletId === principal.outletId;
  const technicians = explanation.technician.excluded.filter(own);
  const kept = technicians.map((item) => `${item.name} ${item.reason}`);
  return {
    ...explanation,
    outlet: { chosen: explanation.outlet.chosen, excluded: explanation.outlet.excluded.filter((item) => item.id === principal.outletId) },
    technician: { chosen: explanation.technician.chosen, excluded: technicians },
    summary: `${explanation.summary.split(EXCLUDED_MARK)[0]}${kept.length ? `${EXCLUDED_MARK}${kept.join('；')}` : ''}`,
  };
}

/** Whether the principal sees the customer's phone in full on this order. */
function seesFullPhone(principal: Principal, row: WorkOrderRow): boolean {
  if (principal.permissions.has('customers.phones.full')) return true;
  return principal.kind === 'user' && row.assignedUserId === principal.userId;
}

export type WorkOrderNames = { tickets: Map<string, string>; customers: Map<string, string>; outlets: Map<string, string>; technicians: Map<string, string> };

/** Names for a page of orders in four queries. */
export async function loadNames(executor: Executor, rows: WorkOrderRow[]): Promise<WorkOrderNames> {
  const unique = (values: (string | null)[]) => [...new Set(values.filter((value): value is string => Boolean(value)))];
  // One after another: this may run inside a transaction (one connection, no parallel queries).
  const ticketNumbers = await findTicketNumbers(executor, unique(rows.map((row) => row.ticketId)));
  const customers = await findCustomerNames(executor, unique(rows.map((row) => row.customerId)));
  const outlets = await findOutletNames(executor, unique(rows.map((row) => row.outletId)));
  const technicians = await findTechnicianNames(executor, unique(rows.map((row) => row.technicianId)));
  return { tickets: ticketNumbers, customers, outlets, technicians };
}

export function presentWorkOrder(row: WorkOrderRow, names: WorkOrderNames, principal: Principal, now: Date, feedbackMinutes: number) {
  const iso = (value: Date | null) => (value ? value.toISOString() : null);
  return {
    id: row.id,
    number: row.number,
    ticketId: row.ticketId,
    ticketNumber: names.tickets.get(row.ticketId) ?? '',
    customerId: row.customerId,
    customerName: names.customers.get(row.customerId) ?? null,
    assetId: row.assetId,
    categoryId: row.categoryId,
    type: row.type as never,
    status: row.status,
    priority: row.priority as never,
    requiredGrade: row.requiredGrade as never,
    estimatedMinutes: row.estimatedMinutes,
    windowStart: row.windowStart.toISOString(),
    windowEnd: row.windowEnd.toISOString(),
    serviceDate: row.serviceDate,
    address: row.address,
    districtCode: row.districtCode,
    latitude: row.latitude,
    longitude: row.longitude,
    contactName: row.contactName,
    contactPhone: row.contactPhone ? (seesFullPhone(principal, row) ? row.contactPhone : maskPhone(row.contactPhone)) : null,
    materials: row.materials,
    note: row.note,
    outletId: row.outletId,
    outletName: row.outletId ? (names.outlets.get(row.outletId) ?? null) : null,
    technicianId: row.technicianId,
    technicianName: row.technicianId ? (names.technicians.get(row.technicianId) ?? null) : null,
    dispatchMode: (row.dispatchMode as 'auto' | 'manual' | null) ?? null,
    explanation: explanationFor(principal, (row.explanation as DispatchExplanation | null) ?? null),
    dispatchedAt: iso(row.dispatchedAt),
    acceptedAt: iso(row.acceptedAt),
    onTheWayAt: iso(row.onTheWayAt),
    arrivedAt: iso(row.arrivedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    verifiedAt: iso(row.verifiedAt),
    notCompletedReason: (row.notCompletedReason as NotCompletedReason | null) ?? null,
    notCompletedNote: row.notCompletedNote,
    declineReason: row.declineReason,
    result: row.result ?? null,
    hasSignature: Boolean(row.signatureKey),
    signedAt: iso(row.signedAt),
    feedbackOverdue: row.status === 'dispatched' && row.dispatchedAt !== null && now.getTime() - row.dispatchedAt.getTime() >= feedbackMinutes * 60_000,
    routeSeq: row.routeSeq,
    plannedStart: iso(row.plannedStart),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The detail view: the order with its timeline, photos and the moves the table allows from here. */
export async function presentWorkOrderDetail(executor: Executor, row: WorkOrderRow, principal: Principal, now: Date) {
  const names = await loadNames(executor, [row]);
  const events = await repo.findWorkOrderEvents(executor, row.id);
  const photos = await repo.findPhotos(executor, row.id);
  const settings = await dispatchSettings.read(executor);
  return {
    ...presentWorkOrder(row, names, principal, now, settings.feedbackMinutes),
    events: events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      kind: event.kind,
      actorName: event.actorName,
      fromStatus: (event.fromStatus as WorkOrderStatus | null) ?? null,
      toStatus: (event.toStatus as WorkOrderStatus | null) ?? null,
      text: eventTextFor(principal, event.kind, event.text),
    })),
    photos: photos.map((photo) => ({ id: photo.id, contentType: photo.contentType, caption: photo.caption, createdAt: photo.createdAt.toISOString() })),
    allowedTransitions: [...WORK_ORDER_TRANSITIONS[row.status]],
  };
}

/** Ticket moves that would contradict a visit still open (the ticket follows its work orders). */
const CONTRADICTING_MOVES = ['resolved', 'closed', 'cancelled', 'assessed'];

/**
 * The check this module adds to manual ticket moves (TicketManualMoveGuard, wired in
 * server/wiring.ts): while a work order of the ticket is open (waiting … in progress, or not
 * completed and not yet verified), the ticket is not resolved, closed, cancelled or sent back
 * to assessment by hand (409 naming `to`).
 */
export async function guardTicketAgainstOpenWork(tx: Executor, { ticket, to }: { ticket: { id: string }; to: string }): Promise<void> {
  if (!CONTRADICTING_MOVES.includes(to)) return;
  const open = await repo.findOrdersOfTicketIn(tx, ticket.id, [...ACTIVE_STATUSES, 'not_completed']);
  if (!open.length) return;
  throw new AppError('conflict', `派工单 ${open.map((row) => row.number).join('、')} 尚未完成：请先完成、核验或取消派工单`, {
    details: [{ path: ['to'], message: `open work orders: ${open.map((row) => row.number).join(', ')}`, code: 'work_orders_open' }],
  });
}
