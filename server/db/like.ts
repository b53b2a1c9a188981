/**
 * LIKE/ILIKE patterns from user text: `%` and `_` (and the escape character) are escaped so
 * "50%" or "a_b" match themselves, not every row. The one helper every repository uses.
 */

/** The text with `\`, `%` and `_` escaped for LIKE (PostgreSQL's default escape is `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** `%text%`: contains the text. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
