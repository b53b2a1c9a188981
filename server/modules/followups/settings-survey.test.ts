import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FOLLOWUP_SETTINGS } from '../../../contracts/followups';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { newId } from '../../platform/ids';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { buildCustomer, uniqueMobile } from '../../test/archive-factories';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { createTasksForVisit } from './tasks.service';

describe('follow-up policy edit and survey by link', () => {
  const clock = createFakeClock('2026-11-23T02:00:00Z'); // Mon 11-23 10:00 Shanghai
  let t: TestApp;
  let agent: Session;
  let manager: Session;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    agent = (await signInAs(t.app, ['agent'])).session;
    manager = (await signInAs(t.app, ['manager'])).session;
  });
  afterAll(() => t.close());

  async function newTask(): Promise<{ id: string; phone: string }> {
    const phone = uniqueMobile();
    const customer = await buildCustomer(t.app, { phone });
    const workOrderId = newId();
    const payload = { workOrderId, number: `PG-${workOrderId.slice(-4)}`, ticketId: newId(), customerId: customer.id, assetId: null, type: 'repair', outletId: null, technicianId: null, finishedAt: '2026-11-20T02:00:00Z', modelId: null, partsUsed: [], assignedUserId: null, workDone: '更换电容' };
    await t.app.ctx.db.transaction((tx) => createTasksForVisit(tx, payload, { actor: SYSTEM_ACTOR, now: clock.now() }, { ...DEFAULT_FOLLOWUP_SETTINGS, secondRoundRules: [] }));
    const [row] = await queryRows<{ id: string }>(t.app.ctx.db, sql`select id from followup_tasks where work_order_id = ${workOrderId}`);
    return { id: row.id, phone };
  }

  it('a manager changes only the given fields with the version read; a stale version is a 409 naming version; an agent may not edit', async () => {
    const read = await agent.request('GET', '/api/followups/settings');
    expect(read.statusCode).toBe(200);
    const { version } = read.json();
    expect((await agent.request('PUT', '/api/followups/settings', { version, maxAttempts: 5 })).statusCode).toBe(403);
    const saved = await manager.request('PUT', '/api/followups/settings', { version, maxAttempts: 4, auditSharePercent: 10 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ...read.json(), maxAttempts: 4, auditSharePercent: 10, version: version + 1 });
    const stale = await manager.request('PUT', '/api/followups/settings', { version, maxAttempts: 6 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].path).toEqual(['version']);
    const unknown = await manager.request('PUT', '/api/followups/settings', { version: version + 1, lowRatingCategories: ['太贵'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0].path).toEqual(['lowRatingCategories', 0]);
    const after = (await agent.request('GET', '/api/followups/settings')).json();
    expect(after).toMatchObject({ maxAttempts: 4, auditSharePercent: 10, version: version + 1 });
    const audits = await queryRows<{ action: string }>(t.app.ctx.db, sql`select action from audit_log where entity = 'system_setting' and entity_id = 'followups.settings'`);
    expect(audits).toHaveLength(1);
    // Back to the defaults for the other tests.
    expect((await manager.request('PUT', '/api/followups/settings', { version: version + 1, maxAttempts: 3, auditSharePercent: 5 })).statusCode).toBe(200);
  });

  it('sends a one-time link by SMS; the customer answers without signing in and the task closes; a second answer is a 409 naming token', async () => {
    const task = await newTask();
    const sent = await agent.request('POST', `/api/followups/${task.id}/survey`, { version: 1 });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().expiresAt).toBe('2026-11-26T02:00:00.000Z'); // 72 h
    const [message] = await queryRows<{ recipient: string; body: string; template: string }>(t.app.ctx.db, sql`select recipient, body, template from outbox_messages where template = 'followup_survey' and recipient = ${task.phone}`);
    expect(message.body).toMatch(/\/portal\/survey\/[A-Za-z0-9_-]{32}$/);
    const token = message.body.split('/portal/survey/')[1];
    const [stored] = await queryRows<{ token_hash: string }>(t.app.ctx.db, sql`select token_hash from followup_surveys where task_id = ${task.id}`);
    expect(stored.token_hash).not.toContain(token); // only the hash is kept

    const view = await t.app.inject({ method: 'GET', url: `/api/portal/surveys/${token}` });
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ workDone: '更换电容', categories: DEFAULT_FOLLOWUP_SETTINGS.dissatisfactionCategories });
    const bad = await t.app.inject({ method: 'POST', url: `/api/portal/surveys/${token}`, payload: { overall: 6, attitude: 5, skill: 5, timeliness: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('overall');
    const answered = await t.app.inject({ method: 'POST', url: `/api/portal/surveys/${token}`, payload: { overall: 5, attitude: 5, skill: 4, timeliness: 3, categories: ['响应慢'], comment: '师傅很专业' } });
    expect(answered.statusCode, answered.body).toBe(200);
    const [row] = await queryRows<{ status: string; closing: string }>(t.app.ctx.db, sql`select status, closing from followup_tasks where id = ${task.id}`);
    expect(row).toEqual({ status: 'closed', closing: 'closed' });
    const [outcome] = await queryRows<{ source: string; overall: number; recorded_by_user_id: string | null }>(t.app.ctx.db, sql`select source, overall, recorded_by_user_id from followup_outcomes where task_id = ${task.id}`);
    expect(outcome).toEqual({ source: 'survey', overall: 5, recorded_by_user_id: null });

    const twice = await t.app.inject({ method: 'POST', url: `/api/portal/surveys/${token}`, payload: { overall: 1, attitude: 1, skill: 1, timeliness: 1 } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.details[0]).toMatchObject({ path: ['token'], message: 'already used' });
    expect((await queryRows<{ overall: number }>(t.app.ctx.db, sql`select overall from followup_outcomes where task_id = ${task.id}`))[0].overall).toBe(5);
  });

  it('an expired link is a 409 naming token and changes nothing; an unknown one a 404', async () => {
    const task = await newTask();
    expect((await agent.request('POST', `/api/followups/${task.id}/survey`, { version: 1 })).statusCode).toBe(200);
    const [message] = await queryRows<{ body: string }>(t.app.ctx.db, sql`select body from outbox_messages where template = 'followup_survey' and recipient = ${task.phone}`);
    const token = message.body.split('/portal/survey/')[1];
    clock.advance(73 * 3_600_000);
    try {
      const late = await t.app.inject({ method: 'POST', url: `/api/portal/surveys/${token}`, payload: { overall: 4, attitude: 4, skill: 4, timeliness: 4 } });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.details[0]).toMatchObject({ path: ['token'], message: 'expired' });
      const [row] = await queryRows<{ status: string }>(t.app.ctx.db, sql`select status from followup_tasks where id = ${task.id}`);
      expect(row.status).toBe('open');
    } finally {
      clock.advance(-73 * 3_600_000);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/portal/surveys/${'x'.repeat(32)}` })).statusCode).toBe(404);
  });
});
