/**
 * The workorders module's surface: work orders (派工单) — the state table and its one writer
 * (`moveWorkOrder`, `assignInTx`, `assignManyInTx`), the phone steps, the workshop, the
 * receipt, the outlet feedback chase, and the reads the dispatch module plans from.
 */
export { workOrdersRoutes } from './workorders.routes';
export { createWorkOrder, createWorkOrderInTx, getWorkOrder } from './workorders.service';
export {
  assignInTx,
  assignManyInTx,
  dispatchSettings,
  findScopedWorkOrder,
  invalidWorkOrderTransition,
  loadNames,
  moveWorkOrder,
  presentWorkOrder,
  presentWorkOrderDetail,
  workOrderScope,
  type Assignment,
  type BulkAssignment,
  type WorkOrderRow,
} from './workorders.core';
export {
  countOutletLoad,
  findBookedOrders,
  findWaitingOrders,
  findWorkOrders as findWorkOrderRows,
  findWorkOrderById as findWorkOrderRow,
  findPhotos as findWorkOrderPhotos,
  findOrdersByIds,
  findOrdersByIdsForUpdate,
  findOrdersPlannedElsewhere,
  findOutletIdsWithOrders,
  findPlannableOrders,
  PLANNED_STATUSES,
  updateOrderPlanFields,
} from './workorders.repository';
export { flagFeedbackOverdue } from './feedback.service';
export { holdWorkOrderForParts, releaseWorkOrderParts } from './parts-hold';
export { guardTicketAgainstOpenWork } from './workorders.core';
export { WorkOrderMoved, WorkOrderCompleted, WorkOrderVerified, WorkOrderPartPrices, WorkOrderCompletionGuard, type CompletedPartLine } from './workorders.events';
