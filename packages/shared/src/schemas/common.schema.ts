import { z } from 'zod';
import { t } from '../i18n/index.js';

export const MAX_NAME = 200;
export const MAX_TEXT = 2000;
export const MAX_PAGE_SIZE = 500;

/**
 * Characters no name may hold: C0 and C1 control characters and DEL, zero-width characters and the BOM, and the
 * bidirectional marks, embeddings, overrides and isolates (U+200E/F, U+202A–U+202E, U+2066–U+2069) that make a
 * name display as something else.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_NAME_CHAR = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
/** A UTF-16 surrogate without its other half (not a character at all). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a name holds none of the characters above and no lone surrogate. */
export function isSafeName(s: string): boolean {
  return !UNSAFE_NAME_CHAR.test(s) && !LONE_SURROGATE.test(s);
}

/**
 * The one schema of a name a person reads (person, organization, site, user, token names): trimmed, `min`..`max`
 * characters, refused with a message naming the field (`field.label.<field>`) when it holds an unsafe character.
 */
export function ZName(field: string, o: { min?: number; max?: number } = {}) {
  return z
    .string()
    .trim()
    .min(o.min ?? 1)
    .max(o.max ?? MAX_NAME)
    .refine(isSafeName, { message: t('field.unsafeName', { field: t(`field.label.${field}`) }) });
}

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

/**
 * A yes/no query parameter: `1`/`true` or `0`/`false` (never `z.coerce.boolean()`, which reads `false` as true).
 */
export const ZQueryFlag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');
