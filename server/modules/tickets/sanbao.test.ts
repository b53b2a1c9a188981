import { describe, expect, it } from 'vitest';
import { DEFAULT_SANBAO } from '../../../contracts/products';
import { decideSanbao, type RepairRecord, type SanbaoInput } from './sanbao';

const PURCHASE = '2024-10-01';
const WARRANTY_END = '2025-09-30';

/** Report on day `day` after purchase (purchase day = day 0). */
function dayAfter(day: number): string {
  const d = new Date(Date.UTC(2024, 9, 1 + day));
  return d.toISOString().slice(0, 10);
}

function input(extra: Partial<SanbaoInput> = {}): SanbaoInput {
  return {
    policy: DEFAULT_SANBAO,
    purchaseDate: PURCHASE,
    reportDate: dayAfter(5),
    warrantyEnd: WARRANTY_END,
    faultClass: 'performance',
    repairHistory: [],
    faultCode: 'E01',
    isModelDiscontinued: false,
    ...extra,
  };
}

const repair = (date: string, faultCode = 'E01', inWarranty = true, fixed = true): RepairRecord => ({ date, faultCode, fixed, inWarranty });

describe('refund period (第九条)', () => {
  it('day 5: refund, exchange or free repair, with reasons', () => {
    const d = decideSanbao(input());
    expect(d.remedies).toEqual(['refund', 'exchange', 'repair_free']);
    expect(d.recommended).toBe('refund');
    expect(d.isFree).toBe(true);
    expect(d.rule).toBe('refund_period');
    expect(d.daysSincePurchase).toBe(5);
    expect(d.inWarranty).toBe(true);
    expect(d.exchangeUnavailable).toBe(false);
    expect(d.reason.zh).toBe('购买后第 5 天（7 天内）出现性能故障，可选择退货、换货或免费修理');
    expect(d.reason.en).toBe('within 7 days of purchase (day 5) a performance fault allows refund, exchange or free repair');
  });
  it('day 0 (the purchase day) and day 7 qualify; day 8 does not', () => {
    expect(decideSanbao(input({ reportDate: dayAfter(0) })).rule).toBe('refund_period');
    expect(decideSanbao(input({ reportDate: dayAfter(7) })).rule).toBe('refund_period');
    const d8 = decideSanbao(input({ reportDate: dayAfter(8) }));
    expect(d8.rule).toBe('exchange_period');
    expect(d8.remedies).toEqual(['exchange', 'repair_free']);
  });
  it('counts calendar days across month ends and leap days', () => {
    expect(decideSanbao(input({ purchaseDate: '2024-02-28', reportDate: '2024-03-06', warrantyEnd: '2025-02-27' })).daysSincePurchase).toBe(7);
    expect(decideSanbao(input({ purchaseDate: '2024-02-28', reportDate: '2024-03-07', warrantyEnd: '2025-02-27' })).rule).toBe('exchange_period');
    expect(decideSanbao(input({ purchaseDate: '2024-12-28', reportDate: '2025-01-04', warrantyEnd: null })).rule).toBe('refund_period');
  });
  it('applies even without a warranty on record', () => {
    const d = decideSanbao(input({ warrantyEnd: null, reportDate: dayAfter(3) }));
    expect(d.rule).toBe('refund_period');
    expect(d.inWarranty).toBe(false);
  });
  it('a discontinued model: exchange is dropped (refund is already allowed)', () => {
    const d = decideSanbao(input({ isModelDiscontinued: true }));
    expect(d.remedies).toEqual(['refund', 'repair_free']);
    expect(d.exchangeUnavailable).toBe(true);
    expect(d.reason.zh).toContain('停产');
    expect(d.reason.en).toContain('discontinued');
  });
});

describe('exchange period (第十条)', () => {
  it('day 8 to day 15: exchange or free repair', () => {
    for (const day of [8, 12, 15]) {
      const d = decideSanbao(input({ reportDate: dayAfter(day) }));
      expect(d.rule).toBe('exchange_period');
      expect(d.remedies).toEqual(['exchange', 'repair_free']);
      expect(d.recommended).toBe('exchange');
      expect(d.isFree).toBe(true);
    }
    const d = decideSanbao(input({ reportDate: dayAfter(12) }));
    expect(d.reason.zh).toBe('购买后第 12 天（15 天内）出现性能故障，可选择换货或免费修理');
    expect(d.reason.en).toBe('within 15 days of purchase (day 12) a performance fault allows exchange or free repair');
  });
  it('day 16: warranty repair', () => {
    const d = decideSanbao(input({ reportDate: dayAfter(16) }));
    expect(d.rule).toBe('warranty_repair');
    expect(d.remedies).toEqual(['repair_free']);
  });
  it('a discontinued model: exchange becomes refund (第十四条)', () => {
    const d = decideSanbao(input({ reportDate: dayAfter(10), isModelDiscontinued: true }));
    expect(d.rule).toBe('exchange_period');
    expect(d.remedies).toEqual(['refund', 'repair_free']);
    expect(d.recommended).toBe('refund');
    expect(d.exchangeUnavailable).toBe(true);
  });
  it('without a warranty on record the exchange period still applies, then paid repair', () => {
    expect(decideSanbao(input({ warrantyEnd: null, reportDate: dayAfter(15) })).remedies).toEqual(['exchange', 'repair_free']);
    const d = decideSanbao(input({ warrantyEnd: null, reportDate: dayAfter(16) }));
    expect(d.rule).toBe('after_warranty_paid_repair');
    expect(d.reason.zh).toContain('无保修记录');
  });
});

describe('warranty repair and after warranty', () => {
  it('free repair up to and including the last day of warranty', () => {
    const d = decideSanbao(input({ reportDate: WARRANTY_END }));
    expect(d.rule).toBe('warranty_repair');
    expect(d.remedies).toEqual(['repair_free']);
    expect(d.recommended).toBe('repair_free');
    expect(d.isFree).toBe(true);
    expect(d.reason.zh).toBe('购买后第 364 天出现性能故障，在保修期内（至 2025-09-30），可免费修理');
    expect(d.reason.en).toBe('a performance fault on day 364 after purchase is in warranty (until 2025-09-30): free repair');
  });
  it('the day after warranty: paid repair', () => {
    const d = decideSanbao(input({ reportDate: '2025-10-01' }));
    expect(d.rule).toBe('after_warranty_paid_repair');
    expect(d.remedies).toEqual(['repair_paid']);
    expect(d.recommended).toBe('repair_paid');
    expect(d.isFree).toBe(false);
    expect(d.inWarranty).toBe(false);
    expect(d.reason.zh).toBe('购买后第 365 天出现性能故障，已超出三包期（保修期至 2025-09-30），可收费修理');
  });
  it('a discontinued model does not matter for a plain repair', () => {
    const d = decideSanbao(input({ reportDate: dayAfter(100), isModelDiscontinued: true }));
    expect(d.remedies).toEqual(['repair_free']);
    expect(d.exchangeUnavailable).toBe(false);
    expect(d.reason.zh).not.toContain('停产');
  });
});

describe('repeated repairs of the same fault (第十一条)', () => {
  const day100 = dayAfter(100);
  it('exactly maxRepairsSameFault previous repairs: exchange or refund', () => {
    const d = decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(d.rule).toBe('repeated_repairs');
    expect(d.remedies).toEqual(['exchange', 'refund', 'repair_free']);
    expect(d.recommended).toBe('exchange');
    expect(d.isFree).toBe(true);
    expect(d.previousRepairsSameFault).toBe(2);
    expect(d.reason.zh).toBe('保修期内同一故障（E01）已修理 2 次仍未排除，可选择换货、退货或免费修理');
    expect(d.reason.en).toBe('the same fault (E01) was repaired 2 times in warranty and is still present, which allows exchange, refund or free repair');
  });
  it('one fewer: free repair', () => {
    const d = decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01')] }));
    expect(d.rule).toBe('warranty_repair');
    expect(d.previousRepairsSameFault).toBe(1);
  });
  it('more than the limit still qualifies; failed repairs count as attempts', () => {
    const h = [repair('2024-11-01', 'E01', true, false), repair('2024-11-05', 'E01', true, false), repair('2024-11-09')];
    expect(decideSanbao(input({ reportDate: day100, repairHistory: h })).rule).toBe('repeated_repairs');
  });
  it('different fault codes do not count together', () => {
    const d = decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01', 'E01'), repair('2024-12-01', 'E02')] }));
    expect(d.rule).toBe('warranty_repair');
    expect(d.previousRepairsSameFault).toBe(1);
    expect(decideSanbao(input({ reportDate: day100, faultCode: 'E02', repairHistory: [repair('2024-11-01', 'E02'), repair('2024-12-01', 'E02')] })).rule).toBe(
      'repeated_repairs',
    );
  });
  it('repairs out of warranty do not count', () => {
    const d = decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01'), repair('2024-12-01', 'E01', false)] }));
    expect(d.rule).toBe('warranty_repair');
  });
  it('repairs after the report date are ignored; one on the report date counts', () => {
    expect(decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01'), repair('2025-06-01')] })).rule).toBe('warranty_repair');
    expect(decideSanbao(input({ reportDate: day100, repairHistory: [repair('2024-11-01'), repair(day100)] })).rule).toBe('repeated_repairs');
  });
  it('a discontinued model: refund only (and repair)', () => {
    const d = decideSanbao(input({ reportDate: day100, isModelDiscontinued: true, repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(d.rule).toBe('repeated_repairs');
    expect(d.remedies).toEqual(['refund', 'repair_free']);
    expect(d.recommended).toBe('refund');
    expect(d.exchangeUnavailable).toBe(true);
    expect(d.reason.zh).toContain('该型号已停产，无法换货，改为退货');
  });
  it('after the warranty the repeated-repair rule no longer applies', () => {
    const d = decideSanbao(input({ reportDate: '2025-10-01', repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(d.rule).toBe('after_warranty_paid_repair');
  });
  it('on the last day of warranty it still applies', () => {
    const d = decideSanbao(input({ reportDate: WARRANTY_END, repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(d.rule).toBe('repeated_repairs');
  });
  it('inside the refund period the refund rule leads but everything is allowed', () => {
    const d = decideSanbao(input({ reportDate: dayAfter(6), repairHistory: [repair(dayAfter(2)), repair(dayAfter(4))] }));
    expect(d.rule).toBe('refund_period');
    expect(d.remedies).toEqual(['refund', 'exchange', 'repair_free']);
  });
  it('inside the exchange period the repeated-repair rule adds refund', () => {
    const d = decideSanbao(input({ reportDate: dayAfter(12), repairHistory: [repair(dayAfter(9)), repair(dayAfter(10))] }));
    expect(d.rule).toBe('repeated_repairs');
    expect(d.remedies).toEqual(['exchange', 'refund', 'repair_free']);
  });
});

describe('excluded causes', () => {
  it('paid repair only, even in warranty and in the refund period, naming the exclusion', () => {
    const d = decideSanbao(input({ faultClass: 'excluded', exclusion: 'self_disassembly', reportDate: dayAfter(2) }));
    expect(d.rule).toBe('excluded_cause');
    expect(d.remedies).toEqual(['repair_paid']);
    expect(d.isFree).toBe(false);
    expect(d.reason.zh).toBe('故障属于非承担三包的修理者拆动造成损坏，不属于三包范围（即使在保修期内），仅可收费修理');
    expect(d.reason.en).toContain('disassembly');
    expect(d.reason.en).toContain('even in warranty');
  });
  it('each exclusion is named; without detail a generic list', () => {
    expect(decideSanbao(input({ faultClass: 'excluded', exclusion: 'misuse' })).reason.zh).toContain('使用说明书');
    expect(decideSanbao(input({ faultClass: 'excluded', exclusion: 'wilful_damage' })).reason.en).toContain('wilful damage');
    expect(decideSanbao(input({ faultClass: 'excluded', exclusion: 'force_majeure' })).reason.zh).toContain('不可抗力');
    const g = decideSanbao(input({ faultClass: 'excluded' }));
    expect(g.reason.zh).toContain('未按说明书使用');
    expect(g.reason.en).toContain('force majeure');
  });
  it('out of warranty the reason does not mention warranty; repeated repairs do not help', () => {
    const d = decideSanbao(input({ faultClass: 'excluded', reportDate: '2025-10-01' }));
    expect(d.reason.zh).not.toContain('保修期内');
    const r = decideSanbao(input({ faultClass: 'excluded', reportDate: dayAfter(100), repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(r.remedies).toEqual(['repair_paid']);
  });
});

describe('appearance faults', () => {
  it('no refund or exchange even on day 2; free repair in warranty', () => {
    const d = decideSanbao(input({ faultClass: 'appearance', reportDate: dayAfter(2) }));
    expect(d.rule).toBe('appearance_warranty_repair');
    expect(d.remedies).toEqual(['repair_free']);
    expect(d.isFree).toBe(true);
    expect(d.reason.zh).toContain('不适用退货、换货');
  });
  it('last day of warranty free, the day after paid', () => {
    expect(decideSanbao(input({ faultClass: 'appearance', reportDate: WARRANTY_END })).remedies).toEqual(['repair_free']);
    const d = decideSanbao(input({ faultClass: 'appearance', reportDate: '2025-10-01' }));
    expect(d.rule).toBe('appearance_paid_repair');
    expect(d.remedies).toEqual(['repair_paid']);
    expect(d.isFree).toBe(false);
  });
  it('repeated appearance repairs do not lead to exchange', () => {
    const d = decideSanbao(input({ faultClass: 'appearance', reportDate: dayAfter(100), repairHistory: [repair('2024-11-01'), repair('2024-12-01')] }));
    expect(d.remedies).toEqual(['repair_free']);
  });
  it('no warranty on record: paid', () => {
    expect(decideSanbao(input({ faultClass: 'appearance', warrantyEnd: null })).remedies).toEqual(['repair_paid']);
  });
});

describe('no fault found', () => {
  it('no remedy, and the reason says so', () => {
    const d = decideSanbao(input({ faultClass: 'none' }));
    expect(d.remedies).toEqual([]);
    expect(d.recommended).toBeNull();
    expect(d.isFree).toBe(false);
    expect(d.rule).toBe('no_fault_found');
    expect(d.reason.zh).toContain('未发现故障');
    expect(d.reason.en).toContain('no fault was found');
  });
});

describe('custom policies', () => {
  it('refundDays 0 disables refunds: day 0 is already the exchange period', () => {
    const policy = { ...DEFAULT_SANBAO, refundDays: 0 };
    const d = decideSanbao(input({ policy, reportDate: dayAfter(0) }));
    expect(d.rule).toBe('exchange_period');
    expect(d.remedies).toEqual(['exchange', 'repair_free']);
  });
  it('refundDays 0 and exchangeDays 0: warranty repair from day 0', () => {
    const policy = { refundDays: 0, exchangeDays: 0, maxRepairsSameFault: 2 };
    expect(decideSanbao(input({ policy, reportDate: dayAfter(0) })).rule).toBe('warranty_repair');
    expect(decideSanbao(input({ policy, reportDate: dayAfter(0), warrantyEnd: null })).rule).toBe('after_warranty_paid_repair');
  });
  it('longer periods', () => {
    const policy = { refundDays: 30, exchangeDays: 60, maxRepairsSameFault: 2 };
    expect(decideSanbao(input({ policy, reportDate: dayAfter(30) })).rule).toBe('refund_period');
    expect(decideSanbao(input({ policy, reportDate: dayAfter(31) })).rule).toBe('exchange_period');
    expect(decideSanbao(input({ policy, reportDate: dayAfter(60) })).rule).toBe('exchange_period');
    expect(decideSanbao(input({ policy, reportDate: dayAfter(61) })).rule).toBe('warranty_repair');
    expect(decideSanbao(input({ policy, reportDate: dayAfter(30) })).reason.zh).toContain('（30 天内）');
  });
  it('an exchange period shorter than the refund period is covered by the refund period', () => {
    const policy = { refundDays: 10, exchangeDays: 5, maxRepairsSameFault: 2 };
    expect(decideSanbao(input({ policy, reportDate: dayAfter(8) })).remedies).toEqual(['refund', 'exchange', 'repair_free']);
    expect(decideSanbao(input({ policy, reportDate: dayAfter(11) })).rule).toBe('warranty_repair');
  });
  it('maxRepairsSameFault 3 and 1', () => {
    const h = [repair('2024-11-01'), repair('2024-12-01')];
    expect(decideSanbao(input({ policy: { ...DEFAULT_SANBAO, maxRepairsSameFault: 3 }, reportDate: dayAfter(100), repairHistory: h })).rule).toBe(
      'warranty_repair',
    );
    expect(
      decideSanbao(input({ policy: { ...DEFAULT_SANBAO, maxRepairsSameFault: 3 }, reportDate: dayAfter(100), repairHistory: [...h, repair('2024-12-15')] })).rule,
    ).toBe('repeated_repairs');
    expect(decideSanbao(input({ policy: { ...DEFAULT_SANBAO, maxRepairsSameFault: 1 }, reportDate: dayAfter(100), repairHistory: h.slice(0, 1) })).rule).toBe(
      'repeated_repairs',
    );
  });
});

describe('invalid input', () => {
  it('rejects bad dates, a report before purchase, a bad policy and a bad fault class', () => {
    expect(() => decideSanbao(input({ reportDate: '2024-09-30' }))).toThrow(/before purchaseDate/);
    expect(() => decideSanbao(input({ purchaseDate: '2024-02-30' }))).toThrow(RangeError);
    expect(() => decideSanbao(input({ warrantyEnd: '2025/09/30' }))).toThrow(RangeError);
    expect(() => decideSanbao(input({ repairHistory: [repair('nope')] }))).toThrow(RangeError);
    expect(() => decideSanbao(input({ policy: { refundDays: -1, exchangeDays: 15, maxRepairsSameFault: 2 } }))).toThrow(RangeError);
    expect(() => decideSanbao(input({ policy: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 0 } }))).toThrow(RangeError);
    expect(() => decideSanbao(input({ faultClass: 'other' as 'none' }))).toThrow(RangeError);
  });
});
