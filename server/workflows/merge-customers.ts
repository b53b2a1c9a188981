import type { AppContext } from '../platform/context';
import type { Actor } from '../platform/principal';
import { recordAudit } from '../modules/audit';
import { mergeCustomerRecords } from '../modules/customers';
import { moveAssetsToCustomer } from '../modules/assets';

/**
 * Merges two customer records in one transaction: the customer module moves phones,
 * addresses, contacts, revenues and access grants; the assets module moves the units. Both
 * steps and their audit rows commit together or not at all.
 */
export async function mergeCustomers(ctx: AppContext, actor: Actor, input: { sourceId: string; targetId: string }) {
  return ctx.db.transaction(async (tx) => {
    await mergeCustomerRecords(tx, ctx, actor, input.sourceId, input.targetId);
    const moved = await moveAssetsToCustomer(tx, input.sourceId, input.targetId);
    if (moved.length) {
      await recordAudit(tx, actor, { entity: 'customer', entityId: input.targetId, action: 'assets_moved', after: { fromCustomerId: input.sourceId, assetIds: moved } });
    }
    return { targetId: input.targetId, assetsMoved: moved.length };
  });
}
