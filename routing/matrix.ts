/** Travel-matrix helpers. */

import { RoutingInputError } from './errors';
import type { LatLng, Matrix, MatrixProvider } from './types';

/** Great-circle distance in kilometres (haversine, mean Earth radius 6371.0088 km). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type CoordinateMatrixOptions = {
  /** Road distance / straight-line distance (default 1.3). */
  roadFactor?: number;
  /** Average speed in km/h (default 30). */
  speedKmh?: number;
  /** Unit of the durations: 'seconds' (default) or 'minutes'. */
  timeUnit?: 'seconds' | 'minutes';
};

/**
 * Build a matrix from coordinates: distance = haversine × roadFactor (metres),
 * duration = distance / speed (seconds by default).
 */
export function buildMatrixFromCoordinates(points: LatLng[], options: CoordinateMatrixOptions = {}): Matrix {
  const roadFactor = options.roadFactor ?? 1.3;
  const speedKmh = options.speedKmh ?? 30;
  if (!(roadFactor > 0)) throw new RoutingInputError('roadFactor', 'must be > 0');
  if (!(speedKmh > 0)) throw new RoutingInputError('speedKmh', 'must be > 0');
  points.forEach((p, i) => {
    if (!Number.isFinite(p?.lat) || Math.abs(p.lat) > 90) throw new RoutingInputError(`points[${i}].lat`, 'must be a latitude in [-90, 90]');
    if (!Number.isFinite(p?.lng) || Math.abs(p.lng) > 180) throw new RoutingInputError(`points[${i}].lng`, 'must be a longitude in [-180, 180]');
  });
  const unit = options.timeUnit === 'minutes' ? 60 : 3600;
  const n = points.length;
  const distances: number[][] = [];
  const durations: number[][] = [];
  for (let i = 0; i < n; i++) {
    const dr: number[] = new Array(n);
    const tr: number[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const km = i === j ? 0 : haversineKm(points[i], points[j]) * roadFactor;
      dr[j] = km * 1000;
      tr[j] = (km / speedKmh) * unit;
    }
    distances.push(dr);
    durations.push(tr);
  }
  return { durations, distances };
}

/** Build a matrix from planar coordinates (Euclidean, full double precision); duration = distance / speed. */
export function buildEuclideanMatrix(points: { x: number; y: number }[], speed = 1): Matrix {
  const n = points.length;
  const distances: number[][] = [];
  const durations: number[][] = [];
  for (let i = 0; i < n; i++) {
    const dr: number[] = new Array(n);
    const tr: number[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const dx = points[i].x - points[j].x;
      const dy = points[i].y - points[j].y;
      const d = Math.sqrt(dx * dx + dy * dy);
      dr[j] = d;
      tr[j] = speed === 1 ? d : d / speed;
    }
    distances.push(dr);
    durations.push(tr);
  }
  return { durations, distances };
}

/** A `MatrixProvider` computing haversine matrices locally (fallback when no map service is configured). */
export function haversineMatrixProvider(options: CoordinateMatrixOptions = {}): MatrixProvider {
  return { getMatrix: async (points) => buildMatrixFromCoordinates(points, options) };
}
