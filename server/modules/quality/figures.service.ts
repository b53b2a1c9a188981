/**
 * Quality figures per technician or outlet over Shanghai calendar days (the KPI and report
 * issues show them): first-time fix rate (visits finished at the ticket's first visit, never
 * reworked, not repeated), rework rate, repeat-repair rate with the top fault codes, inspection
 * pass rate, approved rewards and penalties. Rates are null when there is nothing to divide.
 */
import type { AnyColumn } from 'drizzle-orm';
import type { z } from 'zod';
import type { TFigureRow, ZFiguresQuery } from '../../../contracts/quality';
import type { AppContext } from '../../platform/context';
import type { Principal } from '../../platform/principal';
import { scopeCondition } from '../../platform/scope';
import { shanghaiMidnightMs } from '../../platform/time';
import { findOutletNames } from '../org';
import { findTechnicianNames } from '../technicians';
import * as repo from './quality.repository';

const DAY_MS = 86_400_000;

function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

export async function getQualityFigures(ctx: AppContext, principal: Principal, query: z.infer<typeof ZFiguresQuery>) {
  const range = {
    from: new Date(shanghaiMidnightMs(query.from)),
    to: new Date(shanghaiMidnightMs(query.to) + DAY_MS),
    column: query.groupBy === 'technician' ? ('technician_id' as const) : ('outlet_id' as const),
    // Outlet staff see their outlet's figures; a narrow scope without an outlet sees nothing.
    scope: (outlet: AnyColumn) => scopeCondition(principal, { outlet }),
  };
  const [visits, repeats, inspections, ledger] = await Promise.all([repo.figureVisits(ctx.db, range), repo.figureRepeats(ctx.db, range), repo.figureInspections(ctx.db, range), repo.figureLedger(ctx.db, range)]);
  const rows = new Map<string | null, TFigureRow>();
  const rowOf = (key: string | null): TFigureRow => {
    let row = rows.get(key);
    if (!row) {
      row = { id: key, name: null, visits: 0, firstTimeFixes: 0, firstTimeFixRate: null, reworks: 0, reworkRate: null, repeatRepairs: 0, repeatRepairRate: null, topRepeatReasons: [], inspections: 0, inspectionsPassed: 0, inspectionPassRate: null, rewardsFen: 0, penaltiesFen: 0, rewardPoints: 0, penaltyPoints: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const item of visits) Object.assign(rowOf(item.key), { visits: item.visits, firstTimeFixes: item.firstTimeFixes, reworks: item.reworked });
  for (const item of repeats) {
    const row = rowOf(item.key);
    row.repeatRepairs += item.total;
    row.topRepeatReasons.push({ faultCode: item.faultCode, count: item.total });
  }
  for (const item of inspections) Object.assign(rowOf(item.key), { inspections: item.inspections, inspectionsPassed: item.passed });
  for (const item of ledger) {
    const row = rowOf(item.key);
    if (item.kind === 'reward') {
      row.rewardsFen += item.amountFen;
      row.rewardPoints += item.points;
    } else {
      row.penaltiesFen += item.amountFen;
      row.penaltyPoints += item.points;
    }
  }
  const ids = [...rows.keys()].filter((key): key is string => key !== null);
  const names = query.groupBy === 'technician' ? await findTechnicianNames(ctx.db, ids) : await findOutletNames(ctx.db, ids);
  const result = [...rows.values()].map((row) => ({
    ...row,
    name: row.id ? names.get(row.id) ?? null : null,
    firstTimeFixRate: rate(row.firstTimeFixes, row.visits),
    reworkRate: rate(row.reworks, row.visits),
    repeatRepairRate: rate(row.repeatRepairs, row.visits),
    inspectionPassRate: rate(row.inspectionsPassed, row.inspections),
    topRepeatReasons: row.topRepeatReasons.sort((a, b) => b.count - a.count || a.faultCode.localeCompare(b.faultCode)).slice(0, 3),
  }));
  result.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN') || (a.id ?? '').localeCompare(b.id ?? ''));
  return { from: query.from, to: query.to, groupBy: query.groupBy, rows: result };
}
