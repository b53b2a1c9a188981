import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { makeMe, mockFetch, renderApp } from '../../test-utils';
import { monthDays } from './CalendarMonthGrid';

afterEach(() => {
  vi.unstubAllGlobals();
});

const TICKET = '00000000-0000-4000-8000-00000000e001';

describe('SLA settings and the unresolved report', () => {
  it('builds a month from the year: holidays, 调休 on a weekend, weekends, provisional dates of an unknown year', () => {
    const known = { isKnown: true, days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }, { date: '2026-10-10', kind: 'makeup_workday', name: '国庆节' }], adminDays: [{ date: '2026-10-20', kind: 'holiday', name: '公司停工' }] };
    const october = monthDays(2026, 10, { ...known, days: [...known.days, { date: '2026-10-20', kind: 'holiday', name: '公司停工' }] });
    expect(october).toHaveLength(31);
    expect(october[0]).toMatchObject({ date: '2026-10-01', kind: 'holiday', name: '国庆节', isAdmin: false });
    expect(october[9]).toMatchObject({ date: '2026-10-10', kind: 'makeup_workday' }); // a Saturday worked
    expect(october[10]).toMatchObject({ date: '2026-10-11', kind: 'weekend' });
    expect(october[11]).toMatchObject({ date: '2026-10-12', kind: 'workday' });
    expect(october[19]).toMatchObject({ date: '2026-10-20', kind: 'holiday', name: '公司停工', isAdmin: true });
    const unknown = monthDays(2027, 2, { isKnown: false, days: [], adminDays: [{ date: '2027-02-01', kind: 'workday', name: null }] });
    expect(unknown[0]).toMatchObject({ kind: 'workday', isAdmin: true }); // an admin's day is known
    expect(unknown.slice(1).every((day) => day.kind === 'unknown')).toBe(true);
  });

  it('shows the month as a grid, warns about an unknown year and lets an admin mark it known; policies are listed', async () => {
    // The page opens on the current month (Asia/Shanghai); the answer puts its days there.
    const now = dayjs().tz('Asia/Shanghai');
    const on = (day: number) => now.date(day).format('YYYY-MM-DD');
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read', 'settings.manage'] }) };
      if (call.path.startsWith('/api/sla/calendar/2') && call.method === 'GET')
        return {
          body: {
            year: now.year(),
            isKnown: false,
            days: [
              { date: on(1), kind: 'holiday', name: '元旦' },
              { date: on(2), kind: 'makeup_workday', name: '元旦' },
              { date: on(3), kind: 'holiday', name: '公司活动' },
            ],
            adminDays: [{ date: on(3), kind: 'holiday', name: '公司活动' }],
          },
        };
      if (call.path === '/api/sla/calendar/years') return { body: { ok: true } };
      if (call.path === '/api/sla/policies')
        return {
          body: {
            items: [
              { id: '00000000-0000-4000-8000-000000000101', name: '默认', ticketType: null, urgency: null, customerClass: null, priority: 0, responseMinutes: 120, responseHours: { start: '08:00', end: '20:00' }, onsiteWorkingDays: 2, resolutionWorkingDays: 5, isActive: true },
            ],
          },
        };
      return undefined;
    });
    renderApp('/sla');
    expect((await screen.findByTestId('sla-unknown-year')).textContent).toContain('该年度节假日安排尚未录入，时限按自然日暂定计算');
    const grid = await screen.findByTestId('sla-month-grid');
    expect(grid.querySelectorAll('[data-testid^="sla-day-"]')).toHaveLength(now.daysInMonth());
    expect(screen.getByTestId(`sla-day-${on(1)}`)).toMatchObject({ dataset: { kind: 'holiday' } });
    expect(screen.getByTestId(`sla-day-${on(1)}`).textContent).toContain('元旦');
    expect(screen.getByTestId(`sla-day-${on(2)}`).dataset.kind).toBe('makeup_workday');
    expect(screen.getByTestId(`sla-day-${on(2)}`).textContent).toContain('调休');
    expect(screen.getByTestId(`sla-day-${on(3)}`).dataset.admin).toBe('true');
    // The year has no holiday data: every other date is provisional.
    expect(screen.getByTestId(`sla-day-${on(4)}`).dataset.kind).toBe('unknown');
    expect(screen.getByTestId(`sla-day-${on(4)}`).textContent).toContain('暂定');
    const headers = [...grid.querySelectorAll('[role="columnheader"]')].map((cell) => cell.textContent);
    expect(headers).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    fireEvent.click(screen.getByTestId('sla-next-month'));
    const next = now.add(1, 'month');
    await screen.findByTestId(`sla-day-${next.date(1).format('YYYY-MM-DD')}`);
    if (next.year() !== now.year()) await waitFor(() => expect(calls.some((call) => call.path === `/api/sla/calendar/${next.year()}`)).toBe(true));
    fireEvent.click(screen.getByTestId('sla-mark-known'));
    await waitFor(() => expect(calls.some((call) => call.method === 'POST' && call.path === '/api/sla/calendar/years')).toBe(true));
    fireEvent.click(screen.getByRole('tab', { name: '时限策略' }));
    expect(await screen.findByText('默认')).toBeTruthy();
    expect(screen.getByTestId('sla-policy-new')).toBeTruthy();
  });

  it('offers no changes without settings.manage', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read'] }) };
      if (call.path.startsWith('/api/sla/calendar/')) return { body: { year: 2026, isKnown: false, days: [], adminDays: [] } };
      if (call.path === '/api/sla/policies') return { body: { items: [] } };
      return undefined;
    });
    renderApp('/sla');
    await screen.findByTestId('sla-unknown-year');
    expect(screen.queryByTestId('sla-mark-known')).toBeNull();
    expect(screen.queryByText('设置日期')).toBeNull();
  });

  it('lists the unsolved tickets of the day and marks those without a commitment', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read'] }) };
      if (call.path.startsWith('/api/reports/unresolved'))
        return {
          body: {
            date: '2026-11-22',
            items: [
              { id: TICKET, number: 'SH20261122-0001', type: 'repair', status: 'accepted', customerName: '王建国', createdAt: '2026-11-22T02:00:00.000Z', sameDayReason: null, committedAt: null, isMissingCommitment: true },
              { id: TICKET.replace('e001', 'e002'), number: 'SH20261122-0002', type: 'installation', status: 'dispatched', customerName: '李四', createdAt: '2026-11-22T03:00:00.000Z', sameDayReason: '等待备件', committedAt: '2026-11-23T02:00:00.000Z', isMissingCommitment: false },
            ],
          },
        };
      return undefined;
    });
    renderApp('/reports/unresolved');
    expect(await screen.findByText('未填写承诺')).toBeTruthy();
    expect(screen.getByText('等待备件')).toBeTruthy();
    const missing = document.querySelectorAll('tr[data-missing="true"]');
    expect(missing.length).toBe(1);
    expect(missing[0].textContent).toContain('SH20261122-0001');
    expect(calls.find((call) => call.path.startsWith('/api/reports/unresolved'))!.path).toMatch(/date=\d{4}-\d{2}-\d{2}$/);
  });
});
