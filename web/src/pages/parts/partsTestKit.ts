/**
 * The fixture the parts page tests share: a compressor and a capacitor, a central and an
 * outlet warehouse, a stock row, and `mockPartsApi` — the fetch mock answering /api/auth/me,
 * the catalogue, the warehouse list and the page's own list routes, with `extra` tried first
 * (POSTs, errors, one test's special answer).
 */
import { makeMe, mockFetch, pageOf, type Call, type Reply } from '../../test-utils';
import type { Me } from '../../api/types';
import type { PartView, StockRow, WarehouseView } from '../../api/parts';

export const PART: PartView = {
  id: '00000000-0000-4000-8000-0000000000f1',
  partNumber: 'CMP-100',
  name: '压缩机 1.5P',
  kind: 'common',
  unit: 'piece',
  isSerialTracked: true,
  mustReturnOldPart: true,
  costFen: 80000,
  salePriceFen: 120050,
  modelIds: ['00000000-0000-4000-8000-0000000000c1'],
  isActive: true,
  version: 3,
  updatedAt: '2026-12-03T02:00:00.000Z',
};
export const CAP: PartView = { ...PART, id: '00000000-0000-4000-8000-0000000000f2', partNumber: 'CAP-35', name: '启动电容', isSerialTracked: false, mustReturnOldPart: false, modelIds: [] };

export const CENTRAL: WarehouseView = { id: '00000000-0000-4000-8000-0000000000a0', code: 'WH-C', name: '上海总仓', level: 'central', outletId: null, technicianId: null, frozenByCountId: null, isActive: true };
export const OUTLET: WarehouseView = { id: '00000000-0000-4000-8000-0000000000a1', code: 'WH-ZJ', name: '张江网点仓', level: 'outlet', outletId: '00000000-0000-4000-8000-0000000000b1', technicianId: null, frozenByCountId: null, isActive: true };

/** A stock row of `part` in `warehouse` (good, 2 on hand unless overridden). */
export function stockRow(part: PartView, warehouse: WarehouseView, overrides: Partial<StockRow> = {}): StockRow {
  return {
    warehouseId: warehouse.id,
    warehouseName: warehouse.name,
    partId: part.id,
    partNumber: part.partNumber,
    partName: part.name,
    kind: part.kind,
    unit: part.unit,
    isSerialTracked: part.isSerialTracked,
    condition: 'good',
    onHand: 2,
    inTransit: 0,
    reserved: 0,
    available: 2,
    reorderPoint: null,
    reorderQuantity: null,
    isBelowReorderPoint: false,
    ...overrides,
  };
}

export const KEEPER = makeMe({ roles: ['parts_keeper'], permissions: ['parts.read', 'parts.cost.read', 'parts.manage', 'parts.move', 'parts.return', 'parts.count'] });

export type PartsApiFixture = {
  /** The signed-in user (default: the parts keeper). */
  me?: Me;
  /** The catalogue page (`GET /api/parts?…`); cost hidden without parts.cost.read. */
  parts?: PartView[];
  /** The warehouse list (`GET /api/parts/warehouses?…`). */
  warehouses?: WarehouseView[];
  /** Path prefixes (before `?`) and the items of the page they answer, e.g. `{ '/api/parts/transfers': [TRANSFER] }`. */
  lists?: Record<string, unknown[]>;
  /** Tried first: a test's own answers (writes, errors). */
  extra?: (call: Call) => Reply | undefined;
};

/** Stubs fetch for a parts page and returns the recorded calls. */
export function mockPartsApi(fixture: PartsApiFixture = {}): Call[] {
  const me = fixture.me ?? KEEPER;
  const parts = (fixture.parts ?? [PART, CAP]).map((part) => (me.permissions.includes('parts.cost.read') ? part : { ...part, costFen: null }));
  return mockFetch((call) => {
    const answer = fixture.extra?.(call);
    if (answer) return answer;
    if (call.path === '/api/auth/me') return { body: me };
    if (call.path.startsWith('/api/parts?')) return { body: pageOf(parts) };
    if (call.path.startsWith('/api/parts/warehouses?')) return { body: pageOf(fixture.warehouses ?? [CENTRAL, OUTLET]) };
    if (call.method === 'GET') {
      const path = call.path.split('?')[0];
      const items = fixture.lists?.[path];
      if (items) return { body: pageOf(items) };
    }
    return undefined;
  });
}
