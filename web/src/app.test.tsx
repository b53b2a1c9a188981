import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TECHNICIAN, emptyPage, makeMe, mockFetch, renderApp } from './test-utils';

afterEach(() => {
  vi.unstubAllGlobals();
});

const unauthorized = { status: 401, body: { error: { code: 'unauthorized', message: '请先登录' } } };

function sideMenuLabels(): string[] {
  const menu = screen.getByTestId('side-menu');
  return within(menu)
    .getAllByRole('menuitem')
    .map((item) => item.textContent?.trim() ?? '');
}

describe('login page', () => {
  it('shows the server error message and keeps the user on the login page', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return unauthorized;
      if (call.path === '/api/auth/login')
        return { status: 401, body: { error: { code: 'invalid_credentials', message: '用户名或密码错误' } } };
      return undefined;
    });
    renderApp('/users');
    const username = await screen.findByLabelText('用户名');
    fireEvent.change(username, { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong-password1' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('用户名或密码错误')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/auth/login')?.body).toEqual({ username: 'admin', password: 'wrong-password1' });
  });

  it('maps error details onto the form fields', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return unauthorized;
      if (call.path === '/api/auth/login')
        return {
          status: 400,
          body: { error: { code: 'validation_error', message: '输入有误', details: [{ path: ['username'], message: '用户名过长' }] } },
        };
      return undefined;
    });
    renderApp('/login');
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'y' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('用户名过长')).toBeTruthy();
  });

  it('switches the language to English and remembers it before sign-in', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? unauthorized : undefined));
    renderApp('/login');
    expect(await screen.findByText('售后服务管理')).toBeTruthy();
    fireEvent.click(screen.getByText('English'));
    expect(await screen.findByText('Username')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(window.localStorage.getItem('aftersales.locale')).toBe('en');
  });

  it('signs in and shows the welcome page with the name', async () => {
    let signedIn = false;
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return signedIn ? { body: makeMe() } : unauthorized;
      if (call.path === '/api/auth/login') {
        signedIn = true;
        return { body: makeMe() };
      }
      return undefined;
    });
    renderApp('/');
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Admin12345pw' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('欢迎，管理员')).toBeTruthy();
  });
});

describe('main layout', () => {
  it('shows a technician only home and my account', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe(TECHNICIAN) } : undefined));
    renderApp('/');
    expect(await screen.findByText('欢迎，张师傅')).toBeTruthy();
    const labels = sideMenuLabels();
    expect(labels).toEqual(['首页', '我的账户']);
    for (const hidden of ['用户', '审计日志', 'API 令牌', '网点']) expect(labels).not.toContain(hidden);
  });

  it('shows the admin all pages', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe() };
      return undefined;
    });
    renderApp('/');
    expect(await screen.findByText('欢迎，管理员')).toBeTruthy();
    // The four system pages sit in one closed area; opening it shows them in order.
    expect(sideMenuLabels()).toEqual(['首页', '系统管理', '我的账户']);
    fireEvent.click(within(screen.getByTestId('side-menu')).getByText('系统管理'));
    await waitFor(() => expect(sideMenuLabels()).toEqual(['首页', '系统管理', '用户', '网点', '审计日志', 'API 令牌', '我的账户']));
  });

  it('opens the area of the page the user is on', async () => {
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe() };
      if (call.path.startsWith('/api/audit')) return { body: emptyPage };
      return undefined;
    });
    renderApp('/audit');
    await waitFor(() => expect(sideMenuLabels()).toContain('审计日志'));
    expect(sideMenuLabels()).toEqual(['首页', '系统管理', '用户', '网点', '审计日志', 'API 令牌', '我的账户']);
  });

  it('refuses a page the user may not open', async () => {
    mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe(TECHNICIAN) } : undefined));
    renderApp('/users');
    expect(await screen.findByText('无权访问')).toBeTruthy();
  });

  it('uses the language saved for the user and saves a new choice on the server', async () => {
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ locale: 'en' }) };
      if (call.path === '/api/auth/preferences') return { body: makeMe({ locale: (call.body as { locale: 'en' | 'zh-CN' }).locale }) };
      return undefined;
    });
    renderApp('/account');
    expect(await screen.findByText('Profile')).toBeTruthy();
    fireEvent.click(screen.getByText('中文'));
    expect(await screen.findByText('个人信息')).toBeTruthy();
    const patch = calls.find((call) => call.path === '/api/auth/preferences');
    expect(patch).toMatchObject({ method: 'PATCH', body: { locale: 'zh-CN' } });
    expect(patch?.headers['X-CSRF-Token']).toBe('csrf-test-token');
  });

  it('returns to the login page when the session ends (401)', async () => {
    let sessionValid = true;
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return sessionValid ? { body: makeMe() } : unauthorized;
      if (call.path.startsWith('/api/users')) return sessionValid ? { body: emptyPage } : unauthorized;
      if (call.path.startsWith('/api/audit')) return unauthorized;
      return undefined;
    });
    renderApp('/');
    expect(await screen.findByText('欢迎，管理员')).toBeTruthy();
    sessionValid = false;
    fireEvent.click(within(screen.getByTestId('side-menu')).getByText('系统管理'));
    await act(async () => {
      fireEvent.click(await within(screen.getByTestId('side-menu')).findByText('审计日志'));
    });
    await waitFor(() => expect(screen.getByLabelText('用户名')).toBeTruthy());
  });
});

describe('startup', () => {
  it('offers a retry when the server cannot be reached, then continues', async () => {
    let up = false;
    mockFetch((call) => {
      if (call.path === '/api/auth/me') return up ? unauthorized : { status: 503, body: { error: { code: 'service_unavailable', message: 'down' } } };
      return undefined;
    });
    renderApp('/');
    const retry = await screen.findByRole('button', { name: /重\s*试/ });
    up = true;
    fireEvent.click(retry);
    expect(await screen.findByLabelText('用户名')).toBeTruthy();
  });
});

describe('forced password change', () => {
  it('shows only the change-password page until the password is changed', async () => {
    let must = true;
    const calls = mockFetch((call) => {
      if (call.path === '/api/auth/me') return { body: makeMe({ ...TECHNICIAN, mustChangePassword: must }) };
      if (call.path === '/api/auth/password') {
        must = false;
        return { body: makeMe({ ...TECHNICIAN, mustChangePassword: false }) };
      }
      return undefined;
    });
    renderApp('/users');
    expect(await screen.findByText('首次登录或密码已被重置，请先设置新密码后继续使用。')).toBeTruthy();
    expect(screen.queryByTestId('side-menu')).toBeNull();
    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'OneTime12345' } });
    fireEvent.change(screen.getByLabelText('新密码'), { target: { value: 'Tech12345pw' } });
    fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: 'Tech12345pw' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByText('欢迎，张师傅')).toBeTruthy();
    expect(calls.find((call) => call.path === '/api/auth/password')?.body).toEqual({ currentPassword: 'OneTime12345', newPassword: 'Tech12345pw' });
  });

  it('a weak new password shows the rule once and names only what is missing, without calling the server', async () => {
    const calls = mockFetch((call) => (call.path === '/api/auth/me' ? { body: makeMe({ ...TECHNICIAN, mustChangePassword: true }) } : undefined));
    renderApp('/');
    const field = await screen.findByLabelText('新密码');
    fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: 'OneTime12345' } });
    fireEvent.change(field, { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByText('太短：至少 10 位')).toBeTruthy();
    expect(screen.getAllByText('至少 10 位，需同时包含字母和数字')).toHaveLength(1);
    fireEvent.change(field, { target: { value: 'abcdefghijk' } });
    expect(await screen.findByText('需同时包含字母和数字')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('太短：至少 10 位')).toBeNull());
    expect(calls.some((call) => call.path === '/api/auth/password')).toBe(false);
  });
});
