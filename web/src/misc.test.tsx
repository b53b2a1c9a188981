import { describe, expect, it } from 'vitest';
import { diffRows } from './components/AuditDiff';
import { PERMISSIONS } from '../../contracts/permissions';
import { formatDateTime, shanghaiDayBoundary } from './time';
import { I18nProvider, translate, useI18n } from './i18n';
import { renderHook } from '@testing-library/react';
import { zhCN } from './i18n/zh-CN';
import { en } from './i18n/en';
import { tokenStatus } from './pages/admin/TokensPage';
import { ApiError } from './api/client';
import { errorText } from './components/useApiError';
import { loginErrorText } from './pages/LoginPage';
import { actionColor } from './pages/admin/AuditPage';

describe('time', () => {
  it('formats in Asia/Shanghai', () => {
    expect(formatDateTime('2024-05-01T00:00:00Z')).toBe('2024-05-01 08:00:00');
    expect(formatDateTime('2024-12-31T16:30:05.000Z')).toBe('2025-01-01 00:30:05');
    expect(formatDateTime(null)).toBe('');
  });

  it('turns a Shanghai calendar day into UTC boundaries', () => {
    expect(shanghaiDayBoundary('2024-05-01', 'start')).toBe('2024-04-30T16:00:00.000Z');
    expect(shanghaiDayBoundary('2024-05-01', 'end')).toBe('2024-05-01T15:59:59.999Z');
  });
});

describe('i18n', () => {
  it('has the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'home.welcome', { name: '李雷' })).toBe('欢迎，李雷');
    expect(translate('en', 'common.total', { total: 3 })).toBe('3 in total');
  });
});

describe('permission labels', () => {
  it('has a label for the foundation permissions and falls back to the name for new ones', () => {
    for (const permission of PERMISSIONS.slice(0, 6)) expect(zhCN).toHaveProperty([`permission.${permission}`]);
    const { result } = renderHook(() => useI18n(), { wrapper: ({ children }) => <I18nProvider initialLocale="en">{children}</I18nProvider> });
    expect(result.current.permissionLabel('users.read')).toBe('Read users');
    expect(result.current.permissionLabel('something.new')).toBe('something.new');
  });
});

describe('audit diff', () => {
  it('lists changed fields first', () => {
    const rows = diffRows({ name: 'A', kind: 'own' }, { name: 'B', kind: 'own', phone: '1' });
    expect(rows.map((row) => [row.field, row.changed])).toEqual([
      ['name', true],
      ['phone', true],
      ['kind', false],
    ]);
    expect(diffRows(null, null)).toEqual([]);
  });
});

describe('token status', () => {
  const base = { id: 'x', name: 'n', prefix: 'p', permissions: [], createdAt: '', createdBy: null, lastUsedAt: null, expiresAt: null, revokedAt: null };
  it('derives active / revoked / expired', () => {
    expect(tokenStatus(base)).toBe('active');
    expect(tokenStatus({ ...base, revokedAt: '2024-01-01T00:00:00Z' })).toBe('revoked');
    expect(tokenStatus({ ...base, expiresAt: '2000-01-01T00:00:00Z' })).toBe('expired');
  });
});

describe('error text', () => {
  const t = (locale: 'zh-CN' | 'en') => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(locale, key, vars);
  it('shows well-known codes in Chinese and the server message otherwise', () => {
    const locked = new ApiError(423, 'account_locked', 'Account locked until 12:00');
    expect(errorText(locked, t('zh-CN'), 'zh-CN')).toBe('登录失败次数过多，账户已暂时锁定，请稍后再试');
    expect(errorText(locked, t('en'), 'en')).toBe('Account locked until 12:00');
    const conflict = new ApiError(409, 'conflict', 'Username already taken');
    expect(errorText(conflict, t('zh-CN'), 'zh-CN')).toBe('Username already taken');
    expect(errorText(new ApiError(0, 'network_error', 'x'), t('zh-CN'), 'zh-CN')).toBe('网络错误，请稍后重试');
  });

  it('explains disabled and locked accounts on the login page', () => {
    const disabled = new ApiError(403, 'forbidden', 'This account is disabled; ask an administrator');
    expect(loginErrorText(disabled, t('zh-CN'), 'zh-CN')).toBe('该账户已被停用，请联系管理员');
    const locked = new ApiError(423, 'account_locked', 'Too many failed sign-ins; the account is locked for 14 more minute(s)');
    expect(loginErrorText(locked, t('zh-CN'), 'zh-CN')).toBe('登录失败次数过多，账户已锁定，请 14 分钟后再试');
    expect(loginErrorText(locked, t('en'), 'en')).toBe(locked.message);
  });

  it('colours audit actions by kind', () => {
    expect(actionColor('created')).toBe('green');
    expect(actionColor('login_failed')).toBe('red');
    expect(actionColor('updated')).toBe('blue');
    expect(actionColor('login')).toBe('cyan');
  });
});
