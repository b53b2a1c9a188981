/**
 * Factories for the parts tests: an outlet with its warehouse and technicians with their own
 * stock, a central warehouse, parts (through the API as the parts keeper).
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { App } from '../../app';
import { queryRows } from '../../db/client';
import { SYSTEM_ACTOR } from '../../platform/principal';
import { buildOutlet, buildUser, signIn, signInAs, type Session } from '../../test/harness';
import { createTechnician } from '../technicians';

let sequence = 0;
const next = () => `${(sequence += 1)}${Date.now() % 100000}`;

export type PartsTech = { id: string; userId: string; warehouseId: string; session: Session };
export type PartsOutlet = { id: string; warehouseId: string; staff: Session; technicians: PartsTech[] };

export async function buildWarehouse(keeper: Session, body: Record<string, unknown>): Promise<string> {
  const response = await keeper.request('POST', '/api/parts/warehouses', { code: `WH-${next()}`, name: `仓库${sequence}`, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

/** An outlet with its warehouse, signed-in outlet staff and `technicianCount` technicians with a personal stock each. */
export async function buildPartsOutlet(app: App, keeper: Session, technicianCount = 1): Promise<PartsOutlet> {
  const outlet = await buildOutlet(app);
  const warehouseId = await buildWarehouse(keeper, { level: 'outlet', outletId: outlet.id, name: `${outlet.name}仓` });
  const { session: staff } = await signInAs(app, ['outlet'], { outletId: outlet.id });
  const technicians: PartsTech[] = [];
  for (let index = 0; index < technicianCount; index += 1) {
    const user = await buildUser(app, { roles: ['technician'], outletId: outlet.id });
    const technician = await createTechnician(app.ctx, SYSTEM_ACTOR, { userId: user.id, outletId: outlet.id, grade: 'senior', skills: [] });
    const techWarehouseId = await buildWarehouse(keeper, { level: 'technician', outletId: outlet.id, technicianId: technician.id, name: `${technician.name}随身库` });
    technicians.push({ id: technician.id, userId: user.id, warehouseId: techWarehouseId, session: await signIn(app, user.username) });
  }
  return { id: outlet.id, warehouseId, staff, technicians };
}

export async function buildPart(keeper: Session, body: Record<string, unknown> = {}) {
  const response = await keeper.request('POST', '/api/parts', {
    partNumber: `P-${next()}`,
    name: `压缩机${sequence}`,
    kind: 'common',
    unit: 'piece',
    isSerialTracked: false,
    mustReturnOldPart: false,
    costFen: 30000,
    salePriceFen: 45000,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; partNumber: string; name: string; version: number; salePriceFen: number };
}

export async function receive(keeper: Session, warehouseId: string, lines: { partId: string; quantity: number; serials?: string[] }[], condition: 'good' | 'defective' = 'good') {
  const response = await keeper.request('POST', '/api/parts/receipts', { warehouseId, condition, reference: '供应商送货单 123', lines });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { documentId: string; ledgerRows: number };
}

/** The cached balance (0 when no row). */
export async function balanceOf(app: App, warehouseId: string, partId: string, condition: 'good' | 'defective' = 'good') {
  const [row] = await queryRows<{ on_hand: string; in_transit: string; reserved: string }>(
    app.ctx.db,
    sql`select on_hand::text, in_transit::text, reserved::text from stock_balances where warehouse_id = ${warehouseId} and part_id = ${partId} and condition = ${condition}`,
  );
  return { onHand: Number(row?.on_hand ?? 0), inTransit: Number(row?.in_transit ?? 0), reserved: Number(row?.reserved ?? 0) };
}

export async function ledgerCount(app: App): Promise<number> {
  const [row] = await queryRows<{ n: number }>(app.ctx.db, sql`select count(*)::int as n from stock_ledger`);
  return row.n;
}
