/**
 * A visit that waits for parts before it starts (派工前预审): when its requisition is short the
 * ticket pauses in `waiting_parts` (its clocks stop) and the order's timeline says so; when the
 * parts are issued to the technician the ticket goes back to where it paused. Called by the
 * parts module's events through server/wiring.ts, in the transaction of the requisition.
 */
import { ACTIVE_STATUSES } from '../../../contracts/dispatch';
import type { Executor } from '../../db/client';
import type { EventMeta } from '../../platform/seam';
import { followWorkOrder } from '../tickets';
import { recordWorkOrderEvent } from './workorders.core';
import * as repo from './workorders.repository';

/** Before the technician has started: a shortage then holds the ticket. */
const BEFORE_WORK = ['waiting', 'dispatched', 'assigned', 'on_the_way'];

export async function holdWorkOrderForParts(tx: Executor, input: { workOrderId: string; text: string }, meta: EventMeta): Promise<void> {
  const row = await repo.findWorkOrderById(tx, input.workOrderId, { forUpdate: true });
  if (!row || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return;
  await recordWorkOrderEvent(tx, meta.actor, row, meta.now, { kind: 'parts_short', text: input.text });
  if (BEFORE_WORK.includes(row.status)) await followWorkOrder(tx, meta.actor, row.ticketId, { kind: 'paused', to: 'waiting_parts', text: `派工单 ${row.number} ${input.text}` }, meta.now);
}

export async function releaseWorkOrderParts(tx: Executor, input: { workOrderId: string; isEveryPartReady: boolean }, meta: EventMeta): Promise<void> {
  const row = await repo.findWorkOrderById(tx, input.workOrderId, { forUpdate: true });
  if (!row || !(ACTIVE_STATUSES as readonly string[]).includes(row.status)) return;
  await recordWorkOrderEvent(tx, meta.actor, row, meta.now, { kind: input.isEveryPartReady ? 'parts_ready' : 'parts_issued', text: input.isEveryPartReady ? '备件已备齐' : '部分备件已发放' });
  if (input.isEveryPartReady) await followWorkOrder(tx, meta.actor, row.ticketId, { kind: 'resumed', from: 'waiting_parts', text: `派工单 ${row.number} 备件已备齐` }, meta.now);
}
