import type { ReactNode } from 'react';
import { AccountBookOutlined, ApartmentOutlined, CustomerServiceOutlined, DatabaseOutlined, MessageOutlined, RollbackOutlined, SafetyOutlined, SettingOutlined, ShoppingOutlined, SmileOutlined } from '@ant-design/icons';
import type { MessageKey } from '../i18n';
import type { AppRoute } from '../routes';

/** A sub-menu of the side menu: the pages of one area, by path. */
export type MenuGroup = { key: string; labelKey: MessageKey; icon: ReactNode; paths: readonly string[] };

/**
 * The side menu's areas. A page not listed here stays at the top level (home, my account,
 * and any new page until it is given an area).
 */
export const MENU_GROUPS: readonly MenuGroup[] = [
  { key: 'group:service', labelKey: 'nav.group.service', icon: <CustomerServiceOutlined />, paths: ['/tickets', '/tickets/new', '/reports/unresolved', '/sla'] },
  { key: 'group:dispatch', labelKey: 'nav.group.dispatch', icon: <ApartmentOutlined />, paths: ['/work-orders', '/dispatch-board', '/day-plans', '/technicians', '/workshop'] },
  {
    key: 'group:parts',
    labelKey: 'nav.group.parts',
    icon: <ShoppingOutlined />,
    paths: ['/parts', '/part-stock', '/part-ledger', '/part-requisitions', '/part-transfers', '/part-old-parts', '/part-counts', '/part-count-approvals'],
  },
  { key: 'group:returns', labelKey: 'nav.group.returns', icon: <RollbackOutlined />, paths: ['/returns', '/loaners', '/claims'] },
  { key: 'group:billing', labelKey: 'nav.group.billing', icon: <AccountBookOutlined />, paths: ['/billing/schedules', '/billing/approvals', '/billing/cash', '/billing/invoices', '/billing/statements'] },
  { key: 'group:care', labelKey: 'nav.group.care', icon: <SmileOutlined />, paths: ['/followups', '/followups/audits', '/followups/periodic', '/complaints'] },
  {
    key: 'group:quality',
    labelKey: 'nav.group.quality',
    icon: <SafetyOutlined />,
    paths: ['/quality/inspections', '/quality/repeat-repairs', '/quality/ledger', '/quality/checklists', '/quality/figures', '/quality/settings'],
  },
  { key: 'group:messages', labelKey: 'nav.group.messages', icon: <MessageOutlined />, paths: ['/notifications/templates', '/notifications/outbox'] },
  { key: 'group:archive', labelKey: 'nav.group.archive', icon: <DatabaseOutlined />, paths: ['/customers', '/assets', '/products'] },
  { key: 'group:system', labelKey: 'nav.system', icon: <SettingOutlined />, paths: ['/users', '/outlets', '/audit', '/tokens'] },
];

export type MenuNode = { kind: 'item'; route: AppRoute } | { kind: 'group'; group: MenuGroup; routes: AppRoute[] };

/**
 * The side menu as a tree: each area's visible pages under its sub-menu, placed where its first
 * visible page stands in the route table. An area with a single visible page is not worth a
 * sub-menu (a technician's or an agent's short menu stays flat): that page stands alone.
 */
export function menuTree(visible: readonly AppRoute[], groups: readonly MenuGroup[] = MENU_GROUPS): MenuNode[] {
  const groupOf = new Map<string, MenuGroup>();
  for (const group of groups) for (const path of group.paths) groupOf.set(path, group);
  const members = new Map<string, AppRoute[]>();
  for (const route of visible) {
    const group = groupOf.get(route.path);
    if (group) members.set(group.key, [...(members.get(group.key) ?? []), route]);
  }
  const nodes: MenuNode[] = [];
  const placed = new Set<string>();
  for (const route of visible) {
    const group = groupOf.get(route.path);
    const routes = group ? (members.get(group.key) ?? []) : [];
    if (!group || routes.length < 2) nodes.push({ kind: 'item', route });
    else if (!placed.has(group.key)) {
      placed.add(group.key);
      nodes.push({ kind: 'group', group, routes });
    }
  }
  return nodes;
}

/** The sub-menu key holding `path`, if the tree put it under one. */
export function groupKeyOf(nodes: readonly MenuNode[], path: string | undefined): string | undefined {
  if (!path) return undefined;
  for (const node of nodes) if (node.kind === 'group' && node.routes.some((route) => route.path === path)) return node.group.key;
  return undefined;
}
