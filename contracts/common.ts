import { z } from 'zod';
import { LIMITS } from './limits';

/** A UUID path parameter. */
export const ZIdParams = z.strictObject({ id: z.uuid() });

/** Paging query shared by every list endpoint. */
export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});

/** A page of items with the total count. */
export function zPage<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const ZOk = z.object({ ok: z.literal(true) });

export const LOCALES = ['zh-CN', 'en'] as const;
export const ZLocale = z.enum(LOCALES);
export type TLocale = z.infer<typeof ZLocale>;

/** Trimmed non-empty text with a maximum length. */
export function zText(max: number) {
  return z.string().trim().min(1).max(max);
}
