/**
 * The parts module's surface for other modules. The tx-taking functions run inside the
 * caller's transaction (the work order's completion, the dispatcher's pre-visit check), so
 * the stock change, its ledger rows and the caller's own writes commit together.
 */
export { partsRoutes } from './parts.routes';
export {
  consumePartsForWorkOrder,
  consumePartsOnCompletion,
  recordOldParts,
  reservePartsForRequisition,
  partPrices,
  partsReadiness,
  type CompletedVisitParts,
  type ConsumptionInput,
  type OldPartsInput,
  type RequisitionInput,
} from './movements.service';
export { rebuildBalances, getWarehouseStock, getPartStock, listLedger } from './parts.service';
export { RequisitionShort, RequisitionIssued } from './parts.events';
export { countsToApprove } from './counts.service';
