/** The only code that queries the quality tables. */
import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { WorkType } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/client';
import {
  qualityChecklists,
  qualityIncompleteVisits,
  qualityInspections,
  qualityLedgerEntries,
  qualityRepeatLinks,
  qualityRework,
  qualityRules,
  qualitySelfChecks,
  qualityVisits,
} from './quality.tables';

export type ChecklistRow = typeof qualityChecklists.$inferSelect;
export type SelfCheckRow = typeof qualitySelfChecks.$inferSelect;
export type VisitRow = typeof qualityVisits.$inferSelect;
export type RepeatLinkRow = typeof qualityRepeatLinks.$inferSelect;
export type RuleRow = typeof qualityRules.$inferSelect;
export type EntryRow = typeof qualityLedgerEntries.$inferSelect;
type Page = { limit: number; offset: number };

// ---- Checklists and self-checks ----

export async function listChecklists(executor: Executor): Promise<ChecklistRow[]> {
  return executor.select().from(qualityChecklists).orderBy(qualityChecklists.workType, qualityChecklists.name);
}

export async function findChecklist(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ChecklistRow | undefined> {
  const query = executor.select().from(qualityChecklists).where(eq(qualityChecklists.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/**
 * The active checklist of a work type (work orders keep it as text) for the nearest of the
 * categories (the order's category first, then its ancestors), else for every category; the
 * newest on a tie; undefined when none applies.
 */
export async function findActiveChecklist(executor: Executor, workType: string, categoryChain: readonly string[]): Promise<ChecklistRow | undefined> {
  const category = categoryChain.length ? or(isNull(qualityChecklists.categoryId), inArray(qualityChecklists.categoryId, [...categoryChain])) : isNull(qualityChecklists.categoryId);
  // Position in the chain; a checklist for every category (null) sorts last.
  const byNearness = categoryChain.length
    ? [sql`case ${qualityChecklists.categoryId} ${sql.join(categoryChain.map((id, index) => sql`when ${id}::uuid then ${index}::int`), sql` `)} end nulls last`]
    : [];
  const [row] = await executor
    .select()
    .from(qualityChecklists)
    .where(and(eq(qualityChecklists.workType, workType as WorkType), eq(qualityChecklists.isActive, true), category))
    .orderBy(...byNearness, desc(qualityChecklists.updatedAt))
    .limit(1);
  return row;
}

export async function insertChecklist(executor: Executor, row: typeof qualityChecklists.$inferInsert): Promise<ChecklistRow> {
  const [created] = await executor.insert(qualityChecklists).values(row).returning();
  return created;
}

export async function updateChecklist(executor: Executor, id: string, patch: Partial<typeof qualityChecklists.$inferInsert>): Promise<ChecklistRow> {
  const [updated] = await executor.update(qualityChecklists).set(patch).where(eq(qualityChecklists.id, id)).returning();
  return updated;
}

export async function findSelfCheck(executor: Executor, workOrderId: string): Promise<SelfCheckRow | undefined> {
  const [row] = await executor.select().from(qualitySelfChecks).where(eq(qualitySelfChecks.workOrderId, workOrderId));
  return row;
}

export async function upsertSelfCheck(executor: Executor, row: typeof qualitySelfChecks.$inferInsert): Promise<SelfCheckRow> {
  const { workOrderId: _key, ...rest } = row;
  const [saved] = await executor.insert(qualitySelfChecks).values(row).onConflictDoUpdate({ target: qualitySelfChecks.workOrderId, set: { ...rest, staleAt: null } }).returning();
  return saved;
}

export async function markSelfCheckStale(executor: Executor, workOrderId: string, at: Date): Promise<void> {
  await executor.update(qualitySelfChecks).set({ staleAt: at }).where(eq(qualitySelfChecks.workOrderId, workOrderId));
}

// ---- Visits, inspections, rework ----

export async function findVisit(executor: Executor, workOrderId: string, options: { forUpdate?: boolean } = {}): Promise<VisitRow | undefined> {
  const query = executor.select().from(qualityVisits).where(eq(qualityVisits.workOrderId, workOrderId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** The visits of these work orders by work order id (one read). */
export async function findVisitsByWorkOrders(executor: Executor, workOrderIds: string[]): Promise<Map<string, VisitRow>> {
  if (!workOrderIds.length) return new Map();
  const rows = await executor.select().from(qualityVisits).where(inArray(qualityVisits.workOrderId, [...new Set(workOrderIds)]));
  return new Map(rows.map((row) => [row.workOrderId, row]));
}

/** A technician's newest visits (finished at or before `until`, newest first): the first-time fix streak reads these. */
export async function findRecentVisitsOfTechnician(executor: Executor, technicianId: string, limit: number, until?: Date): Promise<VisitRow[]> {
  return executor
    .select()
    .from(qualityVisits)
    .where(and(eq(qualityVisits.technicianId, technicianId), until ? lte(qualityVisits.finishedAt, until) : undefined))
    .orderBy(desc(qualityVisits.finishedAt), desc(qualityVisits.workOrderId))
    .limit(limit);
}

/** Which of these visits (work order ids) an uncleared repeat-repair link counts against. */
export async function findRepeatedWorkOrders(executor: Executor, workOrderIds: string[]): Promise<Set<string>> {
  if (!workOrderIds.length) return new Set();
  const rows = await executor
    .select({ workOrderId: qualityRepeatLinks.earlierWorkOrderId })
    .from(qualityRepeatLinks)
    .where(and(inArray(qualityRepeatLinks.earlierWorkOrderId, workOrderIds), isNull(qualityRepeatLinks.clearedAt)));
  return new Set(rows.map((row) => row.workOrderId));
}

/** A person's entries of one source type, whatever their status (or only the proposed ones). */
export async function findEntriesOfSourceType(executor: Executor, input: { userId: string; sourceType: string; onlyProposed?: boolean }): Promise<EntryRow[]> {
  return executor
    .select()
    .from(qualityLedgerEntries)
    .where(and(eq(qualityLedgerEntries.userId, input.userId), eq(qualityLedgerEntries.sourceType, input.sourceType), input.onlyProposed ? eq(qualityLedgerEntries.status, 'proposed') : undefined));
}

/** Records a completed visit; completed again after rework, it keeps its rework count and waits for inspection again. */
export async function upsertVisit(executor: Executor, row: typeof qualityVisits.$inferInsert): Promise<VisitRow> {
  const { workOrderId: _key, reworkCount: _count, isFirstVisit: _first, ...rest } = row;
  const [saved] = await executor.insert(qualityVisits).values(row).onConflictDoUpdate({ target: qualityVisits.workOrderId, set: rest }).returning();
  return saved;
}

export async function updateVisit(executor: Executor, workOrderId: string, patch: Partial<typeof qualityVisits.$inferInsert>): Promise<VisitRow> {
  const [saved] = await executor.update(qualityVisits).set(patch).where(eq(qualityVisits.workOrderId, workOrderId)).returning();
  return saved;
}

export async function findVisits(executor: Executor, filter: { scope?: SQL; inspection?: string }, page: Page) {
  const where = and(filter.scope, filter.inspection ? eq(qualityVisits.inspection, filter.inspection as VisitRow['inspection']) : undefined);
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(qualityVisits).where(where).orderBy(qualityVisits.finishedAt).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(qualityVisits).where(where),
  ]);
  return { rows, total };
}

/** Completed visits on the asset finished in [from, to], newest first. */
export async function findVisitsOfAsset(executor: Executor, assetId: string, from: Date, to: Date, exceptTicketId: string): Promise<VisitRow[]> {
  return executor
    .select()
    .from(qualityVisits)
    .where(and(eq(qualityVisits.assetId, assetId), gte(qualityVisits.finishedAt, from), lte(qualityVisits.finishedAt, to), ne(qualityVisits.ticketId, exceptTicketId)))
    .orderBy(desc(qualityVisits.finishedAt));
}

export async function insertIncompleteVisit(executor: Executor, row: typeof qualityIncompleteVisits.$inferInsert): Promise<void> {
  await executor.insert(qualityIncompleteVisits).values(row).onConflictDoUpdate({ target: qualityIncompleteVisits.workOrderId, set: { reason: row.reason, at: row.at } });
}

export async function findIncompleteVisitsOfTicket(executor: Executor, ticketId: string) {
  return executor.select().from(qualityIncompleteVisits).where(eq(qualityIncompleteVisits.ticketId, ticketId));
}

export async function insertInspection(executor: Executor, row: typeof qualityInspections.$inferInsert) {
  const [created] = await executor.insert(qualityInspections).values(row).returning();
  return created;
}

export async function insertRework(executor: Executor, row: typeof qualityRework.$inferInsert) {
  const [created] = await executor.insert(qualityRework).values(row).returning();
  return created;
}

export async function findLastReworkReasons(executor: Executor, workOrderIds: string[]): Promise<Map<string, string>> {
  if (!workOrderIds.length) return new Map();
  const rows = await executor.select({ workOrderId: qualityRework.workOrderId, reason: qualityRework.reason, at: qualityRework.at }).from(qualityRework).where(inArray(qualityRework.workOrderId, workOrderIds)).orderBy(qualityRework.at);
  return new Map(rows.map((row) => [row.workOrderId, row.reason]));
}

// ---- Repeat links ----

export async function findRepeatLinkOfTicket(executor: Executor, ticketId: string): Promise<RepeatLinkRow | undefined> {
  const [row] = await executor.select().from(qualityRepeatLinks).where(eq(qualityRepeatLinks.ticketId, ticketId));
  return row;
}

/** The uncleared repeat-repair links of these tickets: ticket id → earlier technician and summary. */
export async function findOpenRepeatFlags(executor: Executor, ticketIds: string[]): Promise<Map<string, { technicianId: string | null; summary: string }>> {
  if (!ticketIds.length) return new Map();
  const rows = await executor
    .select({ ticketId: qualityRepeatLinks.ticketId, technicianId: qualityRepeatLinks.technicianId, summary: qualityRepeatLinks.summary })
    .from(qualityRepeatLinks)
    .where(and(inArray(qualityRepeatLinks.ticketId, ticketIds), isNull(qualityRepeatLinks.clearedAt)));
  return new Map(rows.map((row) => [row.ticketId, { technicianId: row.technicianId, summary: row.summary }]));
}

export async function findRepeatLink(executor: Executor, id: string, options: { forUpdate?: boolean; scope?: SQL } = {}): Promise<RepeatLinkRow | undefined> {
  const query = executor.select().from(qualityRepeatLinks).where(and(eq(qualityRepeatLinks.id, id), options.scope));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Inserts the link unless the ticket has one (answers undefined then). */
export async function insertRepeatLink(executor: Executor, row: typeof qualityRepeatLinks.$inferInsert): Promise<RepeatLinkRow | undefined> {
  const [created] = await executor.insert(qualityRepeatLinks).values(row).onConflictDoNothing({ target: qualityRepeatLinks.ticketId }).returning();
  return created;
}

export async function updateRepeatLink(executor: Executor, id: string, patch: Partial<typeof qualityRepeatLinks.$inferInsert>): Promise<RepeatLinkRow> {
  const [saved] = await executor.update(qualityRepeatLinks).set(patch).where(eq(qualityRepeatLinks.id, id)).returning();
  return saved;
}

export async function findRepeatLinks(executor: Executor, filter: { scope?: SQL; status: 'open' | 'cleared' | 'all'; ticketId?: string }, page: Page) {
  const where = and(
    filter.scope,
    filter.status === 'open' ? isNull(qualityRepeatLinks.clearedAt) : filter.status === 'cleared' ? isNotNull(qualityRepeatLinks.clearedAt) : undefined,
    filter.ticketId ? eq(qualityRepeatLinks.ticketId, filter.ticketId) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(qualityRepeatLinks).where(where).orderBy(desc(qualityRepeatLinks.ticketCreatedAt)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(qualityRepeatLinks).where(where),
  ]);
  return { rows, total };
}

// ---- Rules and ledger ----

export async function listRules(executor: Executor): Promise<RuleRow[]> {
  return executor.select().from(qualityRules).orderBy(qualityRules.kind, qualityRules.code);
}

export async function findRule(executor: Executor, by: { id?: string; code?: string }, options: { forUpdate?: boolean } = {}): Promise<RuleRow | undefined> {
  const query = executor.select().from(qualityRules).where(by.id ? eq(qualityRules.id, by.id) : eq(qualityRules.code, by.code ?? ''));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findActiveRulesOfTrigger(executor: Executor, trigger: string): Promise<RuleRow[]> {
  return executor.select().from(qualityRules).where(and(eq(qualityRules.trigger, trigger as RuleRow['trigger']), eq(qualityRules.isActive, true))).orderBy(qualityRules.code);
}

export async function insertRule(executor: Executor, row: typeof qualityRules.$inferInsert): Promise<RuleRow> {
  const [created] = await executor.insert(qualityRules).values(row).returning();
  return created;
}

export async function updateRule(executor: Executor, id: string, patch: Partial<typeof qualityRules.$inferInsert>): Promise<RuleRow> {
  const [saved] = await executor.update(qualityRules).set(patch).where(eq(qualityRules.id, id)).returning();
  return saved;
}

/** Entries of the rule for the person proposed in [from, to), not rejected (the repeat rule). */
export async function countRecentEntries(executor: Executor, input: { userId: string; ruleId: string; from: Date; to: Date }): Promise<number> {
  const [{ total }] = await executor
    .select({ total: count() })
    .from(qualityLedgerEntries)
    .where(and(eq(qualityLedgerEntries.userId, input.userId), eq(qualityLedgerEntries.ruleId, input.ruleId), gte(qualityLedgerEntries.proposedAt, input.from), lt(qualityLedgerEntries.proposedAt, input.to), ne(qualityLedgerEntries.status, 'rejected')));
  return total;
}

/** Inserts the entry unless its source already proposed one (answers undefined then). */
export async function insertEntry(executor: Executor, row: typeof qualityLedgerEntries.$inferInsert): Promise<EntryRow | undefined> {
  const [created] = await executor.insert(qualityLedgerEntries).values(row).onConflictDoNothing({ target: qualityLedgerEntries.sourceKey }).returning();
  return created;
}

export async function findEntryBySource(executor: Executor, sourceKey: string): Promise<EntryRow | undefined> {
  const [row] = await executor.select().from(qualityLedgerEntries).where(eq(qualityLedgerEntries.sourceKey, sourceKey));
  return row;
}

/** Rejects the entries of these source keys that are still proposed (one statement); answers them as they were before. */
export async function rejectProposedEntries(executor: Executor, sourceKeys: string[], patch: { decidedById: string | null; decidedBy: string | null; decidedAt: Date; decisionReason: string }): Promise<EntryRow[]> {
  if (!sourceKeys.length) return [];
  return executor
    .update(qualityLedgerEntries)
    .set({ ...patch, status: 'rejected', version: sql`${qualityLedgerEntries.version} + 1` })
    .where(and(inArray(qualityLedgerEntries.sourceKey, sourceKeys), eq(qualityLedgerEntries.status, 'proposed')))
    .returning();
}

export async function findEntry(executor: Executor, id: string, options: { forUpdate?: boolean; scope?: SQL } = {}): Promise<EntryRow | undefined> {
  const query = executor.select().from(qualityLedgerEntries).where(and(eq(qualityLedgerEntries.id, id), options.scope));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateEntry(executor: Executor, id: string, patch: Partial<typeof qualityLedgerEntries.$inferInsert>): Promise<EntryRow> {
  const [saved] = await executor.update(qualityLedgerEntries).set(patch).where(eq(qualityLedgerEntries.id, id)).returning();
  return saved;
}

export async function findEntries(executor: Executor, filter: { scope?: SQL; status?: string; kind?: string; userId?: string; isAppealed?: boolean }, page: Page) {
  const where = and(
    filter.scope,
    filter.status ? eq(qualityLedgerEntries.status, filter.status as EntryRow['status']) : undefined,
    filter.kind ? eq(qualityLedgerEntries.kind, filter.kind as EntryRow['kind']) : undefined,
    filter.userId ? eq(qualityLedgerEntries.userId, filter.userId) : undefined,
    filter.isAppealed === undefined ? undefined : filter.isAppealed ? isNotNull(qualityLedgerEntries.appealedAt) : isNull(qualityLedgerEntries.appealedAt),
  );
  const [rows, [{ total }]] = await Promise.all([
    executor.select().from(qualityLedgerEntries).where(where).orderBy(desc(qualityLedgerEntries.proposedAt), desc(qualityLedgerEntries.id)).limit(page.limit).offset(page.offset),
    executor.select({ total: count() }).from(qualityLedgerEntries).where(where),
  ]);
  return { rows, total };
}

// ---- Figures ----

/** The period, the group column, and the caller's scope on a query's outlet column (scopeCondition; undefined: everything). */
type Range = { from: Date; to: Date; column: 'technician_id' | 'outlet_id'; scope: (outlet: AnyColumn) => SQL | undefined };

const v = alias(qualityVisits, 'v');
const l = alias(qualityRepeatLinks, 'l');
const i = alias(qualityInspections, 'i');
const e = alias(qualityLedgerEntries, 'e');
const inScope = (range: Range, outlet: AnyColumn) => range.scope(outlet) ?? sql`true`;

/** Visits finished in the range per group: count, first-time fixes, reworked. */
export async function figureVisits(executor: Executor, range: Range) {
  const group = sql.raw(`v.${range.column}`);
  return queryRows<{ key: string | null; visits: number; firstTimeFixes: number; reworked: number }>(
    executor,
    sql`select ${group}::text as key, count(*)::int as visits,
          count(*) filter (where v.is_first_visit and v.rework_count = 0
            and not exists (select 1 from quality_repeat_links rl where rl.earlier_work_order_id = v.work_order_id and rl.cleared_at is null))::int as "firstTimeFixes",
          count(*) filter (where v.rework_count > 0)::int as reworked
        from ${qualityVisits} ${v}
        where v.finished_at >= ${range.from.toISOString()}::timestamptz and v.finished_at < ${range.to.toISOString()}::timestamptz
          and ${inScope(range, v.outletId)}
        group by 1`,
  );
}

/** Repeat repairs counted against visits finished in the range, per group and fault code (cleared flags do not count). */
export async function figureRepeats(executor: Executor, range: Range) {
  const group = sql.raw(`l.${range.column}`);
  return queryRows<{ key: string | null; faultCode: string; total: number }>(
    executor,
    sql`select ${group}::text as key, l.earlier_fault_code as "faultCode", count(*)::int as total
        from ${qualityRepeatLinks} ${l}
        where l.cleared_at is null
          and l.earlier_finished_at >= ${range.from.toISOString()}::timestamptz and l.earlier_finished_at < ${range.to.toISOString()}::timestamptz
          and ${inScope(range, l.outletId)}
        group by 1, 2`,
  );
}

/** Inspections made in the range per group: total and passed. */
export async function figureInspections(executor: Executor, range: Range) {
  const group = sql.raw(`i.${range.column}`);
  return queryRows<{ key: string | null; inspections: number; passed: number }>(
    executor,
    sql`select ${group}::text as key, count(*)::int as inspections, count(*) filter (where i.result = 'passed')::int as passed
        from ${qualityInspections} ${i}
        where i.at >= ${range.from.toISOString()}::timestamptz and i.at < ${range.to.toISOString()}::timestamptz
          and ${inScope(range, i.outletId)}
        group by 1`,
  );
}

/** Approved ledger entries decided in the range per group and kind. */
export async function figureLedger(executor: Executor, range: Range) {
  const group = sql.raw(`e.${range.column}`);
  return queryRows<{ key: string | null; kind: string; amountFen: number; points: number }>(
    executor,
    sql`select ${group}::text as key, e.kind, coalesce(sum(e.amount_fen), 0)::int as "amountFen", coalesce(sum(e.points), 0)::int as points
        from ${qualityLedgerEntries} ${e}
        where e.status = 'approved'
          and e.decided_at >= ${range.from.toISOString()}::timestamptz and e.decided_at < ${range.to.toISOString()}::timestamptz
          and ${inScope(range, e.outletId)}
        group by 1, 2`,
  );
}
