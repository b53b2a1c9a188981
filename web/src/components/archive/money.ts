/**
 * Money is kept by the API as integer fen (1 yuan = 100 fen). These helpers show it as
 * yuan with two decimals and turn what people type back into fen without float drift.
 */

/** 500000000 → "¥5,000,000.00"; negative amounts keep their sign. */
export function formatFen(fen: number | null | undefined, symbol = '¥'): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  const grouped = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${symbol}${grouped}.${String(cents).padStart(2, '0')}`;
}

/** 123456 → 1234.56 (a number of yuan, for InputNumber values). */
export function fenToYuan(fen: number): number {
  return Math.trunc(fen) / 100;
}

/**
 * "1,234.56" / "¥1234.5" / 1234.56 → 123456 fen. More than two decimals, signs other than a
 * leading minus or anything else not a number give null.
 */
export function yuanToFen(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  let text = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(2) : '') : value;
  text = text.trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  const match = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(text);
  if (!match) return null;
  const [, sign, whole, decimals = ''] = match;
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return null;
  return sign === '-' ? -fen : fen;
}
