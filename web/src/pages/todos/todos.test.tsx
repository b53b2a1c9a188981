import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { emptyPage, makeMe, mockFetch, renderApp } from '../../test-utils';
import type { TodoList } from '../../api/todos';

afterEach(() => {
  vi.unstubAllGlobals();
});

const DISPATCHER = makeMe({ roles: ['dispatcher'], permissions: ['tickets.read', 'workorders.read', 'workorders.dispatch'] });
const TODOS: TodoList = {
  items: [
    { key: 'dispatch.waiting', count: 4, severity: 'info', link: '/work-orders?tab=waiting' },
    { key: 'dispatch.feedbackOverdue', count: 0, severity: 'warning', link: '/work-orders?tab=feedback' },
    { key: 'sla.breached', count: 2, severity: 'danger', link: '/tickets?sla=breached' },
    { key: 'sla.atRisk', count: 1, severity: 'warning', link: '/tickets?sla=at_risk' },
  ],
  total: 7,
  at: '2026-11-23T02:00:00.000Z',
};
const QUEUES = { open: 0, mine: 0, unassigned: 0, atRisk: 0, breached: 0, byType: {}, byOutlet: [] };

function serve(list: TodoList = TODOS) {
  return mockFetch((call) => {
    if (call.path === '/api/auth/me') return { body: DISPATCHER };
    if (call.path === '/api/todos') return { body: list };
    if (call.path === '/api/tickets/queues') return { body: QUEUES };
    if (call.path.startsWith('/api/tickets/saved-filters')) return { body: { items: [] } };
    if (call.path.startsWith('/api/tickets') || call.path.startsWith('/api/work-orders')) return { body: emptyPage };
    return undefined;
  });
}

describe('the to-do bell', () => {
  it('shows the total and, opened, the kinds that have any; a kind opens its page already filtered', async () => {
    const calls = serve();
    renderApp('/');
    const bell = await screen.findByTestId('todo-bell');
    await waitFor(() => expect(within(bell).getByText('7')).toBeTruthy());
    fireEvent.click(bell);
    const popover = await screen.findByTestId('todo-popover');
    expect(within(popover).getByText('待派工')).toBeTruthy();
    expect(within(popover).getByText('已超时工单')).toBeTruthy();
    expect(within(popover).queryByText('网点反馈超时')).toBeNull(); // nothing waiting of that kind
    fireEvent.click(within(popover).getByTestId('todo-sla.breached'));
    await waitFor(() => expect(calls.some((call) => call.path.startsWith('/api/tickets?') && call.path.includes('sla=breached'))).toBe(true));
  });

  it('the to-do page lists every kind of the roles with its count, zero included, and says when it was counted (Shanghai)', async () => {
    serve();
    renderApp('/todos');
    const row = await screen.findByTestId('todo-row-dispatch.feedbackOverdue');
    expect(within(row).getByText('网点反馈超时')).toBeTruthy();
    expect(within(row).getByText('0')).toBeTruthy();
    expect(screen.getByText('更新于 2026-11-23 10:00:00')).toBeTruthy();
  });

  it('a to-do link opens the work-order list on that quick tab', async () => {
    const calls = serve();
    renderApp('/work-orders?tab=waiting');
    await waitFor(() => expect(calls.some((call) => call.path.startsWith('/api/work-orders?') && call.path.includes('status=waiting'))).toBe(true));
    expect(calls.some((call) => call.path.startsWith('/api/work-orders?') && !call.path.includes('status=waiting'))).toBe(false);
  });
});
