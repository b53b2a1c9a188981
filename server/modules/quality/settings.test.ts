import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';

/** The quality settings carry their own version inside the stored JSON: PATCH the given fields with the version read, a stale one is a 409. */
describe('quality settings (PATCH with a version)', () => {
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  let t: TestApp;
  let manager: Session;
  let dispatcher: Session;

  beforeAll(async () => {
    t = await createTestApp({ clock });
    manager = (await signInAs(t.app, ['manager'])).session;
    dispatcher = (await signInAs(t.app, ['dispatcher'])).session;
  });
  afterAll(async () => t?.close());

  const stored = async () => (await queryRows<{ value: Record<string, unknown> }>(t.app.ctx.db, sql`select value from system_settings where key = 'quality.settings'`))[0]?.value;
  const audits = async () => (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log where entity = 'setting' and action = 'quality.settings'`))[0].n;

  it('answers the defaults at version 1 before anything is saved, the first-time fix streak 10', async () => {
    const response = await dispatcher.request('GET', '/api/quality/settings');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ repeatWindowDays: 90, repeatTicketTypes: ['repair'], faultGroups: {}, inspectInstallations: false, firstTimeFixStreak: 10, version: 1 });
  });

  it('changes only the given fields, stores the next version with them and audits the change', async () => {
    const response = await manager.request('PATCH', '/api/quality/settings', { firstTimeFixStreak: 5, version: 1 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ repeatWindowDays: 90, repeatTicketTypes: ['repair'], faultGroups: {}, inspectInstallations: false, firstTimeFixStreak: 5, version: 2 });
    expect(await stored()).toMatchObject({ firstTimeFixStreak: 5, repeatWindowDays: 90, version: 2 });
    expect(await audits()).toBe(1);
    const again = await manager.request('PATCH', '/api/quality/settings', { faultGroups: { E1: 'cooling' }, version: 2 });
    expect(again.json()).toMatchObject({ faultGroups: { E1: 'cooling' }, firstTimeFixStreak: 5, version: 3 });
  });

  it('refuses a stale version with 409 naming version; nothing changes', async () => {
    const before = await stored();
    const response = await manager.request('PATCH', '/api/quality/settings', { repeatWindowDays: 30, version: 2 });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.details).toEqual([{ path: ['version'], message: 'the settings are at version 3', code: 'stale_version' }]);
    expect(await stored()).toEqual(before);
    expect(await audits()).toBe(2);
  });

  it('refuses bad input with 400 naming the field (a streak below 2, no version, an unknown field); nothing changes', async () => {
    const before = await stored();
    for (const [body, path] of [
      [{ firstTimeFixStreak: 1, version: 3 }, ['firstTimeFixStreak']],
      [{ repeatWindowDays: 30 }, ['version']],
      [{ version: 3, bonus: true }, []],
    ] as const) {
      const response = await manager.request('PATCH', '/api/quality/settings', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      if (path.length) expect(response.json().error.details.map((detail: { path: unknown }) => detail.path)).toContainEqual(path);
    }
    expect(await stored()).toEqual(before);
  });

  it('is the manager’s: a dispatcher reads but may not change them (403)', async () => {
    expect((await dispatcher.request('PATCH', '/api/quality/settings', { repeatWindowDays: 30, version: 3 })).statusCode).toBe(403);
    expect((await stored())?.repeatWindowDays).toBe(90);
  });

  it('two saves of the same version at once: exactly one wins, the other is a 409', async () => {
    const { version } = (await manager.request('GET', '/api/quality/settings')).json() as { version: number };
    const responses = await Promise.all([30, 60].map((days) => manager.request('PATCH', '/api/quality/settings', { repeatWindowDays: days, version })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const winner = responses.find((response) => response.statusCode === 200)!.json() as { repeatWindowDays: number; version: number };
    expect(winner.version).toBe(version + 1);
    expect(await stored()).toMatchObject({ repeatWindowDays: winner.repeatWindowDays, version: version + 1 });
  });
});
