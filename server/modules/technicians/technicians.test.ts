import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { createFakeClock } from '../../platform/clock';
import { buildOutlet, buildUser, createTestApp, signIn, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildModel } from '../../test/archive-factories';
import { findTechniciansOfOutlets } from './technicians.service';

const MISSING = '00000000-0000-4000-8000-000000000000';

async function auditCount(t: TestApp) {
  const [row] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from audit_log`);
  return row.n;
}

const fieldPaths = (response: { json: () => { error: { details?: { path: unknown[] }[] } } }) =>
  (response.json().error.details ?? []).map((detail) => detail.path.join('.'));

describe('technicians', () => {
  let t: TestApp;
  let admin: Session;
  let outletA: { id: string; name: string };
  let outletB: { id: string; name: string };
  // 2026-11-22 10:00 in Shanghai
  const clock = createFakeClock('2026-11-22T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ clock });
    admin = (await signInAs(t.app, ['admin'])).session;
    outletA = await buildOutlet(t.app);
    outletB = await buildOutlet(t.app);
  });
  afterAll(() => t.close());

  async function createTechnician(outletId: string, extra: Record<string, unknown> = {}) {
    const user = await buildUser(t.app, { roles: ['technician'], outletId });
    const response = await admin.request('POST', '/api/technicians', { userId: user.id, outletId, grade: 'intermediate', ...extra });
    expect(response.statusCode, response.body).toBe(201);
    return { user, technician: response.json() };
  }

  it('creates a technician from a technician user: name from the display name, skills, hours, audit row', async () => {
    const { category } = await buildModel(t.app);
    const vehicle = (await admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪A 1234 5', name: '依维柯' })).json();
    const user = await buildUser(t.app, { roles: ['technician'], outletId: outletA.id });
    const response = await admin.request('POST', '/api/technicians', {
      userId: user.id,
      outletId: outletA.id,
      grade: 'senior',
      phone: '13800138000',
      skills: [{ categoryId: category.id, workType: 'installation' }, { categoryId: category.id, workType: 'installation' }, { categoryId: null, workType: 'repair' }],
      workingDays: [5, 1, 2, 2],
      workStartMinute: 540,
      workEndMinute: 1020,
      vehicleId: vehicle.id,
      baseLatitude: 31.2,
      baseLongitude: 121.5,
    });
    expect(response.statusCode, response.body).toBe(201);
    const view = response.json();
    expect(view).toMatchObject({
      userId: user.id,
      username: user.username,
      name: user.displayName,
      outletId: outletA.id,
      outletName: outletA.name,
      grade: 'senior',
      workingDays: [1, 2, 5],
      workStartMinute: 540,
      workEndMinute: 1020,
      vehicleId: vehicle.id,
      isActive: true,
      certifications: [],
      isDispatchable: false,
    });
    expect(view.skills).toHaveLength(2);
    const [stored] = await queryRows<{ name: string; grade: string }>(t.app.ctx.db, sql`select name, grade from technicians where id = ${view.id}`);
    expect(stored).toEqual({ name: user.displayName, grade: 'senior' });
    const audit = (await admin.request('GET', `/api/audit?entity=technician&entityId=${view.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'created' });
    expect(vehicle.plate).toBe('沪A12345');
  });

  it('refuses a user who is missing, disabled or not a technician, naming userId, and writes nothing', async () => {
    const agent = await buildUser(t.app, { roles: ['agent'] });
    const disabled = await buildUser(t.app, { roles: ['technician'], outletId: outletA.id });
    expect((await admin.request('PATCH', `/api/users/${disabled.id}`, { isDisabled: true })).statusCode).toBe(200);
    const afterDisable = await auditCount(t);
    for (const userId of [MISSING, agent.id, disabled.id]) {
      const response = await admin.request('POST', '/api/technicians', { userId, outletId: outletA.id, grade: 'junior' });
      expect(response.statusCode).toBe(400);
      expect(fieldPaths(response)).toEqual(['userId']);
    }
    expect(await auditCount(t)).toBe(afterDisable);
    const [{ n }] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from technicians where user_id in (${agent.id}, ${disabled.id})`);
    expect(n).toBe(0);
  });

  it('allows one technician record per user (409 naming userId)', async () => {
    const { user } = await createTechnician(outletA.id);
    const response = await admin.request('POST', '/api/technicians', { userId: user.id, outletId: outletA.id, grade: 'junior' });
    expect(response.statusCode).toBe(409);
    expect(fieldPaths(response)).toEqual(['userId']);
  });

  it('names the field for an unknown outlet, an unknown category, hours out of order, a vehicle of another outlet, half coordinates', async () => {
    const user = await buildUser(t.app, { roles: ['technician'], outletId: outletA.id });
    const otherVehicle = (await admin.request('POST', '/api/vehicles', { outletId: outletB.id, plate: '浙A88888' })).json();
    const base = { userId: user.id, outletId: outletA.id, grade: 'junior' };
    const cases: [Record<string, unknown>, string][] = [
      [{ outletId: MISSING }, 'outletId'],
      [{ skills: [{ categoryId: null, workType: 'repair' }, { categoryId: MISSING, workType: 'repair' }] }, 'skills.1.categoryId'],
      [{ workStartMinute: 600, workEndMinute: 600 }, 'workEndMinute'],
      [{ vehicleId: otherVehicle.id }, 'vehicleId'],
      [{ vehicleId: MISSING }, 'vehicleId'],
      [{ baseLatitude: 31.2 }, 'baseLongitude'],
      [{ grade: 'wizard' }, 'grade'],
      [{ skills: [{ categoryId: null, workType: 'dancing' }] }, 'skills.0.workType'],
      [{ workingDays: [0] }, 'workingDays.0'],
      [{ extra: true }, 'extra'],
    ];
    const before = await auditCount(t);
    for (const [patch, path] of cases) {
      const response = await admin.request('POST', '/api/technicians', { ...base, ...patch });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(400);
      expect(fieldPaths(response)).toContain(path);
    }
    expect(await auditCount(t)).toBe(before);
  });

  it('updates a technician; moving to another outlet drops the old outlet vehicle; bad hours name the field', async () => {
    const vehicle = (await admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪B55555' })).json();
    const { technician } = await createTechnician(outletA.id, { vehicleId: vehicle.id });
    const bad = await admin.request('PATCH', `/api/technicians/${technician.id}`, { workEndMinute: 300 });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad)).toEqual(['workEndMinute']);
    const response = await admin.request('PATCH', `/api/technicians/${technician.id}`, { outletId: outletB.id, grade: 'master', isActive: false, maxOrdersPerDay: 5 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ outletId: outletB.id, outletName: outletB.name, grade: 'master', isActive: false, maxOrdersPerDay: 5, vehicleId: null });
    const wrongVehicle = await admin.request('PATCH', `/api/technicians/${technician.id}`, { vehicleId: vehicle.id });
    expect(fieldPaths(wrongVehicle)).toEqual(['vehicleId']);
    const audit = (await admin.request('GET', `/api/audit?entity=technician&entityId=${technician.id}&action=updated`)).json().items;
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ grade: 'master', isActive: false });
    expect((await admin.request('PATCH', `/api/technicians/${MISSING}`, { grade: 'junior' })).statusCode).toBe(404);
  });

  it('a valid 上岗证 makes a technician dispatchable; an expired one (before today in Shanghai) does not', async () => {
    const { user, technician } = await createTechnician(outletA.id);
    // valid through its expiry date: today (Shanghai) still counts
    const valid = await admin.request('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'work_permit', number: 'SG-001', issuedOn: '2024-01-01', expiresOn: '2026-11-22' });
    expect(valid.statusCode, valid.body).toBe(201);
    expect(valid.json().isDispatchable).toBe(true);
    expect(valid.json().certifications[0]).toMatchObject({ kind: 'work_permit', number: 'SG-001', expiresOn: '2026-11-22', isValid: true });

    const { technician: expired } = await createTechnician(outletA.id);
    const response = await admin.request('POST', `/api/technicians/${expired.id}/certifications`, { kind: 'work_permit', expiresOn: '2026-11-21' });
    expect(response.json()).toMatchObject({ isDispatchable: false, certifications: [{ isValid: false }] });
    // another kind of certificate does not replace the 上岗证
    const electrician = await admin.request('POST', `/api/technicians/${expired.id}/certifications`, { kind: 'electrician', expiresOn: '2030-01-01' });
    expect(electrician.json().isDispatchable).toBe(false);

    // the day moves on in Shanghai (16:00 UTC = 00:00 next day): yesterday's expiry is no longer valid
    clock.set('2026-11-22T16:00:00Z');
    try {
      // a fresh session at the new time (the admin session has gone idle meanwhile)
      const manager = await signInAs(t.app, ['manager']);
      const later = (await manager.session.request('GET', `/api/technicians/${technician.id}`)).json();
      expect(later).toMatchObject({ userId: user.id, isDispatchable: false, certifications: [{ expiresOn: '2026-11-22', isValid: false }] });
    } finally {
      clock.set('2026-11-22T02:00:00Z');
    }
  });

  it('an inactive technician with a valid 上岗证 is not dispatchable', async () => {
    const { technician } = await createTechnician(outletA.id);
    await admin.request('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'work_permit', expiresOn: '2030-01-01' });
    const response = await admin.request('PATCH', `/api/technicians/${technician.id}`, { isActive: false });
    expect(response.json().isDispatchable).toBe(false);
  });

  it('adds and removes certifications and absences, each audited; bad dates name the field', async () => {
    const { technician } = await createTechnician(outletA.id);
    const certification = (await admin.request('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'gas', expiresOn: '2028-05-01' })).json().certifications[0];
    const backwards = await admin.request('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'gas', issuedOn: '2029-01-01', expiresOn: '2028-05-01' });
    expect(backwards.statusCode).toBe(400);
    expect(fieldPaths(backwards)).toEqual(['expiresOn']);
    const badDate = await admin.request('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'gas', expiresOn: '2028-13-01' });
    expect(fieldPaths(badDate)).toEqual(['expiresOn']);

    const absence = await admin.request('POST', `/api/technicians/${technician.id}/absences`, { kind: 'leave', startsAt: '2026-11-24T00:00:00+08:00', endsAt: '2026-11-25T00:00:00+08:00', note: '事假' });
    expect(absence.statusCode, absence.body).toBe(201);
    const [stored] = absence.json().absences;
    expect(stored).toMatchObject({ kind: 'leave', startsAt: '2026-11-23T16:00:00.000Z', endsAt: '2026-11-24T16:00:00.000Z', note: '事假' });
    const reversed = await admin.request('POST', `/api/technicians/${technician.id}/absences`, { kind: 'leave', startsAt: '2026-11-25T00:00:00+08:00', endsAt: '2026-11-24T00:00:00+08:00' });
    expect(reversed.statusCode).toBe(400);
    expect(fieldPaths(reversed)).toEqual(['endsAt']);

    const other = await createTechnician(outletA.id);
    // someone else's certification id under this technician is not found
    expect((await admin.request('DELETE', `/api/technicians/${other.technician.id}/certifications/${certification.id}`)).statusCode).toBe(404);
    const removed = await admin.request('DELETE', `/api/technicians/${technician.id}/certifications/${certification.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().certifications).toEqual([]);
    const removedAbsence = await admin.request('DELETE', `/api/technicians/${technician.id}/absences/${stored.id}`);
    expect(removedAbsence.json().absences).toEqual([]);
    expect((await admin.request('DELETE', `/api/technicians/${technician.id}/absences/${stored.id}`)).statusCode).toBe(404);
    expect((await admin.request('POST', `/api/technicians/${MISSING}/absences`, { kind: 'leave', startsAt: '2026-11-24T00:00:00+08:00', endsAt: '2026-11-25T00:00:00+08:00' })).statusCode).toBe(404);

    const actions = (await admin.request('GET', `/api/audit?entity=technician&entityId=${technician.id}`)).json().items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(expect.arrayContaining(['created', 'certification_added', 'certification_removed', 'absence_added', 'absence_removed']));
  });

  it('outlet staff see only their outlet technicians; another outlet technician is 404', async () => {
    const own = await createTechnician(outletA.id);
    const foreign = await createTechnician(outletB.id);
    const outletUser = await signInAs(t.app, ['outlet'], { outletId: outletA.id });
    const list = (await outletUser.session.request('GET', '/api/technicians?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((item: { outletId: string }) => item.outletId === outletA.id)).toBe(true);
    expect(list.items.map((item: { id: string }) => item.id)).toContain(own.technician.id);
    expect((await outletUser.session.request('GET', `/api/technicians/${own.technician.id}`)).statusCode).toBe(200);
    expect((await outletUser.session.request('GET', `/api/technicians/${foreign.technician.id}`)).statusCode).toBe(404);
    // asking for the other outlet explicitly still shows nothing
    const filtered = (await outletUser.session.request('GET', `/api/technicians?outletId=${outletB.id}`)).json();
    expect(filtered.total).toBe(0);
    // vehicles are scoped the same way
    const vehicles = (await outletUser.session.request('GET', '/api/vehicles?pageSize=100')).json();
    expect(vehicles.items.every((item: { outletId: string }) => item.outletId === outletA.id)).toBe(true);
    const all = (await admin.request('GET', `/api/vehicles?outletId=${outletB.id}`)).json();
    expect(all.total).toBeGreaterThan(0);
  });

  it('filters the list by text, outlet and active state', async () => {
    const { technician, user } = await createTechnician(outletB.id);
    await admin.request('PATCH', `/api/technicians/${technician.id}`, { isActive: false });
    const byName = (await admin.request('GET', `/api/technicians?q=${encodeURIComponent(user.displayName)}`)).json();
    expect(byName.items.map((item: { id: string }) => item.id)).toEqual([technician.id]);
    const inactive = (await admin.request('GET', `/api/technicians?outletId=${outletB.id}&isActive=false`)).json();
    expect(inactive.items.map((item: { id: string }) => item.id)).toContain(technician.id);
    expect(inactive.items.every((item: { isActive: boolean }) => !item.isActive)).toBe(true);
  });

  it('GET /api/technicians/me answers the signed-in technician own record, 404 without one', async () => {
    const { user, technician } = await createTechnician(outletA.id);
    const session = await signIn(t.app, user.username);
    const me = await session.request('GET', '/api/technicians/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: technician.id, userId: user.id });
    const newcomer = await signInAs(t.app, ['technician'], { outletId: outletA.id });
    expect((await newcomer.session.request('GET', '/api/technicians/me')).statusCode).toBe(404);
  });

  it('vehicles: plate unique (409 naming plate, also after normalising), unknown outlet names outletId, updates audited', async () => {
    const created = await admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪C12345' });
    expect(created.statusCode).toBe(201);
    const duplicate = await admin.request('POST', '/api/vehicles', { outletId: outletB.id, plate: '沪c 12345' });
    expect(duplicate.statusCode).toBe(409);
    expect(fieldPaths(duplicate)).toEqual(['plate']);
    const badOutlet = await admin.request('POST', '/api/vehicles', { outletId: MISSING, plate: '沪D00001' });
    expect(badOutlet.statusCode).toBe(400);
    expect(fieldPaths(badOutlet)).toEqual(['outletId']);
    const other = (await admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪C99999' })).json();
    const clash = await admin.request('PATCH', `/api/vehicles/${other.id}`, { plate: '沪C12345' });
    expect(clash.statusCode).toBe(409);
    expect(fieldPaths(clash)).toEqual(['plate']);
    const updated = await admin.request('PATCH', `/api/vehicles/${other.id}`, { isActive: false, name: '五菱' });
    expect(updated.json()).toMatchObject({ isActive: false, name: '五菱', plate: '沪C99999' });
    const audit = (await admin.request('GET', `/api/audit?entity=vehicle&entityId=${other.id}`)).json().items;
    expect(audit.map((item: { action: string }) => item.action).sort()).toEqual(['created', 'updated']);
    // a vehicle in use cannot move to another outlet
    const inUse = (await admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪E12121' })).json();
    await createTechnician(outletA.id, { vehicleId: inUse.id });
    const move = await admin.request('PATCH', `/api/vehicles/${inUse.id}`, { outletId: outletB.id });
    expect(move.statusCode).toBe(409);
    expect(fieldPaths(move)).toEqual(['outletId']);
  });

  it('findTechniciansOfOutlets returns technicians of the outlets with their certifications and absences', async () => {
    const outlet = await buildOutlet(t.app);
    const first = await createTechnician(outlet.id);
    const second = await createTechnician(outlet.id);
    await admin.request('POST', `/api/technicians/${first.technician.id}/certifications`, { kind: 'work_permit', expiresOn: '2030-01-01' });
    await admin.request('POST', `/api/technicians/${second.technician.id}/absences`, { kind: 'training', startsAt: '2026-11-24T09:00:00+08:00', endsAt: '2026-11-24T17:00:00+08:00' });
    const rows = await findTechniciansOfOutlets(t.app.ctx.db, [outlet.id]);
    expect(rows).toHaveLength(2);
    const byId = new Map(rows.map((row) => [row.technician.id, row]));
    expect(byId.get(first.technician.id)!.certifications.map((row) => row.kind)).toEqual(['work_permit']);
    expect(byId.get(first.technician.id)!.absences).toEqual([]);
    expect(byId.get(second.technician.id)!.absences.map((row) => row.kind)).toEqual(['training']);
    expect(await findTechniciansOfOutlets(t.app.ctx.db, [])).toEqual([]);
  });

  it('two vehicles registered at the same moment with one plate: one is created, the other gets 409 (never a 500)', async () => {
    const responses = await Promise.all([0, 1, 2].map(() => admin.request('POST', '/api/vehicles', { outletId: outletA.id, plate: '沪D77777' })));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409, 409]);
    for (const response of responses.filter((item) => item.statusCode === 409)) expect(response.json().error.code).toBe('conflict');
    const rows = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from vehicles where plate = '沪D77777'`);
    expect(rows[0].n).toBe(1);
  });
});
