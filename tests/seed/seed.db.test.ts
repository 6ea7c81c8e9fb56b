/**
 * seedCatalog against a real PostgreSQL (embedded, own port and temp folder),
 * reached through the Neon driver and the local WebSocket proxy like the
 * Workers do. Media storage is an in-memory map behind the seed's own
 * MediaStore interface (the caller wires R2 in real use).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { applyMigrations } from '../../dev/migrate';
import { createNodeDb, type NodeDbHandle as DbHandle } from '../../dev/node-db';
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type PostgresServer } from '../../dev/postgres';
import { DEFAULT_PRODUCT_COUNT, generateCatalog } from '../../dev/seed/generate';
import { PRODUCTS_CHANGED_TOPIC, readSeedFingerprint, seedCatalog, type MediaStore, type SeedResult } from '../../dev/seed/seed';
import { startWsProxy, type WsProxy } from '../../dev/ws-proxy';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function memoryMedia() {
  const objects = new Map<string, { bytes: Uint8Array; contentType: string }>();
  const puts: string[] = [];
  const store: MediaStore = {
    has: async (key) => objects.has(key),
    put: async (key, bytes, contentType) => {
      puts.push(key);
      objects.set(key, { bytes, contentType });
    },
  };
  return { objects, puts, store };
}

let dir: string;
let pg: PostgresServer | undefined;
let proxy: WsProxy | undefined;
let handle: DbHandle | undefined;
let db: Db;
let cacheDir: string;
const media = memoryMedia();
const catalog = generateCatalog();

const rows = async <T = Record<string, unknown>>(q: string): Promise<T[]> => (await db.execute(sql.raw(q))).rows as T[];
const count = async (q: string): Promise<number> => Number((await rows<{ n: string | number }>(q))[0]?.n);

async function tableCounts() {
  const [r] = await rows<Record<string, string>>(`
    select (select count(*) from products) as products,
           (select count(*) from product_options) as options,
           (select count(*) from variants) as variants,
           (select count(*) from variant_prices) as prices,
           (select count(*) from inventory_levels) as inventory,
           (select count(*) from collections) as collections,
           (select count(*) from collection_products) as memberships,
           (select count(*) from media) as media,
           (select count(*) from outbox) as outbox`);
  return Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, Number(v)]));
}

const seed = (extra: { force?: boolean } = {}) => seedCatalog({ db, media: media.store, imageCacheDir: cacheDir, ...extra });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-seed-test-'));
  // as root, Postgres runs as the `postgres` user, which must be able to reach the data folder
  await chmod(dir, 0o755);
  cacheDir = join(dir, 'render-cache');
  const port = await freePort();
  pg = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port, user: 'postgres', password: 'seed-test', persistent: false });
  await ensureDatabase(pg.adminUrl, 'vitrine_seed_test');
  proxy = await startWsProxy({ port: 0, allowedTargets: [`127.0.0.1:${port}`] });
  handle = createNodeDb(withDatabase(pg.adminUrl, 'vitrine_seed_test'));
  db = handle.db;
  await applyMigrations(handle);
});

afterAll(async () => {
  await handle?.close();
  await proxy?.close();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('seedCatalog', () => {
  let first: SeedResult;
  let afterFirst: Record<string, number>;

  it('writes the whole catalog into an empty database', async () => {
    const t0 = performance.now();
    first = await seed();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(45_000);

    expect(first.skipped).toBe(false);
    expect(first.products).toBe(DEFAULT_PRODUCT_COUNT);
    expect(first.variants).toBeGreaterThanOrEqual(1500);
    expect(first.collections).toBe(14);
    expect(new Set(first.changedProductIds).size).toBe(DEFAULT_PRODUCT_COUNT);

    afterFirst = await tableCounts();
    const memberships = catalog.collections.reduce((n, c) => n + c.productHandles.length, 0);
    const options = catalog.products.reduce((n, p) => n + p.options.length, 0);
    expect(afterFirst).toMatchObject({
      products: DEFAULT_PRODUCT_COUNT,
      options,
      variants: first.variants,
      prices: first.variants * 2,
      inventory: first.variants,
      collections: 14,
      memberships,
      media: first.images,
    });

    // money: every variant has exactly one USD and one EUR price, all integers
    expect(await count(`select count(*) as n from variants v where (select count(*) from variant_prices p where p.variant_id = v.id) <> 2`)).toBe(0);
    expect(await count(`select count(*) as n from variant_prices where compare_at_amount is not null`)).toBeGreaterThan(0);

    // fixed timestamps and the merchant order survive the round trip
    const [mug] = await rows<{ title: string; created: string }>(
      `select title, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created from products where handle = 'cafe-creme-mug'`,
    );
    const generatedMug = catalog.products.find((p) => p.handle === 'cafe-creme-mug')!;
    expect(mug).toEqual({ title: 'Café Crème Mug', created: generatedMug.createdAt });
    const newest = await rows<{ handle: string }>(`
      select p.handle from collection_products cp
      join collections c on c.id = cp.collection_id join products p on p.id = cp.product_id
      where c.handle = 'new-arrivals' order by cp.position`);
    expect(newest.map((r) => r.handle)).toEqual(catalog.collections.find((c) => c.handle === 'new-arrivals')!.productHandles);

    // outbox: one row per batch of changed products, in the same transactions
    const outbox = await rows<{ topic: string; payload: { productIds: string[]; collectionIds: string[] } }>(`select topic, payload from outbox order by id`);
    expect(outbox.length).toBe(first.outboxRows);
    expect(outbox.every((r) => r.topic === PRODUCTS_CHANGED_TOPIC)).toBe(true);
    const productRows = outbox.filter((r) => r.payload.productIds.length > 0);
    expect(productRows).toHaveLength(Math.ceil(DEFAULT_PRODUCT_COUNT / 100));
    const announced = productRows.flatMap((r) => r.payload.productIds);
    expect(new Set(announced)).toEqual(new Set(first.changedProductIds));
    expect(announced).toHaveLength(DEFAULT_PRODUCT_COUNT);
    for (const r of productRows) expect(r.payload.collectionIds.length).toBeGreaterThan(0);

    // media: every referenced key is in storage, each uploaded exactly once, as PNG
    const keys = (await rows<{ r2_key: string }>(`select distinct r2_key from media`)).map((r) => r.r2_key);
    expect(keys.length).toBeGreaterThan(500);
    for (const k of keys) {
      expect(k).toMatch(/^media\/[0-9a-f]{64}\.png$/);
      expect(media.objects.get(k)?.contentType).toBe('image/png');
    }
    expect(new Set(media.puts).size).toBe(media.puts.length);
    expect(media.puts.length).toBe(keys.length);
    expect(first.imagesUploaded).toBe(keys.length);
    const [sizes] = await rows<{ bad: string }>(`select count(*) as bad from media where width <= 0 or height <= 0 or byte_size < 500 or content_type <> 'image/png' or alt = ''`);
    expect(Number(sizes?.bad)).toBe(0);

    expect(await readSeedFingerprint(db)).toBe(first.fingerprint);
  });

  it('skips a second run and changes nothing', async () => {
    const putsBefore = media.puts.length;
    const t0 = performance.now();
    const second = await seed();
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(second.skipped).toBe(true);
    expect(second.changedProductIds).toEqual([]);
    expect(second.outboxRows).toBe(0);
    expect(second.imagesUploaded).toBe(0);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect({ ...second, skipped: false, changedProductIds: [], outboxRows: 0 }).toMatchObject({
      products: first.products,
      variants: first.variants,
      collections: first.collections,
      images: first.images,
    });
    expect(await tableCounts()).toEqual(afterFirst);
    expect(media.puts.length).toBe(putsBefore);
  });

  it('a forced run re-upserts everything without rewriting a single row', async () => {
    const [before] = await rows<{ p: string; v: string }>(`select max(updated_at)::text as p, (select max(updated_at)::text from variants) as v from products`);
    const forced = await seed({ force: true });
    expect(forced.skipped).toBe(false);
    expect(forced.changedProductIds).toEqual([]);
    expect(forced.outboxRows).toBe(0);
    expect(forced.imagesUploaded).toBe(0);
    expect(await tableCounts()).toEqual(afterFirst);
    const [after] = await rows<{ p: string; v: string }>(`select max(updated_at)::text as p, (select max(updated_at)::text from variants) as v from products`);
    expect(after).toEqual(before);
  });

  it('repairs drift and announces exactly the products it changed', async () => {
    const deleted = catalog.products[7]!;
    const priced = catalog.products.find((p) => p !== deleted && p.variants.every((v) => v.prices.every((x) => x.compareAtAmount === null)))!;
    const trimmed = catalog.products.find((p) => p !== deleted && p !== priced && p.variants.length > 2)!;
    const untouched = catalog.products.filter((p) => p !== deleted && p !== priced && p !== trimmed);
    const ids = async (handles: string[]) =>
      Object.fromEntries((await rows<{ id: string; handle: string }>(`select id, handle from products where handle in (${handles.map((h) => `'${h}'`).join(',')})`)).map((r) => [r.handle, r.id]));
    const before = await ids([priced.handle, trimmed.handle]);

    await db.execute(sql`update variant_prices set amount = amount + 1 where currency = 'USD' and variant_id = (select id from variants where sku = ${priced.variants[0]!.sku})`);
    await db.execute(sql`delete from variants where sku = ${trimmed.variants[1]!.sku}`);
    await db.execute(sql`delete from products where handle = ${deleted.handle}`);
    // someone else's product is never touched
    await db.execute(sql`insert into products (handle, title, status) values ('merchant-made', 'Merchant Made', 'active')`);
    // reserved stock above the generated on_hand must survive (reserved <= on_hand)
    const zero = untouched.flatMap((p) => p.variants).find((v) => v.inventory.onHand === 0)!;
    await db.execute(sql`update inventory_levels set on_hand = 5, reserved = 5 where variant_id = (select id from variants where sku = ${zero.sku})`);
    const outboxBefore = await count(`select count(*) as n from outbox`);

    const repaired = await seed();
    expect(repaired.skipped).toBe(false);
    const after = await ids([priced.handle, trimmed.handle, deleted.handle]);
    expect(new Set(repaired.changedProductIds)).toEqual(new Set([before[priced.handle], before[trimmed.handle], after[deleted.handle]]));
    expect(after[priced.handle]).toBe(before[priced.handle]);

    const counts = await tableCounts();
    expect({ ...counts, outbox: 0 }).toEqual({ ...afterFirst, products: afterFirst.products! + 1, outbox: 0 });
    expect(await count(`select count(*) as n from products where handle = 'merchant-made'`)).toBe(1);
    const [inv] = await rows<{ on_hand: number; reserved: number }>(
      `select on_hand, reserved from inventory_levels where variant_id = (select id from variants where sku = '${zero.sku}')`,
    );
    expect(inv).toEqual({ on_hand: 5, reserved: 5 });

    const newRows = await rows<{ payload: { productIds: string[]; collectionIds: string[] } }>(`select payload from outbox where id > ${outboxBefore} order by id`);
    expect(newRows.length).toBe(repaired.outboxRows);
    expect(new Set(newRows.flatMap((r) => r.payload.productIds))).toEqual(new Set(repaired.changedProductIds));
    // the re-created product's collections are re-projected
    const deletedCollections = await rows<{ id: string }>(
      `select cp.collection_id as id from collection_products cp join products p on p.id = cp.product_id where p.handle = '${deleted.handle}'`,
    );
    const announcedCollections = new Set(newRows.flatMap((r) => r.payload.collectionIds));
    for (const c of deletedCollections) expect(announcedCollections.has(c.id)).toBe(true);
    expect(await readSeedFingerprint(db)).toBe(first.fingerprint);
  });

  it('an interrupted run leaves no fingerprint behind, and the next run completes it', async () => {
    const failing: MediaStore = {
      has: async () => {
        throw new Error('R2 unavailable');
      },
      put: media.store.put,
    };
    await expect(seedCatalog({ db, media: failing, imageCacheDir: cacheDir, force: true })).rejects.toThrow('R2 unavailable');
    expect(await readSeedFingerprint(db)).toBeNull();
    const r = await seed();
    expect(r.skipped).toBe(false);
    expect(r.changedProductIds).toEqual([]);
    expect(r.fingerprintStored).toBe(true);
    expect(await readSeedFingerprint(db)).toBe(first.fingerprint);
  });

  it('restores a picture missing from storage, even on the fast path', async () => {
    const [row] = await rows<{ r2_key: string }>(`select r2_key from media order by r2_key limit 1`);
    media.objects.delete(row!.r2_key);
    const putsBefore = media.puts.length;
    const r = await seed();
    expect(r.skipped).toBe(true);
    expect(r.imagesUploaded).toBe(1);
    expect(media.puts.slice(putsBefore)).toEqual([row!.r2_key]);
    expect(media.objects.has(row!.r2_key)).toBe(true);
  });
});
