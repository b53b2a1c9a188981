import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, permissionsOfRoles } from '../../contracts/permissions';
import { canAccess, filterByAccess, menuEntries } from './access';
import { ROUTES } from './routes';

const subject = (permissions: (typeof PERMISSIONS)[number][], mustChangePassword = false) => ({ permissions, mustChangePassword });

describe('canAccess', () => {
  it('allows public to everyone and authenticated to any signed-in user', () => {
    expect(canAccess(null, 'public')).toBe(true);
    expect(canAccess(null, 'authenticated')).toBe(false);
    expect(canAccess(subject([]), 'authenticated')).toBe(true);
  });

  it('requires the exact permission', () => {
    expect(canAccess(subject(['users.read']), 'users.read')).toBe(true);
    expect(canAccess(subject(['users.read']), 'users.manage')).toBe(false);
    expect(canAccess(undefined, 'users.read')).toBe(false);
  });

  it('denies unknown permission names', () => {
    expect(canAccess(subject([...PERMISSIONS]), 'orders.delete' as never)).toBe(false);
  });

  it('denies everything but public while a password change is pending', () => {
    expect(canAccess(subject([...PERMISSIONS], true), 'authenticated')).toBe(false);
    expect(canAccess(subject([...PERMISSIONS], true), 'users.read')).toBe(false);
  });
});

describe('menu filtering', () => {
  const menuPaths = (roles: (typeof ROLES)[number][]) => menuEntries(ROUTES, subject(permissionsOfRoles(roles))).map((route) => route.path);

  it('every route declares a known permission or authenticated', () => {
    for (const route of ROUTES) expect(['authenticated', ...PERMISSIONS]).toContain(route.access);
  });

  it('shows the admin every page', () => {
    expect(menuPaths(['admin'])).toEqual(['/', '/tickets', '/tickets/new', '/reports/unresolved', '/sla', '/work-orders', '/dispatch-board', '/day-plans', '/technicians', '/workshop', '/parts', '/part-stock', '/part-ledger', '/part-requisitions', '/part-transfers', '/part-old-parts', '/part-counts', '/part-count-approvals', '/returns', '/loaners', '/claims', '/followups', '/followups/audits', '/followups/periodic', '/complaints', '/billing/schedules', '/billing/approvals', '/billing/cash', '/billing/invoices', '/billing/statements', '/quality/inspections', '/quality/repeat-repairs', '/quality/ledger', '/quality/checklists', '/quality/figures', '/quality/settings', '/notifications/templates', '/notifications/outbox', '/customers', '/assets', '/products', '/users', '/outlets', '/audit', '/tokens', '/account']);
  });

  it('shows a technician the archive to read, home and account', () => {
    expect(menuPaths(['technician'])).toEqual(['/', '/tickets', '/reports/unresolved', '/sla', '/work-orders', '/workshop', '/parts', '/part-stock', '/part-ledger', '/part-requisitions', '/billing/statements', '/quality/ledger', '/customers', '/assets', '/products', '/account']);
  });

  it('shows a manager users and audit but not outlets management or tokens', () => {
    expect(menuPaths(['manager'])).toEqual(['/', '/tickets', '/tickets/new', '/reports/unresolved', '/sla', '/work-orders', '/dispatch-board', '/day-plans', '/technicians', '/workshop', '/parts', '/part-stock', '/part-ledger', '/part-requisitions', '/part-count-approvals', '/returns', '/loaners', '/claims', '/followups', '/followups/audits', '/followups/periodic', '/complaints', '/billing/schedules', '/billing/approvals', '/billing/cash', '/billing/invoices', '/billing/statements', '/quality/repeat-repairs', '/quality/ledger', '/quality/checklists', '/quality/figures', '/quality/settings', '/notifications/templates', '/notifications/outbox', '/customers', '/assets', '/products', '/users', '/audit', '/account']);
  });

  it('merges the permissions of several roles', () => {
    expect(menuPaths(['technician', 'dispatcher'])).toEqual(['/', '/tickets', '/reports/unresolved', '/sla', '/work-orders', '/dispatch-board', '/day-plans', '/technicians', '/workshop', '/parts', '/part-stock', '/part-ledger', '/part-requisitions', '/loaners', '/billing/statements', '/quality/repeat-repairs', '/quality/ledger', '/quality/figures', '/customers', '/assets', '/products', '/users', '/account']);
  });

  it('shows nothing when signed out', () => {
    expect(filterByAccess(ROUTES, null)).toEqual([]);
  });
});
