import { z } from 'zod';

export const MAX_NAME = 200;
export const MAX_TEXT = 2000;
export const MAX_PAGE_SIZE = 500;

/** YYYY-MM-DD calendar date (validated for real dates). */
export const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'invalid date');

export const ZId = z.coerce.number().int().positive();
export const ZIdParams = z.object({ id: ZId });

export const ZPageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export function ZPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** the number of matching rows, or the count cap when `totalCapped` */
    total: z.number().int(),
    /** true when more than `total` rows match (the server counts at most QIANGJIAN_LIST_COUNT_CAP rows) */
    totalCapped: z.boolean().optional(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const ZOk = z.object({ ok: z.literal(true) });

export const ZErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
