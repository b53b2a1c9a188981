import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeMe, mockFetch, renderApp, type Call, type Reply } from '../../test-utils';
import type { FigureRow, Figures, QualitySettings } from '../../api/quality';
import { defaultFiguresQuery, formatRate } from './FiguresPage';
import { settingsBody } from './QualitySettingsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ROW: FigureRow = {
  id: '00000000-0000-4000-8000-0000000000f1',
  name: '王强',
  visits: 8,
  firstTimeFixes: 6,
  firstTimeFixRate: 0.75,
  reworks: 1,
  reworkRate: 0.125,
  repeatRepairs: 2,
  repeatRepairRate: 0.25,
  topRepeatReasons: [
    { faultCode: 'no_cooling', count: 2 },
    { faultCode: 'leak', count: 1 },
  ],
  inspections: 0,
  inspectionsPassed: 0,
  inspectionPassRate: null,
  rewardsFen: 0,
  penaltiesFen: 15050,
  rewardPoints: 0,
  penaltyPoints: 6,
};

const SETTINGS: QualitySettings = { repeatWindowDays: 90, repeatTicketTypes: ['repair'], faultGroups: { E1: 'cooling' }, inspectInstallations: false, firstTimeFixStreak: 10, version: 4 };

const MANAGER = makeMe({ roles: ['manager'], permissions: ['quality.read', 'quality.ledger.read', 'quality.rules.manage'] });
const DISPATCHER = makeMe({ roles: ['dispatcher'], permissions: ['quality.read'] });

function routes(me: ReturnType<typeof makeMe>, extra: (call: Call) => Reply | undefined = () => undefined) {
  return mockFetch((call) => {
    const answer = extra(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path.startsWith('/api/quality/figures?')) {
      const query = new URL(call.path, 'http://localhost').searchParams;
      const groupBy = query.get('groupBy') as Figures['groupBy'];
      const body: Figures = { from: query.get('from')!, to: query.get('to')!, groupBy, rows: groupBy === 'outlet' ? [{ ...ROW, id: '00000000-0000-4000-8000-0000000000f2', name: '张江网点' }] : [ROW] };
      return { body };
    }
    if (call.path === '/api/quality/settings' && call.method === 'GET') return { body: SETTINGS };
    return undefined;
  });
}

describe('quality figures page', () => {
  it('formats rates as percents and defaults to the last 30 Shanghai days', () => {
    expect(formatRate(0.75)).toBe('75.0%');
    expect(formatRate(0.1234)).toBe('12.3%');
    expect(formatRate(null)).toBe('—');
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai.
    expect(defaultFiguresQuery(new Date('2026-12-31T17:00:00Z'))).toEqual({ from: '2026-12-03', to: '2027-01-01', groupBy: 'technician' });
  });

  it('shows per technician the first-time fix, rework, repeat (with its top reasons) and inspection rates and the penalties in yuan; switches to outlets', async () => {
    const calls = routes(DISPATCHER);
    renderApp('/quality/figures');
    const row = (await screen.findByText('王强')).closest('tr')!;
    const text = row.textContent ?? '';
    for (const expected of ['75.0%', '6/8', '12.5%', '1/8', '25.0%', '2/8', 'no_cooling × 2', 'leak × 1', '¥150.50 · 6 分', '¥0.00 · 0 分']) expect(text).toContain(expected);
    // no inspection in the period: no rate
    expect(within(row).getAllByText('—').length).toBeGreaterThan(0);
    const first = calls.find((call) => call.path.startsWith('/api/quality/figures?'))!;
    expect(first.path).toMatch(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&groupBy=technician/);

    fireEvent.click(within(screen.getByTestId('figures-group-by')).getByText('按网点'));
    fireEvent.click(screen.getByTestId('figures-submit'));
    expect(await screen.findByText('张江网点')).toBeTruthy();
    const last = calls.filter((call) => call.path.startsWith('/api/quality/figures?')).at(-1)!;
    expect(last.path).toContain('groupBy=outlet');
    expect(new URL(last.path, 'http://localhost').searchParams.get('from')).toBe(new URL(first.path, 'http://localhost').searchParams.get('from'));
    expect(screen.getByText('网点', { selector: 'th' })).toBeTruthy();
  });

  it('speaks English on request', async () => {
    routes(makeMe({ ...DISPATCHER, locale: 'en' }));
    renderApp('/quality/figures', 'en');
    await screen.findByText('王强');
    for (const header of ['First-time fix rate', 'Rework rate', 'Repeat-repair rate (top reasons)', 'Inspection pass rate', 'Penalties (approved)']) expect(screen.getAllByText(header, { selector: 'th' }).length).toBeGreaterThan(0);
    expect(screen.getByText('¥150.50 · 6 pts')).toBeTruthy();
  });

  it('shows the server’s refusal instead of a table', async () => {
    routes(DISPATCHER, (call) => (call.path.startsWith('/api/quality/figures?') ? { status: 400, body: { error: { code: 'validation_error', message: 'from must not be after to', details: [{ path: ['to'], message: 'from must not be after to' }] } } } : undefined));
    renderApp('/quality/figures');
    expect((await screen.findByTestId('figures-error')).textContent).toContain('from must not be after to');
  });
});

describe('quality settings page', () => {
  it('builds the settings body with the version read: fault groups from the rows, blanks dropped, trimmed', () => {
    expect(settingsBody({ repeatWindowDays: 60, repeatTicketTypes: ['repair', 'maintenance'], inspectInstallations: true, firstTimeFixStreak: 5, faultGroups: [{ code: ' E1 ', group: ' cooling ' }, { code: '', group: 'x' }, { code: 'E2', group: 'cooling' }] }, 7)).toEqual({
      repeatWindowDays: 60,
      repeatTicketTypes: ['repair', 'maintenance'],
      faultGroups: { E1: 'cooling', E2: 'cooling' },
      inspectInstallations: true,
      firstTimeFixStreak: 5,
      version: 7,
    });
  });

  it('loads the settings, adds a fault group and saves; a field error from the server lands under its field', async () => {
    let puts = 0;
    const calls = routes(MANAGER, (call) => {
      if (call.method !== 'PATCH') return undefined;
      puts += 1;
      return puts === 1 ? { status: 400, body: { error: { code: 'validation_error', message: 'Invalid input', details: [{ path: ['repeatWindowDays'], message: 'Too big: expected number to be <=730' }] } } } : { body: { ...(call.body as object), version: 5 } };
    });
    renderApp('/quality/settings');
    await waitFor(() => expect((screen.getByTestId('settings-window') as HTMLInputElement).value).toBe('90'));
    expect(screen.getByTestId('settings-ticket-types').textContent).toContain('维修');
    expect((screen.getByDisplayValue('E1') as HTMLInputElement).value).toBe('E1');
    expect(screen.getByDisplayValue('cooling')).toBeTruthy();

    fireEvent.change(screen.getByTestId('settings-window'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('settings-group-add'));
    const added = await screen.findByTestId('settings-group-1');
    fireEvent.change(within(added).getByPlaceholderText('故障代码'), { target: { value: 'E2' } });
    fireEvent.change(within(added).getByPlaceholderText('分组'), { target: { value: 'cooling' } });
    fireEvent.click(screen.getByTestId('settings-inspect-installations'));
    expect((screen.getByTestId('settings-streak') as HTMLInputElement).value).toBe('10');
    fireEvent.change(screen.getByTestId('settings-streak'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('Too big: expected number to be <=730')).toBeTruthy();
    const put = calls.find((call) => call.method === 'PATCH')!;
    expect(put.path).toBe('/api/quality/settings');
    expect(put.body).toEqual({ repeatWindowDays: 60, repeatTicketTypes: ['repair'], faultGroups: { E1: 'cooling', E2: 'cooling' }, inspectInstallations: true, firstTimeFixStreak: 5, version: 4 });

    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('质量设置已保存')).toBeTruthy();
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(2);
    // The next save goes with the version the server answered.
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(3));
    expect((calls.filter((call) => call.method === 'PATCH')[2].body as { version: number }).version).toBe(5);
  });

  it('says so and loads the latest settings when someone saved meanwhile (409)', async () => {
    let gets = 0;
    const calls = routes(MANAGER, (call) => {
      if (call.path === '/api/quality/settings' && call.method === 'GET') {
        gets += 1;
        return { body: gets === 1 ? SETTINGS : { ...SETTINGS, repeatWindowDays: 45, version: 5 } };
      }
      if (call.method === 'PATCH') return { status: 409, body: { error: { code: 'conflict', message: 'The quality settings were changed meanwhile; reload them', details: [{ path: ['version'], message: 'the settings are at version 5', code: 'stale_version' }] } } };
      return undefined;
    });
    renderApp('/quality/settings');
    await waitFor(() => expect((screen.getByTestId('settings-window') as HTMLInputElement).value).toBe('90'));
    fireEvent.change(screen.getByTestId('settings-window'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await screen.findByText('质量设置已被他人修改，已载入最新设置，请核对后再保存')).toBeTruthy();
    await waitFor(() => expect((screen.getByTestId('settings-window') as HTMLInputElement).value).toBe('45'));
    expect((calls.find((call) => call.method === 'PATCH')!.body as { version: number }).version).toBe(4);
  });

  it('requires a fault group’s both halves before saving', async () => {
    const calls = routes(MANAGER);
    renderApp('/quality/settings');
    await waitFor(() => expect((screen.getByTestId('settings-window') as HTMLInputElement).value).toBe('90'));
    fireEvent.click(screen.getByTestId('settings-group-add'));
    const added = await screen.findByTestId('settings-group-1');
    fireEvent.change(within(added).getByPlaceholderText('故障代码'), { target: { value: 'E9' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(await within(added).findByText('请填写')).toBeTruthy();
    expect(calls.some((call) => call.method === 'PATCH')).toBe(false);
  });

  it('is not offered without quality.rules.manage', async () => {
    routes(DISPATCHER);
    renderApp('/quality/settings');
    expect(await screen.findByText('无权访问')).toBeTruthy();
  });
});
