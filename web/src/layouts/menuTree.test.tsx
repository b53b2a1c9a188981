import { describe, expect, it } from 'vitest';
import type { AppRoute } from '../routes';
import { groupKeyOf, menuTree, type MenuGroup } from './menuTree';

const route = (path: string): AppRoute => ({ path, access: 'authenticated', labelKey: 'nav.home', icon: null, Component: () => null });
const GROUPS: MenuGroup[] = [
  { key: 'group:a', labelKey: 'nav.system', icon: null, paths: ['/a1', '/a2', '/a3'] },
  { key: 'group:b', labelKey: 'nav.system', icon: null, paths: ['/b1', '/b2'] },
];
const shape = (nodes: ReturnType<typeof menuTree>) =>
  nodes.map((node) => (node.kind === 'item' ? node.route.path : `${node.group.key}[${node.routes.map((r) => r.path).join(',')}]`));

describe('menuTree', () => {
  it('puts an area where its first visible page stands, with its pages in route-table order', () => {
    const tree = menuTree(['/', '/a1', '/x', '/a3', '/b1', '/b2', '/me'].map(route), GROUPS);
    expect(shape(tree)).toEqual(['/', 'group:a[/a1,/a3]', '/x', 'group:b[/b1,/b2]', '/me']);
  });

  it('leaves an area with a single visible page flat, and pages of no area at the top level', () => {
    const tree = menuTree(['/', '/a2', '/b1', '/b2', '/new-page'].map(route), GROUPS);
    expect(shape(tree)).toEqual(['/', '/a2', 'group:b[/b1,/b2]', '/new-page']);
    expect(groupKeyOf(tree, '/a2')).toBeUndefined();
    expect(groupKeyOf(tree, '/b2')).toBe('group:b');
    expect(groupKeyOf(tree, undefined)).toBeUndefined();
  });
});
