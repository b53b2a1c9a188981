/**
 * Automatic dispatch (自动派工). For each waiting order, urgent first then by appointment window:
 * 1. outlets whose service area covers the site, not full for the work type that day, nearest
 *    and least loaded first;
 * 2. in the first such outlet that has one, the technician with the skill (category line ×
 *    work type), the grade, a valid 上岗证, no absence, working that day, under the daily
 *    limit, into whose day the order fits (window, travel, shift) — least extra travel and load;
 * 3. no eligible technician anywhere: the order goes to the best outlet, which confirms a
 *    technician (派工反馈); no outlet serves the site: it stays waiting, with the reason.
 * Every choice is stored with its explanation. Orders are claimed with FOR UPDATE SKIP LOCKED
 * in chunks and the chosen technician's row is locked and his day re-read before booking, so
 * parallel runs (batches in two processes, a dispatcher on the board) never double-book.
 */
import { GRADE_LABELS, type DispatchCandidate, type DispatchExplanation, type WorkOrderStatus } from '../../../contracts/dispatch';
import { TICKET_TYPE_LABELS } from '../../../contracts/tickets';
import type { AppContext } from '../../platform/context';
import type { Actor } from '../../platform/principal';
import type { Executor } from '../../db/client';
import { lookup } from '../../platform/seam';
import { withDeadlockRetry } from '../../platform/tx-retry';
import { listAllOutlets } from '../org';
import { findTechniciansWithFacts, lockTechniciansInOrder } from '../technicians';
import { assignManyInTx, countOutletLoad, findBookedOrders, findWaitingOrders, type WorkOrderRow } from '../workorders';
import { distanceKm, fitIntoDay, outletServes, repeatPenalty, skillLabel, technicianProblem, type CategoryInfo, type OutletFacts, type TechnicianFacts } from './dispatch-rules';
import { bookedJob, loadCategoryInfo, orderFacts, outletFacts, technicianFacts } from './assign.service';
import { TicketRepeatRepairs, type RepeatRepairFlag } from './dispatch.lookups';

const CHUNK = 200;
const MAX_EXCLUDED = 8;

type Snapshot = {
  outlets: OutletFacts[];
  technicians: Map<string, TechnicianFacts[]>;
  technicianRows: Map<string, Awaited<ReturnType<typeof findTechniciansWithFacts>>[number]>;
  /** technician id|date → booked jobs (updated as this run books). */
  booked: Map<string, WorkOrderRow[]>;
  /** outlet|type|date → orders. */
  load: Map<string, number>;
  categories: CategoryInfo;
  /** ticket id → its 返修 flag (asked of quality through the seam); absent: not a repeat repair. */
  repeats?: Map<string, RepeatRepairFlag>;
};

export type AutoDispatchItem = { workOrderId: string; number: string; status: WorkOrderStatus; summary: string };

type Choice = { outlet: OutletFacts | null; technician: TechnicianFacts | null; plannedStart: Date | null; explanation: DispatchExplanation; ranked: TechnicianFacts[] };

const round = (km: number | null) => (km === null ? null : Math.round(km * 10) / 10);

/** Ranks outlets and technicians for one order on the snapshot, with the explanation in words. */
export function chooseFor(order: WorkOrderRow, snapshot: Snapshot, at: Date): Choice {
  const facts = orderFacts(order);
  const repeat = order.ticketId ? snapshot.repeats?.get(order.ticketId) : undefined;
  const typeLabel = TICKET_TYPE_LABELS[order.type as keyof typeof TICKET_TYPE_LABELS]?.zh ?? order.type;
  const excludedOutlets: DispatchCandidate[] = [];
  const serving: { outlet: OutletFacts; km: number | null; score: number; load: number }[] = [];
  for (const outlet of snapshot.outlets) {
    const serves = outletServes(outlet, facts);
    if (!serves.ok) continue;
    const load = snapshot.load.get(`${outlet.id}|${order.type}|${order.serviceDate}`) ?? 0;
    const capacity = outlet.dailyCapacity[order.type];
    if (capacity !== undefined && load >= capacity) {
      excludedOutlets.push({ id: outlet.id, name: outlet.name, reason: `当日${typeLabel}已满（${load}/${capacity}）`, distanceKm: round(serves.distanceKm), load });
      continue;
    }
    const ratio = capacity ? load / capacity : 0;
    serving.push({ outlet, km: serves.distanceKm, load, score: (serves.distanceKm ?? 50) + 10 * ratio });
  }
  serving.sort((a, b) => a.score - b.score);
  const excludedTechnicians: DispatchCandidate[] = [];
  for (const candidate of serving) {
    const eligible: { technician: TechnicianFacts; score: number; load: number; km: number | null; travel: number; plannedStart: Date | null }[] = [];
    for (const technician of snapshot.technicians.get(candidate.outlet.id) ?? []) {
      const booked = snapshot.booked.get(`${technician.id}|${order.serviceDate}`) ?? [];
      let problem = technicianProblem(technician, facts, snapshot.categories, booked.length);
      let travel = 0;
      let plannedStart: Date | null = null;
      if (!problem) {
        const fit = fitIntoDay(technician, facts, booked.map(bookedJob));
        if (fit.ok) {
          travel = fit.travelMinutes;
          plannedStart = fit.plannedStart;
        } else problem = fit.reason;
      }
      if (problem) {
        excludedTechnicians.push({ id: technician.id, name: technician.name, reason: problem, outletId: candidate.outlet.id });
        continue;
      }
      eligible.push({ technician, load: booked.length, km: distanceKm(technician, facts), travel, plannedStart, score: travel + 20 * booked.length + repeatPenalty(technician, repeat) });
    }
    if (!eligible.length) {
      excludedOutlets.push({ id: candidate.outlet.id, name: candidate.outlet.name, reason: '无可派技师', distanceKm: round(candidate.km), load: candidate.load });
      continue;
    }
    eligible.sort((a, b) => a.score - b.score || a.technician.name.localeCompare(b.technician.name));
    const best = eligible[0];
    const skill = skillLabel(order.categoryId, order.type, snapshot.categories);
    const nearest = eligible.every((other) => (other.km ?? Infinity) >= (best.km ?? Infinity)) && eligible.length > 1 ? '距离最近，' : '';
    const avoided = repeat ? (best.technician.id !== repeat.technicianId ? '返修单，避开上次技师，' : '返修单（无其他可派技师），') : '';
    const reason = `${avoided}${nearest}距离 ${best.km === null ? '未知' : `${round(best.km)} km`}，技能 ${skill}，等级 ${GRADE_LABELS[best.technician.grade].zh}，当日已有 ${best.load} 单`;
    const excludedText = excludedTechnicians.slice(0, MAX_EXCLUDED).map((item) => `${item.name} ${item.reason}`);
    const summary = `选择：${candidate.outlet.name} · ${best.technician.name}（${reason}）${excludedText.length ? `；排除：${excludedText.join('；')}` : ''}`;
    return {
      outlet: candidate.outlet,
      technician: best.technician,
      plannedStart: best.plannedStart,
      ranked: eligible.map((item) => item.technician),
      explanation: {
        mode: 'auto',
        at: at.toISOString(),
        outlet: { chosen: { id: candidate.outlet.id, name: candidate.outlet.name, reason: `服务该区域，距离 ${candidate.km === null ? '未知' : `${round(candidate.km)} km`}，当日${typeLabel} ${candidate.load} 单`, distanceKm: round(candidate.km), load: candidate.load }, excluded: excludedOutlets.slice(0, MAX_EXCLUDED) },
        technician: { chosen: { id: best.technician.id, name: best.technician.name, reason, distanceKm: round(best.km), load: best.load, outletId: candidate.outlet.id }, excluded: excludedTechnicians.slice(0, MAX_EXCLUDED) },
        summary,
      },
    };
  }
  const fallback = serving[0];
  const excludedText = excludedTechnicians.slice(0, MAX_EXCLUDED).map((item) => `${item.name} ${item.reason}`);
  const summary = fallback
    ? `派至网点：${fallback.outlet.name}（无符合条件的技师，待网点确认）${excludedText.length ? `；排除：${excludedText.join('；')}` : ''}`
    : excludedOutlets.length
      ? `未派工：${excludedOutlets.map((item) => `${item.name} ${item.reason}`).join('；')}`
      : `未派工：无网点服务该区域${order.districtCode ? `（区县 ${order.districtCode}）` : '（地址缺少区县）'}`;
  return {
    outlet: fallback?.outlet ?? null,
    technician: null,
    plannedStart: null,
    ranked: [],
    explanation: {
      mode: 'auto',
      at: at.toISOString(),
      // the outlet it falls back to is the chosen one, not also among the excluded
      outlet: {
        chosen: fallback ? { id: fallback.outlet.id, name: fallback.outlet.name, reason: '服务该区域（无符合条件的技师，待网点确认）', distanceKm: round(fallback.km), load: fallback.load } : null,
        excluded: excludedOutlets.filter((item) => item.id !== fallback?.outlet.id).slice(0, MAX_EXCLUDED),
      },
      technician: { chosen: null, excluded: excludedTechnicians.slice(0, MAX_EXCLUDED) },
      summary,
    },
  };
}

async function loadSnapshot(ctx: AppContext, dates: string[], since: Date): Promise<Snapshot> {
  const outletRows = await listAllOutlets(ctx.db);
  const [technicianRows, booked, load, categories] = await Promise.all([
    findTechniciansWithFacts(ctx.db, { outletIds: outletRows.map((row) => row.id), since }),
    findBookedOrders(ctx.db, { dates }),
    countOutletLoad(ctx.db, dates),
    loadCategoryInfo(ctx.db),
  ]);
  const outletById = new Map(outletRows.map((row) => [row.id, row]));
  const technicians = new Map<string, TechnicianFacts[]>();
  for (const row of technicianRows) {
    if (!row.isActive) continue;
    const list = technicians.get(row.outletId) ?? [];
    list.push(technicianFacts(row, outletById.get(row.outletId)));
    technicians.set(row.outletId, list);
  }
  const bookedMap = new Map<string, WorkOrderRow[]>();
  for (const row of booked) {
    if (!row.technicianId) continue;
    const key = `${row.technicianId}|${row.serviceDate}`;
    bookedMap.set(key, [...(bookedMap.get(key) ?? []), row]);
  }
  return { outlets: outletRows.map(outletFacts), technicians, technicianRows: new Map(technicianRows.map((row) => [row.id, row])), booked: bookedMap, load, categories };
}

/**
 * Dispatches waiting orders automatically (all, or the given ids / types / priorities).
 * Returns counts and one line per order.
 */
export async function autoDispatch(ctx: AppContext, actor: Actor, filter: { ids?: string[]; types?: string[]; priorities?: string[] } = {}) {
  const now = ctx.clock.now();
  const candidates = await findWaitingOrders(ctx.db, filter);
  const items: AutoDispatchItem[] = [];
  if (!candidates.length) return { assigned: 0, outletOnly: 0, unassigned: 0, items };
  let ids = candidates.map((row) => row.id);
  const dates = [...new Set(candidates.map((row) => row.serviceDate))];
  const since = new Date(Math.min(...candidates.map((row) => row.windowStart.getTime())) - 86_400_000);
  const snapshot = await loadSnapshot(ctx, dates, since);
  const ticketIds = [...new Set(candidates.flatMap((row) => (row.ticketId ? [row.ticketId] : [])))];
  snapshot.repeats = await lookup(ctx.db, TicketRepeatRepairs, ticketIds);
  let assigned = 0;
  let outletOnly = 0;
  let unassigned = 0;
  while (ids.length) {
    const chunk = ids.slice(0, CHUNK);
    ids = ids.slice(CHUNK);
    const results = await withDeadlockRetry(() => ctx.db.transaction((tx) => dispatchChunk(tx, actor, chunk, snapshot, now)));
    for (const { outcome, ...item } of results) {
      if (outcome === 'none') unassigned += 1;
      else if (outcome === 'outlet') outletOnly += 1;
      else assigned += 1;
      items.push(item);
    }
  }
  return { assigned, outletOnly, unassigned, items };
}

type ChunkItem = AutoDispatchItem & { outcome: 'assigned' | 'outlet' | 'none' };

/**
 * One chunk in one transaction: claim the orders (skipping those others hold), choose on the
 * snapshot, lock the chosen technicians in id order and re-read their days, confirm each choice
 * against the fresh day (else the next ranked locked technician, else the outlet confirms), then
 * write everything in bulk: orders, timeline, audit, access grants, tickets.
 */
async function dispatchChunk(tx: Executor, actor: Actor, chunk: string[], snapshot: Snapshot, now: Date): Promise<ChunkItem[]> {
  const claimed = await findWaitingOrders(tx, { ids: chunk }, { lock: true });
  // Choose order by order on the snapshot, booking each choice into it tentatively so the next
  // order of the chunk sees it; the locked re-read below confirms or corrects every choice.
  const choices = claimed.map((order) => {
    const choice = chooseFor(order, snapshot, now);
    if (choice.technician) {
      const key = `${choice.technician.id}|${order.serviceDate}`;
      snapshot.booked.set(key, [...(snapshot.booked.get(key) ?? []), { ...order, technicianId: choice.technician.id, plannedStart: choice.plannedStart }]);
    }
    if (choice.outlet) {
      const loadKey = `${choice.outlet.id}|${order.type}|${order.serviceDate}`;
      snapshot.load.set(loadKey, (snapshot.load.get(loadKey) ?? 0) + 1);
    }
    return { order, choice };
  });
  // Lock every technician a choice may fall back on, then read their days as they are now.
  const technicianIds = [...new Set(choices.flatMap(({ choice }) => choice.ranked.slice(0, 3).map((technician) => technician.id)))];
  const locked = new Map((await lockTechniciansInOrder(tx, technicianIds)).map((row) => [row.id, row]));
  const dates = [...new Set(claimed.map((order) => order.serviceDate))];
  const fresh = await findBookedOrders(tx, { technicianIds, dates });
  const days = new Map<string, WorkOrderRow[]>();
  for (const row of fresh) {
    const key = `${row.technicianId}|${row.serviceDate}`;
    days.set(key, [...(days.get(key) ?? []), row]);
  }
  const out: ChunkItem[] = [];
  const writes: { order: WorkOrderRow; outletId: string; technician: NonNullable<ReturnType<typeof locked.get>> | null; explanation: DispatchExplanation; plannedStart: Date | null }[] = [];
  const failures: { order: WorkOrderRow; explanation: DispatchExplanation }[] = [];
  for (const { order, choice } of choices) {
    if (!choice.outlet) {
      failures.push({ order, explanation: choice.explanation });
      out.push({ workOrderId: order.id, number: order.number, status: order.status, summary: choice.explanation.summary, outcome: 'none' });
      continue;
    }
    let booked: { technician: TechnicianFacts; plannedStart: Date } | null = null;
    for (const technician of choice.ranked.slice(0, 3)) {
      const row = locked.get(technician.id);
      if (!row || !row.isActive) continue;
      const key = `${technician.id}|${order.serviceDate}`;
      const day = (days.get(key) ?? []).filter((item) => item.id !== order.id);
      if (technicianProblem(technician, orderFacts(order), snapshot.categories, day.length)) continue;
      const fit = fitIntoDay(technician, orderFacts(order), day.map(bookedJob));
      if (!fit.ok) continue;
      booked = { technician, plannedStart: fit.plannedStart };
      days.set(key, [...day, { ...order, technicianId: technician.id, plannedStart: fit.plannedStart }]);
      break;
    }
    let explanation = choice.explanation;
    if (choice.technician && booked && booked.technician.id !== choice.technician.id) {
      explanation = { ...explanation, summary: `${explanation.summary}（${choice.technician.name} 刚被约满，改派 ${booked.technician.name}）` };
    }
    if (choice.technician && !booked) explanation = { ...explanation, summary: `派至网点：${choice.outlet.name}（技师均已约满，待网点确认）` };
    writes.push({ order, outletId: choice.outlet.id, technician: booked ? locked.get(booked.technician.id)! : null, explanation, plannedStart: booked?.plannedStart ?? null });
    out.push({ workOrderId: order.id, number: order.number, status: 'dispatched', summary: explanation.summary, outcome: booked ? 'assigned' : 'outlet' });
  }
  // The locked technicians' days as confirmed replace the tentative ones (for the chunks after it).
  for (const technicianId of technicianIds) for (const date of dates) snapshot.booked.set(`${technicianId}|${date}`, days.get(`${technicianId}|${date}`) ?? []);

  const dispatchedIds = await assignManyInTx(
    tx,
    actor,
    writes.map((write) => ({ order: write.order, outletId: write.outletId, technician: write.technician, explanation: write.explanation, plannedStart: write.plannedStart })),
    failures,
    now,
  );
  return out.filter((item) => item.outcome === 'none' || dispatchedIds.has(item.workOrderId));
}
