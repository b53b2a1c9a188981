/**
 * Periodic visits (定期回访): every customer is visited at least every `periodicMonths.key`
 * months (key customers, default 6) or `periodicMonths.regular` (others, default 12). The plan of
 * a quarter is generated automatically (the quarterly job, or by hand): a customer whose last done
 * periodic visit + the interval falls in the quarter is planned in that month; one already past
 * due is planned in a month of the quarter spread by its id; a customer never visited gets a
 * fixed phase of its interval (by its id), so the first visits spread evenly over the interval.
 * A customer with a visit still planned is not planned again. Key customers are visited on site
 * (an outlet assigned by a supervisor), others by phone (shared among the active agents in turn).
 * Done / overdue: a planned visit not done by the end of its month (Shanghai) is overdue.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { TPeriodicVisitView, ZPeriodicAssignBody, ZPeriodicDoneBody, ZPeriodicQuery } from '../../../contracts/followups';
import { ROLE_PERMISSIONS } from '../../../contracts/permissions';
import { queryRows, type Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, UserPrincipal } from '../../platform/principal';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findUserAccounts, findUserIdsOfRole } from '../auth';
import { findCustomerClasses, findCustomerNames } from '../customers';
import { findOutlet } from '../org';
import { followupSettings } from './followups.settings';
import { followupPeriodicVisits } from './followups.tables';

type VisitRow = typeof followupPeriodicVisits.$inferSelect;

/** '2027-Q1' → its three months' first days. */
export function monthsOfQuarter(quarter: string): string[] {
  const [year, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return [0, 1, 2].map((offset) => monthKey(year, (q - 1) * 3 + offset));
}

/** The quarter a Shanghai date falls in. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

function monthKey(year: number, monthIndex: number): string {
  const y = year + Math.floor(monthIndex / 12);
  const m = ((monthIndex % 12) + 12) % 12;
  return `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
const monthIndexOf = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOfIndex = (index: number) => monthKey(Math.floor(index / 12), index % 12);

/** A stable small number from a uuid (its last 8 hex digits). */
const hashOf = (id: string) => parseInt(id.replace(/-/g, '').slice(-8), 16);

/**
 * The month (first day) a customer is planned in within `months` (a quarter), or null: from its
 * last done visit and interval; never visited: the phase month of its interval.
 */
export function plannedMonthOf(customerId: string, lastDoneMonth: string | null, intervalMonths: number, months: string[]): string | null {
  const first = monthIndexOf(months[0]);
  const last = monthIndexOf(months[months.length - 1]);
  if (lastDoneMonth) {
    const due = monthIndexOf(lastDoneMonth) + intervalMonths;
    if (due > last) return null;
    return due >= first ? monthOfIndex(due) : months[hashOf(customerId) % months.length];
  }
  const phase = hashOf(customerId) % intervalMonths;
  for (let index = first; index <= last; index++) if (index % intervalMonths === phase) return monthOfIndex(index);
  return null;
}

/** Generates the plan of a quarter (idempotent: one visit per customer and quarter). */
export async function generateQuarter(ctx: AppContext, actor: Actor, quarter: string) {
  const now = ctx.clock.now();
  const months = monthsOfQuarter(quarter);
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`followups.periodic:${quarter}`}))`);
    const settings = await followupSettings.read(tx);
    const agents = await findUserIdsOfRole(tx, 'agent');
    const counts: Record<string, number> = Object.fromEntries(months.map((month) => [month.slice(0, 7), 0]));
    let created = 0;
    let turn = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await findCustomerClasses(tx, afterId, 5000);
      if (!page.length) break;
      afterId = page[page.length - 1].id;
      const ids = page.map((row) => row.id);
      const history = await queryRows<{ customer_id: string; last_done: string | null; open: number }>(
        tx,
        sql`select customer_id, to_char(max(done_at) at time zone 'Asia/Shanghai', 'YYYY-MM-01') as last_done, count(*) filter (where status = 'planned')::int as open
            from followup_periodic_visits where customer_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) group by customer_id`,
      );
      const historyOf = new Map(history.map((row) => [row.customer_id, row]));
      const rows: (typeof followupPeriodicVisits.$inferInsert)[] = [];
      for (const customer of page) {
        const past = historyOf.get(customer.id);
        if (past && past.open > 0) continue;
        const month = plannedMonthOf(customer.id, past?.last_done ?? null, customer.isKey ? settings.periodicMonths.key : settings.periodicMonths.regular, months);
        if (!month) continue;
        const mode = customer.isKey ? 'onsite' : 'phone';
        const assignedUserId = mode === 'phone' && agents.length ? agents[turn++ % agents.length] : null;
        rows.push({ id: newId(), quarter, plannedMonth: month, customerId: customer.id, isKeyCustomer: customer.isKey, mode, assignedUserId, status: 'planned', createdAt: now, updatedAt: now });
      }
      for (let start = 0; start < rows.length; start += 1000) {
        const inserted = await tx.insert(followupPeriodicVisits).values(rows.slice(start, start + 1000)).onConflictDoNothing().returning({ plannedMonth: followupPeriodicVisits.plannedMonth });
        for (const row of inserted) counts[row.plannedMonth.slice(0, 7)]++;
        created += inserted.length;
      }
    }
    await recordAudit(tx, actor, { entity: 'followup_periodic_plan', entityId: quarter, action: 'generate', after: { quarter, created, months: counts } });
    return { quarter, created, months: counts };
  });
}

function isOverdue(row: VisitRow, today: string): boolean {
  const next = monthOfIndex(monthIndexOf(row.plannedMonth) + 1);
  return row.status === 'planned' && today >= next;
}

async function present(executor: Executor, rows: VisitRow[], today: string): Promise<TPeriodicVisitView[]> {
  const names = await findCustomerNames(executor, [...new Set(rows.map((row) => row.customerId))]);
  return rows.map((row) => ({
    id: row.id,
    quarter: row.quarter,
    plannedMonth: row.plannedMonth,
    customerId: row.customerId,
    customerName: names.get(row.customerId) ?? null,
    isKeyCustomer: row.isKeyCustomer,
    mode: row.mode,
    assignedUserId: row.assignedUserId,
    outletId: row.outletId,
    workOrderId: row.workOrderId,
    status: row.status,
    isOverdue: isOverdue(row, today),
    note: row.note,
    doneAt: row.doneAt?.toISOString() ?? null,
    version: row.version,
  }));
}

/** A quarter's visits (default: today's quarter), with the planned / done / overdue counts. */
export async function listPeriodic(ctx: AppContext, principal: UserPrincipal, query: z.infer<typeof ZPeriodicQuery>) {
  const today = shanghaiDate(ctx.clock.now());
  const quarter = query.quarter ?? quarterOf(today);
  const thisMonth = `${today.slice(0, 7)}-01`;
  const base = and(eq(followupPeriodicVisits.quarter, quarter), query.month ? eq(followupPeriodicVisits.plannedMonth, `${query.month}-01`) : undefined, query.mine === 'true' ? eq(followupPeriodicVisits.assignedUserId, principal.userId) : undefined);
  const statusWhere =
    query.status === 'done'
      ? eq(followupPeriodicVisits.status, 'done')
      : query.status === 'overdue'
        ? sql`${followupPeriodicVisits.status} = 'planned' and ${followupPeriodicVisits.plannedMonth} < ${thisMonth}`
        : query.status === 'planned'
          ? eq(followupPeriodicVisits.status, 'planned')
          : undefined;
  const [rows, [counts]] = await Promise.all([
    ctx.db.select().from(followupPeriodicVisits).where(and(base, statusWhere)).orderBy(followupPeriodicVisits.plannedMonth, followupPeriodicVisits.isKeyCustomer, followupPeriodicVisits.id).limit(500),
    queryRows<{ planned: number; done: number; overdue: number; total: number }>(
      ctx.db,
      sql`select count(*) filter (where status = 'planned')::int as planned, count(*) filter (where status = 'done')::int as done,
                 count(*) filter (where status = 'planned' and planned_month < ${thisMonth})::int as overdue, count(*)::int as total
          from followup_periodic_visits where quarter = ${quarter}
            ${query.month ? sql`and planned_month = ${`${query.month}-01`}` : sql``} ${query.mine === 'true' ? sql`and assigned_user_id = ${principal.userId}` : sql``}`,
    ),
  ]);
  return { items: await present(ctx.db, rows, today), total: counts.total, counts: { planned: counts.planned, done: counts.done, overdue: counts.overdue } };
}

async function lockVisit(tx: Executor, id: string, version: number): Promise<VisitRow> {
  const [row] = await tx.select().from(followupPeriodicVisits).where(eq(followupPeriodicVisits.id, id)).for('update');
  if (!row) throw notFound('Periodic visit');
  if (row.status === 'done') throw conflict('The visit is done', [{ path: ['status'], message: 'done' }]);
  if (row.version !== version) throw conflict('The visit was changed meanwhile; reload it', [{ path: ['version'], message: `current version is ${row.version}` }]);
  return row;
}

async function saveVisit(tx: Executor, actor: Actor, row: VisitRow, fields: Partial<VisitRow>, action: string, now: Date) {
  const [updated] = await tx.update(followupPeriodicVisits).set({ ...fields, version: row.version + 1, updatedAt: now }).where(eq(followupPeriodicVisits.id, row.id)).returning();
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) before[key] = row[key as keyof VisitRow];
  await recordAudit(tx, actor, { entity: 'followup_periodic_visit', entityId: row.id, action, before, after: fields });
  return updated;
}

/** A supervisor gives the visit to an agent (phone) or an outlet (on site). */
export async function assignPeriodic(ctx: AppContext, actor: Actor, id: string, body: z.infer<typeof ZPeriodicAssignBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const visit = await lockVisit(tx, id, body.version);
    if (body.mode === 'phone') {
      const account = (await findUserAccounts(tx, [body.userId!])).get(body.userId!);
      if (!account || account.isDisabled || !account.roles.some((role) => ROLE_PERMISSIONS[role].includes('followups.call'))) throw invalidField(['userId'], 'not an active user who takes follow-up calls');
      return saveVisit(tx, actor, visit, { mode: 'phone', assignedUserId: body.userId!, outletId: null }, 'assign', now);
    }
    const outlet = await findOutlet(tx, body.outletId!);
    if (!outlet) throw invalidField(['outletId'], 'no such outlet');
    return saveVisit(tx, actor, visit, { mode: 'onsite', outletId: outlet.id, assignedUserId: null }, 'assign', now);
  });
  return (await present(ctx.db, [row], shanghaiDate(now)))[0];
}

/** The visit done (a phone visit by its agent; an on-site one by a supervisor or the agent recording it), with what was said. */
export async function markPeriodicDone(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, body: z.infer<typeof ZPeriodicDoneBody>) {
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const visit = await lockVisit(tx, id, body.version);
    if (visit.mode === 'phone' && visit.assignedUserId && visit.assignedUserId !== principal.userId && !principal.permissions.has('followups.periodic')) {
      throw new AppError('forbidden', 'The visit is assigned to another agent', { details: [{ path: ['assignedUserId'], message: 'assigned to another agent' }] });
    }
    return saveVisit(tx, actor, visit, { status: 'done', note: body.note, doneAt: now, doneByUserId: principal.userId }, 'done', now);
  });
  return (await present(ctx.db, [row], shanghaiDate(now)))[0];
}
