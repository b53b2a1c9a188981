import type { ComponentType, ReactNode } from 'react';
import { AuditOutlined, HomeOutlined, KeyOutlined, ShopOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import type { Access } from './access';
import type { MessageKey } from './i18n';
import { HomePage } from './pages/HomePage';
import { UsersPage } from './pages/admin/UsersPage';
import { OutletsPage } from './pages/admin/OutletsPage';
import { AuditPage } from './pages/admin/AuditPage';
import { TokensPage } from './pages/admin/TokensPage';
import { AccountPage } from './pages/account/AccountPage';

export type AppRoute = {
  /** Menu/selection key and URL path. */
  path: string;
  /** A permission name (the same the server enforces) or 'authenticated'. */
  access: Access;
  /** Title in the menu and page header. */
  labelKey: MessageKey;
  icon: ReactNode;
  /** Shown in the side menu (default true). */
  menu?: boolean;
  Component: ComponentType;
};

/**
 * The one route table of the signed-in app. The side menu and the router are both derived
 * from it through `access.ts`, so a page that is not in the menu cannot be opened either.
 * (The login page is public and lives outside the table.)
 */
export const ROUTES: readonly AppRoute[] = [
  { path: '/', access: 'authenticated', labelKey: 'nav.home', icon: <HomeOutlined />, Component: HomePage },
  { path: '/users', access: 'users.read', labelKey: 'nav.users', icon: <TeamOutlined />, Component: UsersPage },
  { path: '/outlets', access: 'outlets.manage', labelKey: 'nav.outlets', icon: <ShopOutlined />, Component: OutletsPage },
  { path: '/audit', access: 'audit.read', labelKey: 'nav.audit', icon: <AuditOutlined />, Component: AuditPage },
  { path: '/tokens', access: 'tokens.manage', labelKey: 'nav.tokens', icon: <KeyOutlined />, Component: TokensPage },
  { path: '/account', access: 'authenticated', labelKey: 'nav.account', icon: <UserOutlined />, Component: AccountPage },
];

/** The route that owns a location path (longest matching prefix), for the selected menu key. */
export function routeOfPath(pathname: string, routes: readonly AppRoute[] = ROUTES): AppRoute | undefined {
  let best: AppRoute | undefined;
  for (const route of routes) {
    const matches = route.path === '/' ? pathname === '/' : pathname === route.path || pathname.startsWith(`${route.path}/`);
    if (matches && (!best || route.path.length > best.path.length)) best = route;
  }
  return best;
}
