import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { emptyPage, makeMe, mockFetch, pageOf, renderApp, type Call, type Reply } from '../../test-utils';
import type { TechnicianView } from './TechnicianApi';
import { technicianBody } from './TechnicianDrawer';
import { skillGroups } from './TechnicianParts';
import { districtOptions, outletAreaBody } from '../admin/OutletDrawer';

afterEach(() => {
  vi.unstubAllGlobals();
});

const OUTLET = '00000000-0000-4000-8000-0000000000a1';
const CATEGORY = '00000000-0000-4000-8000-0000000000c1';

function technician(overrides: Partial<TechnicianView>): TechnicianView {
  return {
    id: '00000000-0000-4000-8000-0000000000e1',
    userId: '00000000-0000-4000-8000-0000000000b1',
    username: 'tech.zhao',
    outletId: OUTLET,
    outletName: '浦东张江服务站',
    name: '赵磊',
    phone: '18621345678',
    grade: 'senior',
    skills: [
      { categoryId: CATEGORY, workType: 'installation' },
      { categoryId: null, workType: 'inspection' },
    ],
    workingDays: [1, 2, 3, 4, 5, 6],
    workStartMinute: 480,
    workEndMinute: 1080,
    maxOrdersPerDay: 8,
    baseLatitude: null,
    baseLongitude: null,
    baseAddress: null,
    vehicleId: null,
    isActive: true,
    certifications: [{ id: '00000000-0000-4000-8000-0000000000d1', kind: 'work_permit', number: 'SG1', issuedOn: '2024-01-01', expiresOn: '2027-10-01', isValid: true }],
    absences: [],
    isDispatchable: true,
    ...overrides,
  };
}

const MANAGER = makeMe({ roles: ['manager'], permissions: ['technicians.read', 'technicians.manage', 'users.read', 'outlets.read', 'products.read'] });

function routes(me = MANAGER, items: TechnicianView[] = [], extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path.startsWith('/api/technicians?')) return { body: pageOf(items) };
    if (call.path.startsWith('/api/outlets')) return { body: pageOf([{ id: OUTLET, name: '浦东张江服务站' }]) };
    if (call.path.startsWith('/api/product-categories')) return { body: { items: [{ id: CATEGORY, parentId: null, name: '空调' }] } };
    if (call.path.startsWith('/api/vehicles')) return { body: emptyPage };
    if (call.path.startsWith('/api/users')) return { body: emptyPage };
    return undefined;
  });
}

describe('technicians page', () => {
  it('lists technicians with outlet, grade, skills, certificate state and dispatchability', async () => {
    const expired = technician({
      id: '00000000-0000-4000-8000-0000000000e2',
      name: '吕国庆',
      grade: 'master',
      certifications: [{ id: '00000000-0000-4000-8000-0000000000d2', kind: 'work_permit', number: null, issuedOn: null, expiresOn: '2026-10-01', isValid: false }],
      isDispatchable: false,
    });
    const calls = routes(MANAGER, [technician({}), expired]);
    renderApp('/technicians');
    const row = (await screen.findByText('赵磊')).closest('tr')!;
    expect(within(row).getByText('浦东张江服务站')).toBeTruthy();
    expect(within(row).getByText('高级')).toBeTruthy();
    await waitFor(() => expect(within(row).getByText('空调：安装')).toBeTruthy());
    expect(within(row).getByText('全部品类：巡检')).toBeTruthy();
    expect(within(row).getByText('上岗证 至 2027-10-01')).toBeTruthy();
    expect(within(row).getByText('可派工')).toBeTruthy();
    expect(within(row).getByText('一 二 三 四 五 六 · 08:00–18:00')).toBeTruthy();
    const other = screen.getByText('吕国庆').closest('tr')!;
    expect(within(other).getByText('技师')).toBeTruthy();
    const expiredTag = within(other).getByText('上岗证 2026-10-01 已过期');
    expect(expiredTag.className).toContain('red');
    expect(within(other).getByText('不可派工')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/technicians?page=1&pageSize=20')).toBe(true);
    expect(screen.getByRole('button', { name: /新建技师/ })).toBeTruthy();
  });

  it('shows no create or edit actions without technicians.manage (outlet staff)', async () => {
    routes(makeMe({ roles: ['outlet'], scope: 'outlet', permissions: ['technicians.read', 'outlets.read'] }), [technician({})]);
    renderApp('/technicians');
    await screen.findByText('赵磊');
    expect(screen.queryByRole('button', { name: /新建技师/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /编\s*辑/ })).toBeNull();
  });

  it('edits a technician: the drawer sends the PATCH body with minutes and "any category" as null', async () => {
    const calls = routes(MANAGER, [technician({})]);
    renderApp('/technicians');
    const row = (await screen.findByText('赵磊')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /编\s*辑/ }));
    await screen.findByText('编辑技师 · 赵磊');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'PATCH')).toBe(true));
    const patch = calls.find((call) => call.method === 'PATCH')!;
    // Saving unchanged sends the technician's own values back (hours as minutes again).
    const { id, outletId, grade, skills, workingDays, workStartMinute, workEndMinute, isActive } = technician({});
    expect(patch.path).toBe(`/api/technicians/${id}`);
    expect(patch.body).toMatchObject({ outletId, grade, skills, workingDays, workStartMinute, workEndMinute, isActive });
  });

  it('builds bodies: technician hours to minutes, outlet area without empty capacities', () => {
    const body = technicianBody({
      outletId: OUTLET,
      grade: 'junior',
      skills: [{ categoryId: '*', workType: 'repair' }],
      workingDays: [1, 2],
      hours: [dayjs('2026-01-01T08:30:00'), dayjs('2026-01-01T17:45:00')],
      maxOrdersPerDay: 6,
      phone: '  ',
    });
    expect(body).toMatchObject({ skills: [{ categoryId: null, workType: 'repair' }], workStartMinute: 510, workEndMinute: 1065, phone: null, vehicleId: null });
    const area = outletAreaBody({
      serviceDistricts: ['310115'],
      hours: [dayjs('2026-01-01T09:00:00'), dayjs('2026-01-01T19:00:00')],
      dailyCapacity: { repair: 20, installation: null },
      contacts: [{ name: ' 王站长 ', phone: '' }],
      latitude: 31.2,
      longitude: 121.5,
    });
    expect(area).toEqual({
      districtCode: null,
      serviceDistricts: ['310115'],
      serviceRadiusKm: null,
      latitude: 31.2,
      longitude: 121.5,
      workStartMinute: 540,
      workEndMinute: 1140,
      dailyCapacity: { repair: 20 },
      contacts: [{ name: '王站长', phone: null, title: null }],
    });
    const districts = districtOptions();
    expect(districts.find((option) => option.value === '310115')?.label).toBe('上海市浦东新区');
    expect(districts.find((option) => option.value === '330106')?.label).toBe('浙江省杭州市西湖区');
  });

  it('removes a certificate and adds one from the drawer; the drawer shows the answered technician', async () => {
    const base = technician({});
    const renewed = { id: '00000000-0000-4000-8000-0000000000d3', kind: 'work_permit' as const, number: 'SG2', issuedOn: null, expiresOn: '2028-01-31', isValid: true };
    const calls = routes(MANAGER, [base], (call) => {
      if (call.method === 'DELETE' && call.path === `/api/technicians/${base.id}/certifications/${base.certifications[0].id}`) return { body: { ...base, certifications: [] } };
      if (call.method === 'POST' && call.path === `/api/technicians/${base.id}/certifications`) return { body: { ...base, certifications: [renewed] } };
      return undefined;
    });
    renderApp('/technicians');
    fireEvent.click(within((await screen.findByText('赵磊')).closest('tr')!).getByRole('button', { name: /编\s*辑/ }));
    const drawer = (await screen.findByText('编辑技师 · 赵磊')).closest('.ant-drawer') as HTMLElement;
    expect(within(drawer).getByText('SG1')).toBeTruthy();
    fireEvent.click(within(within(drawer).getByText('SG1').closest('.ant-flex') as HTMLElement).getByRole('button', { name: '删除' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定/ }));
    await waitFor(() => expect(within(drawer).queryByText('SG1')).toBeNull());
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1);

    const form = drawer.querySelector('form[id="certification-form"]') as HTMLElement;
    fireEvent.change(within(form).getByPlaceholderText('证书编号'), { target: { value: ' SG2 ' } });
    const expires = within(form).getByPlaceholderText('有效期至');
    fireEvent.mouseDown(expires);
    fireEvent.change(expires, { target: { value: '2028-01-31' } });
    fireEvent.keyDown(expires, { key: 'Enter', code: 'Enter' });
    fireEvent.click(within(form).getByRole('button', { name: /添加证书/ }));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST')).toBe(true));
    expect(calls.find((call) => call.method === 'POST')!.body).toEqual({ kind: 'work_permit', number: 'SG2', issuedOn: null, expiresOn: '2028-01-31' });
    expect(await within(drawer).findByText('SG2')).toBeTruthy();
    // the add form clears itself after the answer
    await waitFor(() => expect((within(form).getByPlaceholderText('证书编号') as HTMLInputElement).value).toBe(''));
  });

  it('lists vehicles on their tab with the outlet name', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: MANAGER };
      if (call.path.startsWith('/api/technicians?')) return { body: emptyPage };
      if (call.path.startsWith('/api/outlets')) return { body: pageOf([{ id: OUTLET, name: '浦东张江服务站' }]) };
      if (call.path.startsWith('/api/product-categories')) return { body: { items: [] } };
      if (call.path.startsWith('/api/vehicles'))
        return { body: pageOf([{ id: '00000000-0000-4000-8000-0000000000f1', outletId: OUTLET, plate: '沪AD12345', name: '上汽大通 V80', isActive: true }]) };
      return undefined;
    });
    renderApp('/technicians');
    fireEvent.click(await screen.findByRole('tab', { name: '车辆' }));
    const row = (await screen.findByText('沪AD12345')).closest('tr')!;
    await waitFor(() => expect(within(row).getByText('浦东张江服务站')).toBeTruthy());
    expect(within(row).getByText('启用')).toBeTruthy();
  });
});

describe('skill tags', () => {
  it('group the skills by category, one tag per category, in first-seen order', () => {
    const groups = skillGroups([
      { categoryId: 'c1', workType: 'installation' },
      { categoryId: null, workType: 'inspection' },
      { categoryId: 'c1', workType: 'repair' },
      { categoryId: 'c2', workType: 'maintenance' },
    ]);
    expect(groups).toEqual([
      { categoryId: 'c1', workTypes: ['installation', 'repair'] },
      { categoryId: null, workTypes: ['inspection'] },
      { categoryId: 'c2', workTypes: ['maintenance'] },
    ]);
  });
});
