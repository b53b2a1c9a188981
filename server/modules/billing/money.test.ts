import { describe, expect, it } from 'vitest';
import { billTotals, divideHalfUp, perKmAmount, percentOf, percentToBp, sumFen, type MoneyLine } from './money';
import { extrasOf, findPieceRate, periodBounds } from './settlement.service';
import { findLabourRate, findVisitFee, priceQuote } from './pricing';
import { requiredLevel } from './bills.service';

/** A small seeded generator (mulberry32): the same data on every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the rounding rule: half up to the fen', () => {
  it('rounds exactly half up and below half down', () => {
    expect(percentOf(1005, 1000)).toBe(101); // 10 % of 10.05 yuan = 100.5 fen → 101
    expect(percentOf(1004, 1000)).toBe(100); // 100.4 → 100
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(percentOf(1, 4999)).toBe(0);
    expect(percentOf(12_345, 2000)).toBe(2469); // 2469.0
    expect(percentOf(999, 3333)).toBe(333); // 332.9667 → 333
    expect(percentOf(15_000, 10_000)).toBe(15_000);
    expect(percentToBp(12.5)).toBe(1250);
    expect(percentToBp(0.01)).toBe(1);
  });

  it('agrees with an exact BigInt reference on generated amounts', () => {
    const next = random(13);
    for (let i = 0; i < 5000; i++) {
      const base = Math.floor(next() * 100_000_000);
      const bp = Math.floor(next() * 10_001);
      const exact = BigInt(base) * BigInt(bp);
      const reference = Number((exact * 2n + 10_000n) / 20_000n); // floor(x / 10000 + 1/2)
      expect(percentOf(base, bp)).toBe(reference);
    }
  });

  it('refuses a percentage above 100 and fractions of a fen as input', () => {
    expect(() => percentOf(100, 10_001)).toThrow(RangeError);
    expect(() => divideHalfUp(1.5, 2)).toThrow(RangeError);
  });

  it('prices distance per metre beyond the free km, half up', () => {
    expect(perKmAmount(150, 12.3, 10)).toBe(345); // 2.3 km × 1.50 = 3.45 yuan
    expect(perKmAmount(150, 10.0033, 10)).toBe(0); // 3 m × 0.15 fen = 0.45 → 0
    expect(perKmAmount(150, 10.004, 10)).toBe(1); // 4 m → 0.6 → 1
    expect(perKmAmount(150, 5, 10)).toBe(0);
  });
});

describe('totals are the sums of their lines (generated bills)', () => {
  it('holds for 2000 generated bills with discounts and maker lines', () => {
    const next = random(2026);
    for (let i = 0; i < 2000; i++) {
      const lines: MoneyLine[] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let j = 0; j < count; j++) {
        const quantity = 1 + Math.floor(next() * 5);
        lines.push({ kind: ['labour', 'visit', 'part', 'consumable'][Math.floor(next() * 4)], payer: next() < 0.2 ? 'maker' : 'customer', amountFen: quantity * Math.floor(next() * 50_000) });
      }
      const customerSubtotal = sumFen(lines.filter((line) => line.payer === 'customer').map((line) => line.amountFen));
      if (next() < 0.5 && customerSubtotal > 0) lines.push({ kind: 'discount', payer: 'customer', amountFen: -percentOf(customerSubtotal, Math.floor(next() * 10_001)) });
      const totals = billTotals(lines);
      expect(totals.dueFen).toBe(sumFen(lines.filter((line) => line.payer === 'customer').map((line) => line.amountFen)));
      expect(totals.subtotalFen - totals.discountFen).toBe(totals.dueFen);
      expect(totals.dueFen + totals.claimFen).toBe(sumFen(lines.map((line) => line.amountFen)));
      expect(totals.dueFen).toBeGreaterThanOrEqual(0);
      for (const value of Object.values(totals)) expect(Number.isInteger(value)).toBe(true);
    }
  });
});

describe('pricing from the schedule', () => {
  const cat = '00000000-0000-4000-8000-000000000001';
  const labour = [
    { workType: 'repair' as const, categoryId: null, grade: null, amountFen: 5000 },
    { workType: 'repair' as const, categoryId: cat, grade: null, amountFen: 8000 },
    { workType: 'repair' as const, categoryId: cat, grade: 'master' as const, amountFen: 12_000 },
  ];
  const visit = [
    { kind: 'distance' as const, upToKm: 10, amountFen: 2000 },
    { kind: 'distance' as const, upToKm: 30, amountFen: 4000 },
    { kind: 'district' as const, districtCode: '310115', amountFen: 1500 },
  ];

  it('takes the most specific labour rate and the district fee before distance bands', () => {
    expect(findLabourRate(labour, 'repair', [cat, null], 'master')?.amountFen).toBe(12_000);
    expect(findLabourRate(labour, 'repair', [cat, null], 'junior')?.amountFen).toBe(8000);
    expect(findLabourRate(labour, 'repair', [null], 'junior')?.amountFen).toBe(5000);
    expect(findLabourRate(labour, 'installation', [cat, null], null)).toBeUndefined();
    expect(findVisitFee(visit, '310115', 25)?.amountFen).toBe(1500);
    expect(findVisitFee(visit, '310101', 25)?.amountFen).toBe(4000);
    expect(findVisitFee(visit, '310101', 8)?.amountFen).toBe(2000);
    expect(findVisitFee(visit, '310101', 31)).toBeUndefined();
  });

  it('prices the same lines for the maker in warranty (the customer owes 0) and applies a contract rate', () => {
    const input = { labour, visit, workType: 'repair', workTypeLabel: '维修', categoryIds: [cat, null], grade: null, districtCode: '310115', distanceKm: null, parts: [{ partId: cat, name: '电容', quantity: 2, salePriceFen: 1250 }], contract: null };
    const paid = priceQuote({ ...input, isWarranty: false });
    const free = priceQuote({ ...input, isWarranty: true });
    expect(billTotals(paid)).toMatchObject({ dueFen: 8000 + 1500 + 2500, claimFen: 0 });
    expect(billTotals(free)).toMatchObject({ dueFen: 0, claimFen: 8000 + 1500 + 2500 });
    const contract = priceQuote({ ...input, isWarranty: false, contract: { name: '维保合同', labourDiscountBp: 2500, visitFree: true } });
    expect(billTotals(contract).dueFen).toBe(6000 + 2500);
  });

  it('decides the approver by the share of the subtotal, waivers and increases by the manager', () => {
    const settings = { outletHeadMaxPercent: 10, waiverNeedsManager: true };
    expect(requiredLevel('discount', 1000, 10_000, settings)).toBe('outlet_head');
    expect(requiredLevel('discount', 1001, 10_000, settings)).toBe('manager');
    expect(requiredLevel('waiver', 1, 10_000, settings)).toBe('manager');
    expect(requiredLevel('waiver', 1, 10_000, { ...settings, waiverNeedsManager: false })).toBe('outlet_head');
    expect(requiredLevel('amount_change', -500, 10_000, settings)).toBe('manager');
  });
});

describe('settlement rules', () => {
  const calendar = { knownYears: { from: 2026, to: 2026 }, holidays: { '2026-10-01': '国庆节' }, workdays: { '2026-10-10': '国庆节' } };
  const extras = { nightFen: 1000, holidayFen: 2000, urgentFen: 1500, perKmFen: 100, freeKm: 20 };

  it('adds night, holiday (statutory calendar, weekends), urgent and distance extras', () => {
    // 2026-10-01 22:30 Shanghai: a statutory holiday at night, urgent, 25.5 km.
    expect(extrasOf({ finishedAt: new Date('2026-10-01T14:30:00Z'), priority: 'urgent', distanceKm: 25.5 }, extras, calendar)).toEqual({ kinds: ['night', 'holiday', 'urgent', 'distance'], fen: 1000 + 2000 + 1500 + 550 });
    // Sat 2026-10-10 is a make-up working day: no holiday extra; 10:00 is not night.
    expect(extrasOf({ finishedAt: new Date('2026-10-10T02:00:00Z'), priority: 'normal', distanceKm: null }, extras, calendar)).toEqual({ kinds: [], fen: 0 });
    // Sun 2026-10-11 is a weekend rest day.
    expect(extrasOf({ finishedAt: new Date('2026-10-11T02:00:00Z'), priority: 'high', distanceKm: 3 }, extras, calendar)).toEqual({ kinds: ['holiday'], fen: 2000 });
  });

  it('takes the category rate before the any-category one, per party', () => {
    const cat = '00000000-0000-4000-8000-000000000002';
    const rates = [
      { party: 'outlet' as const, workType: 'repair' as const, categoryId: null, amountFen: 3000 },
      { party: 'outlet' as const, workType: 'repair' as const, categoryId: cat, amountFen: 4500 },
      { party: 'technician' as const, workType: 'repair' as const, categoryId: null, amountFen: 1200 },
    ];
    expect(findPieceRate(rates, 'outlet', 'repair', cat)?.amountFen).toBe(4500);
    expect(findPieceRate(rates, 'outlet', 'repair', null)?.amountFen).toBe(3000);
    expect(findPieceRate(rates, 'technician', 'repair', cat)?.amountFen).toBe(1200);
    expect(findPieceRate(rates, 'technician', 'installation', cat)).toBeUndefined();
  });

  it('bounds a month by Asia/Shanghai midnights', () => {
    expect(periodBounds('2026-12')).toEqual({ first: '2026-12-01', last: '2026-12-31', from: new Date('2026-11-30T16:00:00Z'), to: new Date('2026-12-31T16:00:00Z') });
    expect(periodBounds('2026-02').last).toBe('2026-02-28');
  });
});
