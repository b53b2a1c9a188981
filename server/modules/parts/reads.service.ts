/**
 * Small reads for the pages around the work order (派工台, the work order's 备件 panel, the
 * phone): the parts readiness of orders and a technician's warehouses.
 */
import type { AppContext } from '../../platform/context';
import { notFound } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import { readinessOf } from '../../../contracts/parts';
import { requisitionScope } from './movements.service';
import * as repo from './parts.repository';
import { canSeeWarehouse, presentWarehouse } from './parts.service';

/**
 * Readiness of work orders for the board, through the principal's scope: requisitions the
 * principal may not see do not count (an order of another outlet reads `none`).
 */
export async function readinessOfWorkOrders(ctx: AppContext, principal: Principal, workOrderIds: string[]) {
  const statuses = await repo.findRequisitionStatuses(ctx.db, workOrderIds, requisitionScope(principal));
  return { items: workOrderIds.map((workOrderId) => ({ workOrderId, readiness: readinessOf(statuses.get(workOrderId) ?? []) })) };
}

/**
 * A technician's own stock and the warehouses it may request from or return to: the
 * technician's outlet warehouse and the active central ones. 404 when the principal may not
 * see the technician's stock (or it has none).
 */
export async function technicianWarehouses(ctx: AppContext, principal: Principal, technicianId: string) {
  const stock = await repo.findWarehouseOfTechnician(ctx.db, technicianId);
  if (!stock || !canSeeWarehouse(principal, stock)) throw notFound('Technician stock');
  const [outlet, central] = await Promise.all([
    stock.outletId ? repo.findOutletWarehouse(ctx.db, stock.outletId) : Promise.resolve(undefined),
    repo.findActiveCentralWarehouses(ctx.db),
  ]);
  const sources = [...(outlet?.isActive ? [outlet] : []), ...central];
  return { technicianId, stock: presentWarehouse(stock), sources: sources.map(presentWarehouse) };
}
