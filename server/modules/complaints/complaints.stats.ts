/**
 * Complaint statistics (by type, responsibility, outlet and month of acceptance, Shanghai months)
 * and the Excel export of the complaints accepted in the same months. Outlet staff see only
 * their outlet's complaints. The outlet of a complaint is the one held responsible, else the linked one.
 */
import ExcelJS from 'exceljs';
import { and, sql, type SQL } from 'drizzle-orm';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_SEVERITY_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_TYPE_LABELS,
  RESPONSIBLE_PARTY_LABELS,
  type TComplaintStats,
} from '../../../contracts/complaints';
import type { AppContext } from '../../platform/context';
import { invalidField } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import { shanghaiClock, shanghaiDate } from '../../platform/time';
import { findOutletNames } from '../org';
import { shanghaiInstant } from '../sla';
import * as repo from './complaints.repository';
import { complaints } from './complaints.tables';
import { complaintScope, presentComplaints } from './complaints.service';

/** Most rows the export writes. */
export const MAX_EXPORT_ROWS = 50_000;

function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

function windowOf(principal: Principal, from: string, to: string): SQL {
  if (to < from) throw invalidField(['to'], 'the last month is before the first');
  const start = shanghaiInstant(`${from}-01`).toISOString();
  const end = shanghaiInstant(`${nextMonth(to)}-01`).toISOString();
  return and(complaintScope(principal), sql`${complaints.acceptedAt} >= ${start} and ${complaints.acceptedAt} < ${end}`) as SQL;
}

const outletKey = sql`coalesce(${complaints.responsibleOutletId}, ${complaints.outletId})::text`;

export async function getComplaintStats(ctx: AppContext, principal: Principal, query: { from: string; to: string }): Promise<TComplaintStats> {
  const where = windowOf(principal, query.from, query.to);
  const [byType, byResponsibility, byOutlet, byMonth, compensationFen] = await Promise.all([
    repo.countGrouped(ctx.db, sql`${complaints.type}`, where),
    repo.countGrouped(ctx.db, sql`coalesce(${complaints.responsibleParty}, 'unanalysed')`, where),
    repo.countGrouped(ctx.db, outletKey, where),
    repo.countGrouped(ctx.db, sql`to_char(${complaints.acceptedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`, where),
    repo.sumApprovedCompensation(ctx.db, where),
  ]);
  const names = await findOutletNames(ctx.db, byOutlet.map((row) => row.key));
  const keyed = (rows: repo.CountRow[]) => rows.map((row) => ({ key: row.key ?? '', count: row.count }));
  return {
    from: query.from,
    to: query.to,
    total: byType.reduce((sum, row) => sum + row.count, 0),
    byType: keyed(byType),
    byResponsibility: keyed(byResponsibility),
    byOutlet: byOutlet.map((row) => ({ key: row.key, name: row.key ? names.get(row.key) ?? null : null, count: row.count })),
    byMonth: keyed(byMonth).sort((a, b) => a.key.localeCompare(b.key)),
    compensationFen,
  };
}

const shanghaiTime = (value: string) => `${shanghaiDate(new Date(value))} ${shanghaiClock(new Date(value))}`;

const EXPORT_COLUMNS = ['投诉单号', '受理时间', '渠道', '类型', '严重程度', '状态', '客户', '网点', '技师', '责任方', '调查结论', '处理方案', '升级', '重开次数', '结案时间'] as const;

/** The complaints of the months as a workbook: a sheet of complaints and one of the figures. */
export async function exportComplaints(ctx: AppContext, principal: Principal, query: { from: string; to: string }): Promise<Buffer> {
  const where = windowOf(principal, query.from, query.to);
  const rows = await repo.findAllComplaints(ctx.db, where, MAX_EXPORT_ROWS);
  const views = await presentComplaints(ctx.db, rows, ctx.clock.now());
  const stats = await getComplaintStats(ctx, principal, query);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('投诉');
  sheet.addRow([...EXPORT_COLUMNS]).font = { bold: true };
  for (const view of views) {
    sheet.addRow([
      view.number,
      shanghaiTime(view.acceptedAt),
      COMPLAINT_CHANNEL_LABELS[view.channel].zh,
      COMPLAINT_TYPE_LABELS[view.type].zh,
      COMPLAINT_SEVERITY_LABELS[view.severity].zh,
      COMPLAINT_STATUS_LABELS[view.status].zh,
      view.customerName ?? '',
      view.outletName ?? '',
      view.technicianName ?? '',
      view.responsibleParty ? RESPONSIBLE_PARTY_LABELS[view.responsibleParty].zh : '',
      view.findings ?? '',
      view.plan ?? '',
      view.escalatedAt ? '是' : '否',
      view.reopenCount,
      view.closedAt ? shanghaiTime(view.closedAt) : '',
    ]);
  }
  sheet.columns.forEach((column) => (column.width = 16));
  const figures = workbook.addWorksheet('统计');
  figures.addRow(['维度', '项目', '件数']).font = { bold: true };
  for (const row of stats.byType) figures.addRow(['类型', COMPLAINT_TYPE_LABELS[row.key as keyof typeof COMPLAINT_TYPE_LABELS]?.zh ?? row.key, row.count]);
  for (const row of stats.byResponsibility) figures.addRow(['责任方', RESPONSIBLE_PARTY_LABELS[row.key as keyof typeof RESPONSIBLE_PARTY_LABELS]?.zh ?? '未分析', row.count]);
  for (const row of stats.byOutlet) figures.addRow(['网点', row.name ?? '无网点', row.count]);
  for (const row of stats.byMonth) figures.addRow(['月份', row.key, row.count]);
  figures.addRow(['合计', '', stats.total]);
  figures.addRow(['已批准补偿(元)', '', stats.compensationFen / 100]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
