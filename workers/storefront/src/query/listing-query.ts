/**
 * Listing query parameters (API and pages), validated with zod.
 *
 *   sort=featured|price-asc|price-desc|newest|title-asc|title-desc
 *   currency=USD|EUR
 *   price_min, price_max   API: integer minor units; pages: whole currency units
 *   filter.<option>=value  repeatable, e.g. filter.size=M&filter.size=L&filter.color=Black
 *   in_stock=1
 *   limit=1..100, cursor=<opaque>
 */
import * as z from 'zod';
import { LISTING_SORTS, type ListingQuery } from '../../../../domain/catalog/listing';
import { CURRENCIES, type Currency } from '../../../../domain/money';

const MAX_PRICE = 100_000_000; // minor units: one million in major units
const intString = (max: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, 'must be a non-negative whole number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(max));

const filterName = /^[a-z0-9][a-z0-9 _-]{0,39}$/;

export const listingQuerySchema = z
  .object({
    sort: z.enum(LISTING_SORTS).default('featured'),
    currency: z.enum(CURRENCIES).optional(),
    price_min: intString(MAX_PRICE).optional(),
    price_max: intString(MAX_PRICE).optional(),
    in_stock: z
      .enum(['1', '0', 'true', 'false'])
      .transform((v) => v === '1' || v === 'true')
      .optional(),
    limit: intString(100).pipe(z.number().min(1, 'must be at least 1')).default(24),
    cursor: z
      .string()
      .max(300)
      .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid cursor')
      .optional(),
    filters: z
      .record(
        z.string().regex(filterName, 'is not a valid option name'),
        z.array(z.string().min(1).max(60)).min(1).max(20),
      )
      .refine((r) => Object.keys(r).length <= 10, 'at most 10 option filters'),
  })
  .refine((q) => q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max, {
    message: 'price_min must not exceed price_max',
    path: ['price_min'],
  });

export const LISTING_PARAMS = ['sort', 'currency', 'price_min', 'price_max', 'in_stock', 'limit', 'cursor'] as const;

export interface RawListingParams {
  known: Record<string, string>;
  filters: Record<string, string[]>;
  unknown: string[];
  duplicated: string[];
}

/** Splits URLSearchParams into known scalar params, option filters and unknown names. */
export function splitListingParams(params: URLSearchParams): RawListingParams {
  const known: Record<string, string> = {};
  const filters: Record<string, string[]> = {};
  const unknown: string[] = [];
  const duplicated: string[] = [];
  for (const [name, value] of params) {
    if (name.startsWith('filter.')) {
      const opt = name.slice('filter.'.length).toLowerCase();
      (filters[opt] ??= []).push(value);
    } else if ((LISTING_PARAMS as readonly string[]).includes(name)) {
      if (name in known) duplicated.push(name);
      // empty form fields (e.g. a blank price box) mean "not set"
      if (value !== '') known[name] = value;
    } else {
      unknown.push(name);
    }
  }
  return { known, filters, unknown, duplicated };
}

export type ParsedListingQuery = Omit<ListingQuery, 'currency'> & { currency: Currency };

export function toListingQuery(
  q: z.infer<typeof listingQuerySchema>,
  defaultCurrency: Currency,
  priceScale = 1,
): ParsedListingQuery {
  const options: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(q.filters)) options[k] = [...new Set(v)].sort();
  return {
    sort: q.sort,
    currency: q.currency ?? defaultCurrency,
    priceMin: q.price_min === undefined ? undefined : q.price_min * priceScale,
    priceMax: q.price_max === undefined ? undefined : q.price_max * priceScale,
    inStock: q.in_stock,
    options,
    limit: q.limit,
    cursor: q.cursor,
  };
}

/** A canonical query string (sorted, deduplicated) for cache keys: equivalent URLs share an entry. */
export function canonicalListingQuery(q: ParsedListingQuery, priceScale = 1): string {
  const p: [string, string][] = [['currency', q.currency], ['sort', q.sort], ['limit', String(q.limit)]];
  if (q.priceMin !== undefined) p.push(['price_min', String(q.priceMin / priceScale)]);
  if (q.priceMax !== undefined) p.push(['price_max', String(q.priceMax / priceScale)]);
  if (q.inStock) p.push(['in_stock', '1']);
  if (q.cursor) p.push(['cursor', q.cursor]);
  for (const name of Object.keys(q.options ?? {}).sort()) {
    for (const v of q.options?.[name] ?? []) p.push([`filter.${name}`, v]);
  }
  p.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return new URLSearchParams(p).toString();
}
