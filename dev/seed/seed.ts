/**
 * Writes the generated demo catalog into Postgres (and its pictures into
 * media storage), idempotently.
 *
 * - Every row is upserted by its natural key (product handle, variant SKU,
 *   collection handle, (product, r2 key) for media, (variant, currency) for
 *   prices, variant for inventory) with `insert … on conflict do update …
 *   where (old) is distinct from (new) returning …`: rows that already hold
 *   the generated values are not touched and not returned, so a re-run
 *   neither duplicates nor rewrites anything, and the returned rows tell us
 *   exactly which products changed.
 * - Rows the generator no longer produces for a seeded product (a dropped
 *   variant, option, picture or collection membership) are deleted.
 *   Products that are not in the generated catalog are never touched.
 * - Products are written in batches (default 100), one transaction each;
 *   a batch with changed products also inserts one outbox row
 *   (`catalog.products.changed`, { productIds, collectionIds }) in the same
 *   transaction, so the projector hears about exactly what was committed.
 * - Pictures are uploaded before the batch that references them commits,
 *   and only when `media.has(key)` says the object is missing. Keys are
 *   content-addressed, so an existing key always holds the right bytes.
 *
 * Fast path: after a complete run the catalog fingerprint (sha256 of the
 * generated catalog JSON + generator and renderer versions) is stored as a
 * comment on the products table (`COMMENT ON TABLE products IS
 * 'vitrine-seed:…'`). No schema change is needed, the comment is
 * transactional, survives restarts, disappears with the table, and is only
 * written after the last batch committed, so an interrupted seed never looks
 * complete (a full run clears any older fingerprint before its first batch).
 * Because TRUNCATE or manual deletes keep the comment, the fast path also
 * requires the row counts for the generated natural keys (products, options,
 * variants, prices, inventory, media, collections, memberships) to match.
 * When both hold, product upserts are skipped; we still make sure every
 * picture exists in media storage (one cheap `has` per key) and return
 * `skipped: true`. Edits that keep the counts (a price changed in the admin)
 * are deliberately left alone by a skipped run; `force: true` always takes
 * the full path and restores the generated values.
 *
 * Rendering ~1,000 PNGs is most of a full run (~7 ms each), so what the
 * renderer produced for each spec is memoised on disk (render-cache.ts):
 * when storage already has the object, the picture is not rendered again.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import {
  collectionProducts,
  collections,
  inventoryLevels,
  media as mediaTable,
  outbox,
  productOptions,
  products,
  variantPrices,
  variants,
} from '../../db/schema';
import { GENERATOR_VERSION, generateCatalog, type SeedCatalog, type SeedImage, type SeedProduct } from './generate';
import { RENDERER_VERSION, renderProductImage, type ImageSpec, type RenderedImage } from './images';
import { DEFAULT_RENDER_CACHE_DIR, RenderCache, metaOf, type ImageMeta } from './render-cache';

export const PRODUCTS_CHANGED_TOPIC = 'catalog.products.changed';
export const SEED_COMMENT_PREFIX = 'vitrine-seed:';
export const DEFAULT_BATCH_SIZE = 100;

/** Object storage for pictures; the caller wires it to R2 (local or remote). */
export interface MediaStore {
  has(key: string): Promise<boolean>;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

export type ProgressFn = (done: number, total: number, label: string) => void;

export interface SeedOptions {
  db: Db;
  media: MediaStore;
  /** number of products to generate (default 540) */
  products?: number;
  /** generator seed (default DEFAULT_SEED) */
  seed?: number;
  /** products per transaction (default 100) */
  batchSize?: number;
  /** ignore the stored fingerprint and run every upsert */
  force?: boolean;
  /**
   * where to memo rendered image metadata between runs (default: the OS temp
   * folder); false disables it. Pictures are still rendered whenever storage
   * lacks their key.
   */
  imageCacheDir?: string | false;
  onProgress?: ProgressFn;
}

export interface SeedResult {
  products: number;
  variants: number;
  collections: number;
  /** product pictures (media rows) in the catalog */
  images: number;
  /** ids of products whose rows (or child rows) were inserted, updated or deleted by this run */
  changedProductIds: string[];
  /** true when the stored fingerprint matched and product upserts were skipped */
  skipped: boolean;
  /** objects put into media storage by this run */
  imagesUploaded: number;
  /** outbox rows written by this run */
  outboxRows: number;
  fingerprint: string;
  /** whether the fingerprint is recorded in the database (enables the fast path next time) */
  fingerprintStored: boolean;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export function catalogFingerprint(catalog: SeedCatalog): string {
  const h = createHash('sha256');
  h.update(`generator:${GENERATOR_VERSION};renderer:${RENDERER_VERSION};`);
  h.update(JSON.stringify(catalog));
  return `v1:${h.digest('hex')}`;
}

// ---------------------------------------------------------------------------
// small SQL helpers

/** `excluded."column"`: the value proposed for insertion in ON CONFLICT DO UPDATE */
const ex = (col: AnyPgColumn): SQL => sql.raw(`excluded."${col.name}"`);

/** `(t.a, t.b) is distinct from (excluded.a, excluded.b)` */
function differs(cols: AnyPgColumn[]): SQL {
  return sql`(${sql.join(
    cols.map((c) => sql`${c}`),
    sql`, `,
  )}) is distinct from (${sql.join(cols.map(ex), sql`, `)})`;
}

/** one array-typed bind parameter (drizzle would otherwise expand arrays into lists) */
const textArray = (values: string[]): SQL => sql`${sql.param(values)}::text[]`;

async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function expectedCounts(catalog: SeedCatalog) {
  let options = 0;
  let variantCount = 0;
  let prices = 0;
  let imageCount = 0;
  let memberships = 0;
  for (const p of catalog.products) {
    options += p.options.length;
    variantCount += p.variants.length;
    for (const v of p.variants) prices += v.prices.length;
    imageCount += p.images.length;
  }
  for (const c of catalog.collections) memberships += c.productHandles.length;
  return {
    products: catalog.products.length,
    options,
    variants: variantCount,
    prices,
    inventory: variantCount,
    images: imageCount,
    collections: catalog.collections.length,
    memberships,
  };
}

// ---------------------------------------------------------------------------
// fingerprint

export async function readSeedFingerprint(db: Db): Promise<string | null> {
  const r = await db.execute(sql`select obj_description(to_regclass('products'), 'pg_class') as comment`);
  const comment = (r.rows[0] as { comment?: string | null } | undefined)?.comment ?? null;
  return comment?.startsWith(SEED_COMMENT_PREFIX) ? comment.slice(SEED_COMMENT_PREFIX.length) : null;
}

async function writeSeedFingerprint(db: Db, fingerprint: string): Promise<void> {
  // COMMENT takes no bind parameters; the fingerprint is [a-z0-9:] only
  if (!/^[a-z0-9:]+$/.test(fingerprint)) throw new Error('unexpected fingerprint format');
  await db.execute(sql.raw(`comment on table products is '${SEED_COMMENT_PREFIX}${fingerprint}'`));
}

async function clearSeedFingerprint(db: Db): Promise<void> {
  if ((await readSeedFingerprint(db)) !== null) await db.execute(sql.raw(`comment on table products is null`));
}

async function fingerprintMatches(db: Db, catalog: SeedCatalog, fingerprint: string): Promise<boolean> {
  if ((await readSeedFingerprint(db)) !== fingerprint) return false;
  const handles = catalog.products.map((p) => p.handle);
  const skus = catalog.products.flatMap((p) => p.variants.map((v) => v.sku));
  const collectionHandles = catalog.collections.map((c) => c.handle);
  const r = await db.execute(sql`
    with p as (select id from products where handle = any(${textArray(handles)})),
         v as (select id from variants where sku = any(${textArray(skus)})),
         c as (select id from collections where handle = any(${textArray(collectionHandles)}))
    select
      (select count(*) from p) as products,
      (select count(*) from product_options where product_id in (select id from p)) as options,
      (select count(*) from v) as variants,
      (select count(*) from variant_prices where variant_id in (select id from v)) as prices,
      (select count(*) from inventory_levels where variant_id in (select id from v)) as inventory,
      (select count(*) from media where product_id in (select id from p)) as images,
      (select count(*) from c) as collections,
      (select count(*) from collection_products
        where collection_id in (select id from c) and product_id in (select id from p)) as memberships`);
  const row = (r.rows[0] ?? {}) as Record<string, unknown>;
  const want = expectedCounts(catalog);
  return (Object.keys(want) as Array<keyof typeof want>).every((k) => Number(row[k] ?? -1) === want[k]);
}

// ---------------------------------------------------------------------------
// media

/**
 * Turns image specs into stored objects + metadata for media rows. Each key is
 * checked with `has` at most once per run and put at most once, even when
 * several products share a picture and are resolved concurrently.
 */
class ImageResolver {
  uploaded = 0;
  private readonly present = new Map<string, Promise<boolean>>();
  private readonly uploads = new Map<string, Promise<void>>();

  constructor(
    private readonly store: MediaStore,
    private readonly cache: RenderCache,
  ) {}

  has(key: string): Promise<boolean> {
    let p = this.present.get(key);
    if (!p) {
      p = this.store.has(key);
      this.present.set(key, p);
    }
    return p;
  }

  upload(img: RenderedImage): Promise<void> {
    let p = this.uploads.get(img.key);
    if (!p) {
      p = this.store.put(img.key, img.bytes, img.contentType).then(() => {
        this.uploaded++;
        this.present.set(img.key, Promise.resolve(true));
      });
      this.uploads.set(img.key, p);
    }
    return p;
  }

  /** metadata of the picture for this spec, making sure its object exists in storage */
  async resolve(spec: ImageSpec): Promise<ImageMeta> {
    const cached = this.cache.get(spec);
    if (cached && (await this.has(cached.key))) return cached;
    const rendered = renderProductImage(spec);
    const meta = metaOf(rendered);
    this.cache.set(spec, meta);
    if (!(await this.has(rendered.key))) await this.upload(rendered);
    return meta;
  }
}

/**
 * Fast path: every picture referenced by the seeded products must exist in
 * storage. Returns false when a stored key no longer matches what the renderer
 * produces (e.g. a different zlib build), so the caller falls back to the full path.
 */
async function ensureStoredImages(db: Db, catalog: SeedCatalog, images: ImageResolver, onProgress?: ProgressFn): Promise<boolean> {
  const handles = catalog.products.map((p) => p.handle);
  const r = await db.execute(sql`
    select p.handle, m.position, m.r2_key
    from media m join products p on p.id = m.product_id
    where p.handle = any(${textArray(handles)})`);
  const specs = new Map<string, SeedImage>();
  for (const p of catalog.products) for (const img of p.images) specs.set(`${p.handle}\u0000${img.position}`, img);
  const byKey = new Map<string, SeedImage | undefined>();
  for (const row of r.rows as Array<{ handle: string; position: number; r2_key: string }>) {
    if (!byKey.has(row.r2_key)) byKey.set(row.r2_key, specs.get(`${row.handle}\u0000${row.position}`));
  }
  const keys = [...byKey.keys()];
  let done = 0;
  let consistent = true;
  onProgress?.(0, keys.length, 'images');
  await eachLimit(keys, 16, async (key) => {
    if (!(await images.has(key))) {
      const spec = byKey.get(key);
      const rendered = spec ? renderProductImage(spec.spec) : null;
      if (rendered && rendered.key === key) await images.upload(rendered);
      else consistent = false;
    }
    done++;
    if (done % 100 === 0 || done === keys.length) onProgress?.(done, keys.length, 'images');
  });
  return consistent;
}

// ---------------------------------------------------------------------------
// collections

async function upsertCollections(db: Db, catalog: SeedCatalog): Promise<{ ids: Map<string, string>; outboxRows: number }> {
  return db.transaction(async (tx) => {
    const changed = await tx
      .insert(collections)
      .values(
        catalog.collections.map((c) => ({
          handle: c.handle,
          title: c.title,
          description: c.description,
          seoTitle: c.seoTitle,
          seoDescription: c.seoDescription,
          position: c.position,
          published: c.published,
          createdAt: c.createdAt,
          updatedAt: c.updatedAt,
        })),
      )
      .onConflictDoUpdate({
        target: collections.handle,
        set: {
          title: ex(collections.title),
          description: ex(collections.description),
          seoTitle: ex(collections.seoTitle),
          seoDescription: ex(collections.seoDescription),
          position: ex(collections.position),
          published: ex(collections.published),
          updatedAt: sql`now()`,
        },
        setWhere: differs([
          collections.title,
          collections.description,
          collections.seoTitle,
          collections.seoDescription,
          collections.position,
          collections.published,
        ]),
      })
      .returning({ id: collections.id });
    const rows = await tx
      .select({ id: collections.id, handle: collections.handle })
      .from(collections)
      .where(inArray(collections.handle, catalog.collections.map((c) => c.handle)));
    let outboxRows = 0;
    if (changed.length > 0) {
      // collection metadata changed: listings and the collection index need re-projection
      await tx.insert(outbox).values({
        topic: PRODUCTS_CHANGED_TOPIC,
        payload: { productIds: [], collectionIds: changed.map((c) => c.id).sort() },
      });
      outboxRows = 1;
    }
    return { ids: new Map(rows.map((r) => [r.handle, r.id])), outboxRows };
  });
}

// ---------------------------------------------------------------------------
// one batch of products

interface BatchResult {
  changedProductIds: string[];
  outboxRows: number;
}

async function writeBatch(
  tx: Tx,
  batch: SeedProduct[],
  imagesByProduct: Map<string, ImageMeta[]>,
  collectionIds: Map<string, string>,
  collectionPositions: Map<string, Map<string, number>>,
): Promise<BatchResult> {
  const changed = new Set<string>();
  const touchedCollections = new Set<string>();

  // products
  const changedProducts = await tx
    .insert(products)
    .values(
      batch.map((p) => ({
        handle: p.handle,
        title: p.title,
        description: p.description,
        vendor: p.vendor,
        tags: p.tags,
        status: p.status,
        seoTitle: p.seoTitle,
        seoDescription: p.seoDescription,
        publishedAt: p.publishedAt,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      })),
    )
    .onConflictDoUpdate({
      target: products.handle,
      set: {
        title: ex(products.title),
        description: ex(products.description),
        vendor: ex(products.vendor),
        tags: ex(products.tags),
        status: ex(products.status),
        seoTitle: ex(products.seoTitle),
        seoDescription: ex(products.seoDescription),
        publishedAt: ex(products.publishedAt),
        createdAt: ex(products.createdAt),
        updatedAt: sql`now()`,
      },
      setWhere: differs([
        products.title,
        products.description,
        products.vendor,
        products.tags,
        products.status,
        products.seoTitle,
        products.seoDescription,
        products.publishedAt,
        products.createdAt,
      ]),
    })
    .returning({ id: products.id });
  for (const r of changedProducts) changed.add(r.id);

  const idRows = await tx
    .select({ id: products.id, handle: products.handle })
    .from(products)
    .where(inArray(products.handle, batch.map((p) => p.handle)));
  const productId = new Map(idRows.map((r) => [r.handle, r.id]));
  const pid = (p: SeedProduct) => {
    const id = productId.get(p.handle);
    if (!id) throw new Error(`product ${p.handle} missing after upsert`);
    return id;
  };
  const batchIds = batch.map(pid);

  // options
  const optionRows = batch.flatMap((p) => p.options.map((o) => ({ productId: pid(p), name: o.name, position: o.position, values: o.values })));
  const changedOptions = await tx
    .insert(productOptions)
    .values(optionRows)
    .onConflictDoUpdate({
      target: [productOptions.productId, productOptions.name],
      set: { position: ex(productOptions.position), values: ex(productOptions.values) },
      setWhere: differs([productOptions.position, productOptions.values]),
    })
    .returning({ productId: productOptions.productId });
  for (const r of changedOptions) changed.add(r.productId);
  const wantedOptions = new Set(optionRows.map((o) => `${o.productId}\u0000${o.name}`));
  const existingOptions = await tx
    .select({ id: productOptions.id, productId: productOptions.productId, name: productOptions.name })
    .from(productOptions)
    .where(inArray(productOptions.productId, batchIds));
  const staleOptions = existingOptions.filter((o) => !wantedOptions.has(`${o.productId}\u0000${o.name}`));
  if (staleOptions.length > 0) {
    const deleted = await tx
      .delete(productOptions)
      .where(inArray(productOptions.id, staleOptions.map((o) => o.id)))
      .returning({ productId: productOptions.productId });
    for (const r of deleted) changed.add(r.productId);
  }

  // variants
  const variantRows = batch.flatMap((p) =>
    p.variants.map((v) => ({
      productId: pid(p),
      sku: v.sku,
      title: v.title,
      optionValues: v.optionValues,
      position: v.position,
      weightGrams: v.weightGrams,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    })),
  );
  const changedVariants = await tx
    .insert(variants)
    .values(variantRows)
    .onConflictDoUpdate({
      target: variants.sku,
      set: {
        productId: ex(variants.productId),
        title: ex(variants.title),
        optionValues: ex(variants.optionValues),
        position: ex(variants.position),
        weightGrams: ex(variants.weightGrams),
        updatedAt: sql`now()`,
      },
      setWhere: differs([variants.productId, variants.title, variants.optionValues, variants.position, variants.weightGrams]),
    })
    .returning({ productId: variants.productId });
  for (const r of changedVariants) changed.add(r.productId);
  const wantedSkus = new Set(variantRows.map((v) => v.sku));
  const existingVariants = await tx
    .select({ id: variants.id, productId: variants.productId, sku: variants.sku })
    .from(variants)
    .where(inArray(variants.productId, batchIds));
  const variantId = new Map<string, string>();
  const productOfVariant = new Map<string, string>();
  const staleVariants: string[] = [];
  for (const v of existingVariants) {
    productOfVariant.set(v.id, v.productId);
    if (wantedSkus.has(v.sku)) variantId.set(v.sku, v.id);
    else staleVariants.push(v.id);
  }
  if (staleVariants.length > 0) {
    const deleted = await tx.delete(variants).where(inArray(variants.id, staleVariants)).returning({ productId: variants.productId });
    for (const r of deleted) changed.add(r.productId);
  }
  const vid = (sku: string) => {
    const id = variantId.get(sku);
    if (!id) throw new Error(`variant ${sku} missing after upsert`);
    return id;
  };

  // prices (every generated currency; all currencies exist for every variant, so nothing goes stale)
  const priceRows = batch.flatMap((p) =>
    p.variants.flatMap((v) =>
      v.prices.map((pr) => ({ variantId: vid(v.sku), currency: pr.currency, amount: pr.amount, compareAtAmount: pr.compareAtAmount })),
    ),
  );
  const changedPrices = await tx
    .insert(variantPrices)
    .values(priceRows)
    .onConflictDoUpdate({
      target: [variantPrices.variantId, variantPrices.currency],
      set: { amount: ex(variantPrices.amount), compareAtAmount: ex(variantPrices.compareAtAmount) },
      setWhere: differs([variantPrices.amount, variantPrices.compareAtAmount]),
    })
    .returning({ variantId: variantPrices.variantId });
  for (const r of changedPrices) changed.add(productOfVariant.get(r.variantId) ?? '');

  // inventory: on_hand never drops below what is already reserved (reserved <= on_hand is a constraint)
  const inventoryRows = batch.flatMap((p) =>
    p.variants.map((v) => ({ variantId: vid(v.sku), onHand: v.inventory.onHand, reserved: v.inventory.reserved, updatedAt: p.updatedAt })),
  );
  const newOnHand = sql`greatest(excluded.on_hand, ${inventoryLevels.reserved})`;
  const changedInventory = await tx
    .insert(inventoryLevels)
    .values(inventoryRows)
    .onConflictDoUpdate({
      target: inventoryLevels.variantId,
      set: { onHand: newOnHand, updatedAt: sql`now()` },
      setWhere: sql`${inventoryLevels.onHand} is distinct from ${newOnHand}`,
    })
    .returning({ variantId: inventoryLevels.variantId });
  for (const r of changedInventory) changed.add(productOfVariant.get(r.variantId) ?? '');

  // media
  const mediaRows = batch.flatMap((p) => {
    const metas = imagesByProduct.get(p.handle) ?? [];
    return p.images.map((img, i) => {
      const m = metas[i];
      if (!m) throw new Error(`image ${i} of ${p.handle} was not resolved`);
      return {
        productId: pid(p),
        r2Key: m.key,
        alt: img.alt,
        width: m.width,
        height: m.height,
        contentType: m.contentType,
        byteSize: m.byteSize,
        position: img.position,
        createdAt: p.createdAt,
      };
    });
  });
  // the same picture twice on one product (identical specs) is one row
  const uniqueMedia = [...new Map(mediaRows.map((m) => [`${m.productId}\u0000${m.r2Key}`, m])).values()];
  const changedMedia = await tx
    .insert(mediaTable)
    .values(uniqueMedia)
    .onConflictDoUpdate({
      target: [mediaTable.productId, mediaTable.r2Key],
      set: {
        alt: ex(mediaTable.alt),
        width: ex(mediaTable.width),
        height: ex(mediaTable.height),
        contentType: ex(mediaTable.contentType),
        byteSize: ex(mediaTable.byteSize),
        position: ex(mediaTable.position),
      },
      setWhere: differs([mediaTable.alt, mediaTable.width, mediaTable.height, mediaTable.contentType, mediaTable.byteSize, mediaTable.position]),
    })
    .returning({ productId: mediaTable.productId });
  for (const r of changedMedia) changed.add(r.productId);
  const wantedMedia = new Set(uniqueMedia.map((m) => `${m.productId}\u0000${m.r2Key}`));
  const existingMedia = await tx
    .select({ id: mediaTable.id, productId: mediaTable.productId, r2Key: mediaTable.r2Key })
    .from(mediaTable)
    .where(inArray(mediaTable.productId, batchIds));
  const staleMedia = existingMedia.filter((m) => !wantedMedia.has(`${m.productId}\u0000${m.r2Key}`));
  if (staleMedia.length > 0) {
    const deleted = await tx
      .delete(mediaTable)
      .where(inArray(mediaTable.id, staleMedia.map((m) => m.id)))
      .returning({ productId: mediaTable.productId });
    for (const r of deleted) changed.add(r.productId);
  }

  // collection memberships, in the merchant order computed by the generator
  const membershipRows = batch.flatMap((p) =>
    p.collections.map((handle) => {
      const collectionId = collectionIds.get(handle);
      const position = collectionPositions.get(handle)?.get(p.handle);
      if (!collectionId || position === undefined) throw new Error(`collection ${handle} unknown for ${p.handle}`);
      return { collectionId, productId: pid(p), position };
    }),
  );
  if (membershipRows.length > 0) {
    const changedMemberships = await tx
      .insert(collectionProducts)
      .values(membershipRows)
      .onConflictDoUpdate({
        target: [collectionProducts.collectionId, collectionProducts.productId],
        set: { position: ex(collectionProducts.position) },
        setWhere: differs([collectionProducts.position]),
      })
      .returning({ productId: collectionProducts.productId, collectionId: collectionProducts.collectionId });
    for (const r of changedMemberships) {
      changed.add(r.productId);
      touchedCollections.add(r.collectionId);
    }
  }
  const wantedMemberships = new Set(membershipRows.map((m) => `${m.collectionId}\u0000${m.productId}`));
  const seededCollectionIds = [...collectionIds.values()];
  const existingMemberships = await tx
    .select({ collectionId: collectionProducts.collectionId, productId: collectionProducts.productId })
    .from(collectionProducts)
    .where(and(inArray(collectionProducts.productId, batchIds), inArray(collectionProducts.collectionId, seededCollectionIds)));
  const staleMemberships = existingMemberships.filter((m) => !wantedMemberships.has(`${m.collectionId}\u0000${m.productId}`));
  if (staleMemberships.length > 0) {
    await tx
      .delete(collectionProducts)
      .where(or(...staleMemberships.map((m) => and(eq(collectionProducts.collectionId, m.collectionId), eq(collectionProducts.productId, m.productId)))));
    for (const m of staleMemberships) {
      changed.add(m.productId);
      touchedCollections.add(m.collectionId);
    }
  }

  changed.delete('');
  const changedProductIds = batchIds.filter((id) => changed.has(id));
  if (changedProductIds.length === 0) return { changedProductIds, outboxRows: 0 };

  // every listing that shows a changed product must be re-projected
  const changedSet = new Set(changedProductIds);
  for (const m of membershipRows) if (changedSet.has(m.productId)) touchedCollections.add(m.collectionId);
  await tx.insert(outbox).values({
    topic: PRODUCTS_CHANGED_TOPIC,
    payload: { productIds: changedProductIds, collectionIds: [...touchedCollections].sort() },
  });
  return { changedProductIds, outboxRows: 1 };
}

// ---------------------------------------------------------------------------

export async function seedCatalog(opts: SeedOptions): Promise<SeedResult> {
  const { db, onProgress } = opts;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');

  const catalog = generateCatalog({
    ...(opts.products !== undefined ? { products: opts.products } : {}),
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
  });
  const fingerprint = catalogFingerprint(catalog);
  const counts = expectedCounts(catalog);
  const cache = await RenderCache.open(opts.imageCacheDir ?? DEFAULT_RENDER_CACHE_DIR);
  const images = new ImageResolver(opts.media, cache);
  const base = {
    products: counts.products,
    variants: counts.variants,
    collections: counts.collections,
    images: counts.images,
    fingerprint,
  };

  if (!opts.force && (await fingerprintMatches(db, catalog, fingerprint))) {
    if (await ensureStoredImages(db, catalog, images, onProgress)) {
      return { ...base, changedProductIds: [], skipped: true, imagesUploaded: images.uploaded, outboxRows: 0, fingerprintStored: true };
    }
  }

  try {
    // a run that dies half-way must not leave an older, matching-looking fingerprint behind
    await clearSeedFingerprint(db).catch(() => {});
    onProgress?.(0, counts.products, 'products');
    const { ids: collectionIds, outboxRows: collectionOutbox } = await upsertCollections(db, catalog);
    const collectionPositions = new Map(catalog.collections.map((c) => [c.handle, new Map(c.productHandles.map((h, i) => [h, i]))]));

    const changedProductIds: string[] = [];
    let outboxRows = collectionOutbox;
    let done = 0;
    for (let start = 0; start < catalog.products.length; start += batchSize) {
      const batch = catalog.products.slice(start, start + batchSize);
      // pictures first: a committed media row must never point at a missing object
      const imagesByProduct = new Map<string, ImageMeta[]>(batch.map((p) => [p.handle, []]));
      const jobs = batch.flatMap((p) => p.images.map((img, i) => ({ p, img, i })));
      await eachLimit(jobs, 8, async ({ p, img, i }) => {
        (imagesByProduct.get(p.handle) as ImageMeta[])[i] = await images.resolve(img.spec);
      });
      const result = await db.transaction((tx) => writeBatch(tx, batch, imagesByProduct, collectionIds, collectionPositions));
      changedProductIds.push(...result.changedProductIds);
      outboxRows += result.outboxRows;
      done += batch.length;
      onProgress?.(done, counts.products, 'products');
    }

    // best effort: without it (e.g. a role that does not own the table) the next run just takes the full path
    const fingerprintStored = await writeSeedFingerprint(db, fingerprint).then(
      () => true,
      () => false,
    );
    return { ...base, changedProductIds, skipped: false, imagesUploaded: images.uploaded, outboxRows, fingerprintStored };
  } finally {
    await cache.save();
  }
}
