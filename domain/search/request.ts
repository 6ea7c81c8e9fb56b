/**
 * From validated parameters to the SearchRequest every adapter takes, and the
 * canonical form of a request (the edge-cache key): equivalent URLs — other
 * parameter order, repeated or differently-cased filter values, extra spaces
 * or capitals in the query — map to the same string.
 */
import type { Currency } from '../money';
import { cleanQuery, queryTerms } from './normalize';
import { priceBuckets } from './price-buckets';
import { SEARCH_LIMITS, type SearchFilters, type SearchRequest, type SearchSort, type SuggestRequest } from './types';

export interface SearchInput {
  q: string;
  currency: Currency;
  sort?: SearchSort | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
  collections?: readonly string[] | undefined;
  options?: Readonly<Record<string, readonly string[]>> | undefined;
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  inStock?: boolean | undefined;
}

const uniqSorted = (values: readonly string[]) =>
  [...new Set(values.map((v) => cleanQuery(v)).filter((v) => v.length > 0))].sort();

export function normalizeFilters(i: Pick<SearchInput, 'collections' | 'options' | 'priceMin' | 'priceMax' | 'inStock'>): SearchFilters {
  const merged = new Map<string, string[]>();
  for (const [rawName, values] of Object.entries(i.options ?? {})) {
    const name = rawName.trim().toLowerCase();
    merged.set(name, [...(merged.get(name) ?? []), ...values]);
  }
  const options: Record<string, string[]> = {};
  for (const name of [...merged.keys()].sort()) {
    const values = uniqSorted(merged.get(name) ?? []);
    if (name && values.length > 0) options[name] = values;
  }
  let { priceMin, priceMax } = i;
  if (priceMin !== undefined && priceMax !== undefined && priceMin > priceMax) [priceMin, priceMax] = [priceMax, priceMin];
  return {
    collections: uniqSorted(i.collections ?? []),
    options,
    priceMin,
    priceMax,
    inStock: i.inStock ? true : undefined,
  };
}

export function buildSearchRequest(i: SearchInput): SearchRequest {
  const query = cleanQuery(i.q);
  return {
    query,
    terms: queryTerms(query),
    filters: normalizeFilters(i),
    sort: i.sort ?? 'relevance',
    currency: i.currency,
    page: Math.min(Math.max(1, Math.trunc(i.page ?? 1)), SEARCH_LIMITS.maxPage),
    perPage: Math.min(Math.max(1, Math.trunc(i.perPage ?? SEARCH_LIMITS.defaultPerPage)), SEARCH_LIMITS.maxPerPage),
    priceBuckets: priceBuckets(i.currency),
  };
}

/** Autocomplete needs a couple of characters: a single letter would match most of the catalogue and help nobody. */
export function buildSuggestRequest(q: string, currency: Currency, limit: number = SEARCH_LIMITS.defaultSuggestions): SuggestRequest {
  const query = cleanQuery(q);
  const terms = (query.match(/[\p{L}\p{N}]/gu) ?? []).length >= SEARCH_LIMITS.minSuggestChars ? queryTerms(query) : [];
  return { query, terms, currency, limit: Math.min(Math.max(1, Math.trunc(limit)), SEARCH_LIMITS.maxSuggestions) };
}

export function hasFilters(f: SearchFilters): boolean {
  return f.collections.length > 0 || Object.keys(f.options).length > 0 || f.priceMin !== undefined || f.priceMax !== undefined || f.inStock === true;
}

/** Sorted, deduplicated parameters: the cache key of a search (and the canonical URL query). */
export function canonicalSearchParams(r: SearchRequest): string {
  const p: [string, string][] = [
    ['q', r.query],
    ['currency', r.currency],
    ['sort', r.sort],
    ['page', String(r.page)],
    ['per_page', String(r.perPage)],
  ];
  for (const c of r.filters.collections) p.push(['collection', c]);
  for (const [name, values] of Object.entries(r.filters.options)) for (const v of values) p.push([`filter.${name}`, v]);
  if (r.filters.priceMin !== undefined) p.push(['price_min', String(r.filters.priceMin)]);
  if (r.filters.priceMax !== undefined) p.push(['price_max', String(r.filters.priceMax)]);
  if (r.filters.inStock) p.push(['in_stock', '1']);
  p.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return new URLSearchParams(p).toString();
}

export function canonicalSuggestParams(r: SuggestRequest): string {
  return new URLSearchParams([
    ['currency', r.currency],
    ['limit', String(r.limit)],
    ['q', r.query],
  ]).toString();
}

/** Pages for a total (at least 1 when there are hits, capped at maxPage). */
export function pageCount(total: number, perPage: number): number {
  return Math.min(Math.ceil(total / Math.max(1, perPage)), SEARCH_LIMITS.maxPage);
}
