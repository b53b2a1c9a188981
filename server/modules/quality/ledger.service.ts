/**
 * The rewards and penalties ledger (奖惩台账): a rule catalogue; entries proposed by events
 * (`proposeEntry`, idempotent on the source key: one event, one entry) or by hand; a manager
 * approves, changes with a reason, or rejects — never an entry about themselves; the person
 * may appeal a proposed entry once; approved entries are final. The repeat rule: the same rule
 * for the same person again within its window multiplies the amount and points (×2 default).
 */
import { sql } from 'drizzle-orm';
import type { LedgerTrigger, TLedgerEntryView, TRuleView } from '../../../contracts/quality';
import type { z } from 'zod';
import type { ZDecideBody, ZLedgerQuery, ZProposeBody, ZRuleBody, ZUpdateRuleBody } from '../../../contracts/quality';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import type { EventMeta } from '../../platform/seam';
import { recordAudit, recordAuditBatch } from '../audit';
import { findUserAccounts } from '../auth';
import { findOutletNames } from '../org';
import { findOutletTechnicians } from '../technicians';
import * as repo from './quality.repository';
import { qualityLedgerEntries } from './quality.tables';

const DAY_MS = 86_400_000;

export function presentRule(row: repo.RuleRow): TRuleView {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, amountFen: row.amountFen, points: row.points, trigger: row.trigger, repeatWindowDays: row.repeatWindowDays, repeatMultiplier: row.repeatMultiplier, isActive: row.isActive };
}

async function presentEntries(executor: Executor, rows: repo.EntryRow[]): Promise<TLedgerEntryView[]> {
  const [people, outlets, rules] = await Promise.all([
    findUserAccounts(executor, rows.map((row) => row.userId)),
    findOutletNames(executor, rows.map((row) => row.outletId)),
    repo.listRules(executor),
  ]);
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  return rows.map((row) => ({
    id: row.id,
    ruleCode: row.ruleCode,
    ruleName: ruleById.get(row.ruleId)?.name ?? row.ruleCode,
    kind: row.kind,
    trigger: ruleById.get(row.ruleId)?.trigger ?? 'manual',
    userId: row.userId,
    personName: people.get(row.userId)?.displayName ?? null,
    technicianId: row.technicianId,
    outletId: row.outletId,
    outletName: row.outletId ? outlets.get(row.outletId) ?? null : null,
    baseAmountFen: row.baseAmountFen,
    multiplier: row.multiplier,
    amountFen: row.amountFen,
    points: row.points,
    reason: row.reason,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    status: row.status,
    proposedBy: row.proposedBy,
    proposedAt: row.proposedAt.toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
    appealText: row.appealText,
    appealedAt: row.appealedAt?.toISOString() ?? null,
    version: row.version,
  }));
}

// ---- Rules ----

export async function listRules(ctx: AppContext) {
  return { items: (await repo.listRules(ctx.db)).map(presentRule) };
}

export async function createRule(ctx: AppContext, actor: Actor, input: z.infer<typeof ZRuleBody>) {
  return ctx.db.transaction(async (tx) => {
    if (await repo.findRule(tx, { code: input.code })) throw new AppError('conflict', `A rule ${input.code} exists already`, { details: [{ path: ['code'], message: 'already used' }] });
    const now = ctx.clock.now();
    const row = await repo.insertRule(tx, { id: newId(), ...input, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'quality_rule', entityId: row.id, action: 'created', after: presentRule(row) });
    return presentRule(row);
  });
}

export async function updateRule(ctx: AppContext, actor: Actor, id: string, input: z.infer<typeof ZUpdateRuleBody>) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findRule(tx, { id }, { forUpdate: true });
    if (!row) throw notFound('Rule');
    const amountFen = input.amountFen ?? row.amountFen;
    const points = input.points ?? row.points;
    if (amountFen === 0 && points === 0) throw invalidField(['amountFen'], 'give an amount or points');
    const updated = await repo.updateRule(tx, id, { ...input, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'quality_rule', entityId: id, action: 'updated', before: presentRule(row), after: presentRule(updated) });
    return presentRule(updated);
  });
}

// ---- Proposals ----

export type ProposeInput = {
  /** Every active rule of the trigger proposes one entry; or exactly one rule by its code. */
  trigger?: LedgerTrigger;
  ruleCode?: string;
  /** The person (a user); technicians also by their technician id. */
  userId: string;
  technicianId?: string | null;
  outletId?: string | null;
  /** What proposes it, stable for the event (`complaint:<id>`): the same key never makes a second entry. */
  sourceKey: string;
  sourceType: string;
  sourceId?: string | null;
  reason: string;
  /** Overrides of the rule's amount / points (before the repeat multiplier). */
  amountFen?: number;
  points?: number;
};

/**
 * Proposes ledger entries inside the caller's transaction — for quality's own events and for
 * follow-ups and complaints later. Idempotent: the entry of a source key that exists already is
 * answered instead of a new one. The repeat rule counts the person's entries of the same rule
 * (not rejected) in the rule's window before `meta.now`.
 */
export async function proposeEntry(tx: Executor, input: ProposeInput, meta: EventMeta): Promise<repo.EntryRow[]> {
  const rules = input.ruleCode ? [await repo.findRule(tx, { code: input.ruleCode })].filter((rule): rule is repo.RuleRow => Boolean(rule?.isActive)) : input.trigger ? await repo.findActiveRulesOfTrigger(tx, input.trigger) : [];
  if (!rules.length) return [];
  // One proposer at a time per person, so two events at once both see each other for the repeat rule.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`quality.ledger:${input.userId}`}))`);
  const entries: repo.EntryRow[] = [];
  for (const rule of rules) {
    const sourceKey = `${input.sourceKey}#${rule.code}`;
    const existing = await repo.findEntryBySource(tx, sourceKey);
    if (existing) {
      entries.push(existing);
      continue;
    }
    const earlier = await repo.countRecentEntries(tx, { userId: input.userId, ruleId: rule.id, from: new Date(meta.now.getTime() - rule.repeatWindowDays * DAY_MS), to: meta.now });
    const multiplier = earlier > 0 ? rule.repeatMultiplier : 1;
    const baseAmountFen = input.amountFen ?? rule.amountFen;
    const created = await repo.insertEntry(tx, {
      id: newId(),
      sourceKey,
      sourceType: input.sourceType,
      sourceId: input.sourceId ?? null,
      ruleId: rule.id,
      ruleCode: rule.code,
      kind: rule.kind,
      userId: input.userId,
      technicianId: input.technicianId ?? null,
      outletId: input.outletId ?? null,
      baseAmountFen,
      multiplier,
      amountFen: baseAmountFen * multiplier,
      points: (input.points ?? rule.points) * multiplier,
      reason: multiplier > 1 ? `${input.reason}（${rule.repeatWindowDays} 天内再次发生 ×${multiplier}）` : input.reason,
      status: 'proposed',
      proposedById: meta.actor.id,
      proposedBy: meta.actor.displayName ?? meta.actor.name,
      proposedAt: meta.now,
    });
    const row = created ?? (await repo.findEntryBySource(tx, sourceKey));
    if (!row) continue;
    if (created) await recordAudit(tx, meta.actor, { entity: 'quality_ledger_entry', entityId: row.id, action: 'proposed', after: { ruleCode: row.ruleCode, userId: row.userId, amountFen: row.amountFen, points: row.points, multiplier, sourceKey } });
    entries.push(row);
  }
  return entries;
}

/** A proposal by hand for a person within the proposer's scope (403 naming `userId` otherwise). */
export async function proposeByHand(ctx: AppContext, principal: Principal, actor: Actor, input: z.infer<typeof ZProposeBody>): Promise<TLedgerEntryView> {
  return ctx.db.transaction(async (tx) => {
    const rule = await repo.findRule(tx, { code: input.ruleCode });
    if (!rule || !rule.isActive) throw invalidField(['ruleCode'], 'no active rule with this code');
    const person = (await findUserAccounts(tx, [input.userId])).get(input.userId);
    if (!person || person.isDisabled) throw invalidField(['userId'], 'no such active user');
    if (!isInScope(principal, { outletId: person.outletId })) throw new AppError('forbidden', 'That person is outside your scope', { details: [{ path: ['userId'], message: 'not a person of your outlet' }] });
    const technician = person.outletId ? (await findOutletTechnicians(tx, person.outletId)).find((row) => row.userId === person.id) : undefined;
    const id = newId();
    const [entry] = await proposeEntry(
      tx,
      { ruleCode: rule.code, userId: person.id, technicianId: technician?.id ?? null, outletId: person.outletId, sourceKey: `manual:${id}`, sourceType: 'manual', sourceId: null, reason: input.reason, amountFen: input.amountFen, points: input.points },
      { actor, now: ctx.clock.now() },
    );
    return (await presentEntries(tx, [entry]))[0];
  });
}

// ---- Reads ----

function ledgerScope(principal: Principal) {
  return scopeCondition(principal, { outlet: qualityLedgerEntries.outletId, owner: qualityLedgerEntries.userId });
}

export async function listEntries(ctx: AppContext, principal: Principal, query: z.infer<typeof ZLedgerQuery>) {
  const { rows, total } = await repo.findEntries(ctx.db, { scope: ledgerScope(principal), status: query.status, kind: query.kind, userId: query.userId, isAppealed: query.isAppealed }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentEntries(ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

/** Ledger entries waiting for a decision, and appealed ones not decided yet, in the principal's scope (the to-do bell). */
export async function ledgerTodoCounts(ctx: AppContext, principal: Principal): Promise<{ proposed: number; appealed: number }> {
  const scope = ledgerScope(principal);
  const [proposed, appealed] = await Promise.all([
    repo.findEntries(ctx.db, { scope, status: 'proposed', isAppealed: false }, { limit: 0, offset: 0 }),
    repo.findEntries(ctx.db, { scope, status: 'proposed', isAppealed: true }, { limit: 0, offset: 0 }),
  ]);
  return { proposed: proposed.total, appealed: appealed.total };
}

// ---- Decisions and appeals ----

async function findEntryForWrite(tx: Executor, principal: Principal, id: string) {
  const row = await repo.findEntry(tx, id, { forUpdate: true, scope: ledgerScope(principal) });
  if (!row) throw notFound('Ledger entry');
  return row;
}

function requireProposed(row: repo.EntryRow, what: string) {
  if (row.status === 'proposed') return;
  throw new AppError('conflict', `${what} is possible only for a proposed entry (this one is ${row.status}; decided entries are final)`, { details: [{ path: ['status'], message: `the entry is ${row.status}`, code: 'invalid_state' }] });
}

/** A manager approves, changes (amount/points with a reason) or rejects (with a reason) a proposed entry. */
export async function decideEntry(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: z.infer<typeof ZDecideBody>): Promise<TLedgerEntryView> {
  return ctx.db.transaction(async (tx) => {
    const row = await findEntryForWrite(tx, principal, id);
    if (principal.kind === 'user' && row.userId === principal.userId) throw new AppError('forbidden', 'You cannot decide an entry about yourself', { details: [{ path: ['userId'], message: 'the entry is about you', code: 'own_entry' }] });
    requireProposed(row, 'A decision');
    if (input.version !== undefined && input.version !== row.version) throw new AppError('conflict', 'The entry was changed meanwhile; reload it', { details: [{ path: ['version'], message: `the entry is at version ${row.version}`, code: 'stale_version' }] });
    const now = ctx.clock.now();
    const patch: Partial<repo.EntryRow> = { decidedById: actor.id, decidedBy: actor.displayName ?? actor.name, decidedAt: now, decisionReason: input.reason ?? null, version: row.version + 1 };
    if (input.action === 'reject') patch.status = 'rejected';
    else patch.status = 'approved';
    if (input.action === 'change') {
      if (input.amountFen !== undefined) patch.amountFen = input.amountFen;
      if (input.points !== undefined) patch.points = input.points;
    }
    const updated = await repo.updateEntry(tx, id, patch);
    await recordAudit(tx, actor, {
      entity: 'quality_ledger_entry',
      entityId: id,
      action: input.action === 'reject' ? 'rejected' : input.action === 'change' ? 'changed_and_approved' : 'approved',
      before: { status: row.status, amountFen: row.amountFen, points: row.points },
      after: { status: updated.status, amountFen: updated.amountFen, points: updated.points, reason: updated.decisionReason },
    });
    return (await presentEntries(tx, [updated]))[0];
  });
}

/** The person appeals a proposed entry about them, once (409 naming `appeal` the second time). */
export async function appealEntry(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { text: string }): Promise<TLedgerEntryView> {
  return ctx.db.transaction(async (tx) => {
    const row = await findEntryForWrite(tx, principal, id);
    if (principal.kind !== 'user' || row.userId !== principal.userId) throw new AppError('forbidden', 'Only the person of the entry may appeal it', { details: [{ path: ['userId'], message: 'the entry is not about you' }] });
    if (row.appealedAt) throw new AppError('conflict', 'This entry was appealed once already', { details: [{ path: ['appeal'], message: `appealed at ${row.appealedAt.toISOString()}`, code: 'already_appealed' }] });
    requireProposed(row, 'An appeal');
    const updated = await repo.updateEntry(tx, id, { appealText: input.text, appealedAt: ctx.clock.now(), version: row.version + 1 });
    await recordAudit(tx, actor, { entity: 'quality_ledger_entry', entityId: id, action: 'appealed', after: { appealText: input.text } });
    return (await presentEntries(tx, [updated]))[0];
  });
}

/** Rejects the still proposed entries of a source (a cleared repeat flag); decided ones stay. */
export async function withdrawProposals(tx: Executor, sourceKeyPrefix: string, reason: string, meta: EventMeta): Promise<void> {
  const sourceKeys = (await repo.listRules(tx)).map((rule) => `${sourceKeyPrefix}#${rule.code}`);
  await withdrawEntries(tx, sourceKeys, reason, meta);
}

/** Rejects the still proposed entries of these exact source keys (`<source>#<rule code>`), audited; decided ones stay. */
export async function withdrawEntries(tx: Executor, sourceKeys: string[], reason: string, meta: EventMeta): Promise<void> {
  const withdrawn = await repo.rejectProposedEntries(tx, sourceKeys, { decidedById: meta.actor.id, decidedBy: meta.actor.displayName ?? meta.actor.name, decidedAt: meta.now, decisionReason: reason });
  await recordAuditBatch(
    tx,
    meta.actor,
    withdrawn.map((row) => ({ entity: 'quality_ledger_entry', entityId: row.id, action: 'withdrawn', before: { status: 'proposed' }, after: { status: 'rejected', reason } })),
  );
}
