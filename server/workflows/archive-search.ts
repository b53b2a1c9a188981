import { sql } from 'drizzle-orm';
import { maskPhone, isMobile } from '../../contracts/phones';
import type { AppContext } from '../platform/context';
import type { Principal } from '../platform/principal';
import { customerScope, canSeeFullPhones, searchCustomerRows } from '../modules/customers';
import { searchAssetRows } from '../modules/assets';

type Hit = { type: 'customer' | 'asset'; id: string; title: string; subtitle: string; customerId: string | null; score: number };

const PHONE_LIKE = /^[\d\s\-+]{3,}$/;

/** The text of a search_text phone fragment worth showing next to the name. */
function matchedPhone(searchText: string, q: string): string | null {
  const digits = q.replace(/[\s\-+]/g, '');
  const phone = searchText.split(' ').find((part) => /^\d[\d-]{6,}$/.test(part) && part.replace(/-/g, '').includes(digits));
  return phone ?? null;
}

/**
 * One box finds customers and assets: any name part, any phone fragment (also the last four
 * digits), serial numbers, addresses; fuzzy by trigram similarity, ranked, scoped to what the
 * caller may see. Phones in the subtitle are masked for roles without full-number rights.
 */
export async function searchArchive(ctx: AppContext, principal: Principal, q: string, limit: number) {
  const isMasked = !canSeeFullPhones(principal);
  const hits: Hit[] = [];
  const [customerRows, assetRows] = await Promise.all([
    searchCustomerRows(ctx.db, q, limit, customerScope(principal)),
    principal.permissions.has('assets.read') && (!PHONE_LIKE.test(q) || q.replace(/\D/g, '').length >= 5)
      ? searchAssetRows(ctx.db, q, limit, customerScope(principal, sql.raw('a.customer_id')))
      : Promise.resolve([]),
  ]);
  for (const row of customerRows) {
    const phone = matchedPhone(row.search_text, q) ?? row.search_text.split(' ').find((part) => isMobile(part)) ?? null;
    hits.push({
      type: 'customer',
      id: row.id,
      title: row.name,
      subtitle: [row.code, phone ? (isMasked ? maskPhone(phone) : phone) : null].filter(Boolean).join(' · '),
      customerId: row.id,
      score: Number(row.score),
    });
  }
  for (const row of assetRows) {
    hits.push({
      type: 'asset',
      id: row.id,
      title: row.serial_number,
      subtitle: `${row.model_name} (${row.model_code}) · ${row.customer_name}`,
      customerId: row.customer_id,
      score: Number(row.score),
    });
  }
  return { items: hits.sort((a, b) => b.score - a.score).slice(0, limit) };
}
