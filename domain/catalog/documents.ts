/**
 * Denormalised catalog documents: the shape stored in KV, cached at the edge
 * and returned by the storefront JSON API. Projected from Postgres
 * (db/queries/catalog-documents.ts) and never edited by hand.
 */
import type { Currency } from '../money';

export const PRODUCT_DOCUMENT_SCHEMA = 1;

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface PriceDoc {
  /** integer minor units */
  amount: number;
  /** integer minor units, greater than amount, or null */
  compareAt: number | null;
}

export interface MediaDoc {
  /** R2 object key, content-addressed: media/<sha256>.<ext> */
  key: string;
  alt: string;
  width: number;
  height: number;
  contentType: string;
}

export interface VariantDoc {
  id: string;
  sku: string;
  title: string;
  /** option name → value, e.g. { Size: 'M', Color: 'Black' } */
  options: Record<string, string>;
  prices: Partial<Record<Currency, PriceDoc>>;
  weightGrams: number;
  /** on_hand - reserved, never negative */
  available: number;
  inStock: boolean;
}

export interface OptionDoc {
  name: string;
  values: string[];
}

export interface PriceRange {
  min: number;
  max: number;
}

export interface CollectionRef {
  handle: string;
  title: string;
}

export interface ProductDocument {
  schema: typeof PRODUCT_DOCUMENT_SCHEMA;
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  tags: string[];
  seo: { title: string; description: string };
  options: OptionDoc[];
  variants: VariantDoc[];
  media: MediaDoc[];
  collections: CollectionRef[];
  priceRange: Partial<Record<Currency, PriceRange>>;
  inStock: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a listing needs of a product: small enough to keep a whole collection in one KV value. */
export interface ProductSummary {
  id: string;
  handle: string;
  title: string;
  vendor: string;
  image: MediaDoc | null;
  priceRange: Partial<Record<Currency, PriceRange>>;
  /** lowest compare-at price per currency among the variants, when any is on sale */
  compareAtMin: Partial<Record<Currency, number>>;
  /** lower-cased option name → values present on in-stock or out-of-stock variants */
  options: Record<string, string[]>;
  inStock: boolean;
  createdAt: string;
}

export interface ListingDocument {
  schema: typeof PRODUCT_DOCUMENT_SCHEMA;
  kind: 'collection' | 'all';
  handle: string;
  title: string;
  description: string;
  seo: { title: string; description: string };
  image: MediaDoc | null;
  /** in the merchant's order (the "featured" sort) */
  items: ProductSummary[];
  updatedAt: string;
}

export interface CollectionIndexEntry {
  handle: string;
  title: string;
  productCount: number;
  image: MediaDoc | null;
}

/** The list of published collections (home page, navigation, sitemap). */
export interface CollectionIndexDocument {
  schema: typeof PRODUCT_DOCUMENT_SCHEMA;
  collections: CollectionIndexEntry[];
  updatedAt: string;
}

export function summarize(p: ProductDocument): ProductSummary {
  const options: Record<string, string[]> = {};
  for (const o of p.options) options[o.name.toLowerCase()] = [...o.values];
  const compareAtMin: Partial<Record<Currency, number>> = {};
  for (const v of p.variants) {
    for (const [cur, price] of Object.entries(v.prices) as [Currency, PriceDoc][]) {
      if (price.compareAt !== null) {
        const prev = compareAtMin[cur];
        compareAtMin[cur] = prev === undefined ? price.compareAt : Math.min(prev, price.compareAt);
      }
    }
  }
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    vendor: p.vendor,
    image: p.media[0] ?? null,
    priceRange: p.priceRange,
    compareAtMin,
    options,
    inStock: p.inStock,
    createdAt: p.createdAt,
  };
}

/** Price range per currency from variant prices. */
export function priceRangeOf(variants: VariantDoc[]): Partial<Record<Currency, PriceRange>> {
  const out: Partial<Record<Currency, PriceRange>> = {};
  for (const v of variants) {
    for (const [cur, price] of Object.entries(v.prices) as [Currency, PriceDoc][]) {
      const r = out[cur];
      if (!r) out[cur] = { min: price.amount, max: price.amount };
      else {
        r.min = Math.min(r.min, price.amount);
        r.max = Math.max(r.max, price.amount);
      }
    }
  }
  return out;
}

/** Finds the variant matching selected option values; falls back to the first available one. */
export function selectVariant(
  p: ProductDocument,
  selection: { variantId?: string | undefined; options?: Record<string, string> | undefined },
): VariantDoc | undefined {
  if (selection.variantId) {
    const byId = p.variants.find((v) => v.id === selection.variantId);
    if (byId) return byId;
  }
  const wanted = selection.options ?? {};
  const keys = Object.keys(wanted);
  if (keys.length > 0) {
    const match = p.variants.find((v) => keys.every((k) => v.options[k] === wanted[k]));
    if (match) return match;
  }
  return p.variants.find((v) => v.inStock) ?? p.variants[0];
}
