/**
 * Repeat repairs (返修): a new ticket on an asset with the same fault code (or a code of the same
 * fault group, setting `faultGroups`) within the window (default 90 days) after a completed
 * repair visit is linked to that visit and flagged ("返修：上次 2026-10-01 王强 更换电容"); it
 * counts against the earlier visit's technician and outlet and proposes the `repeat_repair`
 * rules' entries. Detection runs in the ticket's transaction on `ticket.created` and again on
 * `ticket.moved` to `assessed` (the fault code is often known only after triage); one link
 * per ticket, so running twice changes nothing. A supervisor clears a false flag with a reason
 * (still proposed entries are withdrawn). The back-fill recomputes links for existing data.
 */
import type { z } from 'zod';
import type { TQualitySettings, TRepeatLinkView, ZRepeatQuery } from '../../../contracts/quality';
import type { TicketType } from '../../../contracts/tickets';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { SYSTEM_PRINCIPAL, type Actor, type Principal } from '../../platform/principal';
import { scopeCondition } from '../../platform/scope';
import type { EventMeta } from '../../platform/seam';
import { shanghaiDate } from '../../platform/time';
import { recordAudit } from '../audit';
import { findOutletNames } from '../org';
import { findTechnicianNames } from '../technicians';
import { findTicketForWork, listTickets } from '../tickets';
import { findWorkOrderRows } from '../workorders';
import { completedOrderOf, recordVisitOfOrder, ticketFaultCode } from './inspection.service';
import { proposeEntry, withdrawProposals } from './ledger.service';
import * as repo from './quality.repository';
import { qualitySettings } from './quality.settings';
import { withdrawStreaksWith } from './triggers.service';
import { qualityRepeatLinks } from './quality.tables';

const DAY_MS = 86_400_000;

/** Whether tickets (and visits) of this type are checked for repeat repairs (the tickets' rows keep the type as text). */
function isRepeatType(settings: TQualitySettings, type: string): boolean {
  return (settings.repeatTicketTypes as readonly string[]).includes(type);
}

/** Whether two fault codes are the same fault: equal, or mapped to the same group. */
export function matchFault(code: string, earlier: string | null, groups: Record<string, string>): 'code' | 'group' | null {
  if (!earlier) return null;
  if (code === earlier) return 'code';
  const group = groups[code];
  return group && groups[earlier] === group ? 'group' : null;
}

type DetectOptions = {
  /** The settings when the caller has read them already (the intake subscriber, the back-fill). */
  settings?: TQualitySettings;
  /** A ticket created in this transaction has no link yet: the lookup is skipped. */
  isNew?: boolean;
};

/** Links the ticket to the earlier visit it repeats, if any; answers the new link (undefined: none or already linked). */
export async function detectRepeatRepair(tx: Executor, ticketId: string, meta: EventMeta, options: DetectOptions = {}): Promise<repo.RepeatLinkRow | undefined> {
  const ticket = await findTicketForWork(tx, ticketId);
  if (!ticket?.assetId) return undefined;
  const settings = options.settings ?? (await qualitySettings.read(tx));
  if (!isRepeatType(settings, ticket.type)) return undefined;
  const code = ticketFaultCode(ticket);
  if (!code) return undefined;
  if (!options.isNew && (await repo.findRepeatLinkOfTicket(tx, ticket.id))) return undefined;
  const from = new Date(ticket.createdAt.getTime() - settings.repeatWindowDays * DAY_MS);
  const visits = await repo.findVisitsOfAsset(tx, ticket.assetId, from, ticket.createdAt, ticket.id);
  let matched: { visit: repo.VisitRow; by: 'code' | 'group' } | undefined;
  for (const visit of visits) {
    if (!isRepeatType(settings, visit.type)) continue;
    const by = matchFault(code, visit.faultCode, settings.faultGroups);
    if (by) {
      matched = { visit, by };
      break;
    }
  }
  if (!matched) return undefined;
  const { visit } = matched;
  const technicianName = visit.technicianId ? (await findTechnicianNames(tx, [visit.technicianId])).get(visit.technicianId) ?? null : null;
  const summary = ['返修：上次', shanghaiDate(visit.finishedAt), technicianName, visit.workDone].filter(Boolean).join(' ');
  const link = await repo.insertRepeatLink(tx, {
    id: newId(),
    ticketId: ticket.id,
    ticketNumber: ticket.number,
    ticketCreatedAt: ticket.createdAt,
    assetId: ticket.assetId,
    faultCode: code,
    earlierFaultCode: visit.faultCode ?? code,
    matchedBy: matched.by,
    earlierWorkOrderId: visit.workOrderId,
    earlierTicketId: visit.ticketId,
    earlierFinishedAt: visit.finishedAt,
    technicianId: visit.technicianId,
    outletId: visit.outletId,
    summary,
    detectedAt: meta.now,
  });
  if (!link) return undefined;
  await recordAudit(tx, meta.actor, { entity: 'quality_repeat_link', entityId: link.id, action: 'detected', after: { ticketId: ticket.id, earlierWorkOrderId: visit.workOrderId, matchedBy: matched.by, summary } });
  await withdrawStreaksWith(tx, visit, `${summary}（${ticket.number}）`, meta);
  if (visit.technicianUserId) {
    await proposeEntry(
      tx,
      { trigger: 'repeat_repair', userId: visit.technicianUserId, technicianId: visit.technicianId, outletId: visit.outletId, sourceKey: `repeat_repair:${ticket.id}`, sourceType: 'repeat_repair', sourceId: link.id, reason: `${summary}（${ticket.number}）` },
      meta,
    );
  }
  return link;
}

/** `ticket.created`: detect at intake — nothing is read for a ticket without an asset or of a type not checked. */
export async function onTicketCreated(tx: Executor, payload: { ticketId: string; assetId: string | null; type: TicketType }, meta: EventMeta): Promise<void> {
  if (!payload.assetId) return;
  const settings = await qualitySettings.read(tx);
  if (!isRepeatType(settings, payload.type)) return;
  await detectRepeatRepair(tx, payload.ticketId, meta, { settings, isNew: true });
}

/** `ticket.moved` to assessed: detect again now that triage knows the fault. */
export async function onTicketAssessed(tx: Executor, payload: { ticketId: string; to: string }, meta: EventMeta): Promise<void> {
  if (payload.to === 'assessed') await detectRepeatRepair(tx, payload.ticketId, meta);
}

function repeatScope(principal: Principal) {
  return scopeCondition(principal, { outlet: qualityRepeatLinks.outletId });
}

async function presentLinks(executor: Executor, rows: repo.RepeatLinkRow[]): Promise<TRepeatLinkView[]> {
  const [technicians, outlets, visits] = await Promise.all([
    findTechnicianNames(executor, [...new Set(rows.flatMap((row) => (row.technicianId ? [row.technicianId] : [])))]),
    findOutletNames(executor, rows.map((row) => row.outletId)),
    repo.findVisitsByWorkOrders(executor, rows.map((row) => row.earlierWorkOrderId)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    assetId: row.assetId,
    faultCode: row.faultCode,
    earlierFaultCode: row.earlierFaultCode,
    matchedBy: row.matchedBy,
    earlierWorkOrderId: row.earlierWorkOrderId,
    earlierWorkOrderNumber: visits.get(row.earlierWorkOrderId)?.workOrderNumber ?? '',
    earlierTicketId: row.earlierTicketId,
    earlierFinishedAt: row.earlierFinishedAt.toISOString(),
    daysSince: Math.floor((row.ticketCreatedAt.getTime() - row.earlierFinishedAt.getTime()) / DAY_MS),
    technicianId: row.technicianId,
    technicianName: row.technicianId ? technicians.get(row.technicianId) ?? null : null,
    outletId: row.outletId,
    outletName: row.outletId ? outlets.get(row.outletId) ?? null : null,
    summary: row.summary,
    detectedAt: row.detectedAt.toISOString(),
    isCleared: row.clearedAt !== null,
    clearedBy: row.clearedBy,
    clearedAt: row.clearedAt?.toISOString() ?? null,
    clearReason: row.clearReason,
  }));
}

export async function listRepeatLinks(ctx: AppContext, principal: Principal, query: z.infer<typeof ZRepeatQuery>) {
  const { rows, total } = await repo.findRepeatLinks(ctx.db, { scope: repeatScope(principal), status: query.status, ticketId: query.ticketId }, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentLinks(ctx.db, rows), total, page: query.page, pageSize: query.pageSize };
}

/** The flag of one ticket (what the dispatcher and the ticket page show), or null. */
export async function findTicketRepeatFlag(ctx: AppContext, principal: Principal, ticketId: string): Promise<TRepeatLinkView | null> {
  const { rows } = await repo.findRepeatLinks(ctx.db, { scope: repeatScope(principal), status: 'all', ticketId }, { limit: 1, offset: 0 });
  return rows.length ? (await presentLinks(ctx.db, rows))[0] : null;
}

/** A supervisor clears a false flag with a reason; entries it proposed that are still open are withdrawn. */
export async function clearRepeatLink(ctx: AppContext, principal: Principal, actor: Actor, id: string, reason: string): Promise<TRepeatLinkView> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await repo.findRepeatLink(tx, id, { forUpdate: true, scope: repeatScope(principal) });
    if (!row) throw notFound('Repeat repair');
    if (row.clearedAt) throw new AppError('conflict', 'This flag was cleared already', { details: [{ path: ['id'], message: `cleared at ${row.clearedAt.toISOString()}`, code: 'already_cleared' }] });
    const updated = await repo.updateRepeatLink(tx, id, { clearedAt: now, clearedBy: actor.displayName ?? actor.name, clearReason: reason });
    await withdrawProposals(tx, `repeat_repair:${row.ticketId}`, `返修标记已撤销：${reason}`, { actor, now });
    await recordAudit(tx, actor, { entity: 'quality_repeat_link', entityId: id, action: 'cleared', after: { reason } });
    return (await presentLinks(tx, [updated]))[0];
  });
}

/**
 * Back-fill (POST /api/quality/repeat-repairs/backfill): records the completed visits quality
 * has not seen (work orders completed or verified with a finish time), then checks every
 * ticket of the assets with visits. Links that exist stay; cleared ones stay cleared.
 */
export async function backfillRepeatRepairs(ctx: AppContext, actor: Actor, input: { since?: string }) {
  const now = ctx.clock.now();
  const since = input.since ? new Date(input.since) : null;
  let visitsRecorded = 0;
  const assetIds = new Set<string>();
  for (let offset = 0; ; offset += 500) {
    const { rows } = await findWorkOrderRows(ctx.db, { statuses: ['completed', 'verified'] }, { limit: 500, offset }, 'newest');
    if (!rows.length) break;
    await ctx.db.transaction(async (tx) => {
      for (const order of rows) {
        if (!order.finishedAt) continue;
        if (order.assetId) assetIds.add(order.assetId);
        if (await repo.findVisit(tx, order.id)) continue;
        await recordVisitOfOrder(tx, completedOrderOf(order), order.finishedAt, now);
        visitsRecorded += 1;
      }
    });
    if (rows.length < 500) break;
  }
  let ticketsChecked = 0;
  let linksCreated = 0;
  for (const assetId of assetIds) {
    const { items } = await listTickets(ctx, SYSTEM_PRINCIPAL, { assetId, page: 1, pageSize: 100 });
    await ctx.db.transaction(async (tx) => {
      for (const ticket of items) {
        if (since && new Date(ticket.createdAt) < since) continue;
        ticketsChecked += 1;
        if (await detectRepeatRepair(tx, ticket.id, { actor, now })) linksCreated += 1;
      }
    });
  }
  await ctx.db.transaction((tx) => recordAudit(tx, actor, { entity: 'quality_repeat_link', entityId: null, action: 'backfilled', after: { visitsRecorded, ticketsChecked, linksCreated } }));
  return { visitsRecorded, ticketsChecked, linksCreated };
}

/**
 * The uncleared 返修 flags of these tickets (answers dispatch's `TicketRepeatRepairs` lookup in
 * server/wiring.ts): the earlier visit's technician, whom automatic dispatch avoids.
 */
export async function repeatFlagsOfTickets(executor: Executor, ticketIds: string[]) {
  return repo.findOpenRepeatFlags(executor, ticketIds);
}
