import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AuditEntry } from '../../api/types';
import { emptyPage, makeMe, mockFetch, renderApp } from '../../test-utils';
import { toAuditFilters } from './AuditPage';
import dayjs from 'dayjs';

afterEach(() => {
  vi.unstubAllGlobals();
});

const entry: AuditEntry = {
  id: '7',
  at: '2024-05-01T02:03:04.000Z',
  actorType: 'user',
  actorId: '00000000-0000-4000-8000-000000000001',
  actorName: 'admin',
  entity: 'outlet',
  entityId: '00000000-0000-4000-8000-0000000000cc',
  action: 'updated',
  before: { name: '旧名称', kind: 'own' },
  after: { name: '新名称', kind: 'own' },
  requestId: 'req-1',
  ip: '127.0.0.1',
};

describe('audit page', () => {
  it('filters on the server and shows the before/after of a row', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe() };
      if (call.path.startsWith('/api/users')) return { body: emptyPage };
      if (call.path.startsWith('/api/audit')) return { body: { items: [entry], total: 1, page: 1, pageSize: 20 } };
      return undefined;
    });
    renderApp('/audit');
    const row = (await screen.findByText('2024-05-01 10:03:04')).closest('tr')!;
    expect(within(row).getByText('updated')).toBeTruthy();

    fireEvent.change(document.getElementById('audit-search_action')!, { target: { value: 'updated' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.some((call) => call.path === '/api/audit?action=updated&page=1&pageSize=20')).toBe(true));

    fireEvent.click(within(row).getByRole('button', { name: /展开|expand/i }));
    expect(await screen.findByText('旧名称')).toBeTruthy();
    expect(screen.getByText('新名称')).toBeTruthy();
  });

  it('turns the date range into Shanghai day boundaries', () => {
    expect(toAuditFilters({ entity: ' user ', range: [dayjs('2024-05-01'), dayjs('2024-05-02')] })).toEqual({
      entity: 'user',
      from: '2024-04-30T16:00:00.000Z',
      to: '2024-05-02T15:59:59.999Z',
    });
  });
});
