import { DEFAULT_SANBAO, type TWarrantyPolicy } from '../../../contracts/products';
import type { TWarrantyCheck } from '../../../contracts/assets';

/** The policy of a category without one anywhere up its tree: 12 months, everything covered. */
export const DEFAULT_POLICY: TWarrantyPolicy = {
  warrantyMonths: 12,
  coversParts: true,
  coversLabour: true,
  coversOnSite: true,
  maintenanceIntervalMonths: null,
  sanbao: DEFAULT_SANBAO,
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toUtc(date: string): Date {
  if (!ISO_DATE.test(date)) throw new Error(`not a date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `date` plus whole months, the day clamped to the month's end (01-31 + 1 month = 02-28/29). */
export function addMonths(date: string, months: number): string {
  const start = toUtc(date);
  const targetMonth = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  return fromUtc(new Date(Date.UTC(start.getUTCFullYear(), targetMonth, Math.min(start.getUTCDate(), lastDay))));
}

export function addDays(date: string, days: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + days * 86_400_000));
}

/** Whole days from `from` to `to` (to − from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export type WarrantyInput = {
  salesChannel: 'store' | 'dealer' | 'online' | 'project';
  purchaseDate: string | null;
  acceptanceDate: string | null;
  overrideEnd: string | null;
  overrideReason: string | null;
  extendedWarrantyEnd: string | null;
  contractEnd: string | null;
  policy: TWarrantyPolicy;
  categoryName: string;
};

/** The day the warranty starts: final acceptance for projects, else the purchase date. */
export function warrantyStart(input: Pick<WarrantyInput, 'salesChannel' | 'purchaseDate' | 'acceptanceDate'>): string | null {
  return input.salesChannel === 'project' ? (input.acceptanceDate ?? input.purchaseDate) : (input.purchaseDate ?? input.acceptanceDate);
}

/** Last day in warranty by the policy: start + months − 1 day (bought 2026-03-02, 12 months → 2027-03-01). */
export function computeWarrantyEnd(input: Pick<WarrantyInput, 'salesChannel' | 'purchaseDate' | 'acceptanceDate' | 'policy'>): string | null {
  const start = warrantyStart(input);
  if (!start) return null;
  return addDays(addMonths(start, input.policy.warrantyMonths), -1);
}

/**
 * The warranty state on `date` with its basis in words: in warranty, extended (extended
 * warranty or maintenance contract), out of warranty, or unknown (no start date).
 */
export function checkWarranty(input: WarrantyInput, date: string): TWarrantyCheck {
  const start = warrantyStart(input);
  const computedEnd = computeWarrantyEnd(input);
  const end = input.overrideEnd ?? computedEnd;
  const extensions = [input.extendedWarrantyEnd, input.contractEnd].filter((value): value is string => Boolean(value)).sort();
  const extendedEnd = extensions.at(-1) ?? null;
  const cover = { coversParts: input.policy.coversParts, coversLabour: input.policy.coversLabour, coversOnSite: input.policy.coversOnSite };
  const isProject = input.salesChannel === 'project' && Boolean(input.acceptanceDate);
  const startZh = start ? `${isProject ? '项目终验' : '购买'}日期 ${start}` : '';
  const startEn = start ? `${isProject ? 'final acceptance' : 'purchased'} ${start}` : '';
  const zh: string[] = [];
  const en: string[] = [];
  if (start) {
    zh.push(`${startZh}，按品类「${input.categoryName}」保修 ${input.policy.warrantyMonths} 个月，至 ${computedEnd}`);
    en.push(`${startEn}, ${input.policy.warrantyMonths} months on category ${input.categoryName}, until ${computedEnd}`);
  } else {
    zh.push('无购买或终验日期');
    en.push('no purchase or acceptance date');
  }
  if (input.overrideEnd) {
    zh.push(`保修截止日经人工调整为 ${input.overrideEnd}（原因：${input.overrideReason ?? '—'}）`);
    en.push(`warranty end overridden to ${input.overrideEnd} (reason: ${input.overrideReason ?? '—'})`);
  }
  if (extendedEnd) {
    zh.push(`延保/维保合同至 ${extendedEnd}`);
    en.push(`extended warranty or contract until ${extendedEnd}`);
  }
  let state: TWarrantyCheck['state'];
  if (end && date <= end && (!start || date >= start || input.overrideEnd)) state = 'in_warranty';
  else if (extendedEnd && date <= extendedEnd) state = 'extended';
  else if (!end) state = 'unknown';
  else state = 'out_of_warranty';
  const verdict = { in_warranty: ['在保', 'in warranty'], extended: ['延保期内', 'under extended warranty'], out_of_warranty: ['已过保', 'out of warranty'], unknown: ['保修状态未知', 'warranty unknown'] }[state];
  return {
    state,
    startDate: start,
    endDate: end,
    extendedEnd,
    isOverridden: Boolean(input.overrideEnd),
    ...cover,
    basis: { zh: `${verdict[0]}：${zh.join('；')}`, en: `${verdict[1]}: ${en.join('; ')}` },
  };
}
