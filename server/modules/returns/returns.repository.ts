/** The only code that queries the returns, unit stock, loaner and claim tables. */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { claimBatches, claimLines, claimRules, loanerLoans, loanerUnits, returnOrders, stockUnits } from './returns.tables';

export type ReturnRow = typeof returnOrders.$inferSelect;
export type ReturnInsert = typeof returnOrders.$inferInsert;
export type StockUnitRow = typeof stockUnits.$inferSelect;
export type LoanerRow = typeof loanerUnits.$inferSelect;
export type LoanRow = typeof loanerLoans.$inferSelect;
export type ClaimRuleRow = typeof claimRules.$inferSelect;
export type ClaimLineRow = typeof claimLines.$inferSelect;
export type ClaimLineInsert = typeof claimLines.$inferInsert;
export type ClaimBatchRow = typeof claimBatches.$inferSelect;

/** Serializes numbering of one kind of document (per transaction). */
export async function lockNumbering(executor: Executor, key: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

// ------------------------------------------------------------- returns

export async function countReturnsWithPrefix(executor: Executor, prefix: string): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(returnOrders).where(sql`${returnOrders.number} like ${`${prefix}%`}`);
  return row?.n ?? 0;
}

export async function insertReturn(executor: Executor, row: ReturnInsert): Promise<ReturnRow> {
  const [created] = await executor.insert(returnOrders).values(row).returning();
  return created;
}

export async function findReturn(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ReturnRow | undefined> {
  const query = executor.select().from(returnOrders).where(eq(returnOrders.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** An open (not rejected, refused or completed) return of the asset. */
export async function findOpenReturnOfAsset(executor: Executor, assetId: string): Promise<ReturnRow | undefined> {
  const [row] = await executor
    .select()
    .from(returnOrders)
    .where(and(eq(returnOrders.assetId, assetId), inArray(returnOrders.status, ['requested', 'approved', 'received'])));
  return row;
}

/** Changes the given fields and bumps the version when it is still `version`; undefined when stale. */
export async function updateReturn(executor: Executor, id: string, version: number, fields: Partial<ReturnInsert>): Promise<ReturnRow | undefined> {
  const [row] = await executor
    .update(returnOrders)
    .set({ ...fields, version: version + 1 })
    .where(and(eq(returnOrders.id, id), eq(returnOrders.version, version)))
    .returning();
  return row;
}

export async function listReturns(executor: Executor, where: SQL | undefined, page: { limit: number; offset: number }) {
  const [items, [count]] = await Promise.all([
    executor.select().from(returnOrders).where(where).orderBy(desc(returnOrders.createdAt), desc(returnOrders.number)).limit(page.limit).offset(page.offset),
    executor.select({ n: sql<number>`count(*)::int` }).from(returnOrders).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

// ------------------------------------------------------------- unit stock

export async function insertStockUnit(executor: Executor, row: typeof stockUnits.$inferInsert): Promise<StockUnitRow> {
  const [created] = await executor.insert(stockUnits).values(row).returning();
  return created;
}

export async function findStockUnit(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<StockUnitRow | undefined> {
  const query = executor.select().from(stockUnits).where(eq(stockUnits.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findStockUnitsForUpdate(executor: Executor, ids: string[]): Promise<StockUnitRow[]> {
  if (!ids.length) return [];
  return executor.select().from(stockUnits).where(inArray(stockUnits.id, ids)).for('update');
}

/** How many new units of a model are in stock. */
export async function countNewUnitsInStock(executor: Executor, modelId: string): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(stockUnits)
    .where(and(eq(stockUnits.modelId, modelId), eq(stockUnits.grade, 'new'), eq(stockUnits.status, 'in_stock')));
  return row?.n ?? 0;
}

export async function updateStockUnit(executor: Executor, id: string, fields: Partial<typeof stockUnits.$inferInsert>): Promise<StockUnitRow> {
  const [row] = await executor.update(stockUnits).set(fields).where(eq(stockUnits.id, id)).returning();
  return row;
}

export async function listStockUnits(executor: Executor, where: SQL | undefined, page: { limit: number; offset: number }) {
  const [items, [count]] = await Promise.all([
    executor.select().from(stockUnits).where(where).orderBy(desc(stockUnits.createdAt)).limit(page.limit).offset(page.offset),
    executor.select({ n: sql<number>`count(*)::int` }).from(stockUnits).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export const stockUnitColumns = stockUnits;
export const returnColumns = returnOrders;

// ------------------------------------------------------------- loaners

export const loanerColumns = loanerUnits;
export const loanColumns = loanerLoans;

export async function insertLoaner(executor: Executor, row: typeof loanerUnits.$inferInsert): Promise<LoanerRow> {
  const [created] = await executor.insert(loanerUnits).values(row).returning();
  return created;
}

export async function findLoaner(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<LoanerRow | undefined> {
  const query = executor.select().from(loanerUnits).where(eq(loanerUnits.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateLoaner(executor: Executor, id: string, fields: Partial<typeof loanerUnits.$inferInsert>): Promise<LoanerRow> {
  const [row] = await executor.update(loanerUnits).set(fields).where(eq(loanerUnits.id, id)).returning();
  return row;
}

export async function listLoaners(executor: Executor, where: SQL | undefined): Promise<LoanerRow[]> {
  return executor.select().from(loanerUnits).where(where).orderBy(asc(loanerUnits.outletId), asc(loanerUnits.serialNumber));
}

export async function insertLoan(executor: Executor, row: typeof loanerLoans.$inferInsert): Promise<LoanRow> {
  const [created] = await executor.insert(loanerLoans).values(row).returning();
  return created;
}

export async function findOpenLoan(executor: Executor, loanerId: string): Promise<LoanRow | undefined> {
  const [row] = await executor.select().from(loanerLoans).where(and(eq(loanerLoans.loanerId, loanerId), isNull(loanerLoans.returnedAt)));
  return row;
}

export async function findOpenLoansOfLoaners(executor: Executor, loanerIds: string[]): Promise<LoanRow[]> {
  if (!loanerIds.length) return [];
  return executor.select().from(loanerLoans).where(and(inArray(loanerLoans.loanerId, loanerIds), isNull(loanerLoans.returnedAt)));
}

/** Loans of a ticket still out, with the loaner's serial (the close guard names them). */
export async function findOpenLoansOfTicket(executor: Executor, ticketId: string) {
  return executor
    .select({ loan: loanerLoans, serialNumber: loanerUnits.serialNumber, modelName: loanerUnits.modelName })
    .from(loanerLoans)
    .innerJoin(loanerUnits, eq(loanerLoans.loanerId, loanerUnits.id))
    .where(and(eq(loanerLoans.ticketId, ticketId), isNull(loanerLoans.returnedAt)));
}

export async function updateLoan(executor: Executor, id: string, fields: Partial<typeof loanerLoans.$inferInsert>): Promise<LoanRow> {
  const [row] = await executor.update(loanerLoans).set(fields).where(eq(loanerLoans.id, id)).returning();
  return row;
}

export async function listLoans(executor: Executor, where: SQL | undefined) {
  return executor
    .select({ loan: loanerLoans, loaner: loanerUnits })
    .from(loanerLoans)
    .innerJoin(loanerUnits, eq(loanerLoans.loanerId, loanerUnits.id))
    .where(where)
    .orderBy(desc(loanerLoans.lentAt))
    .limit(500);
}

/** How many loans match `where` (the to-do bell's overdue count). */
export async function countLoans(executor: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(loanerLoans)
    .innerJoin(loanerUnits, eq(loanerLoans.loanerId, loanerUnits.id))
    .where(where);
  return row?.n ?? 0;
}

// ------------------------------------------------------------- claims

export const claimLineColumns = claimLines;
export const claimBatchColumns = claimBatches;

export async function findClaimRules(executor: Executor): Promise<ClaimRuleRow[]> {
  return executor.select().from(claimRules).orderBy(asc(claimRules.brand));
}

export async function findClaimRule(executor: Executor, brand: string): Promise<ClaimRuleRow | undefined> {
  const [row] = await executor.select().from(claimRules).where(eq(claimRules.brand, brand));
  return row;
}

export async function upsertClaimRule(executor: Executor, row: typeof claimRules.$inferInsert): Promise<ClaimRuleRow> {
  const { id: _id, createdAt: _createdAt, ...fields } = row;
  const [saved] = await executor.insert(claimRules).values(row).onConflictDoUpdate({ target: claimRules.brand, set: fields }).returning();
  return saved;
}

/** Inserts the line unless the visit has one already; returns the inserted row or undefined. */
export async function insertClaimLineIfAbsent(executor: Executor, row: ClaimLineInsert): Promise<ClaimLineRow | undefined> {
  const [created] = await executor.insert(claimLines).values(row).onConflictDoNothing({ target: claimLines.workOrderId }).returning();
  return created;
}

export async function findClaimLine(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ClaimLineRow | undefined> {
  const query = executor.select().from(claimLines).where(eq(claimLines.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateClaimLine(executor: Executor, id: string, fields: Partial<ClaimLineInsert>): Promise<ClaimLineRow> {
  const [row] = await executor.update(claimLines).set(fields).where(eq(claimLines.id, id)).returning();
  return row;
}

export async function listClaimLines(executor: Executor, where: SQL | undefined, page: { limit: number; offset: number }) {
  const [items, [count]] = await Promise.all([
    executor.select().from(claimLines).where(where).orderBy(desc(claimLines.finishedAt)).limit(page.limit).offset(page.offset),
    executor.select({ n: sql<number>`count(*)::int` }).from(claimLines).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

export async function findLinesOfBatch(executor: Executor, batchId: string, options: { forUpdate?: boolean } = {}): Promise<ClaimLineRow[]> {
  const query = executor.select().from(claimLines).where(eq(claimLines.batchId, batchId)).orderBy(asc(claimLines.finishedAt));
  return options.forUpdate ? query.for('update') : query;
}

/** Draft lines of a brand and month not in any batch, locked. */
export async function findDraftLinesForBatch(executor: Executor, brand: string, month: string): Promise<ClaimLineRow[]> {
  return executor
    .select()
    .from(claimLines)
    .where(and(eq(claimLines.brand, brand), eq(claimLines.month, month), eq(claimLines.status, 'draft'), isNull(claimLines.batchId)))
    .for('update');
}

export async function setLinesBatch(executor: Executor, ids: string[], batchId: string | null, status: 'draft' | 'batched', at: Date): Promise<void> {
  if (!ids.length) return;
  await executor.update(claimLines).set({ batchId, status, updatedAt: at }).where(inArray(claimLines.id, ids));
}

export async function countBatchesWithPrefix(executor: Executor, prefix: string): Promise<number> {
  const [row] = await executor.select({ n: sql<number>`count(*)::int` }).from(claimBatches).where(sql`${claimBatches.number} like ${`${prefix}%`}`);
  return row?.n ?? 0;
}

export async function insertClaimBatch(executor: Executor, row: typeof claimBatches.$inferInsert): Promise<ClaimBatchRow> {
  const [created] = await executor.insert(claimBatches).values(row).returning();
  return created;
}

export async function findClaimBatch(executor: Executor, id: string, options: { forUpdate?: boolean } = {}): Promise<ClaimBatchRow | undefined> {
  const query = executor.select().from(claimBatches).where(eq(claimBatches.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateClaimBatch(executor: Executor, id: string, version: number, fields: Partial<typeof claimBatches.$inferInsert>): Promise<ClaimBatchRow | undefined> {
  const [row] = await executor
    .update(claimBatches)
    .set({ ...fields, version: version + 1 })
    .where(and(eq(claimBatches.id, id), eq(claimBatches.version, version)))
    .returning();
  return row;
}

export async function listClaimBatches(executor: Executor, where: SQL | undefined): Promise<ClaimBatchRow[]> {
  return executor.select().from(claimBatches).where(where).orderBy(desc(claimBatches.month), asc(claimBatches.brand)).limit(500);
}

/** Lines of submitted batches (for the recovery figures), with the batch's status and paid amount. */
export async function findRecoveryRows(executor: Executor, where: SQL | undefined) {
  return executor
    .select({ line: claimLines, batchStatus: claimBatches.status, batchId: claimBatches.id, batchPaidFen: claimBatches.paidFen, batchAcceptedFen: claimBatches.acceptedFen, batchMonth: claimBatches.month })
    .from(claimLines)
    .innerJoin(claimBatches, eq(claimLines.batchId, claimBatches.id))
    .where(and(sql`${claimBatches.status} <> 'draft'`, where));
}
