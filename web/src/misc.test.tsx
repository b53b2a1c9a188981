import { describe, expect, it } from 'vitest';
import { diffRows } from './components/AuditDiff';
import { formatDateTime, shanghaiDayBoundary } from './time';
import { translate } from './i18n';
import { zhCN } from './i18n/zh-CN';
import { en } from './i18n/en';
import { tokenStatus } from './pages/admin/TokensPage';

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
