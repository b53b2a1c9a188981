import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { UserView } from '../../api/types';
import { emptyPage, makeMe, mockFetch, renderApp } from '../../test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

function user(overrides: Partial<UserView>): UserView {
  return {
    id: '00000000-0000-4000-8000-0000000000aa',
    username: 'tech1',
    displayName: '张师傅',
    roles: ['technician'],
    outletId: null,
    outletName: null,
    phone: '13800138000',
    email: null,
    locale: 'zh-CN',
    isDisabled: false,
    mustChangePassword: false,
    lockedUntil: null,
    lastLoginAt: '2024-05-01T00:00:00.000Z',
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('users page', () => {
  it('lists users with role labels, status tags, Shanghai times and server-side paging', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe() };
      if (call.path.startsWith('/api/outlets')) return { body: emptyPage };
      if (call.path.startsWith('/api/users'))
        return {
          body: {
            items: [user({}), user({ id: '00000000-0000-4000-8000-0000000000bb', username: 'mgr', displayName: '王经理', roles: ['manager', 'agent'], isDisabled: true })],
            total: 42,
            page: 1,
            pageSize: 20,
          },
        };
      return undefined;
    });
    renderApp('/users');
    const row = (await screen.findByText('张师傅')).closest('tr')!;
    expect(within(row).getByText('技师')).toBeTruthy();
    expect(within(row).getByText('正常')).toBeTruthy();
    expect(within(row).getByText('2024-05-01 08:00:00')).toBeTruthy();
    const other = screen.getByText('王经理').closest('tr')!;
    expect(within(other).getByText('售后经理')).toBeTruthy();
    expect(within(other).getByText('客服')).toBeTruthy();
    expect(within(other).getByText('已停用')).toBeTruthy();
    expect(screen.getByText('共 42 条')).toBeTruthy();
    expect(calls.some((call) => call.path === '/api/users?page=1&pageSize=20')).toBe(true);

    fireEvent.change(screen.getByPlaceholderText('用户名 / 姓名 / 手机号'), { target: { value: '张' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(calls.some((call) => call.path === '/api/users?q=%E5%BC%A0&page=1&pageSize=20')).toBe(true));
  });

  it('shows the server field errors under the form fields', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe() };
      if (call.path.startsWith('/api/outlets')) return { body: emptyPage };
      if (call.method === 'PATCH' && call.path.startsWith('/api/users/'))
        return {
          status: 400,
          body: {
            error: {
              code: 'validation_error',
              message: 'Invalid body',
              details: [{ path: ['phone'], message: '不是有效的手机号' }],
            },
          },
        };
      if (call.path.startsWith('/api/users')) return { body: { items: [user({})], total: 1, page: 1, pageSize: 20 } };
      return undefined;
    });
    renderApp('/users');
    const row = (await screen.findByText('张师傅')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: /编\s*辑/ }));
    const phone = (await screen.findByDisplayValue('13800138000')) as HTMLInputElement;
    fireEvent.change(phone, { target: { value: '123' } });
    fireEvent.click(screen.getByTestId('user-save'));
    expect(await screen.findByText('不是有效的手机号')).toBeTruthy();
    const patch = calls.find((call) => call.method === 'PATCH');
    expect(patch?.body).toMatchObject({ displayName: '张师傅', roles: ['technician'], phone: '123' });
    expect(patch?.headers['X-CSRF-Token']).toBe('csrf-test-token');
  });

  it('hides management actions from a user with users.read only', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me')
        return { body: makeMe({ roles: ['manager'], permissions: ['users.read', 'audit.read', 'outlets.read'] }) };
      if (call.path.startsWith('/api/outlets')) return { body: emptyPage };
      if (call.path.startsWith('/api/users')) return { body: { items: [user({})], total: 1, page: 1, pageSize: 20 } };
      return undefined;
    });
    renderApp('/users');
    await screen.findByText('张师傅');
    expect(screen.queryByRole('button', { name: /新建用户/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /编\s*辑/ })).toBeNull();
  });
});
