import { describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../platform/time';
import { addMonths, checkWarranty, computeWarrantyEnd, DEFAULT_POLICY, type WarrantyInput } from './warranty';

const base: WarrantyInput = {
  salesChannel: 'store',
  purchaseDate: '2026-03-02',
  acceptanceDate: null,
  overrideEnd: null,
  overrideReason: null,
  extendedWarrantyEnd: null,
  contractEnd: null,
  policy: DEFAULT_POLICY,
  categoryName: '空调',
};

describe('warranty', () => {
  it('adds months clamping to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-02', 12)).toBe('2027-03-02');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('ends the day before the anniversary: purchased 2026-03-02, 12 months → 2027-03-01', () => {
    expect(computeWarrantyEnd(base)).toBe('2027-03-01');
    const check = checkWarranty(base, '2027-03-01');
    expect(check.state).toBe('in_warranty');
    expect(check.basis.zh).toBe('在保：购买日期 2026-03-02，按品类「空调」保修 12 个月，至 2027-03-01');
    expect(check.basis.en).toBe('in warranty: purchased 2026-03-02, 12 months on category 空调, until 2027-03-01');
    expect(checkWarranty(base, '2027-03-02').state).toBe('out_of_warranty');
  });

  it('starts a project warranty at final acceptance, 12 months', () => {
    const project = { ...base, salesChannel: 'project' as const, purchaseDate: '2025-06-01', acceptanceDate: '2025-12-15' };
    expect(computeWarrantyEnd(project)).toBe('2026-12-14');
    const check = checkWarranty(project, '2026-11-22');
    expect(check.state).toBe('in_warranty');
    expect(check.basis.zh).toContain('项目终验日期 2025-12-15');
  });

  it('uses the category months and coverage', () => {
    const policy = { ...DEFAULT_POLICY, warrantyMonths: 36, coversLabour: false };
    const check = checkWarranty({ ...base, policy }, '2029-03-01');
    expect(check).toMatchObject({ state: 'in_warranty', endDate: '2029-03-01', coversLabour: false });
  });

  it('an override replaces the computed end and is named in the basis', () => {
    const check = checkWarranty({ ...base, overrideEnd: '2027-09-01', overrideReason: '经销商承诺' }, '2027-06-01');
    expect(check).toMatchObject({ state: 'in_warranty', endDate: '2027-09-01', isOverridden: true });
    expect(check.basis.zh).toContain('经销商承诺');
  });

  it('extended warranty or a maintenance contract extends past the end', () => {
    const input = { ...base, extendedWarrantyEnd: '2028-03-01', contractEnd: '2029-01-01' };
    expect(checkWarranty(input, '2028-06-01')).toMatchObject({ state: 'extended', extendedEnd: '2029-01-01' });
    expect(checkWarranty(input, '2029-01-02').state).toBe('out_of_warranty');
  });

  it('is unknown without a start date', () => {
    expect(checkWarranty({ ...base, purchaseDate: null }, '2026-11-22').state).toBe('unknown');
  });

  it('uses the Asia/Shanghai business date', () => {
    expect(shanghaiDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
    expect(shanghaiDate(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
  });
});
