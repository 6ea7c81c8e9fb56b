/**
 * Projects the catalog from Postgres (source of truth) into KV documents.
 * Idempotent: every write is "make KV equal to the current database state",
 * so redelivered or duplicated jobs are harmless.
 */
import {
  buildAllListing,
  buildCollectionIndex,
  buildListing,
  toProductDocument,
} from '../../domain/catalog/assemble';
import type { ListingDocument, ProductDocument } from '../../domain/catalog/documents';
import {
  ALL_PRODUCTS_LISTING,
  CATALOG_VERSION_KEY,
  COLLECTION_INDEX_KEY,
  listingKey,
  productIdKey,
  productKey,
} from '../../domain/catalog/keys';
import type { Db } from '../../db/client';
import {
  collectionIdsOfProducts,
  loadAllCollections,
  loadAllProducts,
  loadCollectionHandles,
  loadCollectionsByIds,
  loadProductHandles,
  loadProductsByIds,
} from '../../db/queries/catalog-records';
import { listAllKeys, type CatalogKv } from './kv';

export interface ProjectionResult {
  productsWritten: number;
  productsRemoved: number;
  listingsWritten: string[];
  listingsRemoved: string[];
  version?: number;
}

const now = () => new Date().toISOString();

async function writeProduct(kv: CatalogKv, doc: ProductDocument): Promise<void> {
  const previous = await kv.get(productIdKey(doc.id), 'text');
  await kv.put(productKey(doc.handle), JSON.stringify(doc));
  if (previous !== doc.handle) {
    await kv.put(productIdKey(doc.id), doc.handle);
    // the handle changed: the old URL must stop serving the product
    if (previous) await kv.delete(productKey(previous));
  }
}

async function writeListing(kv: CatalogKv, listing: ListingDocument): Promise<void> {
  await kv.put(listingKey(listing.handle), JSON.stringify(listing));
}

/** Pool of at most `n` concurrent KV operations (Workers allow 6 connections per invocation). */
async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) {
      const item = items[i++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Re-projects the given products and every listing they appear (or appeared) in.
 * `alsoCollectionIds` are collections touched by the change that the products
 * may no longer belong to.
 */
export async function projectProducts(
  db: Db,
  kv: CatalogKv,
  productIds: readonly string[],
  alsoCollectionIds: readonly string[] = [],
): Promise<ProjectionResult> {
  const ids = [...new Set(productIds)];
  const [records, handles, memberOf] = await Promise.all([
    loadProductsByIds(db, ids),
    loadProductHandles(db, ids),
    collectionIdsOfProducts(db, ids),
  ]);
  const docs = records.map(toProductDocument);
  const active = new Set(docs.map((d) => d.id));
  await inParallel(docs, 6, (d) => writeProduct(kv, d));

  // products no longer active (draft, archived, deleted) leave KV
  let removed = 0;
  const inactive = ids.filter((id) => !active.has(id));
  await inParallel(inactive, 6, async (id) => {
    const stored = await kv.get(productIdKey(id), 'text');
    const current = handles.find((h) => h.id === id)?.handle;
    for (const handle of new Set([stored, current].filter((h): h is string => !!h))) {
      await kv.delete(productKey(handle));
    }
    await kv.delete(productIdKey(id));
    removed++;
  });

  const collectionIds = [...new Set([...memberOf, ...alsoCollectionIds])];
  const listings = await projectCollections(db, kv, collectionIds, { includeAll: true });
  return { productsWritten: docs.length, productsRemoved: removed, ...listings };
}

/**
 * Re-projects collection listings (and, with includeAll, the all-products
 * listing), then the collection index. Unpublished collections are removed.
 */
export async function projectCollections(
  db: Db,
  kv: CatalogKv,
  collectionIds: readonly string[],
  opts: { includeAll?: boolean } = {},
): Promise<Pick<ProjectionResult, 'listingsWritten' | 'listingsRemoved'>> {
  const written: string[] = [];
  const removed: string[] = [];
  const [collections, known] = await Promise.all([
    loadCollectionsByIds(db, collectionIds),
    loadCollectionHandles(db, collectionIds),
  ]);
  const memberIds = new Set(collections.flatMap((c) => c.productIds));
  let allProducts: ProductDocument[] | undefined;
  if (opts.includeAll) {
    allProducts = (await loadAllProducts(db)).map(toProductDocument);
  }
  const byId = new Map<string, ProductDocument>();
  if (allProducts) for (const p of allProducts) byId.set(p.id, p);
  else for (const r of await loadProductsByIds(db, [...memberIds])) byId.set(r.id, toProductDocument(r));

  await inParallel(collections, 6, async (c) => {
    await writeListing(kv, buildListing(c, byId));
    written.push(c.handle);
  });
  const published = new Set(collections.map((c) => c.id));
  for (const k of known) {
    if (!published.has(k.id)) {
      await kv.delete(listingKey(k.handle));
      removed.push(k.handle);
    }
  }
  if (allProducts) {
    await writeListing(kv, buildAllListing(allProducts, now()));
    written.push(ALL_PRODUCTS_LISTING);
  }
  if (collectionIds.length > 0) await writeCollectionIndex(db, kv, byId);
  return { listingsWritten: written, listingsRemoved: removed };
}

async function writeCollectionIndex(db: Db, kv: CatalogKv, byId: Map<string, ProductDocument>): Promise<void> {
  const all = await loadAllCollections(db);
  const missing = [...new Set(all.flatMap((c) => c.productIds))].filter((id) => !byId.has(id));
  for (const r of await loadProductsByIds(db, missing)) byId.set(r.id, toProductDocument(r));
  const listings = all.map((c) => buildListing(c, byId));
  await kv.put(COLLECTION_INDEX_KEY, JSON.stringify(buildCollectionIndex(listings, now())));
}

/**
 * Full rebuild: every active product, every listing, the collection index;
 * then bumps the catalog version so every edge-cached copy is invalidated at once.
 */
export async function publishCatalog(
  db: Db,
  kv: CatalogKv,
  onProgress?: (done: number, total: number) => void,
): Promise<ProjectionResult & { version: number }> {
  const [records, collections] = await Promise.all([loadAllProducts(db), loadAllCollections(db)]);
  const docs = records.map(toProductDocument);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const total = docs.length + collections.length + 2;
  let done = 0;
  const tick = () => onProgress?.(++done, total);
  await inParallel(docs, 8, async (d) => {
    await writeProduct(kv, d);
    tick();
  });
  const listings = collections.map((c) => buildListing(c, byId));
  await inParallel(listings, 6, async (l) => {
    await writeListing(kv, l);
    tick();
  });
  await writeListing(kv, buildAllListing(docs, now()));
  tick();
  await kv.put(COLLECTION_INDEX_KEY, JSON.stringify(buildCollectionIndex(listings, now())));
  const removed = await removeUnpublished(kv, docs, listings);
  const version = await bumpCatalogVersion(kv);
  tick();
  return {
    productsWritten: docs.length,
    productsRemoved: removed.products,
    listingsWritten: [...listings.map((l) => l.handle), ALL_PRODUCTS_LISTING],
    listingsRemoved: removed.listings,
    version,
  };
}

/** Drops KV documents of products and collections that are no longer published. */
async function removeUnpublished(
  kv: CatalogKv,
  docs: readonly ProductDocument[],
  listings: readonly ListingDocument[],
): Promise<{ products: number; listings: string[] }> {
  const activeIds = new Set(docs.map((d) => d.id));
  const activeHandles = new Set(docs.map((d) => d.handle));
  let products = 0;
  for (const name of await listAllKeys(kv, productIdKey(''))) {
    const id = name.slice(productIdKey('').length);
    if (activeIds.has(id)) continue;
    const handle = await kv.get(name, 'text');
    if (handle && !activeHandles.has(handle)) await kv.delete(productKey(handle));
    await kv.delete(name);
    products++;
  }
  const listingHandles = new Set([...listings.map((l) => l.handle), ALL_PRODUCTS_LISTING]);
  const removedListings: string[] = [];
  for (const name of await listAllKeys(kv, listingKey(''))) {
    const handle = name.slice(listingKey('').length);
    if (!listingHandles.has(handle)) {
      await kv.delete(name);
      removedListings.push(handle);
    }
  }
  return { products, listings: removedListings };
}

export async function bumpCatalogVersion(kv: CatalogKv): Promise<number> {
  const current = Number((await kv.get(CATALOG_VERSION_KEY, 'text')) ?? '0') || 0;
  // time-based so that two concurrent bumps still move forward
  const next = Math.max(current + 1, Date.now());
  await kv.put(CATALOG_VERSION_KEY, String(next));
  return next;
}
