import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { buildOutlet, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { isDistrictCode } from './outlets.service';

const fieldPaths = (response: { json: () => { error: { details?: { path: unknown[] }[] } } }) =>
  (response.json().error.details ?? []).map((detail) => detail.path.join('.'));

describe('outlet service areas', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await signInAs(t.app, ['admin'])).session;
  });
  afterAll(() => t.close());

  it('knows districts from cities and provinces', () => {
    expect(isDistrictCode('310115')).toBe(true); // 浦东新区
    expect(isDistrictCode('429004')).toBe(true); // 仙桃市, a county-level city under the province
    expect(isDistrictCode('310100')).toBe(false); // a city
    expect(isDistrictCode('310000')).toBe(false); // a province
    expect(isDistrictCode('310199')).toBe(false);
  });

  it('creates an outlet with its area, hours, capacity and contacts, stored and audited', async () => {
    const response = await admin.request('POST', '/api/outlets', {
      code: 'sh-area-1',
      name: '浦东服务站',
      kind: 'own',
      districtCode: '310115',
      latitude: 31.2,
      longitude: 121.54,
      serviceDistricts: ['310115', '310112', '310115'],
      serviceRadiusKm: 25,
      dailyCapacity: { installation: 12, repair: 30 },
      workStartMinute: 510,
      workEndMinute: 1050,
      contacts: [{ name: '王站长', phone: '13800138000', title: '站长' }],
    });
    expect(response.statusCode, response.body).toBe(201);
    const outlet = response.json();
    expect(outlet).toMatchObject({
      code: 'SH-AREA-1',
      districtCode: '310115',
      latitude: 31.2,
      longitude: 121.54,
      serviceDistricts: ['310115', '310112'],
      serviceRadiusKm: 25,
      dailyCapacity: { installation: 12, repair: 30 },
      workStartMinute: 510,
      workEndMinute: 1050,
      contacts: [{ name: '王站长', phone: '13800138000', title: '站长' }],
    });
    const [stored] = await queryRows<{ service_districts: string[]; work_start_minute: number }>(t.app.ctx.db, sql`select service_districts, work_start_minute from outlets where id = ${outlet.id}`);
    expect(stored).toEqual({ service_districts: ['310115', '310112'], work_start_minute: 510 });
    const audit = (await admin.request('GET', `/api/audit?entity=outlet&entityId=${outlet.id}`)).json().items;
    expect(audit[0].after.serviceDistricts).toEqual(['310115', '310112']);
  });

  it('defaults: no area, 08:00–18:00', async () => {
    const outlet = await buildOutlet(t.app);
    expect(outlet).toMatchObject({ serviceDistricts: [], workStartMinute: 480, workEndMinute: 1080, latitude: null, longitude: null, dailyCapacity: {}, contacts: [] });
  });

  it('rejects unknown districts, hours out of order and half coordinates on create, naming the field, storing nothing', async () => {
    const base = { code: 'BAD-1', name: '坏网点', kind: 'own' };
    const cases: [Record<string, unknown>, string][] = [
      [{ districtCode: '310100' }, 'districtCode'],
      [{ districtCode: '31011' }, 'districtCode'],
      [{ serviceDistricts: ['310115', '999999'] }, 'serviceDistricts.1'],
      [{ workStartMinute: 1080, workEndMinute: 480 }, 'workEndMinute'],
      [{ workEndMinute: 400 }, 'workEndMinute'],
      [{ workStartMinute: 1500 }, 'workStartMinute'],
      [{ latitude: 31.2 }, 'longitude'],
      [{ longitude: 121.5 }, 'latitude'],
      [{ latitude: 91, longitude: 121.5 }, 'latitude'],
      [{ dailyCapacity: { flying: 2 } }, 'dailyCapacity.flying'],
      [{ dailyCapacity: { repair: -1 } }, 'dailyCapacity.repair'],
      [{ serviceRadiusKm: 0 }, 'serviceRadiusKm'],
      [{ contacts: [{ name: '' }] }, 'contacts.0.name'],
    ];
    for (const [patch, path] of cases) {
      const response = await admin.request('POST', '/api/outlets', { ...base, ...patch });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(400);
      expect(fieldPaths(response)).toContain(path);
    }
    const [{ n }] = await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from outlets where code = 'BAD-1'`);
    expect(n).toBe(0);
  });

  it('checks an update against what is stored: hours and coordinates together, districts real', async () => {
    const outlet = (await admin.request('POST', '/api/outlets', { code: 'UPD-1', name: '更新网点', kind: 'partner', latitude: 30.27, longitude: 120.13, workStartMinute: 480, workEndMinute: 1020 })).json();
    const lateStart = await admin.request('PATCH', `/api/outlets/${outlet.id}`, { workStartMinute: 1020 });
    expect(lateStart.statusCode).toBe(400);
    expect(fieldPaths(lateStart)).toEqual(['workEndMinute']);
    const dropLatitude = await admin.request('PATCH', `/api/outlets/${outlet.id}`, { latitude: null });
    expect(fieldPaths(dropLatitude)).toEqual(['latitude']);
    const badDistrict = await admin.request('PATCH', `/api/outlets/${outlet.id}`, { serviceDistricts: ['330106', '123456'] });
    expect(fieldPaths(badDistrict)).toEqual(['serviceDistricts.1']);
    const ok = await admin.request('PATCH', `/api/outlets/${outlet.id}`, { serviceDistricts: ['330106', '330108'], latitude: null, longitude: null, workStartMinute: 540, dailyCapacity: { repair: 8 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ serviceDistricts: ['330106', '330108'], latitude: null, longitude: null, workStartMinute: 540, workEndMinute: 1020, dailyCapacity: { repair: 8 } });
    const audit = (await admin.request('GET', `/api/audit?entity=outlet&entityId=${outlet.id}&action=updated`)).json().items;
    expect(audit).toHaveLength(1);
  });
});
