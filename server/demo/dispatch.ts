import type { Grade, TechnicianSkill, WorkType } from '../../contracts/dispatch';
import type { AppContext } from '../platform/context';
import { SYSTEM_ACTOR } from '../platform/principal';
import { shanghaiDate } from '../platform/time';
import { createUser, findUserIdByUsername } from '../modules/auth';
import { findCategoryByCode } from '../modules/assets';
import { findOutletWithCode, updateOutletDetails } from '../modules/org';
import { addAbsence, addCertification, createTechnician, createVehicle, findTechniciansOfOutlets } from '../modules/technicians';

/**
 * Where the demo outlets are and what they serve. Between them they cover every district of the
 * demo customers (server/demo/archive.ts): Shanghai, Hangzhou, Shenzhen and Beijing.
 */
const OUTLET_AREAS: Record<string, Parameters<typeof updateOutletDetails>[3]> = {
  'SH-PD-01': {
    districtCode: '310115',
    latitude: 31.2028,
    longitude: 121.5877,
    serviceDistricts: ['310115', '310106', '310104'],
    serviceRadiusKm: 30,
    dailyCapacity: { installation: 16, repair: 30, maintenance: 20, inspection: 10 },
    workStartMinute: 8 * 60,
    workEndMinute: 18 * 60,
    contacts: [{ name: '黄志远', phone: '13816612345', title: '站长' }],
  },
  'SH-MH-02': {
    districtCode: '310112',
    latitude: 31.1117,
    longitude: 121.3796,
    serviceDistricts: ['310112', '310104'],
    serviceRadiusKm: 20,
    dailyCapacity: { installation: 10, repair: 20, maintenance: 10 },
    workStartMinute: 8 * 60 + 30,
    workEndMinute: 18 * 60 + 30,
    contacts: [{ name: '吴敏', phone: '13761234598', title: '网点负责人' }],
  },
  'HZ-XH-03': {
    districtCode: '330106',
    latitude: 30.2799,
    longitude: 120.1265,
    serviceDistricts: ['330106', '330108'],
    serviceRadiusKm: 25,
    dailyCapacity: { installation: 12, repair: 24, site_measurement: 8, installation_guidance: 6 },
    workStartMinute: 8 * 60,
    workEndMinute: 17 * 60 + 30,
    contacts: [{ name: '周丽华', phone: '13357100001', title: '站长' }],
  },
  'SZ-NS-04': {
    districtCode: '440305',
    latitude: 22.5405,
    longitude: 113.9535,
    serviceDistricts: ['440305', '440304'],
    serviceRadiusKm: 25,
    dailyCapacity: { installation: 10, repair: 20, maintenance: 8 },
    workStartMinute: 9 * 60,
    workEndMinute: 19 * 60,
    contacts: [{ name: '郑丽', phone: '13528761234', title: '网点负责人' }],
  },
  'BJ-HD-05': {
    districtCode: '110108',
    latitude: 39.9785,
    longitude: 116.3376,
    serviceDistricts: ['110108', '110105'],
    serviceRadiusKm: 30,
    dailyCapacity: { installation: 12, repair: 24, maintenance: 12 },
    workStartMinute: 8 * 60 + 30,
    workEndMinute: 18 * 60,
    contacts: [{ name: '白宇', phone: '13911230006', title: '站长' }],
  },
};

/** One vehicle per outlet. */
const VEHICLES: Record<string, { plate: string; name: string }> = {
  'SH-PD-01': { plate: '沪AD12345', name: '上汽大通 V80' },
  'SH-MH-02': { plate: '沪BK5812', name: '五菱荣光' },
  'HZ-XH-03': { plate: '浙AM3721', name: '江铃特顺' },
  'SZ-NS-04': { plate: '粤BN8265', name: '比亚迪 T3' },
  'BJ-HD-05': { plate: '京QF6031', name: '福田图雅诺' },
};

type Skill = [category: string | null, types: WorkType[]];

type DemoTechnician = {
  username: string;
  displayName: string;
  phone: string;
  outlet: string;
  grade: Grade;
  skills: Skill[];
  /** Created here when the foundation's demo users do not include them. */
  isExtraUser?: boolean;
  hasVehicle?: boolean;
  /** 上岗证 expired 30 days ago: shown as 不可派工 and in dispatch explanations. */
  hasExpiredPermit?: boolean;
  extraCertifications?: ('electrician' | 'refrigeration' | 'height_work' | 'gas')[];
  workingDays?: number[];
};

/**
 * Ten technicians. 吕国庆 (tech.lv, Hangzhou) has an expired 上岗证, so he is never dispatched;
 * 史文博 (tech.shi, Minhang) is on leave the day after tomorrow.
 */
const TECHNICIANS: DemoTechnician[] = [
  { username: 'tech.zhao', displayName: '赵磊', phone: '18621345678', outlet: 'SH-PD-01', grade: 'senior', skills: [['AC', ['installation', 'repair', 'maintenance', 'inspection']], ['WH', ['installation', 'repair', 'maintenance']]], hasVehicle: true, extraCertifications: ['refrigeration', 'electrician'] },
  { username: 'tech.sun', displayName: '孙海涛', phone: '18917654321', outlet: 'SH-MH-02', grade: 'master', skills: [['AC', ['installation', 'repair', 'maintenance']], ['WM', ['installation', 'repair', 'maintenance']], ['WH', ['repair']]], hasVehicle: true, extraCertifications: ['refrigeration', 'gas'] },
  { username: 'tech.zhou', displayName: '周强', phone: '13357112345', outlet: 'HZ-XH-03', grade: 'intermediate', skills: [['TILE', ['site_measurement', 'installation_guidance', 'inspection', 'repair']], ['FURN', ['installation', 'repair']]], hasVehicle: true },
  { username: 'tech.qian', displayName: '钱志明', phone: '18621340001', outlet: 'SH-PD-01', grade: 'junior', skills: [['FURN', ['installation', 'site_measurement', 'repair', 'maintenance']], ['TILE', ['site_measurement', 'installation_guidance']], [null, ['inspection']]], isExtraUser: true, workingDays: [2, 3, 4, 5, 6, 7] },
  { username: 'tech.shi', displayName: '史文博', phone: '18917650002', outlet: 'SH-MH-02', grade: 'intermediate', skills: [['WM', ['installation', 'repair', 'maintenance']], ['AC', ['maintenance', 'inspection']]], isExtraUser: true },
  { username: 'tech.lv', displayName: '吕国庆', phone: '13357110003', outlet: 'HZ-XH-03', grade: 'senior', skills: [['AC', ['installation', 'repair', 'maintenance']], ['WH', ['installation', 'repair']]], isExtraUser: true, hasExpiredPermit: true, extraCertifications: ['gas'] },
  { username: 'tech.feng', displayName: '冯建华', phone: '13528760004', outlet: 'SZ-NS-04', grade: 'senior', skills: [['AC', ['installation', 'repair', 'maintenance', 'inspection']], ['WM', ['repair']], ['WH', ['repair', 'maintenance']]], isExtraUser: true, hasVehicle: true, extraCertifications: ['height_work'] },
  { username: 'tech.he', displayName: '何俊杰', phone: '13528760005', outlet: 'SZ-NS-04', grade: 'junior', skills: [['FURN', ['installation', 'repair']], ['TILE', ['site_measurement', 'installation_guidance', 'inspection']]], isExtraUser: true },
  { username: 'tech.bai', displayName: '白宇', phone: '13911230006', outlet: 'BJ-HD-05', grade: 'senior', skills: [['AC', ['installation', 'repair', 'maintenance', 'inspection']], ['WM', ['installation', 'repair']], ['WH', ['installation', 'repair', 'maintenance']]], isExtraUser: true, hasVehicle: true, extraCertifications: ['refrigeration'] },
  { username: 'tech.lin', displayName: '林晓东', phone: '13911230007', outlet: 'BJ-HD-05', grade: 'intermediate', skills: [['WM', ['installation', 'repair', 'maintenance']], ['FURN', ['installation', 'repair']], ['AC', ['maintenance']]], isExtraUser: true },
];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Dispatch demo: the outlets' service areas, capacity and hours; one vehicle per outlet; ten
 * technicians with skills, grades and certificates (one expired), one absence. Idempotent: an
 * outlet that has an area already and technicians that exist already are left alone.
 */
export async function loadDispatchDemo(ctx: AppContext, options: { password: string }): Promise<{ users: number; technicians: number }> {
  const outletIds = new Map<string, string>();
  for (const [code, area] of Object.entries(OUTLET_AREAS)) {
    const outlet = await findOutletWithCode(ctx.db, code);
    if (!outlet) continue;
    outletIds.set(code, outlet.id);
    if (outlet.serviceDistricts.length === 0) await updateOutletDetails(ctx, SYSTEM_ACTOR, outlet.id, area);
  }
  const existing = await findTechniciansOfOutlets(ctx.db, [...outletIds.values()]);
  if (existing.length > 0) return { users: 0, technicians: 0 };

  const categoryIds = new Map<string, string>();
  for (const code of ['AC', 'WM', 'WH', 'TILE', 'FURN']) {
    const category = await findCategoryByCode(ctx.db, code);
    if (category) categoryIds.set(code, category.id);
  }
  const vehicleIds = new Map<string, string>();
  for (const [code, vehicle] of Object.entries(VEHICLES)) {
    const outletId = outletIds.get(code);
    if (outletId) vehicleIds.set(code, (await createVehicle(ctx, SYSTEM_ACTOR, { outletId, ...vehicle })).id);
  }

  const today = shanghaiDate(ctx.clock.now());
  let users = 0;
  let technicians = 0;
  for (const demo of TECHNICIANS) {
    const outletId = outletIds.get(demo.outlet);
    if (!outletId) continue;
    let userId = await findUserIdByUsername(ctx.db, demo.username);
    if (!userId && demo.isExtraUser) {
      const { user } = await createUser(ctx, SYSTEM_ACTOR, { username: demo.username, displayName: demo.displayName, roles: ['technician'], outletId, phone: demo.phone, password: options.password });
      userId = user.id;
      users += 1;
    }
    if (!userId) continue;
    const skills: TechnicianSkill[] = demo.skills.flatMap(([category, types]) => {
      const categoryId = category ? categoryIds.get(category) : null;
      return categoryId === undefined ? [] : types.map((workType) => ({ categoryId, workType }));
    });
    const technician = await createTechnician(ctx, SYSTEM_ACTOR, {
      userId,
      outletId,
      phone: demo.phone,
      grade: demo.grade,
      skills,
      workingDays: demo.workingDays,
      vehicleId: demo.hasVehicle ? vehicleIds.get(demo.outlet) ?? null : null,
    });
    technicians += 1;
    const permitNumber = `SG${today.slice(0, 4)}${String(technicians).padStart(4, '0')}`;
    await addCertification(
      ctx,
      SYSTEM_ACTOR,
      technician.id,
      demo.hasExpiredPermit
        ? { kind: 'work_permit', number: permitNumber, issuedOn: addDays(today, -3 * 365 - 30), expiresOn: addDays(today, -30) }
        : { kind: 'work_permit', number: permitNumber, issuedOn: addDays(today, -400), expiresOn: addDays(today, 330 + technicians * 40) },
    );
    for (const kind of demo.extraCertifications ?? []) {
      await addCertification(ctx, SYSTEM_ACTOR, technician.id, { kind, issuedOn: addDays(today, -200), expiresOn: addDays(today, 900) });
    }
    if (demo.username === 'tech.shi') {
      const leaveDay = addDays(today, 2);
      await addAbsence(ctx, SYSTEM_ACTOR, technician.id, { kind: 'leave', startsAt: `${leaveDay}T00:00:00+08:00`, endsAt: `${addDays(leaveDay, 1)}T00:00:00+08:00`, note: '事假' });
    }
  }
  return { users, technicians };
}
