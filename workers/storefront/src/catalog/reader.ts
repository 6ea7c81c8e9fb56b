/**
 * The catalog read chain below the edge cache: KV first, then Postgres
 * (the source of truth, over Neon's HTTP transport), repairing the KV entry
 * after an origin read. Postgres failures become 503s with Retry-After
 * (db/errors.ts, through the app's error handler); whatever KV holds is still served.
 */
import { toProductDocument } from '../../../../domain/catalog/assemble';
import { buildListing, buildAllListing } from '../../../../domain/catalog/assemble';
import type { CollectionIndexDocument, ListingDocument, ProductDocument } from '../../../../domain/catalog/documents';
import { COLLECTION_INDEX_KEY, listingKey, productIdKey, productKey } from '../../../../domain/catalog/keys';
import type { HttpDb } from '../../../../db/client';
import { toDatabaseError } from '../../../../db/errors';
import { databaseFromEnv } from '../../../../db/hono';
import {
  loadAllCollections,
  loadAllProducts,
  loadCollectionByHandle,
  loadProductByHandle,
  loadProductsByIds,
} from '../../../../db/queries/catalog-records';
import { buildCollectionIndex } from '../../../../domain/catalog/assemble';
import { log } from '../../../../edge/request-context';
import type { StorefrontEnv } from '../env';

export interface ReadDeps {
  env: StorefrontEnv;
  waitUntil: (p: Promise<unknown>) => void;
  /** skip KV and go to Postgres (benchmarks of the origin path) */
  bypassKv?: boolean;
}

export interface Read<T> {
  value: T;
  /** the JSON text as stored (saves a stringify when answering with it) */
  text: string;
  layer: 'kv' | 'origin';
}

/** An origin read: one or a few HTTP queries, no connection to open or close. */
async function fromOrigin<T>(deps: ReadDeps, fn: (db: HttpDb) => Promise<T>): Promise<T> {
  try {
    return await fn(databaseFromEnv(deps.env).db);
  } catch (err) {
    throw toDatabaseError(err);
  }
}

function repair(deps: ReadDeps, writes: [key: string, value: string][]): void {
  deps.waitUntil(
    Promise.all(writes.map(([k, v]) => deps.env.CATALOG.put(k, v))).catch((err) =>
      log(undefined, 'warn', 'KV repair failed', { error: err instanceof Error ? err.message : String(err) }),
    ),
  );
}

export async function readProduct(deps: ReadDeps, handle: string): Promise<Read<ProductDocument> | null> {
  if (!deps.bypassKv) {
    const text = await deps.env.CATALOG.get(productKey(handle), 'text');
    if (text) return { value: JSON.parse(text) as ProductDocument, text, layer: 'kv' };
  }
  const record = await fromOrigin(deps, (db) => loadProductByHandle(db, handle));
  if (!record) return null;
  const value = toProductDocument(record);
  const text = JSON.stringify(value);
  if (!deps.bypassKv) repair(deps, [[productKey(handle), text], [productIdKey(value.id), handle]]);
  return { value, text, layer: 'origin' };
}

/** Product JSON as text, without parsing when it comes from KV. */
export async function readProductText(deps: ReadDeps, handle: string): Promise<Omit<Read<unknown>, 'value'> | null> {
  if (!deps.bypassKv) {
    const text = await deps.env.CATALOG.get(productKey(handle), 'text');
    if (text) return { text, layer: 'kv' };
  }
  const r = await readProduct({ ...deps, bypassKv: true }, handle);
  if (r && !deps.bypassKv) repair(deps, [[productKey(handle), r.text], [productIdKey(r.value.id), handle]]);
  return r ? { text: r.text, layer: 'origin' } : null;
}

export async function readListing(deps: ReadDeps, handle: string): Promise<Read<ListingDocument> | null> {
  if (!deps.bypassKv) {
    const text = await deps.env.CATALOG.get(listingKey(handle), 'text');
    if (text) return { value: JSON.parse(text) as ListingDocument, text, layer: 'kv' };
  }
  const value = await fromOrigin(deps, async (db) => {
    if (handle === 'all') {
      const products = (await loadAllProducts(db)).map(toProductDocument);
      return buildAllListing(products, new Date().toISOString());
    }
    const c = await loadCollectionByHandle(db, handle);
    if (!c) return null;
    const products = (await loadProductsByIds(db, c.productIds)).map(toProductDocument);
    return buildListing(c, new Map(products.map((p) => [p.id, p])));
  });
  if (!value) return null;
  const text = JSON.stringify(value);
  if (!deps.bypassKv) repair(deps, [[listingKey(handle), text]]);
  return { value, text, layer: 'origin' };
}

export async function readCollectionIndex(deps: ReadDeps): Promise<Read<CollectionIndexDocument>> {
  if (!deps.bypassKv) {
    const text = await deps.env.CATALOG.get(COLLECTION_INDEX_KEY, 'text');
    if (text) return { value: JSON.parse(text) as CollectionIndexDocument, text, layer: 'kv' };
  }
  const value = await fromOrigin(deps, async (db) => {
    const [collections, products] = await Promise.all([loadAllCollections(db), loadAllProducts(db)]);
    const byId = new Map(products.map((r) => [r.id, toProductDocument(r)]));
    return buildCollectionIndex(collections.map((c) => buildListing(c, byId)), new Date().toISOString());
  });
  const text = JSON.stringify(value);
  if (!deps.bypassKv) repair(deps, [[COLLECTION_INDEX_KEY, text]]);
  return { value, text, layer: 'origin' };
}

/** Collection index for navigation: never fails a page (empty nav if nothing is reachable). */
export async function readNavigation(deps: ReadDeps): Promise<{ handle: string; title: string }[]> {
  try {
    const idx = await readCollectionIndex({ ...deps, bypassKv: false });
    return idx.value.collections.map((c) => ({ handle: c.handle, title: c.title }));
  } catch {
    return [];
  }
}
