import { isMobile } from '../../../contracts/phones';
import {
  canTransition,
  OPEN_STATUSES,
  PENDING_STATUSES,
  TICKET_STATUS_LABELS,
  TICKET_TRANSITIONS,
  type TAssessmentView,
  type TCreateTicketBody,
  type TicketStatus,
} from '../../../contracts/tickets';
import { and, inArray, sql } from 'drizzle-orm';
import { regionLabel } from '../../../contracts/regions';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { findIdempotentResult, rememberIdempotentResult } from '../../platform/idempotency';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { scopeCondition } from '../../platform/scope';
import { recordAudit } from '../audit';
import { findDisplayName } from '../auth';
import { createCustomer, findCustomerNames, findCustomersByPhones, findCustomerWithAddress } from '../customers';
import { findAssetForIntake } from '../assets';
import { clockInsertStatement, clockViewsOf, onTicketStatusChange, planTicketClocks, storedClockRows, ticketClockViews, type ClockView } from '../sla';
import { enqueueMessage } from '../notifications';
import { formatShanghai, shanghaiDate } from '../../platform/time';
import * as repo from './tickets.repository';
import { tickets } from './tickets.tables';
import type { TicketEventRow, TicketRow } from './tickets.repository';
import { checkGuards, publishEvent } from '../../platform/seam';
import { moveTicket } from './ticket-move';
import { TicketCreated, TicketManualMoveGuard } from './tickets.events';

type ClockRow = ReturnType<typeof storedClockRows>[number];

/** Hours within which the customer is promised feedback (MISSION §10: respond within 24 hours). */
export const RESPONSE_HOURS = 24;
/** Window after resolution in which a ticket may be reopened. */
export const REOPEN_DAYS = 30;
/** An open ticket of the same customer, asset and type within this window is a duplicate. */
export const DUPLICATE_WINDOW_HOURS = 24;
const HOUR = 3_600_000;


/** Outlet staff see tickets dispatched to their outlet; technicians the ones assigned to them. */
export function ticketScope(principal: Principal) {
  return scopeCondition(principal, { outlet: tickets.outletId, owner: tickets.assignedUserId });
}

function presentEvent(row: TicketEventRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    kind: row.kind,
    actorName: row.actorName,
    fromStatus: row.fromStatus ?? null,
    toStatus: row.toStatus ?? null,
    text: row.text,
    isCustomerVisible: row.isCustomerVisible,
  };
}

export function presentSummary(row: TicketRow, customerName: string) {
  return {
    id: row.id,
    number: row.number,
    type: row.type as TCreateTicketBody['type'],
    channel: row.channel as TCreateTicketBody['channel'],
    status: row.status,
    urgency: row.urgency as TCreateTicketBody['urgency'],
    customerId: row.customerId,
    customerName,
    assetId: row.assetId,
    description: row.description,
    promisedFeedbackAt: row.promisedFeedbackAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type KnownParts = { customerName: string; events: TicketEventRow[]; clocks: ClockRow[] };

/**
 * The ticket page's view. `known` carries what the caller already holds (intake has just
 * written the events and clocks and read the customer), so nothing is read twice.
 */
async function presentDetail(executor: Executor, row: TicketRow, options: { isCustomerView?: boolean; now?: Date; calendarDb?: Executor; known?: KnownParts } = {}) {
  const now = options.now ?? new Date();
  const calendarDb = options.calendarDb ?? executor;
  let customerName: string;
  let events: TicketEventRow[];
  let clocks: ClockView[];
  if (options.known) {
    customerName = options.known.customerName;
    events = options.known.events;
    clocks = await clockViewsOf(executor, calendarDb, options.known.clocks, now);
  } else {
    const names = await findCustomerNames(executor, [row.customerId]);
    events = await repo.findEvents(executor, row.id);
    clocks = await ticketClockViews(executor, calendarDb, row.id, now);
    customerName = names.get(row.customerId) ?? '';
  }
  return {
    ...presentSummary(row, customerName),
    faultCategory: row.faultCategory,
    preferredFrom: row.preferredFrom?.toISOString() ?? null,
    preferredTo: row.preferredTo?.toISOString() ?? null,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    address: row.address,
    pausedFromStatus: row.pausedFromStatus ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    reopenCount: row.reopenCount,
    unitCount: row.unitCount,
    sameDayReason: row.sameDayReason,
    committedAt: row.committedAt?.toISOString() ?? null,
    assessment: (row.assessment as TAssessmentView | null) ?? null,
    clocks,
    allowedTransitions: allowedTransitions(row),
    events: events.filter((event) => !options.isCustomerView || event.isCustomerVisible).map(presentEvent),
  };
}

/**
 * Transitions the table allows from the ticket's state, narrowed for pending tickets. `assessed`
 * needs the assessment (the triage record); without it the ticket gets there by recording the
 * assessment (PUT /api/tickets/:id/assessment), so it is not offered as a plain transition.
 */
export function allowedTransitions(row: Pick<TicketRow, 'status' | 'pausedFromStatus' | 'assessment'>): TicketStatus[] {
  const all = TICKET_TRANSITIONS[row.status];
  const table = PENDING_STATUSES.includes(row.status) ? all.filter((to) => to === 'cancelled' || to === row.pausedFromStatus) : [...all];
  return row.assessment ? table : table.filter((to) => to !== 'assessed');
}

async function addEvent(tx: Executor, ticketId: string, actor: Actor, event: { kind: string; at: Date; fromStatus?: TicketStatus; toStatus?: TicketStatus; text?: string | null; isCustomerVisible?: boolean }) {
  await repo.insertEvent(tx, {
    id: newId(),
    ticketId,
    at: event.at,
    kind: event.kind,
    actorId: actor.id,
    actorName: actor.displayName ?? actor.name,
    fromStatus: event.fromStatus ?? null,
    toStatus: event.toStatus ?? null,
    text: event.text ?? null,
    isCustomerVisible: event.isCustomerVisible ?? false,
  });
}

export type CreateTicketOptions = {
  /** The caller for idempotency keys and duplicate handling (user id or token id). */
  callerId: string;
  isApiCaller: boolean;
  idempotencyKey?: string;
};

/**
 * Registers a request. Same Idempotency-Key → the same ticket. An open ticket of the same
 * customer, asset and type within 24 hours → the API gets that ticket back; a person gets a
 * 409 naming it (the UI offers to open it) unless `allowDuplicate`. Numbers are
 * `SH<business date>-<daily sequence>`, unique under concurrency.
 */
export async function createTicket(ctx: AppContext, actor: Actor, input: TCreateTicketBody, options: CreateTicketOptions) {
  const now = ctx.clock.now();
  // The transaction decides and writes; the day's number row is locked only by its last
  // statements. The answer is built from what was written (nothing is read back).
  const outcome = await ctx.db.transaction(async (tx): Promise<{ row: TicketRow; isExisting: boolean; reason: 'created' | 'idempotent_retry' | 'duplicate_open_ticket'; known?: KnownParts }> => {
    if (options.idempotencyKey) {
      await repo.lockKey(tx, `idem:${options.callerId}:${options.idempotencyKey}`);
      const existingId = await findIdempotentResult(tx, options.callerId, options.idempotencyKey, input, now);
      if (existingId) {
        const existing = await repo.findTicketById(tx, existingId);
        if (existing) return { row: existing, isExisting: true, reason: 'idempotent_retry' };
      }
    }

    let customerId = input.customerId;
    if (input.newCustomer) {
      const matches = await findCustomersByPhones(tx, [input.newCustomer.phone]);
      if (matches.length) {
        customerId = matches[0].id;
      } else {
        const created = await createCustomer(
          ctx,
          actor,
          { kind: input.newCustomer.kind, name: input.newCustomer.name, phones: [{ phone: input.newCustomer.phone }], addresses: input.newCustomer.address ? [input.newCustomer.address] : [] },
          tx,
        );
        customerId = created.id;
      }
    }
    const customer = await findCustomerWithAddress(tx, customerId!);
    if (!customer) throw invalidField(['customerId'], 'no such customer');
    let address = customer.defaultAddress ? `${regionLabel(customer.defaultAddress)}${customer.defaultAddress.detail}` : null;
    if (input.assetId) {
      const rules = await findAssetForIntake(tx, input.assetId);
      if (!rules) throw invalidField(['assetId'], 'no such asset');
      if (rules.customerId !== customer.customer.id) throw invalidField(['assetId'], 'the asset belongs to another customer');
      address = rules.address ?? address;
      if (rules.allowedTicketTypes && !rules.allowedTicketTypes.includes(input.type)) {
        throw invalidField(['type'], `category ${rules.categoryName} does not take ${input.type} requests (allowed: ${rules.allowedTicketTypes.join(', ')})`);
      }
      if (input.faultCategory && rules.faultCodes.length && !rules.faultCodes.some((fault) => fault.code === input.faultCategory)) {
        throw invalidField(['faultCategory'], `not a fault of category ${rules.categoryName}`);
      }
    }

    // A person who has seen the warning and chose to register anyway skips the check (and its lock):
    // its answer would not change the outcome.
    const isDuplicateCheckNeeded = options.isApiCaller || !input.allowDuplicate;
    if (isDuplicateCheckNeeded) await repo.lockKey(tx, `ticket-intake:${customer.customer.id}`);
    const duplicate = isDuplicateCheckNeeded
      ? await repo.findOpenDuplicate(tx, {
          customerId: customer.customer.id,
          assetId: input.assetId ?? null,
          type: input.type,
          since: new Date(now.getTime() - DUPLICATE_WINDOW_HOURS * HOUR),
          openStatuses: OPEN_STATUSES,
        })
      : undefined;
    if (duplicate) {
      if (!options.isApiCaller) {
        throw new AppError('conflict', `An open ${input.type} ticket ${duplicate.number} exists for this customer and product (created within ${DUPLICATE_WINDOW_HOURS} hours)`, {
          details: [{ path: ['type'], message: duplicate.number, code: 'duplicate_ticket' }],
        });
      }
      await addEvent(tx, duplicate.id, actor, { kind: 'duplicate_request', at: now, text: input.description, isCustomerVisible: actor.type === 'customer' });
      if (options.idempotencyKey) await rememberIdempotentResult(tx, options.callerId, options.idempotencyKey, input, duplicate.id, now);
      return { row: duplicate, isExisting: true, reason: 'duplicate_open_ticket' };
    }

    const isTakenByPerson = !options.isApiCaller && (input.channel === 'hotline' || input.channel === 'walk_in');
    const status: TicketStatus = isTakenByPerson ? 'accepted' : 'new';
    const ticketId = newId();
    const unitCount = input.unitCount ?? 1;
    // Clocks are computed in memory from the cached policies and calendar; a ticket taken by a
    // person starts as accepted, which leaves new clocks as they are (nothing to pause or stop).
    const plan = await planTicketClocks(tx, ctx.db, { id: ticketId, type: input.type, urgency: input.urgency, isKeyCustomer: customer.customer.isKey, unitCount }, now);
    // The customer is promised feedback by the response clock's due time (policy and calendar).
    const promisedFeedbackAt = plan.responseDue ?? new Date(now.getTime() + RESPONSE_HOURS * HOUR);
    const actorName = actor.displayName ?? actor.name;
    const eventRows: Omit<TicketEventRow, 'seq'>[] = [
      { id: newId(), ticketId, at: now, kind: 'created', actorId: actor.id, actorName, fromStatus: null, toStatus: 'new', text: '受理单号 {number}', isCustomerVisible: true },
    ];
    if (status === 'accepted') eventRows.push({ id: newId(), ticketId, at: now, kind: 'status_changed', actorId: actor.id, actorName, fromStatus: 'new', toStatus: 'accepted', text: null, isCustomerVisible: true });
    // One statement: the daily number (the upsert locks the day's row until commit, so it comes
    // late), the ticket, its timeline entries and its clocks.
    const { ticket: row, events } = await repo.insertNumberedTicket(
      tx,
      shanghaiDate(now),
      {
        id: ticketId,
        type: input.type,
        channel: input.channel,
        status,
        urgency: input.urgency,
        customerId: customer.customer.id,
        assetId: input.assetId ?? null,
        faultCategory: input.faultCategory ?? null,
        description: input.description,
        preferredFrom: input.preferredFrom ? new Date(input.preferredFrom) : null,
        preferredTo: input.preferredTo ? new Date(input.preferredTo) : null,
        contactName: input.contactName ?? null,
        contactPhone: input.contactPhone ?? customer.phones[0]?.phone ?? null,
        address,
        unitCount,
        promisedFeedbackAt,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      },
      { events: eventRows, also: [clockInsertStatement(tx, plan.clocks)] },
    );
    const clockRows = storedClockRows(plan.clocks);
    const number = row.number;
    if (row.contactPhone && isMobile(row.contactPhone)) {
      await enqueueMessage(tx, now, { template: 'ticket_received', recipient: row.contactPhone, params: { number, promised: formatShanghai(row.promisedFeedbackAt) } });
    }
    await recordAudit(tx, actor, { entity: 'ticket', entityId: row.id, action: 'created', after: { number, type: row.type, channel: row.channel, status, customerId: row.customerId, assetId: row.assetId } });
    if (options.idempotencyKey) await rememberIdempotentResult(tx, options.callerId, options.idempotencyKey, input, row.id, now);
    await publishEvent(tx, TicketCreated, { ticketId: row.id, number, customerId: row.customerId, assetId: row.assetId, type: row.type, channel: row.channel }, { actor, now });
    return { row, isExisting: false, reason: 'created', known: { customerName: customer.customer.name, events, clocks: clockRows } };
  });
  return { ticket: await presentDetail(ctx.db, outcome.row, { now, known: outcome.known }), isExisting: outcome.isExisting, reason: outcome.reason };
}

export async function getTicket(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findTicketById(ctx.db, id, { scope: ticketScope(principal) });
  if (!row) throw notFound('Ticket');
  return presentDetail(ctx.db, row, { now: ctx.clock.now() });
}

export async function listTickets(
  ctx: AppContext,
  principal: Principal,
  query: { q?: string; status?: TicketStatus; isOpen?: boolean; type?: string; customerId?: string; assetId?: string; sla?: 'at_risk' | 'breached'; mine?: boolean; unassigned?: boolean; outletId?: string; page: number; pageSize: number },
) {
  const { page, pageSize, isOpen, sla, mine, unassigned, outletId, ...filter } = query;
  const statuses = isOpen === undefined ? undefined : isOpen ? OPEN_STATUSES : (['resolved', 'closed', 'cancelled'] as TicketStatus[]);
  const combined = and(
    ticketScope(principal),
    sla === 'at_risk' ? sql`${tickets.slaAtRisk}` : sla === 'breached' ? sql`${tickets.slaBreached}` : undefined,
    mine ? mineCondition(principal) : undefined,
    unassigned ? sql`${tickets.outletId} is null` : undefined,
    outletId ? sql`${tickets.outletId} = ${outletId}` : undefined,
  );
  const { rows, total } = await repo.findTickets(ctx.db, { ...filter, statuses, scope: combined }, { limit: pageSize, offset: (page - 1) * pageSize });
  const names = await findCustomerNames(ctx.db, [...new Set(rows.map((row) => row.customerId))]);
  return { items: rows.map((row) => presentSummary(row, names.get(row.customerId) ?? '')), total, page, pageSize };
}

/**
 * Moves a ticket along the transition table. Pending states remember where they paused and
 * return only there; a resolved or closed ticket reopens to `accepted` within the reopen window.
 */
export async function transitionTicket(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { to: TicketStatus; note?: string; isNoteCustomerVisible?: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, id, { forUpdate: true, scope: ticketScope(principal) });
    if (!row) throw notFound('Ticket');
    const from = row.status;
    const isTableMove = canTransition(from, input.to) && allowedTransitions({ ...row, assessment: row.assessment ?? {} }).includes(input.to);
    if (isTableMove && input.to === 'assessed' && !row.assessment) {
      throw new AppError('conflict', 'Record the assessment first (PUT /api/tickets/:id/assessment); recording it moves the ticket to assessed', {
        details: [{ path: ['assessment'], message: 'required before the ticket can be assessed', code: 'assessment_required' }],
      });
    }
    if (!isTableMove) {
      throw new AppError('conflict', `A ticket cannot go from ${TICKET_STATUS_LABELS[from].en} to ${TICKET_STATUS_LABELS[input.to].en}`, {
        details: [{ path: ['to'], message: `allowed: ${allowedTransitions(row).join(', ') || 'none'}`, code: 'invalid_transition' }],
      });
    }
    await checkGuards(tx, TicketManualMoveGuard, { ticket: row, to: input.to });
    const now = ctx.clock.now();
    const isReopen = (from === 'resolved' || from === 'closed') && input.to === 'accepted';
    if (isReopen) {
      const since = row.resolvedAt ?? row.closedAt ?? row.updatedAt;
      if (now.getTime() - since.getTime() > REOPEN_DAYS * 24 * HOUR) {
        throw new AppError('conflict', `Resolved more than ${REOPEN_DAYS} days ago; register a new request instead`, { details: [{ path: ['to'], message: 'reopen window passed', code: 'reopen_window_passed' }] });
      }
    }
    // The status change is shown to the customer; a note with it only when flagged so.
    const isNoteVisible = Boolean(input.note && input.isNoteCustomerVisible);
    const after = await moveTicket(tx, actor, row, input.to, now, {
      cause: 'manual',
      patch: isReopen ? { reopenCount: row.reopenCount + 1, resolvedAt: null, closedAt: null } : undefined,
      timeline: { kind: isReopen ? 'reopened' : 'status_changed', text: isNoteVisible ? input.note! : null, isCustomerVisible: true },
      audit: { action: isReopen ? 'reopened' : 'status_changed', after: { status: input.to, note: input.note ?? null } },
    });
    if (input.note && !isNoteVisible) await addEvent(tx, id, actor, { kind: 'note', at: now, text: input.note, isCustomerVisible: false });
    return presentDetail(tx, after, { now, calendarDb: ctx.db });
  });
}

/** Adds a note to the timeline: internal, or visible to the customer on the portal. */
export async function addTicketNote(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { text: string; isCustomerVisible: boolean }) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, id, { scope: ticketScope(principal) });
    if (!row) throw notFound('Ticket');
    const now = ctx.clock.now();
    await addEvent(tx, id, actor, { kind: 'note', at: now, text: input.text, isCustomerVisible: input.isCustomerVisible });
    await repo.updateTicketRow(tx, id, { updatedAt: now });
    await recordAudit(tx, actor, { entity: 'ticket', entityId: id, action: 'note_added', after: { isCustomerVisible: input.isCustomerVisible, length: input.text.length } });
    return presentDetail(tx, (await repo.findTicketById(tx, id))!, { now, calendarDb: ctx.db });
  });
}


/** What the customer portal shows of a ticket: a whitelist (no internal notes, no staff names, no internal fields). */
async function presentForCustomer(executor: Executor, row: TicketRow) {
  const detail = await presentDetail(executor, row, { isCustomerView: true });
  return {
    id: detail.id,
    number: detail.number,
    type: detail.type,
    status: detail.status,
    description: detail.description,
    address: detail.address,
    preferredFrom: detail.preferredFrom,
    preferredTo: detail.preferredTo,
    promisedFeedbackAt: detail.promisedFeedbackAt,
    createdAt: detail.createdAt,
    updatedAt: detail.updatedAt,
    resolvedAt: detail.resolvedAt,
    closedAt: detail.closedAt,
    committedAt: detail.committedAt,
    clocks: detail.clocks.map(({ kind, status, dueAt }) => ({ kind, status, dueAt })),
    events: detail.events.map(({ id, at, kind, fromStatus, toStatus, text }) => ({ id, at, kind, fromStatus, toStatus, text })),
    technicianName: row.assignedUserId ? await findDisplayName(executor, row.assignedUserId) : null,
  };
}

/** Tickets of the given customers (the portal: customers holding the verified phone). */
export async function listTicketsOfCustomers(ctx: AppContext, customerIds: string[]) {
  if (!customerIds.length) return { items: [] };
  const { rows } = await repo.findTickets(ctx.db, { scope: inArray(tickets.customerId, customerIds) }, { limit: 100, offset: 0 });
  const names = await findCustomerNames(ctx.db, [...new Set(rows.map((row) => row.customerId))]);
  return { items: rows.map((row) => presentSummary(row, names.get(row.customerId) ?? '')) };
}

export async function getTicketOfCustomers(ctx: AppContext, customerIds: string[], id: string) {
  const row = customerIds.length ? await repo.findTicketById(ctx.db, id, { scope: inArray(tickets.customerId, customerIds) }) : undefined;
  if (!row) throw notFound('Ticket');
  return presentForCustomer(ctx.db, row);
}

/**
 * A system event on a ticket's timeline (SLA warnings and escalations), audited. `also` runs in
 * the same transaction with the ticket's number (e.g. the escalation's messages), so the event
 * and what goes with it are written together. Nothing happens for a ticket that does not exist.
 */
export async function recordTicketSystemEvent(ctx: AppContext, ticketId: string, event: { kind: string; text: string }, also?: (tx: Executor, ticket: { number: string }) => Promise<void>) {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, ticketId);
    if (!row) return;
    const now = ctx.clock.now();
    await repo.insertEvent(tx, { id: newId(), ticketId, at: now, kind: event.kind, actorId: null, actorName: 'system', text: event.text, isCustomerVisible: false });
    await recordAudit(tx, { type: 'system', id: null, name: 'system' }, { entity: 'ticket', entityId: ticketId, action: event.kind, after: { text: event.text } });
    if (also) await also(tx, { number: row.number });
  });
}

/**
 * Same-day rule (当日问题当日解决): for a ticket not solved on the day it came in, record why
 * and the firm time given to the customer (a customer-visible timeline entry), audited.
 */
export async function commitSameDay(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { reason: string; committedAt: string }) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, id, { forUpdate: true, scope: ticketScope(principal) });
    if (!row) throw notFound('Ticket');
    const now = ctx.clock.now();
    const committedAt = new Date(input.committedAt);
    if (committedAt <= now) throw invalidField(['committedAt'], 'must be in the future');
    const after = await repo.updateTicketRow(tx, id, { sameDayReason: input.reason, committedAt, updatedAt: now });
    const when = formatShanghai(committedAt);
    await addEvent(tx, id, actor, { kind: 'same_day_commitment', at: now, text: `${input.reason}；承诺 ${when} 前解决`, isCustomerVisible: true });
    await recordAudit(tx, actor, { entity: 'ticket', entityId: id, action: 'same_day_committed', before: { sameDayReason: row.sameDayReason, committedAt: row.committedAt }, after: { sameDayReason: after.sameDayReason, committedAt: after.committedAt } });
    return presentDetail(tx, after, { now, calendarDb: ctx.db });
  });
}

/** The daily report of unsolved problems: tickets registered on `date` (Asia/Shanghai) and still not solved. */
export async function unresolvedOfDay(ctx: AppContext, principal: Principal, date?: string) {
  const day = date ?? shanghaiDate(ctx.clock.now());
  const from = new Date(`${day}T00:00:00+08:00`);
  const to = new Date(from.getTime() + 24 * HOUR);
  const scope = ticketScope(principal);
  const { rows } = await repo.findTickets(
    ctx.db,
    { statuses: OPEN_STATUSES, scope: and(scope, sql`${tickets.createdAt} >= ${from} and ${tickets.createdAt} < ${to}`) },
    { limit: 1000, offset: 0 },
  );
  const names = await findCustomerNames(ctx.db, [...new Set(rows.map((row) => row.customerId))]);
  return {
    date: day,
    items: rows.map((row) => ({
      id: row.id,
      number: row.number,
      type: row.type as TCreateTicketBody['type'],
      status: row.status,
      customerName: names.get(row.customerId) ?? '',
      createdAt: row.createdAt.toISOString(),
      sameDayReason: row.sameDayReason,
      committedAt: row.committedAt?.toISOString() ?? null,
      isMissingCommitment: !row.sameDayReason || !row.committedAt,
    })),
  };
}

function mineCondition(principal: Principal) {
  if (principal.kind !== 'user') return sql`false`;
  return sql`(${tickets.createdBy} = ${principal.userId} or ${tickets.assignedUserId} = ${principal.userId})`;
}

/**
 * Counts of the agent workspace's queues (open tickets within the caller's scope), exact, from
 * one grouped scan of the open tickets. At risk / breached read the flags that triggers keep in
 * step with the running clocks.
 */
export async function queueCounts(ctx: AppContext, principal: Principal) {
  const open = and(ticketScope(principal), inArray(tickets.status, [...OPEN_STATUSES]));
  const groups = await repo.countQueueGroups(ctx.db, open, mineCondition(principal));
  const counts = { open: 0, mine: 0, unassigned: 0, atRisk: 0, breached: 0 };
  const byType: Record<string, number> = {};
  const byOutlet = new Map<string | null, number>();
  for (const group of groups) {
    counts.open += group.count;
    if (group.isMine) counts.mine += group.count;
    if (group.outletId === null) counts.unassigned += group.count;
    if (group.atRisk) counts.atRisk += group.count;
    if (group.breached) counts.breached += group.count;
    byType[group.type] = (byType[group.type] ?? 0) + group.count;
    byOutlet.set(group.outletId, (byOutlet.get(group.outletId) ?? 0) + group.count);
  }
  return { ...counts, byType, byOutlet: [...byOutlet].map(([outletId, count]) => ({ outletId, count })) };
}

export async function listSavedFilters(ctx: AppContext, principal: Principal) {
  if (principal.kind !== 'user') return { items: [] };
  const rows = await repo.findSavedFilters(ctx.db, principal.userId);
  return { items: rows.map((row) => ({ id: row.id, name: row.name, query: row.query, createdAt: row.createdAt.toISOString() })) };
}

export async function saveFilter(ctx: AppContext, principal: Principal, actor: Actor, input: { name: string; query: Record<string, string> }) {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Only people save filters');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertSavedFilter(tx, { id: newId(), userId: principal.userId, name: input.name, query: input.query, createdAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'saved_filter', entityId: row.id, action: 'created', after: { name: row.name, query: row.query } });
    return { id: row.id, name: row.name, query: row.query, createdAt: row.createdAt.toISOString() };
  });
}

export async function deleteSavedFilter(ctx: AppContext, principal: Principal, actor: Actor, id: string) {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Only people save filters');
  await ctx.db.transaction(async (tx) => {
    const removed = await repo.deleteSavedFilter(tx, principal.userId, id);
    if (!removed) throw notFound('Saved filter');
    await recordAudit(tx, actor, { entity: 'saved_filter', entityId: id, action: 'deleted', before: { name: removed.name, query: removed.query } });
  });
}
