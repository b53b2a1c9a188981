import { describe, expect, it } from 'vitest';
import { repeatPenalty } from './dispatch-rules';

const EARLIER = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

describe('repeatPenalty (返修 ranking shared by automatic dispatch and the candidate list)', () => {
  const repeat = { technicianId: EARLIER, summary: '返修：上次 2026-10-14 王强 更换电容' };

  it('puts the earlier visit’s technician behind any other, whatever the grades', () => {
    expect(repeatPenalty({ id: EARLIER, grade: 'master' }, repeat)).toBeGreaterThan(repeatPenalty({ id: OTHER, grade: 'junior' }, repeat) + 10_000);
  });

  it('counts each grade above junior like 60 minutes less travel', () => {
    expect(repeatPenalty({ id: OTHER, grade: 'junior' }, repeat)).toBe(0);
    expect(repeatPenalty({ id: OTHER, grade: 'senior' }, repeat) - repeatPenalty({ id: OTHER, grade: 'master' }, repeat)).toBe(60);
    expect(repeatPenalty({ id: OTHER, grade: 'master' }, repeat)).toBeLessThan(repeatPenalty({ id: OTHER, grade: 'senior' }, repeat));
  });

  it('is nothing without a flag', () => {
    expect(repeatPenalty({ id: EARLIER, grade: 'senior' }, undefined)).toBe(0);
    expect(repeatPenalty({ id: OTHER, grade: 'master' }, undefined)).toBe(0);
  });
});
