/**
 * Where the modules meet (docs/ARCHITECTURE.md, "How modules talk"): every subscriber to a
 * domain event, every guard check and every lookup answer is registered here and nowhere else.
 * A module that wants to hear about another's event adds one line here that calls a function
 * of its own index — it never registers itself as a side effect of being imported.
 *
 * Reading this file tells who reacts to what:
 * - tickets asks `TicketManualMoveGuard` before a person moves a ticket → workorders refuses
 *   resolving, closing, cancelling or re-assessing while a visit is open;
 * - customers asks `CustomerAssetCounts` for its lists → assets counts;
 * - after-commit subscribers are delivered through `domain_event_outbox` (jobs: events.deliver).
 */
import { countAssets } from './modules/assets';
import { CustomerAssetCounts } from './modules/customers';
import { TicketManualMoveGuard } from './modules/tickets';
import { guardTicketAgainstOpenWork } from './modules/workorders';
import { writeDomainEventOutbox } from './platform/event-outbox';
import { seam as processSeam, type Seam } from './platform/seam';

const wired = new WeakSet<Seam>();

/** Registers the wiring on a seam once (the process's seam by default; apps built again reuse it). */
export function wireModules(target: Seam = processSeam): Seam {
  if (wired.has(target)) return target;
  wired.add(target);
  target.setOutboxWriter(writeDomainEventOutbox);

  target.addGuard(TicketManualMoveGuard, 'workorders.no-open-visits', guardTicketAgainstOpenWork);
  target.provide(CustomerAssetCounts, countAssets);

  return target;
}
