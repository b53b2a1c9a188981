import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { makeMe, mockFetch, renderApp } from '../../test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

const TICKET = '00000000-0000-4000-8000-00000000e001';

describe('SLA settings and the unresolved report', () => {
  it('warns about an unknown year and lets an admin mark it known; policies are listed', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ permissions: ['tickets.read', 'settings.manage'] }) };
      if (call.path.startsWith('/api/sla/calendar/2') && call.method === 'GET')
        return { body: { year: 2026, isKnown: false, days: [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }], adminDays: [{ date: '2026-03-02', kind: 'holiday', name: '公司活动' }] } };
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
    expect(screen.getByText('元旦')).toBeTruthy();
    expect(screen.getByText('公司活动')).toBeTruthy();
    expect(screen.getByText('管理员设置')).toBeTruthy();
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
