/**
 * Algolia records from search documents (the same product documents KV
 * holds). Algolia caps a record's size (10 KB on the Build plan, up to 100 KB
 * on others): a product whose record would be larger is trimmed (the listing
 * summary loses its option lists, then tags) and its description is split
 * into parts, one record each (objectID `<productId>`, `<productId>#1`, …),
 * every part carrying what search, facets and display need; `distinct` on
 * productId returns one hit per product. Parts beyond MAX_PARTS are dropped.
 */
import { CURRENCIES, type Currency } from '../../../domain/money';
import type { SearchDocument } from '../../../domain/search/document';
import { bucketKey, bucketOf, priceBuckets } from '../../../domain/search/price-buckets';

export const RECORD_LIMIT_BYTES = 10_000;
export const MAX_PARTS = 5;
/** room kept free for Algolia's own additions and rounding */
const SAFETY_BYTES = 200;

export interface AlgoliaRecord {
  objectID: string;
  productId: string;
  part: number;
  handle: string;
  title: string;
  titleExtras: string;
  collections: string[];
  collectionHandles: string[];
  collectionLabels: string[];
  options: string[];
  optionKeys: string[];
  optionLabels: string[];
  tags: string[];
  vendor: string;
  keywords: string;
  description: string;
  priceMin: Partial<Record<Currency, number>>;
  priceBucket: Partial<Record<Currency, string>>;
  inStock: boolean;
  /** epoch milliseconds (the newest replica's ranking; as precise as Postgres' ordering) */
  createdAt: number;
  summary: SearchDocument['summary'];
}

export const objectIdOf = (productId: string, part: number) => (part === 0 ? productId : `${productId}#${part}`);

/** Every objectID a product may own (for deletes). */
export function allObjectIds(productId: string): string[] {
  return Array.from({ length: MAX_PARTS }, (_, i) => objectIdOf(productId, i));
}

const encoder = new TextEncoder();
export const byteSize = (v: unknown) => encoder.encode(JSON.stringify(v)).length;

function core(d: SearchDocument): AlgoliaRecord {
  const priceBucket: Partial<Record<Currency, string>> = {};
  for (const c of CURRENCIES) {
    const min = d.priceMin[c];
    const b = min === undefined ? undefined : bucketOf(priceBuckets(c), min);
    if (b) priceBucket[c] = bucketKey(b);
  }
  return {
    objectID: d.id,
    productId: d.id,
    part: 0,
    handle: d.handle,
    title: d.title,
    titleExtras: d.titleExtras,
    collections: d.collections.map((c) => c.title),
    collectionHandles: d.collections.map((c) => c.handle),
    collectionLabels: d.collections.map((c) => `${c.handle}:${c.title}`),
    options: [...new Set(d.options.map((o) => o.value))],
    optionKeys: d.options.map((o) => o.key),
    optionLabels: d.options.map((o) => `${o.name}:${o.value}`),
    tags: d.tags,
    vendor: d.vendor,
    keywords: d.keywords,
    description: '',
    priceMin: d.priceMin,
    priceBucket,
    inStock: d.inStock,
    createdAt: Date.parse(d.createdAt),
    summary: d.summary,
  };
}

/** Cuts text into pieces of at most `maxBytes` UTF-8 bytes, on word boundaries when possible. */
export function splitText(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (encoder.encode(rest).length <= maxBytes) {
      out.push(rest);
      break;
    }
    // largest prefix within the budget (JSON escaping can only grow a string: count it too)
    let lo = 1;
    let hi = rest.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byteSize(rest.slice(0, mid)) <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    const space = rest.lastIndexOf(' ', cut);
    if (space > cut / 2) cut = space;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  return out;
}

export interface BuiltRecords {
  records: AlgoliaRecord[];
  /** what had to give to fit the limit */
  trimmed: string[];
}

export function buildRecords(d: SearchDocument, limit = RECORD_LIMIT_BYTES): BuiltRecords {
  const trimmed: string[] = [];
  const base = core(d);
  const budget = limit - SAFETY_BYTES;
  if (byteSize(base) > budget) {
    base.summary = { ...base.summary, options: {} };
    trimmed.push('summary.options');
  }
  if (byteSize(base) > budget) {
    base.tags = [];
    base.keywords = '';
    trimmed.push('tags', 'keywords');
  }
  // last resort: fewer option values (searchable and faceted), from the end
  while (byteSize(base) > budget && (base.optionKeys.length > 0 || base.options.length > 0)) {
    const drop = Math.max(1, Math.ceil(base.optionKeys.length / 10));
    base.optionKeys.splice(-drop);
    base.optionLabels.splice(-drop);
    base.options = base.options.slice(0, Math.max(0, base.options.length - drop));
    if (!trimmed.includes('options')) trimmed.push('options');
  }
  if (byteSize(base) > budget) throw new Error(`product ${d.id}: its search record cannot fit in ${limit} bytes`);

  const room = budget - byteSize(base);
  const pieces = d.description.trim() ? splitText(d.description, Math.max(room, 1)) : [''];
  if (pieces.length > MAX_PARTS) trimmed.push(`description beyond ${MAX_PARTS} parts`);
  const records = pieces.slice(0, MAX_PARTS).map((description, part) => ({
    ...base,
    objectID: objectIdOf(d.id, part),
    part,
    description,
  }));
  return { records, trimmed };
}
