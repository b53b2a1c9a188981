/**
 * Aftersales route optimizer — public API.
 *
 * Pure TypeScript (no server imports, no Node-only imports except in
 * `parallel.ts`). See docs/ROUTING.md.
 */
export * from './types';
export { RoutingInputError } from './errors';
export { solve, buildSolution, explainUnassigned, defaultEngineParams, formatSecondsOfDay, formatMinutesOfDay } from './solve';
export type { SolveOptionsExt } from './solve';
export { validateProblem, buildModel } from './model';
export { buildMatrixFromCoordinates, buildEuclideanMatrix, haversineKm, haversineMatrixProvider } from './matrix';
export type { CoordinateMatrixOptions } from './matrix';
export { solveParallel } from './parallel';
