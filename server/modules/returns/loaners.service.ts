/**
 * Loaner units (借机): a pool per outlet; a unit is lent against a ticket with the expected
 * return date and an optional deposit, and comes back on the same ticket with a condition
 * check. A ticket cannot be closed or cancelled while a loaner lent on it is out (the
 * `TicketManualMoveGuard` check below, wired in server/wiring.ts).
 */
import { and, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ZCreateLoanerBody, ZLendBody, ZListLoanersQuery, ZLoanerReturnBody } from '../../../contracts/returns';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { FOREIGN_KEY_VIOLATION, sqlStateOf, UNIQUE_VIOLATION } from '../../platform/db-errors';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findCustomerNames } from '../customers';
import { findOutletNames } from '../org';
import { findTicketForWork, findTicketNumbers } from '../tickets';
import * as repo from './returns.repository';

const FINISHED = ['resolved', 'closed', 'cancelled'];

async function presentLoans(executor: Executor, rows: { loan: repo.LoanRow; loaner: repo.LoanerRow }[], today: string) {
  const [tickets, customers] = await Promise.all([
    findTicketNumbers(executor, rows.map((row) => row.loan.ticketId)),
    findCustomerNames(executor, [...new Set(rows.map((row) => row.loan.customerId))]),
  ]);
  return rows.map(({ loan, loaner }) => ({
    id: loan.id,
    loanerId: loaner.id,
    loanerSerial: loaner.serialNumber,
    loanerModel: loaner.modelName,
    ticketId: loan.ticketId,
    ticketNumber: tickets.get(loan.ticketId) ?? null,
    customerId: loan.customerId,
    customerName: customers.get(loan.customerId) ?? null,
    lentAt: loan.lentAt.toISOString(),
    expectedReturnDate: loan.expectedReturnDate,
    depositFen: loan.depositFen,
    returnedAt: loan.returnedAt?.toISOString() ?? null,
    returnCondition: loan.returnCondition,
    depositRefundFen: loan.depositRefundFen,
    note: loan.note,
    isOverdue: loan.returnedAt === null && loan.expectedReturnDate < today,
  }));
}

async function presentLoaners(ctx: AppContext, rows: repo.LoanerRow[]) {
  const today = shanghaiDate(ctx.clock.now());
  const [loans, outlets] = await Promise.all([repo.findOpenLoansOfLoaners(ctx.db, rows.map((row) => row.id)), findOutletNames(ctx.db, rows.map((row) => row.outletId))]);
  const byLoaner = new Map(loans.map((loan) => [loan.loanerId, loan]));
  const views = await presentLoans(ctx.db, rows.flatMap((loaner) => (byLoaner.has(loaner.id) ? [{ loan: byLoaner.get(loaner.id)!, loaner }] : [])), today);
  const viewByLoaner = new Map(views.map((view) => [view.loanerId, view]));
  return rows.map((row) => ({
    id: row.id,
    outletId: row.outletId,
    outletName: outlets.get(row.outletId) ?? null,
    modelName: row.modelName,
    serialNumber: row.serialNumber,
    condition: row.condition,
    status: row.status,
    currentLoan: viewByLoaner.get(row.id) ?? null,
  }));
}

function loanerScope(principal: Principal): SQL | undefined {
  return scopeCondition(principal, { outlet: repo.loanerColumns.outletId });
}

async function lockVisibleLoaner(tx: Executor, principal: Principal, id: string) {
  const row = await repo.findLoaner(tx, id, { forUpdate: true });
  if (!row || !isInScope(principal, { outletId: row.outletId })) throw notFound('Loaner');
  return row;
}

/** Adds a unit to an outlet's pool (outlet staff: their own outlet). */
export async function createLoaner(ctx: AppContext, principal: Principal, actor: Actor, input: z.infer<typeof ZCreateLoanerBody>) {
  if (!isInScope(principal, { outletId: input.outletId })) throw invalidField(['outletId'], 'not your outlet');
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      const loaner = await repo.insertLoaner(tx, { id: newId(), outletId: input.outletId, modelName: input.modelName, serialNumber: input.serialNumber, condition: input.condition, status: 'available', createdAt: now, updatedAt: now });
      await recordAudit(tx, actor, { entity: 'loaner', entityId: loaner.id, action: 'created', after: { outletId: loaner.outletId, modelName: loaner.modelName, serialNumber: loaner.serialNumber, condition: loaner.condition } });
      return loaner;
    });
    const [view] = await presentLoaners(ctx, [row]);
    return view;
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === UNIQUE_VIOLATION) throw conflict('该序列号的借用机已登记', [{ path: ['serialNumber'], message: 'already registered' }]);
    if (state === FOREIGN_KEY_VIOLATION) throw invalidField(['outletId'], 'no such outlet');
    throw error;
  }
}

export async function listLoaners(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListLoanersQuery>) {
  const c = repo.loanerColumns;
  const rows = await repo.listLoaners(ctx.db, and(loanerScope(principal), query.outletId ? eq(c.outletId, query.outletId) : undefined, query.status ? eq(c.status, query.status) : undefined));
  return { items: await presentLoaners(ctx, rows) };
}

/** Lends an available loaner against an open ticket. */
export async function lendLoaner(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: z.infer<typeof ZLendBody>) {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  if (input.expectedReturnDate < today) throw invalidField(['expectedReturnDate'], 'cannot be in the past');
  await ctx.db.transaction(async (tx) => {
    const loaner = await lockVisibleLoaner(tx, principal, id);
    if (loaner.status !== 'available') {
      const open = await repo.findOpenLoan(tx, loaner.id);
      const numbers = open ? await findTicketNumbers(tx, [open.ticketId]) : new Map<string, string>();
      throw conflict(loaner.status === 'lent' ? `借用机 ${loaner.serialNumber} 已借出（工单 ${open ? (numbers.get(open.ticketId) ?? open.ticketId) : '?'}）` : `借用机 ${loaner.serialNumber} 已停用`, [
        { path: ['loanerId'], message: `is ${loaner.status}` },
      ]);
    }
    const ticket = await findTicketForWork(tx, input.ticketId);
    if (!ticket || !isInScope(principal, { outletId: ticket.outletId, ownerId: ticket.assignedUserId })) throw invalidField(['ticketId'], 'no such ticket');
    if (FINISHED.includes(ticket.status)) throw invalidField(['ticketId'], `the ticket is ${ticket.status}`);
    const loan = await repo.insertLoan(tx, {
      id: newId(),
      loanerId: loaner.id,
      ticketId: ticket.id,
      customerId: ticket.customerId,
      lentAt: now,
      expectedReturnDate: input.expectedReturnDate,
      depositFen: input.depositFen,
      note: input.note ?? null,
      lentById: actor.id,
    });
    await repo.updateLoaner(tx, loaner.id, { status: 'lent', updatedAt: now });
    await recordAudit(tx, actor, { entity: 'loaner', entityId: loaner.id, action: 'lent', before: { status: loaner.status }, after: { status: 'lent', loanId: loan.id, ticketId: ticket.id, expectedReturnDate: loan.expectedReturnDate, depositFen: loan.depositFen } });
  });
  return getLoaner(ctx, principal, id);
}

/** Takes a lent loaner back on the ticket it was lent on, with the condition found. */
export async function returnLoaner(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: z.infer<typeof ZLoanerReturnBody>) {
  await ctx.db.transaction(async (tx) => {
    const loaner = await lockVisibleLoaner(tx, principal, id);
    const loan = await repo.findOpenLoan(tx, loaner.id);
    if (!loan) throw conflict(`借用机 ${loaner.serialNumber} 未借出`, [{ path: ['loanerId'], message: 'not lent' }]);
    if (loan.ticketId !== input.ticketId) {
      const numbers = await findTicketNumbers(tx, [loan.ticketId]);
      throw invalidField(['ticketId'], `借用机 ${loaner.serialNumber} 借在工单 ${numbers.get(loan.ticketId) ?? loan.ticketId} 上，不能归还到其他工单`);
    }
    const depositRefundFen = input.depositRefundFen ?? loan.depositFen;
    if (depositRefundFen > loan.depositFen) throw invalidField(['depositRefundFen'], `不能超过押金 ${loan.depositFen} 分`);
    const now = ctx.clock.now();
    await repo.updateLoan(tx, loan.id, { returnedAt: now, returnCondition: input.condition, depositRefundFen, note: input.note ?? loan.note, returnedById: actor.id });
    await repo.updateLoaner(tx, loaner.id, { status: 'available', condition: input.condition, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'loaner', entityId: loaner.id, action: 'returned', before: { status: 'lent', condition: loaner.condition }, after: { status: 'available', condition: input.condition, loanId: loan.id, depositRefundFen } });
  });
  return getLoaner(ctx, principal, id);
}

export async function getLoaner(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findLoaner(ctx.db, id);
  if (!row || !isInScope(principal, { outletId: row.outletId })) throw notFound('Loaner');
  const [view] = await presentLoaners(ctx, [row]);
  return view;
}

/** Loans: of one loaner, one customer or one ticket (history), or the overdue ones. */
export async function listLoans(ctx: AppContext, principal: Principal, query: { loanerId?: string; customerId?: string; ticketId?: string; overdue?: boolean }) {
  const today = shanghaiDate(ctx.clock.now());
  const l = repo.loanColumns;
  const rows = await repo.listLoans(
    ctx.db,
    and(
      loanerScope(principal),
      query.loanerId ? eq(l.loanerId, query.loanerId) : undefined,
      query.customerId ? eq(l.customerId, query.customerId) : undefined,
      query.ticketId ? eq(l.ticketId, query.ticketId) : undefined,
      query.overdue ? and(isNull(l.returnedAt), lt(l.expectedReturnDate, today)) : undefined,
    ),
  );
  return { items: await presentLoans(ctx.db, rows, today) };
}

/** Loans past their expected return date and not back, within the principal's scope (the to-do bell). */
export async function countOverdueLoans(ctx: AppContext, principal: Principal): Promise<number> {
  const l = repo.loanColumns;
  return repo.countLoans(ctx.db, and(loanerScope(principal), isNull(l.returnedAt), lt(l.expectedReturnDate, shanghaiDate(ctx.clock.now()))));
}

/** The `TicketManualMoveGuard` check: no closing or cancelling a ticket while a loaner lent on it is out. */
export async function guardTicketAgainstOpenLoans(tx: Executor, { ticket, to }: { ticket: { id: string }; to: string }): Promise<void> {
  if (to !== 'closed' && to !== 'cancelled') return;
  const open = await repo.findOpenLoansOfTicket(tx, ticket.id);
  if (!open.length) return;
  const names = open.map((row) => `${row.modelName} ${row.serialNumber}`).join('、');
  throw new AppError('conflict', `借用机 ${names} 尚未归还：请先收回借用机`, {
    details: [{ path: ['to'], message: `loaners out: ${open.map((row) => row.serialNumber).join(', ')}`, code: 'loaners_out' }],
  });
}
