/**
 * What settlement (the billing module) reads of the rewards and penalties ledger: the
 * penalties a manager approved within a time range, with whom they charge. Read-only.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { qualityLedgerEntries } from './quality.tables';

export type ApprovedPenalty = { id: string; sourceType: string; ruleCode: string; outletId: string | null; technicianId: string | null; amountFen: number; reason: string; decidedAt: Date };

/** Approved penalties decided in [from, to). */
export async function approvedPenaltiesBetween(executor: Executor, from: Date, to: Date): Promise<ApprovedPenalty[]> {
  const rows = await executor
    .select({
      id: qualityLedgerEntries.id,
      sourceType: qualityLedgerEntries.sourceType,
      ruleCode: qualityLedgerEntries.ruleCode,
      outletId: qualityLedgerEntries.outletId,
      technicianId: qualityLedgerEntries.technicianId,
      amountFen: qualityLedgerEntries.amountFen,
      reason: qualityLedgerEntries.reason,
      decidedAt: qualityLedgerEntries.decidedAt,
    })
    .from(qualityLedgerEntries)
    .where(and(eq(qualityLedgerEntries.kind, 'penalty'), eq(qualityLedgerEntries.status, 'approved'), gte(qualityLedgerEntries.decidedAt, from), lt(qualityLedgerEntries.decidedAt, to)))
    .orderBy(qualityLedgerEntries.decidedAt, qualityLedgerEntries.id);
  return rows.map((row) => ({ ...row, decidedAt: row.decidedAt ?? from }));
}
