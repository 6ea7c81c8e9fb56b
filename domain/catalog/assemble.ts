/**
 * Turns catalog records read from Postgres into the denormalised documents
 * stored in KV. Pure: db/ returns records of these types, this builds documents.
 */
import {
  PRODUCT_DOCUMENT_SCHEMA,
  priceRangeOf,
  summarize,
  type CollectionIndexDocument,
  type CollectionRef,
  type ListingDocument,
  type MediaDoc,
  type OptionDoc,
  type ProductDocument,
  type VariantDoc,
} from './documents';

export interface VariantRecord extends Omit<VariantDoc, 'inStock' | 'available'> {
  onHand: number;
  reserved: number;
}

export interface ProductRecord {
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  tags: string[];
  seoTitle: string | null;
  seoDescription: string | null;
  createdAt: string;
  updatedAt: string;
  options: OptionDoc[];
  variants: VariantRecord[];
  media: MediaDoc[];
  collections: CollectionRef[];
}

export interface CollectionRecord {
  id: string;
  handle: string;
  title: string;
  description: string;
  seoTitle: string | null;
  seoDescription: string | null;
  updatedAt: string;
  /** active products, in the merchant's order */
  productIds: string[];
}

export function excerpt(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function toProductDocument(r: ProductRecord): ProductDocument {
  const variants: VariantDoc[] = r.variants.map(({ onHand, reserved, ...v }) => {
    const available = Math.max(0, onHand - reserved);
    return { ...v, available, inStock: available > 0 };
  });
  return {
    schema: PRODUCT_DOCUMENT_SCHEMA,
    id: r.id,
    handle: r.handle,
    title: r.title,
    description: r.description,
    vendor: r.vendor,
    tags: r.tags,
    seo: { title: r.seoTitle || r.title, description: r.seoDescription || excerpt(r.description) },
    options: r.options,
    variants,
    media: r.media,
    collections: r.collections,
    priceRange: priceRangeOf(variants),
    inStock: variants.some((v) => v.inStock),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function buildListing(
  c: Pick<CollectionRecord, 'handle' | 'title' | 'description' | 'seoTitle' | 'seoDescription' | 'updatedAt' | 'productIds'>,
  productsById: ReadonlyMap<string, ProductDocument>,
  kind: ListingDocument['kind'] = 'collection',
): ListingDocument {
  const items = c.productIds.flatMap((id) => {
    const p = productsById.get(id);
    return p ? [summarize(p)] : [];
  });
  return {
    schema: PRODUCT_DOCUMENT_SCHEMA,
    kind,
    handle: c.handle,
    title: c.title,
    description: c.description,
    seo: { title: c.seoTitle || c.title, description: c.seoDescription || excerpt(c.description) },
    image: items.find((i) => i.image)?.image ?? null,
    items,
    updatedAt: c.updatedAt,
  };
}

/** The "all products" listing: every active product, newest first. */
export function buildAllListing(products: readonly ProductDocument[], updatedAt: string): ListingDocument {
  const sorted = [...products].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? -1 : 1));
  const byId = new Map(sorted.map((p) => [p.id, p]));
  return buildListing(
    {
      handle: 'all',
      title: 'All products',
      description: 'Everything in the shop, newest first.',
      seoTitle: null,
      seoDescription: null,
      updatedAt,
      productIds: sorted.map((p) => p.id),
    },
    byId,
    'all',
  );
}

export function buildCollectionIndex(listings: readonly ListingDocument[], updatedAt: string): CollectionIndexDocument {
  return {
    schema: PRODUCT_DOCUMENT_SCHEMA,
    collections: listings
      .filter((l) => l.kind === 'collection')
      .map((l) => ({ handle: l.handle, title: l.title, productCount: l.items.length, image: l.image })),
    updatedAt,
  };
}
