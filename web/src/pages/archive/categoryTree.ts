import type { CategoryView } from '../../api/archive';

export type CategoryNode = { key: string; value: string; title: string; category: CategoryView; children: CategoryNode[] };

/** The flat category list as a tree (children sorted by code); orphans become roots. */
export function buildCategoryTree(items: readonly CategoryView[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const category of items) nodes.set(category.id, { key: category.id, value: category.id, title: category.name, category, children: [] });
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.category.parentId ? nodes.get(node.category.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: CategoryNode[]) => {
    list.sort((a, b) => a.category.code.localeCompare(b.category.code));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** For TreeSelect: `{title, value, children}` with the code shown. */
export type CategoryOption = { title: string; value: string; children?: CategoryOption[] };

export function categoryTreeData(items: readonly CategoryView[]): CategoryOption[] {
  const convert = (node: CategoryNode): CategoryOption => ({
    title: node.title,
    value: node.value,
    children: node.children.length ? node.children.map(convert) : undefined,
  });
  return buildCategoryTree(items).map(convert);
}

/** The ancestors of a category from the root down (without the category itself). */
export function categoryPath(items: readonly CategoryView[], id: string): CategoryView[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const path: CategoryView[] = [];
  let current = byId.get(id)?.parentId ? byId.get(byId.get(id)!.parentId!) : undefined;
  while (current && path.length < 20) {
    path.unshift(current);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}
