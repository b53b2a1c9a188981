import { describe, expect, it } from 'vitest';
import { buildEuclideanMatrix, buildMatrixFromCoordinates, haversineKm, haversineMatrixProvider, RoutingInputError } from '../index';

describe('matrix helpers', () => {
  it('haversine: one degree of latitude is ~111.2 km', () => {
    expect(haversineKm({ lat: 30, lng: 120 }, { lat: 31, lng: 120 })).toBeCloseTo(111.195, 2);
  });
  it('applies road factor and speed (metres, seconds)', () => {
    const pts = [
      { lat: 31.2304, lng: 121.4737 },
      { lat: 31.2404, lng: 121.4837 },
    ];
    const km = haversineKm(pts[0], pts[1]);
    const m = buildMatrixFromCoordinates(pts, { roadFactor: 1.5, speedKmh: 20 });
    expect(m.distances![0][1]).toBeCloseTo(km * 1.5 * 1000, 6);
    expect(m.durations[0][1]).toBeCloseTo(((km * 1.5) / 20) * 3600, 6);
    expect(m.durations[1][1]).toBe(0);
    const mm = buildMatrixFromCoordinates(pts, { timeUnit: 'minutes' });
    expect(mm.durations[0][1]).toBeCloseTo(((km * 1.3) / 30) * 60, 6);
  });
  it('rejects invalid coordinates', () => {
    expect(() => buildMatrixFromCoordinates([{ lat: 95, lng: 0 }])).toThrow(RoutingInputError);
  });
  it('euclidean matrix in full precision and the provider interface', async () => {
    const e = buildEuclideanMatrix([{ x: 0, y: 0 }, { x: 1, y: 1 }]);
    expect(e.durations[0][1]).toBe(Math.SQRT2);
    const p = haversineMatrixProvider({ speedKmh: 60 });
    const m = await p.getMatrix([{ lat: 0, lng: 0 }, { lat: 0, lng: 1 }]);
    expect(m.durations).toHaveLength(2);
    expect(m.durations[0][1]).toBeGreaterThan(0);
  });
});
