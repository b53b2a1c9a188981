/** Types of scripts/boundaries.mjs, for the TypeScript test next to it. */
export interface Violation {
  /** the rule's name in scripts/boundaries.config.mjs, or `no-module-cycle` */
  rule: string;
  comment: string;
  /** the importing file (for a module cycle: the modules, joined by ` ⇄ `) */
  from: string;
  /** the imported file as resolved (or as written when it could not be resolved) */
  to: string;
  /** for a module cycle: the imports between its modules, `file → file` */
  via?: string[];
}
export interface BoundaryResult {
  violations: Violation[];
  filesChecked: number;
  ms: number;
}
export const CHECKED_FOLDERS: string[];
export function checkBoundaries(options?: { root?: string }): Promise<BoundaryResult>;
export function formatBoundaries(result: BoundaryResult): string;
