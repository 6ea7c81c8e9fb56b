/**
 * Sorting, filtering and keyset pagination over a listing document.
 * Pure: the storefront runs it over a ListingDocument read from cache/KV.
 */
import type { Currency } from '../money';
import type { ProductSummary } from './documents';

export const LISTING_SORTS = ['featured', 'price-asc', 'price-desc', 'newest', 'title-asc', 'title-desc'] as const;
export type ListingSort = (typeof LISTING_SORTS)[number];

export interface ListingQuery {
  sort: ListingSort;
  currency: Currency;
  /** inclusive, minor units */
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  /** lower-cased option name → accepted values (OR within an option, AND across options) */
  options?: Record<string, string[]> | undefined;
  inStock?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ListingPage {
  items: ProductSummary[];
  total: number;
  nextCursor: string | null;
  /** option name → value → count, over the filtered set ignoring that option's own filter */
  facets: Record<string, Record<string, number>>;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is malformed or does not belong to this sort');
  }
}

type SortValue = number | string;

function sortValue(p: ProductSummary, q: ListingQuery, featuredIndex: Map<string, number>): SortValue {
  switch (q.sort) {
    case 'featured':
      return featuredIndex.get(p.id) ?? 0;
    case 'price-asc':
      return p.priceRange[q.currency]?.min ?? Number.MAX_SAFE_INTEGER;
    case 'price-desc':
      return p.priceRange[q.currency]?.min ?? -1;
    case 'newest':
      return p.createdAt;
    case 'title-asc':
    case 'title-desc':
      return p.title.toLowerCase();
  }
}

function descending(sort: ListingSort): boolean {
  return sort === 'price-desc' || sort === 'newest' || sort === 'title-desc';
}

function compare(a: [SortValue, string], b: [SortValue, string], desc: boolean): number {
  let c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
  if (desc) c = -c;
  if (c !== 0) return c;
  // id breaks ties so the order is total and the cursor is stable
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

export function encodeCursor(sort: ListingSort, value: SortValue, id: string): string {
  const json = JSON.stringify([sort, value, id]);
  return btoa(unescape(encodeURIComponent(json))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string, sort: ListingSort): [SortValue, string] {
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    const parsed: unknown = JSON.parse(decodeURIComponent(escape(atob(b64))));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sort &&
      (typeof parsed[1] === 'number' || typeof parsed[1] === 'string') &&
      typeof parsed[2] === 'string'
    ) {
      return [parsed[1], parsed[2]];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

function matchesPrice(p: ProductSummary, q: ListingQuery): boolean {
  if (q.priceMin === undefined && q.priceMax === undefined) return true;
  const r = p.priceRange[q.currency];
  if (!r) return false;
  // a product matches when any of its prices falls inside the range
  if (q.priceMin !== undefined && r.max < q.priceMin) return false;
  if (q.priceMax !== undefined && r.min > q.priceMax) return false;
  return true;
}

function matchesOptions(p: ProductSummary, filters: Record<string, string[]>, skip?: string): boolean {
  for (const [name, wanted] of Object.entries(filters)) {
    if (name === skip || wanted.length === 0) continue;
    const have = p.options[name];
    if (!have || !wanted.some((w) => have.some((h) => h.toLowerCase() === w.toLowerCase()))) return false;
  }
  return true;
}

export function queryListing(items: readonly ProductSummary[], q: ListingQuery): ListingPage {
  const optionFilters = q.options ?? {};
  const base = items.filter((p) => (q.inStock ? p.inStock : true) && matchesPrice(p, q));
  const filtered = base.filter((p) => matchesOptions(p, optionFilters));

  // facet counts: each option counted over products matching every *other* filter
  const facets: Record<string, Record<string, number>> = {};
  const optionNames = new Set<string>();
  for (const p of base) for (const name of Object.keys(p.options)) optionNames.add(name);
  for (const name of [...optionNames].sort()) {
    const counts: Record<string, number> = {};
    for (const p of base) {
      if (!matchesOptions(p, optionFilters, name)) continue;
      for (const v of p.options[name] ?? []) counts[v] = (counts[v] ?? 0) + 1;
    }
    facets[name] = counts;
  }

  const featuredIndex = new Map<string, number>();
  items.forEach((p, i) => featuredIndex.set(p.id, i));
  const desc = descending(q.sort);
  const keyed = filtered.map((p) => ({ p, k: [sortValue(p, q, featuredIndex), p.id] as [SortValue, string] }));
  keyed.sort((a, b) => compare(a.k, b.k, desc));

  let start = 0;
  if (q.cursor) {
    const after = decodeCursor(q.cursor, q.sort);
    start = keyed.findIndex((e) => compare(e.k, after, desc) > 0);
    if (start === -1) start = keyed.length;
  }
  const page = keyed.slice(start, start + q.limit);
  const last = page[page.length - 1];
  const nextCursor = last && start + q.limit < keyed.length ? encodeCursor(q.sort, last.k[0], last.k[1]) : null;
  return { items: page.map((e) => e.p), total: filtered.length, nextCursor, facets };
}
