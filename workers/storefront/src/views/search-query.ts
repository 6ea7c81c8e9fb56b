/**
 * The search page's URL contract, shared by facet links, chips, sort form and
 * pagination (see routes/search-params.ts for parsing):
 *
 *   /search?q=…&sort=…&page=…&collection=…&filter.<option>=…&price=<min>-<max>&in_stock=1&currency=…
 *
 * Defaults are omitted (sort=relevance, page=1, the shop currency) and values
 * are sorted, so equivalent states share one URL.
 */
import { DEFAULT_CURRENCY, type Currency } from '../../../../domain/money';
import { bucketKey } from '../../../../domain/search/price-buckets';
import type { PriceBucket, SearchRequest, SearchSort } from '../../../../domain/search/types';

export interface SearchPageState {
  q: string;
  currency: Currency;
  sort: SearchSort;
  page: number;
  collections: string[];
  options: Record<string, string[]>;
  /** price bucket key ("2500-5000") */
  price?: string | undefined;
  inStock: boolean;
}

export const SEARCH_SORT_LABELS: Record<SearchSort, string> = {
  relevance: 'Best match',
  'price-asc': 'Price, low to high',
  'price-desc': 'Price, high to low',
  newest: 'Newest first',
};

/** The bucket a request's price filter stands for (the page only sets whole buckets). */
export function selectedBucket(r: SearchRequest): PriceBucket | undefined {
  const { priceMin, priceMax } = r.filters;
  if (priceMin === undefined) return undefined;
  return r.priceBuckets.find((b) => b.min === priceMin && (b.max === null ? priceMax === undefined : priceMax === b.max - 1));
}

export function stateOf(r: SearchRequest): SearchPageState {
  const bucket = selectedBucket(r);
  return {
    q: r.query,
    currency: r.currency,
    sort: r.sort,
    page: r.page,
    collections: r.filters.collections,
    options: r.filters.options,
    price: bucket ? bucketKey(bucket) : undefined,
    inStock: r.filters.inStock === true,
  };
}

export function searchParamsOf(s: SearchPageState, opts: { page?: boolean; currency?: boolean } = {}): [string, string][] {
  const p: [string, string][] = [['q', s.q]];
  if (s.sort !== 'relevance') p.push(['sort', s.sort]);
  for (const c of [...s.collections].sort()) p.push(['collection', c]);
  for (const name of Object.keys(s.options).sort()) for (const v of [...(s.options[name] ?? [])].sort()) p.push([`filter.${name}`, v]);
  if (s.price) p.push(['price', s.price]);
  if (s.inStock) p.push(['in_stock', '1']);
  if (opts.currency !== false && s.currency !== DEFAULT_CURRENCY) p.push(['currency', s.currency]);
  if (opts.page !== false && s.page > 1) p.push(['page', String(s.page)]);
  return p;
}

export function searchHref(s: SearchPageState): string {
  return `/search?${new URLSearchParams(searchParamsOf(s)).toString()}`;
}

/** A filter change starts again from the first page. */
const refine = (s: SearchPageState, change: Partial<SearchPageState>): SearchPageState => ({ ...s, ...change, page: 1 });

const toggle = (list: readonly string[], v: string) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

export function toggleCollection(s: SearchPageState, handle: string): SearchPageState {
  return refine(s, { collections: toggle(s.collections, handle) });
}

export function toggleOption(s: SearchPageState, name: string, value: string): SearchPageState {
  const options = { ...s.options, [name]: toggle(s.options[name] ?? [], value) };
  if (options[name]!.length === 0) delete options[name];
  return refine(s, { options });
}

export function setPrice(s: SearchPageState, key: string | undefined): SearchPageState {
  return refine(s, { price: s.price === key ? undefined : key });
}

export function toggleInStock(s: SearchPageState): SearchPageState {
  return refine(s, { inStock: !s.inStock });
}

export function clearFilters(s: SearchPageState): SearchPageState {
  return refine(s, { collections: [], options: {}, price: undefined, inStock: false });
}

export function hasPageFilters(s: SearchPageState): boolean {
  return s.collections.length > 0 || Object.keys(s.options).length > 0 || s.price !== undefined || s.inStock;
}
