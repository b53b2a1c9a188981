/** The self-check's pure rules on the phone: ranges in words, typed numbers, the body sent, refusals per item. */
import { isApiError } from '../api/client';
import type { ChecklistItem, FieldSelfCheck, SelfCheckBody } from '../api/quality';

/** What the technician has entered for one item: yes/no, the typed value, the chosen photo. */
export type DraftAnswer = { passed: boolean | null; value: string; photoId: string | null };
export type Draft = Record<string, DraftAnswer>;

export const EMPTY: DraftAnswer = { passed: null, value: '', photoId: null };

/** The allowed range in words: "≤ 12 ℃", "≥ 0.5 MPa", "200–240 V"; null without a range. */
export function rangeText(item: Pick<ChecklistItem, 'min' | 'max' | 'unit'>): string | null {
  const unit = item.unit ? ` ${item.unit}` : '';
  if (item.min != null && item.max != null) return `${item.min}–${item.max}${unit}`;
  if (item.max != null) return `≤ ${item.max}${unit}`;
  if (item.min != null) return `≥ ${item.min}${unit}`;
  return null;
}

/** A typed measurement as a number (a comma taken as the decimal point); null when empty, NaN when not a number. */
export function parseMeasure(text: string): number | null {
  const trimmed = text.trim().replace(/[,，]/g, '.');
  if (!trimmed) return null;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

export function isInRange(item: Pick<ChecklistItem, 'min' | 'max'>, value: number): boolean {
  return (item.min == null || value >= item.min) && (item.max == null || value <= item.max);
}

/** The saved answers as a draft (to correct them and submit again). */
export function draftOf(data: FieldSelfCheck | undefined): Draft {
  const draft: Draft = {};
  if (!data?.checklist || !data.selfCheck || data.selfCheck.checklistId !== data.checklist.id) return draft;
  for (const answer of data.selfCheck.answers) draft[answer.code] = { passed: answer.passed, value: answer.value == null ? '' : String(answer.value), photoId: answer.photoId };
  return draft;
}

/**
 * The body to send: one answer per item the technician answered (unanswered items are left out
 * — the server counts a missing required item as failed), in the checklist's order; the codes of
 * items whose typed value is not a number.
 */
export function buildSelfCheckBody(items: readonly ChecklistItem[], draft: Draft): { body: SelfCheckBody; codes: string[]; badNumbers: string[] } {
  const answers: SelfCheckBody['answers'] = [];
  const codes: string[] = [];
  const badNumbers: string[] = [];
  for (const item of items) {
    const entry = draft[item.code] ?? EMPTY;
    const photo = entry.photoId ? { photoId: entry.photoId } : {};
    if (item.kind === 'yes_no') {
      if (entry.passed === null) continue;
      answers.push({ code: item.code, passed: entry.passed, ...photo });
    } else {
      const value = parseMeasure(entry.value);
      if (value === null) continue;
      if (Number.isNaN(value)) {
        badNumbers.push(item.code);
        continue;
      }
      answers.push({ code: item.code, value, ...photo });
    }
    codes.push(item.code);
  }
  return { body: { answers }, codes, badNumbers };
}

/** The server's refusal per item: `answers.<i>.<field>` → the code sent at i, `selfCheck.<code>` → that code. */
export function errorsByItem(error: unknown, sentCodes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error)) return out;
  for (const detail of error.details) {
    const path = detail.path[0] === 'body' ? detail.path.slice(1) : detail.path;
    let code: string | undefined;
    if (path[0] === 'answers' && typeof path[1] === 'number') code = sentCodes[path[1]];
    else if (path[0] === 'selfCheck' && typeof path[1] === 'string') code = path[1];
    if (code) out[code] = out[code] ? `${out[code]}；${detail.message}` : detail.message;
  }
  return out;
}
