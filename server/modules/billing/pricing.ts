/**
 * Pricing a visit from a fee schedule version, pure (docs/BILLING.md): labour by work type ×
 * category × grade (the most specific rate wins), the visit fee by district or else by the
 * smallest distance band that fits, parts at their catalogue sale price. In warranty the same
 * lines are priced for the maker claim (payer `maker`) and the customer owes nothing.
 * Contract rates (a maintenance contract, a key customer) lower labour by a percentage and may
 * waive the visit fee.
 */
import type { LineKind, Payer, TLabourRate, TVisitFee } from '../../../contracts/billing';
import { lineAmount, percentOf } from './money';

export type PricedLine = { kind: LineKind; description: string; partId: string | null; quantity: number; unitPriceFen: number; amountFen: number; payer: Payer };
/** The hook for the contracts module: special rates of a customer or asset (none today). */
export type ContractRate = { name: string; labourDiscountBp: number; visitFree: boolean };

export function findLabourRate(rates: TLabourRate[], workType: string, categoryIds: (string | null)[], grade: string | null): TLabourRate | undefined {
  const score = (rate: TLabourRate): number => {
    if (rate.workType !== workType) return -1;
    let value = 0;
    if (rate.categoryId !== null) {
      const index = categoryIds.indexOf(rate.categoryId);
      if (index < 0) return -1;
      value += 100 - index; // the category itself beats its parent
    }
    if (rate.grade !== null) {
      if (rate.grade !== grade) return -1;
      value += 1000;
    }
    return value;
  };
  let best: TLabourRate | undefined;
  let bestScore = -1;
  for (const rate of rates) {
    const value = score(rate);
    if (value > bestScore) [best, bestScore] = [rate, value];
  }
  return best;
}

export function findVisitFee(fees: TVisitFee[], districtCode: string | null, distanceKm: number | null): TVisitFee | undefined {
  const district = districtCode ? fees.find((fee) => fee.kind === 'district' && fee.districtCode === districtCode) : undefined;
  if (district) return district;
  if (distanceKm === null) return undefined;
  return fees
    .filter((fee): fee is Extract<TVisitFee, { kind: 'distance' }> => fee.kind === 'distance' && distanceKm <= fee.upToKm)
    .sort((a, b) => a.upToKm - b.upToKm)[0];
}

export type QuoteInput = {
  labour: TLabourRate[];
  visit: TVisitFee[];
  workType: string;
  workTypeLabel: string;
  /** The category and its ancestors, nearest first. */
  categoryIds: (string | null)[];
  grade: string | null;
  districtCode: string | null;
  distanceKm: number | null;
  isWarranty: boolean;
  parts: { partId: string; name: string; quantity: number; salePriceFen: number }[];
  contract: ContractRate | null;
};

export function priceQuote(input: QuoteInput): PricedLine[] {
  const payer: Payer = input.isWarranty ? 'maker' : 'customer';
  const lines: PricedLine[] = [];
  const labour = findLabourRate(input.labour, input.workType, input.categoryIds, input.grade);
  if (labour) {
    const price = input.contract && !input.isWarranty ? labour.amountFen - percentOf(labour.amountFen, input.contract.labourDiscountBp) : labour.amountFen;
    lines.push({ kind: 'labour', description: `${input.workTypeLabel}工时费${input.contract && !input.isWarranty ? `（${input.contract.name}）` : ''}`, partId: null, quantity: 1, unitPriceFen: price, amountFen: price, payer });
  }
  const visit = findVisitFee(input.visit, input.districtCode, input.distanceKm);
  if (visit && !(input.contract?.visitFree && !input.isWarranty)) {
    const description = visit.kind === 'district' ? `上门费（区县 ${visit.districtCode}）` : `上门费（${visit.upToKm} 公里内）`;
    lines.push({ kind: 'visit', description, partId: null, quantity: 1, unitPriceFen: visit.amountFen, amountFen: visit.amountFen, payer });
  }
  for (const part of input.parts) {
    lines.push({ kind: 'part', description: part.name, partId: part.partId, quantity: part.quantity, unitPriceFen: part.salePriceFen, amountFen: lineAmount(part.quantity, part.salePriceFen), payer });
  }
  return lines;
}
