import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { newId } from '../../platform/ids';
import { createTestApp, type TestApp } from '../../test/harness';
import { categoryChain, findApplicableChecklist } from './checklists.service';
import { qualityChecklists } from './quality.tables';

describe('categoryChain', () => {
  const tree = new Map([
    ['a', { id: 'a', parentId: null }],
    ['b', { id: 'b', parentId: 'a' }],
    ['c', { id: 'c', parentId: 'b' }],
    ['x', { id: 'x', parentId: 'y' }],
    ['y', { id: 'y', parentId: 'x' }],
  ]);
  it('walks from the category up to the root, nearest first', () => {
    expect(categoryChain('c', tree)).toEqual(['c', 'b', 'a']);
    expect(categoryChain('a', tree)).toEqual(['a']);
  });
  it('ends a loop and keeps an unknown category as itself', () => {
    expect(categoryChain('x', tree)).toEqual(['x', 'y']);
    expect(categoryChain('zzz', tree)).toEqual(['zzz']);
  });
});

describe('findApplicableChecklist', () => {
  let t: TestApp;
  const ids = { root: newId(), mid: newId(), leaf: newId(), other: newId() };
  beforeAll(async () => {
    t = await createTestApp();
    const db = t.app.ctx.db;
    // Through SQL: the categories belong to the assets module, whose tables quality does not import.
    const rows: [string, string | null, string, string][] = [
      [ids.root, null, 'hvac-test', '暖通'],
      [ids.mid, ids.root, 'ac-test', '空调'],
      [ids.leaf, ids.mid, 'split-test', '挂机'],
      [ids.other, null, 'water-test', '热水器'],
    ];
    for (const [id, parentId, code, name] of rows) await queryRows(db, sql`insert into product_categories (id, parent_id, code, name) values (${id}, ${parentId}, ${code}, ${name})`);
  });
  afterAll(async () => t?.close());

  async function addChecklist(name: string, categoryId: string | null, options: { workType?: 'repair' | 'installation'; isActive?: boolean; at?: string } = {}) {
    const at = new Date(options.at ?? '2026-05-01T00:00:00Z');
    await t.app.ctx.db.insert(qualityChecklists).values({ id: newId(), name, workType: options.workType ?? 'repair', categoryId, items: [], isActive: options.isActive ?? true, createdAt: at, updatedAt: at });
  }
  const nameFor = async (workType: string, categoryId: string | null) => (await findApplicableChecklist(t.app.ctx.db, workType, categoryId))?.name;

  it('falls back to the checklist for every category, and finds none for a work type without one', async () => {
    await addChecklist('通用', null);
    expect(await nameFor('repair', ids.leaf)).toBe('通用');
    expect(await nameFor('repair', null)).toBe('通用');
    expect(await nameFor('installation', ids.leaf)).toBeUndefined();
  });

  it('a child category inherits its ancestors’ checklist; the nearest one wins; other branches and inactive ones do not count', async () => {
    await addChecklist('暖通', ids.root);
    expect(await nameFor('repair', ids.leaf)).toBe('暖通');
    await addChecklist('空调', ids.mid, { at: '2026-01-01T00:00:00Z' });
    expect(await nameFor('repair', ids.leaf)).toBe('空调');
    expect(await nameFor('repair', ids.root)).toBe('暖通');
    await addChecklist('挂机（停用）', ids.leaf, { isActive: false });
    await addChecklist('热水器', ids.other);
    expect(await nameFor('repair', ids.leaf)).toBe('空调');
    expect(await nameFor('repair', ids.other)).toBe('热水器');
    await addChecklist('挂机', ids.leaf, { at: '2025-01-01T00:00:00Z' });
    expect(await nameFor('repair', ids.leaf)).toBe('挂机');
  });

  it('the newest wins between two of the same category', async () => {
    await addChecklist('空调 新版', ids.mid, { at: '2026-06-01T00:00:00Z' });
    expect(await nameFor('repair', ids.mid)).toBe('空调 新版');
  });
});
