import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS, type TFollowupSettings } from '../../../contracts/followups';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { createTestApp, type TestApp } from '../../test/harness';
import { createTasksForVisit, type CompletedVisit } from './tasks.service';

/** Completed visits given as the event payload; the fixed clock is the `now` of the delivery. */
describe('follow-up tasks on a completed visit', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(() => t.close());

  const visit = (finishedAt: string, over: Partial<CompletedVisit> = {}): CompletedVisit => ({
    workOrderId: newId(),
    number: 'PG-TEST',
    ticketId: newId(),
    customerId: newId(),
    assetId: null,
    type: 'repair',
    outletId: null,
    technicianId: null,
    finishedAt,
    modelId: null,
    partsUsed: [],
    assignedUserId: null,
    workDone: '更换电容',
    ...over,
  });

  async function create(payload: CompletedVisit, settings: TFollowupSettings = { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [] }) {
    await t.app.ctx.db.transaction((tx) => createTasksForVisit(tx, payload, { actor: SYSTEM_ACTOR, now: clock.now() }, settings));
    return queryRows<{ round: number; due_date: string; due_at: Date; is_due_provisional: boolean; status: string; opens_at: Date; work_done: string }>(
      t.app.ctx.db,
      sql`select round, due_date::text as due_date, due_at, is_due_provisional, status, opens_at, work_done from followup_tasks where work_order_id = ${payload.workOrderId} order by round`,
    );
  }

  it('is due on the 3rd working day: the National Day holidays skipped, the make-up Saturday counted', async () => {
    // Wed 2026-09-30 10:00 Shanghai; 10-01..07 are holidays, Thu 08 and Fri 09 count, Sat 10-10 is a make-up working day.
    const [task] = await create(visit('2026-09-30T02:00:00Z'));
    expect(task.due_date).toBe('2026-10-10');
    expect(new Date(task.due_at).toISOString()).toBe('2026-10-10T16:00:00.000Z'); // the end of 10-10 in Shanghai
    expect(task.is_due_provisional).toBe(false);
    expect(task.status).toBe('open');
    expect(task.work_done).toBe('更换电容');
  });

  it('counts from the Shanghai date, not the UTC one, and skips the weekend', async () => {
    // 2026-11-19T16:30Z is Fri 11-20 00:30 in Shanghai (Thu in UTC): Mon 23, Tue 24, Wed 25.
    const [task] = await create(visit('2026-11-19T16:30:00Z'));
    expect(task.due_date).toBe('2026-11-25');
  });

  it('flags a due date counted through a year without calendar data as provisional', async () => {
    const [task] = await create(visit('2026-12-30T02:00:00Z'));
    // Thu 31, then 2027 has no data: every day counts as a working day (sla's rule), flagged.
    expect(task.due_date).toBe('2027-01-02');
    expect(task.is_due_provisional).toBe(true);
  });

  it('takes the number of working days from the policy', async () => {
    const [task] = await create(visit('2026-11-19T16:30:00Z'), { ...DEFAULT_FOLLOWUP_SETTINGS, dueWorkingDays: 1, secondRoundRules: [] });
    expect(task.due_date).toBe('2026-11-23');
  });

  it('adds a second round a week later only where a rule matches the work type', async () => {
    const settings = { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [{ workType: 'installation' as const }] };
    const repair = await create(visit('2026-11-19T16:30:00Z'), settings);
    expect(repair.map((task) => task.round)).toEqual([1]);
    const installation = await create(visit('2026-11-19T16:30:00Z', { type: 'installation' }), settings);
    expect(installation.map((task) => task.round)).toEqual([1, 2]);
    // Opens Fri 11-27 (a week after Fri 11-20), due three working days later: Mon 30, Tue 12-01, Wed 12-02.
    expect(new Date(installation[1].opens_at).toISOString()).toBe('2026-11-26T16:00:00.000Z');
    expect(installation[1].due_date).toBe('2026-12-02');
  });

  it('the default policy gives a key customer a second round, others none (customer unknown → not key)', async () => {
    const tasks = await create(visit('2026-11-19T16:30:00Z'), DEFAULT_FOLLOWUP_SETTINGS);
    expect(tasks.map((task) => task.round)).toEqual([1]);
  });

  it('is idempotent: a second delivery of the same visit adds no task and no audit row', async () => {
    const payload = visit('2026-11-19T16:30:00Z', { type: 'installation' });
    const settings = { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [{ workType: 'installation' as const }] };
    expect(await create(payload, settings)).toHaveLength(2);
    expect(await create(payload, settings)).toHaveLength(2);
    const audits = await queryRows<{ n: number }>(
      t.app.ctx.db,
      sql`select count(*)::int as n from audit_log where entity = 'followup_task' and entity_id in (select id::text from followup_tasks where work_order_id = ${payload.workOrderId})`,
    );
    expect(audits[0].n).toBe(2);
  });
});
