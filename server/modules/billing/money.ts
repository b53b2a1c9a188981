/**
 * The money rules (docs/BILLING.md), pure: amounts are integer fen; every fraction of a fen is
 * rounded half up (away from zero for the positive amounts used here) by one function, in
 * integer arithmetic; a total is always the sum of its lines, never computed another way.
 */

/** Basis points: 1 % = 100 bp, 100 % = 10,000 bp. */
export const FULL_BP = 10_000;

/** The one rounding rule: numerator / denominator rounded half up to a whole fen (both ≥ 0, integers). */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator < 0 || denominator <= 0) {
    throw new RangeError(`divideHalfUp needs non-negative safe integers (${numerator} / ${denominator})`);
  }
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/** A percent with at most 2 decimals as basis points (12.5 % → 1250). */
export function percentToBp(percent: number): number {
  return Math.round(percent * 100);
}

/** A discount of `bp` basis points of `baseFen`, half up to the fen (10 % of 1,005 fen = 101 fen). */
export function percentOf(baseFen: number, bp: number): number {
  if (bp < 0 || bp > FULL_BP) throw new RangeError('a percentage between 0 and 100');
  return divideHalfUp(baseFen * bp, FULL_BP);
}

/** A rate per km over a distance in metres beyond a free distance, half up to the fen. */
export function perKmAmount(rateFen: number, distanceKm: number, freeKm: number): number {
  const metres = Math.max(0, Math.round(distanceKm * 1000) - Math.round(freeKm * 1000));
  return divideHalfUp(rateFen * metres, 1000);
}

/** quantity × unit price (both integers): exact, no rounding. */
export function lineAmount(quantity: number, unitPriceFen: number): number {
  const amount = quantity * unitPriceFen;
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount out of range');
  return amount;
}

export function sumFen(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export type MoneyLine = { amountFen: number; payer: 'customer' | 'maker'; kind: string };

/** A bill's totals from its lines only: discount lines are negative customer lines. */
export function billTotals(lines: MoneyLine[]) {
  const customer = lines.filter((line) => line.payer === 'customer');
  const subtotalFen = sumFen(customer.filter((line) => line.kind !== 'discount').map((line) => line.amountFen));
  const discountFen = -sumFen(customer.filter((line) => line.kind === 'discount').map((line) => line.amountFen));
  const dueFen = sumFen(customer.map((line) => line.amountFen));
  const claimFen = sumFen(lines.filter((line) => line.payer === 'maker').map((line) => line.amountFen));
  return { subtotalFen, discountFen, dueFen, claimFen };
}
