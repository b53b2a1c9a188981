import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { makeMe, mockFetch, renderApp } from '../../test-utils';
import type { FollowupTask } from '../../api/followups';
import { outcomeBody } from './FollowupsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ME = makeMe({ roles: ['agent'], permissions: ['followups.read', 'followups.call'] });

const TASK: FollowupTask = {
  id: '00000000-0000-4000-8000-0000000000f1',
  workOrderId: '00000000-0000-4000-8000-0000000000f2',
  workOrderNumber: 'WO20261120-0007',
  round: 1,
  ticketId: '00000000-0000-4000-8000-0000000000f3',
  customerId: '00000000-0000-4000-8000-0000000000f4',
  customerName: '李女士',
  workType: 'repair',
  workDone: '更换电容',
  isKeyCustomer: true,
  finishedAt: '2026-11-20T02:00:00.000Z',
  dueDate: '2026-11-25',
  dueAt: '2026-11-25T16:00:00.000Z',
  isDueProvisional: false,
  isOverdue: true,
  status: 'open',
  closing: null,
  assignedUserId: null,
  attemptCount: 0,
  version: 1,
};

describe('follow-up queue', () => {
  it('shows the queue in Chinese with the customer, the work and the due date, and claims a task with its version', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: ME };
      if (call.path.startsWith('/api/followups?queue=')) return { body: { items: [TASK] } };
      if (call.method === 'POST' && call.path === `/api/followups/${TASK.id}/claim`) return { body: { ...TASK, assignedUserId: ME.id, status: 'claimed', version: 2 } };
      return undefined;
    });
    renderApp('/followups');
    expect(await screen.findByText('李女士')).toBeTruthy();
    expect(screen.getByText('更换电容')).toBeTruthy();
    expect(screen.getByText('2026-11-25')).toBeTruthy();
    expect(screen.getByText('超期')).toBeTruthy();
    expect(screen.getByText('重点客户')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/followups?queue=mine')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: /领\s?取/ }));
    await waitFor(() => expect(calls.find((call) => call.method === 'POST' && call.path.endsWith('/claim'))?.body).toEqual({ version: 1 }));
  });

  it('builds the outcome body: the four ratings, categories, a trimmed comment only when given, the decision', () => {
    expect(outcomeBody({ overall: 2, attitude: 1, skill: 3, timeliness: 4, categories: ['服务态度'], comment: '  态度差 ', decision: 'report_returned' }, 3)).toEqual({
      version: 3, overall: 2, attitude: 1, skill: 3, timeliness: 4, categories: ['服务态度'], comment: '态度差', decision: 'report_returned',
    });
    expect(outcomeBody({ overall: 5, attitude: 5, skill: 5, timeliness: 5, comment: ' ', decision: 'closed' }, 1)).toEqual({ version: 1, overall: 5, attitude: 5, skill: 5, timeliness: 5, categories: [], decision: 'closed' });
  });
});
