import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { createTestApp, signInAs, type TestApp } from '../../test/harness';
import { diffRecords, recordAudit } from './audit.service';

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('keeps only changed fields, redacts secrets and writes dates as ISO text', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(diffRecords({ a: 1, b: 2, passwordHash: 'x', at }, { a: 1, b: 3, passwordHash: 'y', at })).toEqual({
      before: { b: 2, passwordHash: '[redacted]' },
      after: { b: 3, passwordHash: '[redacted]' },
    });
    expect(diffRecords(null, { when: at })).toEqual({ before: null, after: { when: '2026-01-02T03:04:05.000Z' } });
  });

  it('an audit row written in a transaction that fails is rolled back with the write', async () => {
    const count = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log where entity = 'probe'`))[0].n;
    await expect(
      t.app.ctx.db.transaction(async (tx) => {
        await recordAudit(tx, SYSTEM_ACTOR, { entity: 'probe', action: 'created', after: { x: 1 } });
        throw new Error('write failed');
      }),
    ).rejects.toThrow('write failed');
    expect(await count()).toBe(0);
  });

  it('admins and managers read it with filters, newest first; the request id and IP are kept', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const manager = await signInAs(t.app, ['manager']);
    const created = await admin.session.request('POST', '/api/outlets', { code: 'AUD-1', name: '审计网点', kind: 'own' });
    const outletId = created.json().id;
    await admin.session.request('PATCH', `/api/outlets/${outletId}`, { name: '审计网点（改）' });
    const list = await manager.session.request('GET', `/api/audit?entity=outlet&entityId=${outletId}`);
    expect(list.statusCode).toBe(200);
    const items = list.json().items;
    expect(items.map((item: { action: string }) => item.action)).toEqual(['updated', 'created']);
    expect(items[0].before).toEqual({ name: '审计网点', updatedAt: expect.any(String) });
    expect(items[0].after.name).toBe('审计网点（改）');
    expect(items[0].requestId).not.toBe(items[1].requestId);
    expect(items[1].ip).toBe('127.0.0.1');
    expect(items[1].requestId).toBe(created.headers['x-request-id']);
    expect(items[0].actorName).toBe(admin.user.username);

    const byActor = await manager.session.request('GET', `/api/audit?actorId=${admin.user.id}&action=created&entity=outlet`);
    expect(byActor.json().items.map((item: { entityId: string }) => item.entityId)).toContain(outletId);
    const future = await manager.session.request('GET', `/api/audit?from=${encodeURIComponent('2099-01-01T00:00:00Z')}`);
    expect(future.json().total).toBe(0);
  });

  it('rejects a malformed date filter naming the field', async () => {
    const admin = await signInAs(t.app, ['admin']);
    const response = await admin.session.request('GET', '/api/audit?from=yesterday');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toEqual(['from']);
  });
});
