import { desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { calendarDays, calendarYears, slaPolicies, ticketClocks } from './sla.tables';

export type CalendarDayRow = typeof calendarDays.$inferSelect;
export type CalendarYearRow = typeof calendarYears.$inferSelect;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type ClockRow = typeof ticketClocks.$inferSelect;
export type ClockInsert = typeof ticketClocks.$inferInsert;

/** Every day of the calendar (statutory and admins'). */
export async function findCalendarDays(executor: Executor): Promise<CalendarDayRow[]> {
  return executor.select().from(calendarDays);
}

/** The years whose arrangement is complete. */
export async function findCalendarYears(executor: Executor): Promise<CalendarYearRow[]> {
  return executor.select().from(calendarYears);
}

export async function findCalendarDay(executor: Executor, date: string): Promise<CalendarDayRow | undefined> {
  const [row] = await executor.select().from(calendarDays).where(eq(calendarDays.date, date));
  return row;
}

/** Writes an admin's day, replacing whatever the date held. */
export async function upsertAdminCalendarDay(executor: Executor, day: { date: string; kind: CalendarDayRow['kind']; name: string | null; updatedAt: Date }): Promise<void> {
  await executor
    .insert(calendarDays)
    .values({ date: day.date, kind: day.kind, name: day.name, source: 'admin', updatedAt: day.updatedAt })
    .onConflictDoUpdate({ target: calendarDays.date, set: { kind: day.kind, name: day.name, source: 'admin', updatedAt: day.updatedAt } });
}

/** Records a year as known; a year already known stays as it is. */
export async function insertCalendarYear(executor: Executor, row: typeof calendarYears.$inferInsert): Promise<void> {
  await executor.insert(calendarYears).values(row).onConflictDoNothing();
}

/** Every policy, highest priority first. */
export async function findPolicies(executor: Executor): Promise<PolicyRow[]> {
  return executor.select().from(slaPolicies).orderBy(desc(slaPolicies.priority));
}

/** The active policies, highest priority first. */
export async function findActivePolicies(executor: Executor): Promise<PolicyRow[]> {
  return executor.select().from(slaPolicies).where(eq(slaPolicies.isActive, true)).orderBy(desc(slaPolicies.priority));
}

export async function findPolicyById(executor: Executor, id: string): Promise<PolicyRow | undefined> {
  const [row] = await executor.select().from(slaPolicies).where(eq(slaPolicies.id, id));
  return row;
}

export async function insertPolicy(executor: Executor, row: typeof slaPolicies.$inferInsert): Promise<PolicyRow> {
  const [created] = await executor.insert(slaPolicies).values(row).returning();
  return created;
}

export async function updatePolicy(executor: Executor, id: string, patch: Partial<typeof slaPolicies.$inferInsert>): Promise<PolicyRow> {
  const [updated] = await executor.update(slaPolicies).set(patch).where(eq(slaPolicies.id, id)).returning();
  return updated;
}

/** The INSERT of clock rows as SQL (not run), for a caller that sends it inside a larger statement. */
export function buildTicketClocksInsert(executor: Executor, clocks: ClockInsert[]): SQL {
  return executor.insert(ticketClocks).values(clocks).getSQL();
}

export async function findTicketClocks(executor: Executor, ticketId: string): Promise<ClockRow[]> {
  return executor.select().from(ticketClocks).where(eq(ticketClocks.ticketId, ticketId));
}

/** A ticket's clocks locked for update, for read-modify-write in a transaction. */
export async function findTicketClocksForUpdate(executor: Executor, ticketId: string): Promise<ClockRow[]> {
  return executor.select().from(ticketClocks).where(eq(ticketClocks.ticketId, ticketId)).for('update');
}

/** Every clock not yet stopped (what the scan re-evaluates). */
export async function findOpenTicketClocks(executor: Executor): Promise<ClockRow[]> {
  return executor.select().from(ticketClocks).where(isNull(ticketClocks.stoppedAt));
}

export async function updateTicketClock(executor: Executor, id: string, patch: Partial<ClockInsert>): Promise<void> {
  await executor.update(ticketClocks).set(patch).where(eq(ticketClocks.id, id));
}
