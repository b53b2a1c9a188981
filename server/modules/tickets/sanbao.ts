/**
 * 三包 (repair, exchange, refund) decision engine.
 *
 * Based on 《部分商品修理更换退货责任规定》 (1995): 第九条 (7 days: refund, exchange or repair),
 * 第十条 (15 days: exchange or repair), 第十一条 (two repairs in the 三包 period and still not
 * working: exchange, or refund), 第十四条 (no product of the same model: refund), and the
 * exclusions (misuse, disassembly by others, wilful damage, force majeure: paid repair only).
 * The day limits and the repair count come from the category's TSanbaoPolicy. See
 * docs/SLA_AND_SANBAO.md for the readings taken here.
 *
 * Day counting: the purchase day is day 0; day = reportDate − purchaseDate in calendar days.
 * The refund window is day 0..refundDays (so day 7 qualifies, day 8 does not); a window of 0
 * days is disabled. warrantyEnd is the last day of warranty (inclusive).
 */
import type { TSanbaoPolicy } from '../../../contracts/products';

export type SanbaoRemedy = 'refund' | 'exchange' | 'repair_free' | 'repair_paid';
export type FaultClass = 'performance' | 'appearance' | 'none' | 'excluded';
/** Why a fault is excluded from 三包 (optional detail for faultClass 'excluded'). */
export type SanbaoExclusion = 'misuse' | 'self_disassembly' | 'wilful_damage' | 'force_majeure';

export interface RepairRecord {
  /** 'YYYY-MM-DD' */
  date: string;
  faultCode: string;
  /** Informational: a repair counts as an attempt whether or not it fixed the fault. */
  fixed: boolean;
  /** Whether the repair was done under warranty; repairs outside it do not count. */
  inWarranty: boolean;
}

export interface SanbaoInput {
  policy: TSanbaoPolicy;
  /** 'YYYY-MM-DD' */
  purchaseDate: string;
  /** 'YYYY-MM-DD', the day the fault was reported. */
  reportDate: string;
  /** Last day of warranty, 'YYYY-MM-DD' inclusive; null = no warranty on record. */
  warrantyEnd: string | null;
  faultClass: FaultClass;
  /** For faultClass 'excluded': the cause, named in the reason. */
  exclusion?: SanbaoExclusion;
  /** Previous repairs of this product (entries dated after reportDate are ignored). */
  repairHistory: RepairRecord[];
  /** Fault code of this report. */
  faultCode: string;
  /** No product of the same model can be supplied, so exchange is impossible. */
  isModelDiscontinued: boolean;
}

export type SanbaoRule =
  | 'no_fault_found'
  | 'excluded_cause'
  | 'refund_period'
  | 'repeated_repairs'
  | 'exchange_period'
  | 'warranty_repair'
  | 'appearance_warranty_repair'
  | 'after_warranty_paid_repair'
  | 'appearance_paid_repair';

export interface SanbaoDecision {
  /** Allowed remedies, best for the customer first; empty when no fault was found. */
  remedies: SanbaoRemedy[];
  /** remedies[0], or null when there is none. */
  recommended: SanbaoRemedy | null;
  /** Whether the recommended remedy is free of charge (false when there is no remedy). */
  isFree: boolean;
  /** Stable id of the deciding rule (independent of the policy's numbers). */
  rule: SanbaoRule;
  /** True when exchange was replaced or removed because the model is discontinued. */
  exchangeUnavailable: boolean;
  reason: { zh: string; en: string };
  /** Days since purchase (purchase day = 0). */
  daysSincePurchase: number;
  /** Whether reportDate <= warrantyEnd. */
  inWarranty: boolean;
  /** Earlier in-warranty repairs of the same fault code. */
  previousRepairsSameFault: number;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string, field: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`${field}: invalid date (expected YYYY-MM-DD): ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`${field}: invalid date: ${date}`);
  return ms / DAY_MS;
}

const REMEDY_ZH: Record<SanbaoRemedy, string> = { refund: '退货', exchange: '换货', repair_free: '免费修理', repair_paid: '收费修理' };
const REMEDY_EN: Record<SanbaoRemedy, string> = { refund: 'refund', exchange: 'exchange', repair_free: 'free repair', repair_paid: 'paid repair' };

const EXCLUSION_ZH: Record<SanbaoExclusion, string> = {
  misuse: '未按产品使用说明书要求使用、维护、保管造成损坏',
  self_disassembly: '非承担三包的修理者拆动造成损坏',
  wilful_damage: '人为损坏',
  force_majeure: '不可抗力造成损坏',
};
const EXCLUSION_EN: Record<SanbaoExclusion, string> = {
  misuse: 'damage from use, maintenance or storage against the manual',
  self_disassembly: 'damage from disassembly by someone other than the authorised repairer',
  wilful_damage: 'wilful damage',
  force_majeure: 'damage from force majeure',
};

function listZh(r: SanbaoRemedy[]): string {
  const names = r.map((x) => REMEDY_ZH[x]);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join('、')}或${names[names.length - 1]}`;
}
function listEn(r: SanbaoRemedy[]): string {
  const names = r.map((x) => REMEDY_EN[x]);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** Replaces exchange by refund (or drops it when refund is already allowed). */
function withoutExchange(r: SanbaoRemedy[]): SanbaoRemedy[] {
  const out: SanbaoRemedy[] = [];
  for (const x of r) {
    const y = x === 'exchange' ? 'refund' : x;
    if (!out.includes(y)) out.push(y);
  }
  return out;
}

function validatePolicy(p: TSanbaoPolicy): void {
  const ok = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if (!ok(p.refundDays, 0) || !ok(p.exchangeDays, 0) || !ok(p.maxRepairsSameFault, 1)) {
    throw new RangeError(`Invalid 三包 policy: ${JSON.stringify(p)}`);
  }
}

/** Decides the 三包 remedies for one fault report. Throws RangeError on invalid dates or policy. */
export function decideSanbao(input: SanbaoInput): SanbaoDecision {
  const { policy } = input;
  validatePolicy(policy);
  const purchase = dayNumber(input.purchaseDate, 'purchaseDate');
  const report = dayNumber(input.reportDate, 'reportDate');
  const day = report - purchase;
  if (day < 0) throw new RangeError(`reportDate ${input.reportDate} is before purchaseDate ${input.purchaseDate}`);
  const warrantyEnd = input.warrantyEnd === null ? null : dayNumber(input.warrantyEnd, 'warrantyEnd');
  const inWarranty = warrantyEnd !== null && report <= warrantyEnd;
  const previous = input.repairHistory.filter(
    (r) => r.inWarranty && r.faultCode === input.faultCode && dayNumber(r.date, 'repairHistory.date') <= report,
  ).length;

  const base = { daysSincePurchase: day, inWarranty, previousRepairsSameFault: previous, exchangeUnavailable: false };
  const make = (rule: SanbaoRule, remedies: SanbaoRemedy[], zh: string, en: string): SanbaoDecision => ({
    ...base,
    remedies,
    recommended: remedies[0] ?? null,
    isFree: remedies.length > 0 && remedies[0] !== 'repair_paid',
    rule,
    reason: { zh, en },
  });
  const warrantyZh = input.warrantyEnd === null ? '无保修记录' : `保修期至 ${input.warrantyEnd}`;
  const warrantyEn = input.warrantyEnd === null ? 'no warranty on record' : `warranty ended ${input.warrantyEnd}`;

  switch (input.faultClass) {
    case 'none':
      return make('no_fault_found', [], '检测未发现故障，不适用三包，无需处理', 'no fault was found, so no 三包 remedy applies');
    case 'excluded': {
      const zhCause = input.exclusion ? EXCLUSION_ZH[input.exclusion] : '未按说明书使用、非授权拆动、人为损坏或不可抗力等原因造成损坏';
      const enCause = input.exclusion ? EXCLUSION_EN[input.exclusion] : 'damage from use against the manual, unauthorised disassembly, wilful damage or force majeure';
      const zhW = inWarranty ? '（即使在保修期内）' : '';
      const enW = inWarranty ? ' (even in warranty)' : '';
      return make(
        'excluded_cause',
        ['repair_paid'],
        `故障属于${zhCause}，不属于三包范围${zhW}，仅可收费修理`,
        `the fault is ${enCause}, which 三包 does not cover${enW}: paid repair only`,
      );
    }
    case 'appearance':
      if (inWarranty) {
        return make(
          'appearance_warranty_repair',
          ['repair_free'],
          `外观问题：验收后不适用退货、换货，保修期内（至 ${input.warrantyEnd}）可免费修理`,
          `appearance fault: no refund or exchange after delivery acceptance; free repair in warranty (until ${input.warrantyEnd})`,
        );
      }
      return make(
        'appearance_paid_repair',
        ['repair_paid'],
        `外观问题：验收后不适用退货、换货，已超出保修期（${warrantyZh}），可收费修理`,
        `appearance fault: no refund or exchange after delivery acceptance; out of warranty (${warrantyEn}): paid repair`,
      );
    case 'performance':
      break;
    default:
      throw new RangeError(`Invalid faultClass: ${String(input.faultClass)}`);
  }

  // Performance fault: collect the applicable rules, strongest first.
  type Candidate = { rule: SanbaoRule; remedies: SanbaoRemedy[] };
  const candidates: Candidate[] = [];
  const inRefund = policy.refundDays > 0 && day <= policy.refundDays;
  const inExchange = policy.exchangeDays > 0 && day <= policy.exchangeDays;
  const repeated = inWarranty && previous >= policy.maxRepairsSameFault;
  if (inRefund) candidates.push({ rule: 'refund_period', remedies: ['refund', 'exchange', 'repair_free'] });
  if (repeated) candidates.push({ rule: 'repeated_repairs', remedies: ['exchange', 'refund'] });
  if (inExchange) candidates.push({ rule: 'exchange_period', remedies: ['exchange', 'repair_free'] });
  if (inWarranty) candidates.push({ rule: 'warranty_repair', remedies: ['repair_free'] });

  if (candidates.length === 0) {
    return make(
      'after_warranty_paid_repair',
      ['repair_paid'],
      `购买后第 ${day} 天出现性能故障，已超出三包期（${warrantyZh}），可收费修理`,
      `a performance fault on day ${day} after purchase is outside 三包 (${warrantyEn}): paid repair`,
    );
  }

  let remedies: SanbaoRemedy[] = [];
  for (const c of candidates) for (const r of c.remedies) if (!remedies.includes(r)) remedies.push(r);
  const hadExchange = remedies.includes('exchange');
  if (input.isModelDiscontinued) remedies = withoutExchange(remedies);
  const exchangeUnavailable = input.isModelDiscontinued && hadExchange;
  const zhDisc = exchangeUnavailable ? '；该型号已停产，无法换货，改为退货' : '';
  const enDisc = exchangeUnavailable ? '; the model is discontinued, so exchange becomes refund' : '';
  const zhList = listZh(remedies);
  const enList = listEn(remedies);
  const rule = candidates[0].rule;
  let zh: string;
  let en: string;
  switch (rule) {
    case 'refund_period':
      zh = `购买后第 ${day} 天（${policy.refundDays} 天内）出现性能故障，可选择${zhList}`;
      en = `within ${policy.refundDays} days of purchase (day ${day}) a performance fault allows ${enList}`;
      break;
    case 'repeated_repairs':
      zh = `保修期内同一故障（${input.faultCode}）已修理 ${previous} 次仍未排除，可选择${zhList}`;
      en = `the same fault (${input.faultCode}) was repaired ${previous} times in warranty and is still present, which allows ${enList}`;
      break;
    case 'exchange_period':
      zh = `购买后第 ${day} 天（${policy.exchangeDays} 天内）出现性能故障，可选择${zhList}`;
      en = `within ${policy.exchangeDays} days of purchase (day ${day}) a performance fault allows ${enList}`;
      break;
    default:
      zh = `购买后第 ${day} 天出现性能故障，在保修期内（至 ${input.warrantyEnd}），可${zhList}`;
      en = `a performance fault on day ${day} after purchase is in warranty (until ${input.warrantyEnd}): ${enList}`;
  }
  return { ...make(rule, remedies, zh + zhDisc, en + enDisc), exchangeUnavailable };
}
