/**
 * Complaints (投诉): intake from any channel or from a dissatisfied follow-up, then
 * accepted (24 h to respond) → investigating (a supervisor names the responsible party with
 * findings; a technician or an outlet's person gets a penalty proposal in quality's ledger) →
 * resolving (a plan agreed with the customer, compensation approved by amount, a resolution
 * limit by severity in working days) → verifying (a supervisor calls the customer back) →
 * closed only with a confirmed call-back. A call-back that is not confirmed, a reopened
 * complaint and an overdue one are escalated to the manager. One transaction per write with its
 * audit row and its timeline event; the complaint's version guards every change (409 when stale).
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import {
  COMPLAINT_TYPE_LABELS,
  RESPONSIBLE_PARTY_LABELS,
  type TComplaintDetail,
  type TComplaintStatus,
  type TComplaintView,
  type TCompensationView,
  type TCreateComplaintBody,
  type ZCompensationBody,
  type ZCompensationDecisionBody,
  type ZComplaintFromFollowUpBody,
  type ZComplaintListQuery,
  type ZPlanBody,
  type ZResponsibilityBody,
  type ZUpdateComplaintBody,
  type ZVerificationBody,
} from '../../../contracts/complaints';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { lookup } from '../../platform/seam';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findUserAccounts } from '../auth';
import { findCustomerNames } from '../customers';
import { findOutlet, findOutletNames } from '../org';
import { proposeEntry } from '../quality';
import { addDays, addWorkingDays, loadCalendar, shanghaiInstant } from '../sla';
import { findTechnicianNames, findTechniciansByIds } from '../technicians';
import { findTicketForWork } from '../tickets';
import { findWorkOrderRow } from '../workorders';
import { FollowUpForComplaintLookup } from './complaints.events';
import * as repo from './complaints.repository';
import { complaints } from './complaints.tables';
import { complaintSettings } from './complaints.settings';

const HOUR_MS = 3_600_000;

/** Complaint writes are made by signed-in people (the routes are user-only). */
function requireUserId(actor: Actor): string {
  if (!actor.id) throw new AppError('forbidden', 'Only a signed-in user records complaint steps');
  return actor.id;
}

// ---- Presenting ----

function isOverdue(row: repo.ComplaintRow, now: Date): boolean {
  if (row.status === 'closed') return false;
  if (!row.respondedAt && row.responseDueAt.getTime() < now.getTime()) return true;
  return (row.status === 'resolving' || row.status === 'verifying') && row.resolutionDueAt !== null && row.resolutionDueAt.getTime() < now.getTime();
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

export async function presentComplaints(executor: Executor, rows: repo.ComplaintRow[], now: Date): Promise<TComplaintView[]> {
  const [customers, technicians, outlets] = await Promise.all([
    findCustomerNames(executor, [...new Set(rows.map((row) => row.customerId))]),
    findTechnicianNames(executor, [...new Set(rows.map((row) => row.technicianId).filter((id): id is string => Boolean(id)))]),
    findOutletNames(executor, rows.map((row) => row.outletId)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    channel: row.channel,
    sourceDepartment: row.sourceDepartment,
    followUpId: row.followUpId,
    type: row.type,
    severity: row.severity,
    status: row.status,
    customerId: row.customerId,
    customerName: customers.get(row.customerId) ?? null,
    contactPhone: row.contactPhone,
    account: row.account,
    ticketId: row.ticketId,
    workOrderId: row.workOrderId,
    technicianId: row.technicianId,
    technicianName: row.technicianId ? technicians.get(row.technicianId) ?? null : null,
    outletId: row.outletId,
    outletName: row.outletId ? outlets.get(row.outletId) ?? null : null,
    ratings: row.ratings,
    categories: row.categories,
    acceptedAt: row.acceptedAt.toISOString(),
    responseDueAt: row.responseDueAt.toISOString(),
    respondedAt: iso(row.respondedAt),
    responsibleParty: row.responsibleParty,
    responsibleTechnicianId: row.responsibleTechnicianId,
    responsibleOutletId: row.responsibleOutletId,
    findings: row.findings,
    plan: row.plan,
    resolutionDueDate: row.resolutionDueDate,
    resolutionDueAt: iso(row.resolutionDueAt),
    resolvedAt: iso(row.resolvedAt),
    resolutionNote: row.resolutionNote,
    lastVerificationOutcome: row.lastVerificationOutcome,
    closedAt: iso(row.closedAt),
    reopenCount: row.reopenCount,
    escalatedAt: iso(row.escalatedAt),
    escalationReason: row.escalationReason,
    isOverdue: isOverdue(row, now),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  }));
}

function presentCompensation(row: repo.CompensationRow): TCompensationView {
  return { id: row.id, kind: row.kind, amountFen: row.amountFen, description: row.description, status: row.status, proposedAt: row.proposedAt.toISOString(), decidedAt: iso(row.decidedAt), decisionReason: row.decisionReason, version: row.version };
}

async function presentDetail(executor: Executor, row: repo.ComplaintRow, now: Date): Promise<TComplaintDetail> {
  const [[view], events, compensations] = await Promise.all([presentComplaints(executor, [row], now), repo.findEvents(executor, row.id), repo.findCompensations(executor, [row.id])]);
  const penaltyEntryIds = events.flatMap((event) => (event.kind === 'penalty_proposed' && Array.isArray(event.data?.entryIds) ? (event.data.entryIds as string[]) : []));
  return {
    ...view,
    events: events.map((event) => {
      const { [repo.EVENT_ORDER_KEY]: _order, ...data } = event.data ?? {};
      return { id: event.id, kind: event.kind, note: event.note, data: Object.keys(data).length ? data : null, actorName: event.actorName, at: event.at.toISOString() };
    }),
    compensations: compensations.map(presentCompensation),
    penaltyEntryIds,
  };
}

// ---- Scope and locking ----

/** Outlet staff see the complaints of their outlet (linked or held responsible); technicians have no access. */
function complaintScope(principal: Principal): SQL | undefined {
  const byOutlet = scopeCondition(principal, { outlet: complaints.outletId });
  const byResponsible = scopeCondition(principal, { outlet: complaints.responsibleOutletId });
  return byOutlet && byResponsible ? sql`(${byOutlet} or ${byResponsible})` : undefined;
}

function inScope(principal: Principal, row: repo.ComplaintRow): boolean {
  return isInScope(principal, { outletId: row.outletId }) || isInScope(principal, { outletId: row.responsibleOutletId });
}

const staleVersion = (current: number) => conflict('The complaint was changed meanwhile; reload it', [{ path: ['version'], message: `the complaint is at version ${current}`, code: 'stale_version' }]);

function wrongStatus(row: repo.ComplaintRow, allowed: TComplaintStatus[], what: string) {
  return conflict(`${what} is possible only while the complaint is ${allowed.join(' or ')} (it is ${row.status})`, [{ path: ['status'], message: `the complaint is ${row.status}`, code: 'invalid_state' }]);
}

/** Locks the complaint in scope, checks its version and status; the caller changes it. */
async function lockForWrite(tx: Executor, principal: Principal, id: string, version: number, allowed: TComplaintStatus[], what: string): Promise<repo.ComplaintRow> {
  const row = await repo.findComplaint(tx, id, { forUpdate: true });
  if (!row || !inScope(principal, row)) throw notFound('Complaint');
  if (row.version !== version) throw staleVersion(row.version);
  if (!allowed.includes(row.status)) throw wrongStatus(row, allowed, what);
  return row;
}

type Step = { kind: string; note?: string | null; data?: Record<string, unknown> | null };

/** Saves the fields (version-checked), the timeline events and one audit row, in the caller's transaction. */
async function save(tx: Executor, actor: Actor, row: repo.ComplaintRow, fields: Partial<repo.ComplaintInsert>, steps: Step[], action: string, now: Date): Promise<repo.ComplaintRow> {
  const updated = await repo.updateComplaint(tx, row.id, row.version, { ...fields, updatedAt: now });
  if (!updated) throw staleVersion(row.version);
  // The steps of one save share `now`: their place in the timeline is the version they were written at.
  await repo.insertEvents(tx, steps.map((step, index) => ({ id: newId(), complaintId: row.id, kind: step.kind, note: step.note ?? null, data: { ...step.data, [repo.EVENT_ORDER_KEY]: updated.version * 100 + index }, actorId: actor.id, actorName: actor.displayName ?? actor.name, at: now })));
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) before[key] = row[key as keyof repo.ComplaintRow];
  await recordAudit(tx, actor, { entity: 'complaint', entityId: row.id, action, before, after: { ...fields, steps: steps.map((step) => step.kind) } });
  return updated;
}

async function nextNumber(tx: Executor, now: Date): Promise<string> {
  const prefix = `TS${shanghaiDate(now).replaceAll('-', '')}-`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`complaints.number:${prefix}`}))`);
  const count = await repo.countNumbersWithPrefix(tx, prefix);
  return `${prefix}${String(count + 1).padStart(4, '0')}`;
}

// ---- Reads ----

/** Open and past its first response or its resolution limit. */
function overdueCondition(at: string): SQL {
  return sql`(${complaints.status} <> 'closed' and ((${complaints.respondedAt} is null and ${complaints.responseDueAt} < ${at}) or (${complaints.status} in ('resolving', 'verifying') and ${complaints.resolutionDueAt} < ${at})))`;
}

/** The principal's complaint to-dos (the header bell), within their scope, counted like the list's filters. */
export async function complaintTodoCounts(ctx: AppContext, principal: Principal) {
  return repo.countTodos(ctx.db, complaintScope(principal), overdueCondition(ctx.clock.now().toISOString()));
}

export async function listComplaints(ctx: AppContext, principal: Principal, query: z.infer<typeof ZComplaintListQuery>) {
  const now = ctx.clock.now();
  const at = now.toISOString();
  const overdue = overdueCondition(at);
  const pattern = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = and(
    complaintScope(principal),
    query.status ? sql`${complaints.status} = ${query.status}` : undefined,
    query.type ? sql`${complaints.type} = ${query.type}` : undefined,
    query.severity ? sql`${complaints.severity} = ${query.severity}` : undefined,
    query.customerId ? sql`${complaints.customerId} = ${query.customerId}` : undefined,
    query.isOverdue === undefined ? undefined : query.isOverdue ? overdue : sql`not ${overdue}`,
    query.isEscalated === undefined ? undefined : query.isEscalated ? sql`${complaints.escalatedAt} is not null` : sql`${complaints.escalatedAt} is null`,
    pattern ? sql`(${complaints.number} ilike ${pattern} or ${complaints.account} ilike ${pattern})` : undefined,
  );
  const { rows, total } = await repo.findComplaints(ctx.db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentComplaints(ctx.db, rows, now), total, page: query.page, pageSize: query.pageSize };
}

export async function getComplaint(ctx: AppContext, principal: Principal, id: string): Promise<TComplaintDetail> {
  const row = await repo.findComplaint(ctx.db, id);
  if (!row || !inScope(principal, row)) throw notFound('Complaint');
  return presentDetail(ctx.db, row, ctx.clock.now());
}

// ---- Intake ----

type Links = { ticketId: string | null; workOrderId: string | null; technicianId: string | null; outletId: string | null };

/** Checks the linked records and fills what the visit implies (its ticket, technician, outlet). */
async function resolveLinks(tx: Executor, customerId: string, input: Partial<Links>): Promise<Links> {
  const links: Links = { ticketId: input.ticketId ?? null, workOrderId: input.workOrderId ?? null, technicianId: input.technicianId ?? null, outletId: input.outletId ?? null };
  if (links.workOrderId) {
    const order = await findWorkOrderRow(tx, links.workOrderId);
    if (!order) throw invalidField(['workOrderId'], 'no such work order');
    if (links.ticketId && links.ticketId !== order.ticketId) throw invalidField(['workOrderId'], 'the work order belongs to another ticket');
    links.ticketId = order.ticketId;
    links.technicianId ??= order.technicianId ?? null;
    links.outletId ??= order.outletId ?? null;
  }
  if (links.ticketId) {
    const ticket = await findTicketForWork(tx, links.ticketId);
    if (!ticket) throw invalidField(['ticketId'], 'no such ticket');
    if (ticket.customerId !== customerId) throw invalidField(['ticketId'], 'the ticket is another customer’s');
  }
  if (links.technicianId) {
    const [technician] = await findTechniciansByIds(tx, [links.technicianId]);
    if (!technician) throw invalidField(['technicianId'], 'no such technician');
    links.outletId ??= technician.outletId;
  }
  if (links.outletId && !(await findOutlet(tx, links.outletId))) throw invalidField(['outletId'], 'no such outlet');
  return links;
}

type NewComplaint = Omit<TCreateComplaintBody, keyof Links> & Links & { followUpId?: string; ratings?: repo.ComplaintInsert['ratings']; categories?: string[] | null };

async function insertNew(tx: Executor, principal: Principal, actor: Actor, input: NewComplaint, now: Date): Promise<repo.ComplaintRow> {
  if (!isInScope(principal, { outletId: input.outletId })) throw new AppError('forbidden', 'The complaint would be outside your scope', { details: [{ path: ['outletId'], message: 'not your outlet' }] });
  if (input.channel === 'other_department' && !input.sourceDepartment) throw invalidField(['sourceDepartment'], 'name the department that passed it on');
  const settings = await complaintSettings.read(tx);
  const row = await repo.insertComplaint(tx, {
    id: newId(),
    number: await nextNumber(tx, now),
    channel: input.channel,
    sourceDepartment: input.sourceDepartment ?? null,
    followUpId: input.followUpId ?? null,
    type: input.type,
    severity: input.severity,
    status: 'accepted',
    customerId: input.customerId,
    contactPhone: input.contactPhone || null,
    account: input.account,
    ticketId: input.ticketId,
    workOrderId: input.workOrderId,
    technicianId: input.technicianId,
    outletId: input.outletId,
    ratings: input.ratings ?? null,
    categories: input.categories ?? null,
    acceptedAt: now,
    responseDueAt: new Date(now.getTime() + settings.responseHours * HOUR_MS),
    createdById: actor.id,
    createdAt: now,
    updatedAt: now,
  });
  await repo.insertEvents(tx, [{ id: newId(), complaintId: row.id, kind: 'accepted', note: null, data: { channel: row.channel, followUpId: row.followUpId, responseDueAt: row.responseDueAt.toISOString(), [repo.EVENT_ORDER_KEY]: row.version * 100 }, actorId: actor.id, actorName: actor.displayName ?? actor.name, at: now }]);
  await recordAudit(tx, actor, { entity: 'complaint', entityId: row.id, action: 'created', after: { number: row.number, channel: row.channel, type: row.type, severity: row.severity, customerId: row.customerId, followUpId: row.followUpId, ticketId: row.ticketId, workOrderId: row.workOrderId, technicianId: row.technicianId, outletId: row.outletId } });
  return row;
}

/** A complaint from any channel (accepted at once, first response due in the policy's hours). */
export async function createComplaint(ctx: AppContext, principal: Principal, actor: Actor, body: TCreateComplaintBody): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    if (!(await findCustomerNames(tx, [body.customerId])).has(body.customerId)) throw invalidField(['customerId'], 'no such customer');
    if (body.channel === 'follow_up') throw invalidField(['channel'], 'a complaint from a follow-up is made from the follow-up (POST /api/followups/:id/complaint)');
    const links = await resolveLinks(tx, body.customerId, body);
    return insertNew(tx, principal, actor, { ...body, ...links }, now);
  });
  return presentDetail(ctx.db, row, now);
}

/**
 * "Dissatisfied → one click": the follow-up's visit, ticket, technician, outlet, ratings,
 * categories and comment are carried over. One complaint per follow-up (409 naming followUpId).
 */
export async function createComplaintFromFollowUp(ctx: AppContext, principal: Principal, actor: Actor, followUpId: string, body: z.infer<typeof ZComplaintFromFollowUpBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const source = await lookup(tx, FollowUpForComplaintLookup, followUpId);
    if (!source) throw notFound('Follow-up');
    if (!source.hasOutcome) throw conflict('The customer was not reached on this follow-up: record the outcome first', [{ path: ['followUpId'], message: 'no outcome recorded', code: 'no_outcome' }]);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`complaints.followUp:${followUpId}`}))`);
    const existing = await repo.findComplaintOfFollowUp(tx, followUpId);
    if (existing) throw conflict(`The follow-up became complaint ${existing.number} already`, [{ path: ['followUpId'], message: `complaint ${existing.number}`, code: 'already_complaint' }]);
    const account = body.account ?? source.comment;
    if (!account) throw invalidField(['account'], 'the follow-up has no comment: give the customer’s account');
    const links = await resolveLinks(tx, source.customerId, { ticketId: source.ticketId, workOrderId: source.workOrderId, technicianId: source.technicianId, outletId: source.outletId });
    return insertNew(tx, principal, actor, { channel: 'follow_up', type: body.type, severity: body.severity, customerId: source.customerId, account, ...links, followUpId, ratings: source.ratings, categories: source.categories }, now);
  });
  return presentDetail(ctx.db, row, now);
}

// ---- Handling ----

/** Changes the given fields only (type, severity, contact phone, handler). */
export async function updateComplaint(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ZUpdateComplaintBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['accepted', 'investigating', 'resolving', 'verifying'], 'A change');
    const fields: Partial<repo.ComplaintInsert> = {};
    if (body.type !== undefined) fields.type = body.type;
    if (body.severity !== undefined) fields.severity = body.severity;
    if (body.contactPhone !== undefined) fields.contactPhone = body.contactPhone || null;
    if (body.handlerUserId !== undefined) {
      if (body.handlerUserId) {
        const account = (await findUserAccounts(tx, [body.handlerUserId])).get(body.handlerUserId);
        if (!account || account.isDisabled) throw invalidField(['handlerUserId'], 'no such active user');
      }
      fields.handlerUserId = body.handlerUserId;
    }
    if (Object.keys(fields).length === 0) throw invalidField(['type'], 'nothing to change');
    return save(tx, actor, current, fields, [{ kind: 'updated', data: fields }], 'updated', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** The first response to the customer: the investigation starts (clears the 24 h clock). */
export async function startInvestigation(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: { version: number; note?: string }): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['accepted'], 'Starting the investigation');
    return save(tx, actor, current, { status: 'investigating', respondedAt: now }, [{ kind: 'investigating', note: body.note ?? null, data: { isLate: now.getTime() > current.responseDueAt.getTime() } }], 'investigation_started', now);
  });
  return presentDetail(ctx.db, row, now);
}

/**
 * The responsibility analysis by a supervisor: the party and the findings. A technician (their
 * user) or an outlet's named person gets a penalty proposal in quality's ledger — the rule of the
 * complaint type (settings) or every active `complaint` rule; the ledger's repeat rule doubles a
 * second one of the same rule for the same person within its window. Recorded once.
 */
export async function recordResponsibility(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ZResponsibilityBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['investigating'], 'The responsibility analysis');
    if (current.responsibleParty) throw conflict('The responsibility was analysed already', [{ path: ['party'], message: `analysed: ${current.responsibleParty}`, code: 'already_analysed' }]);
    let technicianId: string | null = null;
    let outletId: string | null = null;
    let userId: string | null = null;
    let personName: string | null = null;
    if (body.party === 'technician') {
      if (!body.technicianId) throw invalidField(['technicianId'], 'name the technician held responsible');
      const [technician] = await findTechniciansByIds(tx, [body.technicianId]);
      if (!technician) throw invalidField(['technicianId'], 'no such technician');
      technicianId = technician.id;
      outletId = technician.outletId;
      userId = technician.userId;
      personName = technician.name;
    } else if (body.party === 'outlet') {
      if (!body.outletId) throw invalidField(['outletId'], 'name the outlet held responsible');
      if (!(await findOutlet(tx, body.outletId))) throw invalidField(['outletId'], 'no such outlet');
      if (!body.userId) throw invalidField(['userId'], 'name the outlet’s person held responsible (the penalty is proposed for them)');
      const account = (await findUserAccounts(tx, [body.userId])).get(body.userId);
      if (!account || account.isDisabled || account.outletId !== body.outletId) throw invalidField(['userId'], 'not an active user of that outlet');
      outletId = body.outletId;
      userId = account.id;
      personName = account.displayName;
    } else if (body.technicianId || body.outletId || body.userId) {
      throw invalidField([body.technicianId ? 'technicianId' : body.outletId ? 'outletId' : 'userId'], `not given for a responsibility of ${body.party}`);
    }
    const steps: Step[] = [{ kind: 'responsibility', note: body.findings, data: { party: body.party, technicianId, outletId, userId, personName } }];
    if (userId) {
      const settings = await complaintSettings.read(tx);
      const ruleCode = settings.penaltyRuleByType[current.type];
      const entries = await proposeEntry(
        tx,
        {
          ...(ruleCode ? { ruleCode } : { trigger: 'complaint' as const }),
          userId,
          technicianId,
          outletId,
          sourceKey: `complaint:${current.id}:${userId}`,
          sourceType: 'complaint',
          sourceId: current.id,
          reason: `投诉 ${current.number}（${COMPLAINT_TYPE_LABELS[current.type].zh}）责任方：${RESPONSIBLE_PARTY_LABELS[body.party].zh}`,
        },
        { actor, now },
      );
      steps.push({ kind: 'penalty_proposed', data: { entryIds: entries.map((entry) => entry.id), ruleCodes: entries.map((entry) => entry.ruleCode), amountFen: entries.reduce((sum, entry) => sum + entry.amountFen, 0), multipliers: entries.map((entry) => entry.multiplier) }, note: entries.length ? null : '没有适用的投诉处罚规则' });
    }
    return save(tx, actor, current, { responsibleParty: body.party, responsibleTechnicianId: technicianId, responsibleOutletId: outletId, responsibleUserId: userId, findings: body.findings, analysedById: actor.id, analysedAt: now }, steps, 'responsibility', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** The resolution plan agreed with the customer: tracking starts, due in the severity's working days. */
export async function agreePlan(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ZPlanBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    if (!body.customerAgreed) throw invalidField(['customerAgreed'], 'the plan must be agreed with the customer');
    const current = await lockForWrite(tx, principal, id, body.version, ['investigating'], 'A resolution plan');
    if (!current.responsibleParty) throw conflict('Analyse the responsibility first', [{ path: ['responsibleParty'], message: 'no responsibility analysis yet', code: 'no_analysis' }]);
    const settings = await complaintSettings.read(tx);
    const days = settings.resolutionWorkingDays[current.severity];
    const { date, unknownDays } = addWorkingDays(await loadCalendar(tx), shanghaiDate(now), days);
    const dueAt = shanghaiInstant(addDays(date, 1));
    return save(tx, actor, current, { status: 'resolving', plan: body.plan, planAgreedAt: now, resolutionDueDate: date, resolutionDueAt: dueAt }, [{ kind: 'plan_agreed', note: body.plan, data: { resolutionDueDate: date, workingDays: days, isDueProvisional: unknownDays.length > 0 } }], 'plan_agreed', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** A compensation proposal (money, goods or free service, its value in fen), waiting for approval. */
export async function proposeCompensation(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ZCompensationBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['investigating', 'resolving'], 'A compensation');
    const compensation = await repo.insertCompensation(tx, { id: newId(), complaintId: id, kind: body.kind, amountFen: body.amountFen, description: body.description, status: 'proposed', proposedById: requireUserId(actor), proposedAt: now });
    await recordAudit(tx, actor, { entity: 'complaint_compensation', entityId: compensation.id, action: 'proposed', after: presentCompensation(compensation) });
    return save(tx, actor, current, {}, [{ kind: 'compensation_proposed', note: body.description, data: { compensationId: compensation.id, kind: body.kind, amountFen: body.amountFen } }], 'compensation_proposed', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** The approver's limit: the largest of their roles' limits in the settings (none: 0). */
function approvalLimitOf(principal: Principal, limits: Record<string, number>): number {
  if (principal.kind !== 'user') return 0;
  return Math.max(0, ...principal.roles.map((role) => limits[role] ?? 0));
}

/** Approves or rejects a proposed compensation; above the approver's limit is a 403 naming amountFen. */
export async function decideCompensation(ctx: AppContext, principal: Principal, actor: Actor, id: string, compensationId: string, body: z.infer<typeof ZCompensationDecisionBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.findComplaint(tx, id, { forUpdate: true });
    if (!current || !inScope(principal, current)) throw notFound('Complaint');
    if (current.status === 'closed') throw wrongStatus(current, ['investigating', 'resolving', 'verifying'], 'A compensation decision');
    const compensation = await repo.findCompensation(tx, id, compensationId, { forUpdate: true });
    if (!compensation) throw notFound('Compensation');
    if (compensation.version !== body.version) throw conflict('The compensation was changed meanwhile; reload it', [{ path: ['version'], message: `the compensation is at version ${compensation.version}`, code: 'stale_version' }]);
    if (compensation.status !== 'proposed') throw conflict(`The compensation is ${compensation.status} already`, [{ path: ['status'], message: `the compensation is ${compensation.status}`, code: 'invalid_state' }]);
    if (body.action === 'reject' && !body.reason) throw invalidField(['reason'], 'give the reason for the rejection');
    if (body.action === 'approve') {
      const limit = approvalLimitOf(principal, (await complaintSettings.read(tx)).approvalLimitsFen);
      if (compensation.amountFen > limit) {
        throw new AppError('forbidden', `The compensation of ${compensation.amountFen} fen is above your approval limit of ${limit} fen`, { details: [{ path: ['amountFen'], message: `above your approval limit of ${limit} fen`, code: 'above_approval_limit' }] });
      }
    }
    const status = body.action === 'approve' ? 'approved' : 'rejected';
    const updated = await repo.updateCompensation(tx, compensation.id, compensation.version, { status, decidedById: actor.id, decidedAt: now, decisionReason: body.reason ?? null });
    if (!updated) throw conflict('The compensation was changed meanwhile; reload it', [{ path: ['version'], message: 'stale', code: 'stale_version' }]);
    await recordAudit(tx, actor, { entity: 'complaint_compensation', entityId: compensation.id, action: status, before: { status: 'proposed' }, after: { status, reason: body.reason ?? null, amountFen: compensation.amountFen } });
    return save(tx, actor, current, {}, [{ kind: `compensation_${status}`, note: body.reason ?? null, data: { compensationId: compensation.id, kind: compensation.kind, amountFen: compensation.amountFen } }], `compensation_${status}`, now);
  });
  return presentDetail(ctx.db, row, now);
}

/** The handler reports the plan carried out: the complaint waits for the supervisor's call-back. */
export async function reportResolved(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: { version: number; note: string }): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['resolving'], 'Reporting the resolution');
    const pending = (await repo.findCompensations(tx, [id])).filter((item) => item.status === 'proposed');
    if (pending.length) throw conflict('A compensation still waits for approval', [{ path: ['compensations'], message: `${pending.length} awaiting approval`, code: 'compensation_pending' }]);
    return save(tx, actor, current, { status: 'verifying', resolvedAt: now, resolutionNote: body.note }, [{ kind: 'resolved', note: body.note }], 'resolved', now);
  });
  return presentDetail(ctx.db, row, now);
}

/**
 * The supervisor's call-back: confirmed (the complaint may be closed), not confirmed (back to
 * resolving, escalated to the manager), or not reached (stays waiting).
 */
export async function recordVerification(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: z.infer<typeof ZVerificationBody>): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['verifying'], 'A verification call');
    const step: Step = { kind: 'verification', note: body.note ?? null, data: { outcome: body.outcome } };
    if (body.outcome === 'not_confirmed') {
      return save(tx, actor, current, { status: 'resolving', lastVerificationOutcome: body.outcome, verifiedById: actor.id, verifiedAt: now, escalatedAt: now, escalationReason: 'verification_not_confirmed' }, [step, { kind: 'escalated', data: { reason: 'verification_not_confirmed' } }], 'verification', now);
    }
    return save(tx, actor, current, { lastVerificationOutcome: body.outcome, verifiedById: actor.id, verifiedAt: now }, [step], 'verification', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** Closes a complaint — only after the supervisor's call-back confirmed the resolution (409 naming verification). */
export async function closeComplaint(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: { version: number; note?: string }): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await repo.findComplaint(tx, id, { forUpdate: true });
    if (!current || !inScope(principal, current)) throw notFound('Complaint');
    if (current.version !== body.version) throw staleVersion(current.version);
    if (current.status === 'closed') throw wrongStatus(current, ['verifying'], 'Closing');
    if (current.status !== 'verifying' || current.lastVerificationOutcome !== 'confirmed') {
      throw conflict('Only a resolution the customer confirmed on the supervisor’s call-back closes a complaint', [{ path: ['verification'], message: current.status === 'verifying' ? 'the call-back has not confirmed the resolution' : `no verification yet (the complaint is ${current.status})`, code: 'verification_required' }]);
    }
    return save(tx, actor, current, { status: 'closed', closedAt: now }, [{ kind: 'closed', note: body.note ?? null }], 'closed', now);
  });
  return presentDetail(ctx.db, row, now);
}

/** The customer comes back: a closed complaint reopens (resolving again) and is escalated to the manager. */
export async function reopenComplaint(ctx: AppContext, principal: Principal, actor: Actor, id: string, body: { version: number; reason: string }): Promise<TComplaintDetail> {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const current = await lockForWrite(tx, principal, id, body.version, ['closed'], 'Reopening');
    return save(
      tx,
      actor,
      current,
      { status: 'resolving', closedAt: null, lastVerificationOutcome: null, reopenCount: current.reopenCount + 1, escalatedAt: now, escalationReason: 'reopened' },
      [{ kind: 'reopened', note: body.reason }, { kind: 'escalated', data: { reason: 'reopened' } }],
      'reopened',
      now,
    );
  });
  return presentDetail(ctx.db, row, now);
}

/**
 * Escalates to the manager every open complaint past its response (24 h) or resolution due time
 * that is not escalated yet — run by the `complaints.escalate` job; one audit row each.
 */
export async function escalateOverdueComplaints(ctx: AppContext, actor: Actor): Promise<{ escalated: number }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.findOverdueUnescalated(tx, now);
    for (const row of rows) {
      const reason = !row.respondedAt && row.responseDueAt.getTime() < now.getTime() ? 'response_overdue' : 'resolution_overdue';
      await save(tx, actor, row, { escalatedAt: now, escalationReason: reason }, [{ kind: 'escalated', data: { reason } }], 'escalated', now);
    }
    return { escalated: rows.length };
  });
}

export { complaintScope };
