/**
 * Search parameters, validated with zod.
 *
 *   q=<text>                 1–200 characters; control characters are removed
 *   currency=USD|EUR
 *   sort=relevance|price-asc|price-desc|newest
 *   page=1..40, per_page=1..48
 *   collection=<handle>      repeatable (OR)
 *   filter.<option>=<value>  repeatable (OR within an option, AND across options), e.g. filter.color=black
 *   price_min, price_max     API: inclusive integer minor units, on the product's lowest price
 *   price=<min>-<max>        page: a price facet bucket (minor units, max exclusive, "20000-" open-ended)
 *   in_stock=1
 *
 * The API is strict (unknown, repeated or malformed parameters: 400 with every
 * issue listed); the page is lenient (malformed values are dropped, so a
 * hand-edited URL still shows results) except for a query over 200 characters.
 */
import * as z from 'zod';
import { HANDLE_MAX_LENGTH, HANDLE_PATTERN } from '../../../../domain/catalog/keys';
import { CURRENCIES, type Currency } from '../../../../domain/money';
import type { SearchInput } from '../../../../domain/search/request';
import { cleanQuery } from '../../../../domain/search/normalize';
import { SEARCH_LIMITS, SEARCH_SORTS } from '../../../../domain/search/types';
import type { ProblemIssue } from '../../../../edge/problem';

const MAX_PRICE = 100_000_000;
const L = SEARCH_LIMITS;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,12}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`));

export const queryText = z
  .string()
  .refine((s) => s.trim().length <= L.maxQueryLength, `must be at most ${L.maxQueryLength} characters`)
  .transform(cleanQuery)
  .refine((s) => s.length > 0, 'must not be empty');

const handle = z
  .string()
  .max(HANDLE_MAX_LENGTH)
  .regex(HANDLE_PATTERN, 'must be a collection handle (a-z, 0-9 and single hyphens)');

const filterName = z.string().regex(/^[a-z0-9][a-z0-9 _-]{0,39}$/, 'is not a valid option name');
const filterValue = z
  .string()
  .max(L.maxFilterValueLength, `must be at most ${L.maxFilterValueLength} characters`)
  .transform(cleanQuery)
  .refine((s) => s.length > 0, 'must not be empty');

const bool = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const apiSearchSchema = z
  .object({
    q: queryText,
    currency: z.enum(CURRENCIES).optional(),
    sort: z.enum(SEARCH_SORTS).default('relevance'),
    page: wholeNumber(1, L.maxPage).default(1),
    per_page: wholeNumber(1, L.maxPerPage).default(L.defaultPerPage),
    collection: z.array(handle).max(L.maxCollectionFilters, `at most ${L.maxCollectionFilters} collections`).default([]),
    filters: z
      .record(filterName, z.array(filterValue).min(1).max(L.maxValuesPerOption, `at most ${L.maxValuesPerOption} values`))
      .refine((r) => Object.keys(r).length <= L.maxOptionFilters, `at most ${L.maxOptionFilters} option filters`),
    price_min: wholeNumber(0, MAX_PRICE).optional(),
    price_max: wholeNumber(0, MAX_PRICE).optional(),
    in_stock: bool.optional(),
  })
  .refine((q) => q.price_min === undefined || q.price_max === undefined || q.price_min <= q.price_max, {
    message: 'price_min must not exceed price_max',
    path: ['price_min'],
  });

export const apiSuggestSchema = z.object({
  q: queryText,
  currency: z.enum(CURRENCIES).optional(),
  limit: wholeNumber(1, L.maxSuggestions).default(L.defaultSuggestions),
});

const SCALARS = ['q', 'currency', 'sort', 'page', 'per_page', 'price_min', 'price_max', 'price', 'in_stock', 'limit'] as const;

export interface RawSearchParams {
  scalars: Record<string, string>;
  collections: string[];
  /** lower-cased option name → values */
  filters: Record<string, string[]>;
  unknown: string[];
  duplicated: string[];
}

export function splitSearchParams(sp: URLSearchParams, allowed: readonly string[]): RawSearchParams {
  const out: RawSearchParams = { scalars: {}, collections: [], filters: {}, unknown: [], duplicated: [] };
  for (const [name, value] of sp) {
    if (allowed.includes('filter.*') && name.startsWith('filter.')) {
      (out.filters[name.slice('filter.'.length).trim().toLowerCase()] ??= []).push(value);
    } else if (allowed.includes('collection') && name === 'collection') {
      out.collections.push(value);
    } else if ((SCALARS as readonly string[]).includes(name) && allowed.includes(name)) {
      if (name in out.scalars) out.duplicated.push(name);
      // empty form fields mean "not set" (the header form always sends q)
      if (value !== '' || name === 'q') out.scalars[name] = value;
    } else {
      out.unknown.push(name);
    }
  }
  return out;
}

export const API_SEARCH_PARAMS = ['q', 'currency', 'sort', 'page', 'per_page', 'collection', 'filter.*', 'price_min', 'price_max', 'in_stock'];
export const API_SUGGEST_PARAMS = ['q', 'currency', 'limit'];
export const PAGE_SEARCH_PARAMS = ['q', 'currency', 'sort', 'page', 'collection', 'filter.*', 'price', 'in_stock'];

/** Unknown and repeated parameters as problem issues (the API rejects them). */
export function strayIssues(raw: RawSearchParams): ProblemIssue[] {
  return [
    ...raw.unknown.map((n) => ({ path: `query.${n}`, message: 'unknown parameter', code: 'unrecognized_keys' })),
    ...raw.duplicated.map((n) => ({ path: `query.${n}`, message: 'given more than once', code: 'duplicate' })),
  ];
}

export function apiSearchInput(q: z.infer<typeof apiSearchSchema>, defaultCurrency: Currency): SearchInput {
  return {
    q: q.q,
    currency: q.currency ?? defaultCurrency,
    sort: q.sort,
    page: q.page,
    perPage: q.per_page,
    collections: q.collection,
    options: q.filters,
    priceMin: q.price_min,
    priceMax: q.price_max,
    inStock: q.in_stock,
  };
}

const PRICE_BUCKET = /^(\d{1,9})-(\d{1,9})?$/;

/** The page's parameters: invalid values are dropped; `tooLong` when the query exceeds the limit. */
export function pageSearchInput(sp: URLSearchParams, currency: Currency): { input: SearchInput; tooLong: boolean } {
  const raw = splitSearchParams(sp, PAGE_SEARCH_PARAMS);
  const s = raw.scalars;
  const rawQ = s.q ?? '';
  const tooLong = rawQ.trim().length > L.maxQueryLength;
  const pick = <T>(schema: z.ZodType<T>, v: string | undefined): T | undefined => {
    if (v === undefined) return undefined;
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };
  const options: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(raw.filters)) {
    if (Object.keys(options).length >= L.maxOptionFilters || !filterName.safeParse(name).success) continue;
    const ok = values.flatMap((v) => {
      const r = filterValue.safeParse(v);
      return r.success ? [r.data] : [];
    });
    if (ok.length > 0) options[name] = ok.slice(0, L.maxValuesPerOption);
  }
  const bucket = PRICE_BUCKET.exec(s.price ?? '');
  const priceMin = bucket ? Number(bucket[1]) : undefined;
  const priceMax = bucket && bucket[2] !== undefined ? Number(bucket[2]) - 1 : undefined;
  return {
    tooLong,
    input: {
      q: tooLong ? '' : cleanQuery(rawQ),
      currency,
      sort: pick(z.enum(SEARCH_SORTS), s.sort),
      page: pick(wholeNumber(1, L.maxPage), s.page),
      perPage: L.defaultPerPage,
      collections: raw.collections.filter((c) => handle.safeParse(c).success).slice(0, L.maxCollectionFilters),
      options,
      priceMin,
      priceMax: priceMax !== undefined && priceMin !== undefined && priceMax < priceMin ? undefined : priceMax,
      inStock: pick(bool, s.in_stock),
    },
  };
}
