/**
 * Keeping the index fresh, on a private database (this file changes products):
 * catalog events re-index only what changed (title, stock → availability,
 * status, collections), Algolia receives the same changes, and a full
 * rebuild never leaves search empty.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../../../db/search/index-writer';
import { createPostgresSearchEngine } from '../../../db/search/postgres-engine';
import { buildSearchRequest } from '../../../domain/search/request';
import type { CatalogMessage } from '../../../queues/contracts';
import { createAlgoliaClient } from '../../../queues/search/algolia/client';
import { searchReindexer } from '../../../queues/search/consumer';
import { allDocuments } from '../../../queues/search/documents';
import { algoliaTarget, postgresTarget, rebuildSearch, searchTargets } from '../../../queues/search/indexer';
import { startAlgoliaWire, type WireServer } from './support/algolia-wire';
import { privateCatalog, type PrivateCatalog } from './support/databases';

let cat: PrivateCatalog;
let wire: WireServer;
const db = () => cat.handle.db;
const search = (q: string, more: Record<string, unknown> = {}) => createPostgresSearchEngine(db()).search(buildSearchRequest({ q, currency: 'USD', perPage: 48, ...more }));
const changed = (productIds: string[]): CatalogMessage => ({ type: 'catalog.products.changed', id: `t-${Math.random()}`, productIds, collectionIds: [] });

async function row<T>(query: ReturnType<typeof sql>): Promise<T> {
  return (await db().execute(query)).rows[0] as T;
}

async function product(handle: string) {
  return row<{ id: string; title: string }>(sql`select id, title from products where handle = ${handle}`);
}

beforeAll(async () => {
  cat = await privateCatalog(60);
  wire = await startAlgoliaWire();
  await rebuildSearch(db(), [postgresTarget(db())]);
});

afterAll(async () => {
  await wire?.close();
  await cat?.drop();
});

describe('incremental re-indexing on catalog events', () => {
  it('re-indexes exactly the changed product', async () => {
    const p = await product('cafe-creme-mug');
    const stamp = await row<{ t: string }>(sql`select max(indexed_at)::text as t from search_documents where product_id <> ${p.id}`);
    await db().execute(sql`update products set title = 'Café Crème Lantern Mug', updated_at = now() where id = ${p.id}`);
    const result = await searchReindexer(db(), [postgresTarget(db())])([changed([p.id])]);
    expect(result).toEqual({ targets: ['postgres'], indexed: 1, removed: 0, rebuilt: false });
    expect((await search('lantern')).hits.map((h) => h.product.id)).toEqual([p.id]);
    // nothing else was rewritten
    expect(await row<{ t: string }>(sql`select max(indexed_at)::text as t from search_documents where product_id <> ${p.id}`)).toEqual(stamp);
  });

  it('follows stock: availability facet, in-stock filter and the hit itself', async () => {
    const p = await product('naive-linen-scarf');
    const reindex = searchReindexer(db(), [postgresTarget(db())]);
    await db().execute(sql`update inventory_levels set on_hand = 5, reserved = 0 where variant_id in (select id from variants where product_id = ${p.id})`);
    await reindex([changed([p.id])]);
    const inStock = await search('naive linen scarf');
    expect(inStock.hits.find((h) => h.product.id === p.id)?.product.inStock).toBe(true);
    const available = inStock.facets.availability;

    // sold out: the same event type, nothing else
    await db().execute(sql`update inventory_levels set on_hand = 0, reserved = 0 where variant_id in (select id from variants where product_id = ${p.id})`);
    await reindex([changed([p.id])]);
    const soldOut = await search('naive linen scarf');
    expect(soldOut.hits.find((h) => h.product.id === p.id)?.product.inStock).toBe(false);
    expect(soldOut.facets.availability).toEqual({ inStock: available.inStock - 1, outOfStock: available.outOfStock + 1 });
    expect((await search('naive linen scarf', { inStock: true })).hits.some((h) => h.product.id === p.id)).toBe(false);

    // reserved stock counts as gone too (on_hand - reserved)
    await db().execute(sql`update inventory_levels set on_hand = 2, reserved = 2 where variant_id in (select id from variants where product_id = ${p.id})`);
    await reindex([changed([p.id])]);
    expect((await search('naive linen scarf')).hits.find((h) => h.product.id === p.id)?.product.inStock).toBe(false);
  });

  it('drops archived products and brings them back when re-activated', async () => {
    const p = await product('jalapeno-socks');
    const reindex = searchReindexer(db(), [postgresTarget(db())]);
    await db().execute(sql`update products set status = 'archived' where id = ${p.id}`);
    expect(await reindex([changed([p.id])])).toMatchObject({ indexed: 0, removed: 1 });
    expect((await search('jalapeno')).total).toBe(0);
    await db().execute(sql`update products set status = 'active' where id = ${p.id}`);
    await reindex([changed([p.id])]);
    expect((await search('jalapeno')).hits.map((h) => h.product.id)).toEqual([p.id]);
  });

  it('re-indexes the products of a changed collection (titles in facets and matching)', async () => {
    const c = await row<{ id: string; handle: string }>(sql`select c.id, c.handle from collections c join collection_products cp on cp.collection_id = c.id group by c.id order by count(*) desc limit 1`);
    await db().execute(sql`update collections set title = 'Zanzibar Picks', updated_at = now() where id = ${c.id}`);
    await searchReindexer(db(), [postgresTarget(db())])([{ type: 'catalog.collections.changed', id: 'c1', collectionIds: [c.id] }]);
    const r = await search('zanzibar');
    const members = await row<{ n: number }>(
      sql`select count(*)::int as n from collection_products cp join products p on p.id = cp.product_id where cp.collection_id = ${c.id} and p.status = 'active'`,
    );
    expect(r.total).toBe(members.n);
    expect(r.facets.collections.find((f) => f.value === c.handle)).toEqual({ value: c.handle, label: 'Zanzibar Picks', count: members.n });
  });

  it('sends the same changes to Algolia when it is configured', async () => {
    const p = await product('naive-linen-scarf');
    const admin = createAlgoliaClient({ appId: 'TESTAPP', apiKey: 'admin-key', indexName: 'vitrine_products', hosts: [wire.host] });
    wire.clear();
    const result = await searchReindexer(db(), [postgresTarget(db()), algoliaTarget(admin, 'vitrine_products')])([changed([p.id])]);
    expect(result.targets).toEqual(['postgres', 'algolia']);
    const batch = wire.requests.find((r) => r.path === '/1/indexes/vitrine_products/batch')!;
    const ops = (batch.body as { requests: { action: string; body: { objectID: string; inStock?: boolean } }[] }).requests;
    expect(ops[0]).toMatchObject({ action: 'updateObject', body: { objectID: p.id, inStock: false } });
    // the environment decides: Algolia only with an app id and an admin key
    expect(searchTargets(db(), {}).map((t) => t.name)).toEqual(['postgres']);
    expect(searchTargets(db(), { ALGOLIA_APP_ID: 'A', ALGOLIA_SEARCH_API_KEY: 's' }).map((t) => t.name)).toEqual(['postgres']);
    expect(searchTargets(db(), { ALGOLIA_APP_ID: 'A', ALGOLIA_ADMIN_API_KEY: 'w' }).map((t) => t.name)).toEqual(['postgres', 'algolia']);
  });
});

describe('full rebuild', () => {
  it('keeps answering from the previous index until the new one commits, then drops what is gone', async () => {
    const before = await search('cotton');
    expect(before.total).toBeGreaterThan(0);
    // a product archived without an event: only a rebuild notices
    const gone = before.hits[0]!.product.id;
    await db().execute(sql`update products set status = 'archived' where id = ${gone}`);

    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let midway!: () => void;
    const reachedMidway = new Promise<void>((r) => (midway = r));
    const source = await allDocuments(db(), 10);
    const rebuild = rebuildSearchIndex(db(), async (w) => {
      let i = 0;
      for await (const docs of source.batches()) {
        await w.write(docs);
        if (++i === 1) {
          midway();
          await paused;
        }
      }
    });
    await reachedMidway;
    // mid-rebuild, other connections still see the complete previous index
    const during = await search('cotton');
    expect(during.total).toBe(before.total);
    expect(during.hits.map((h) => h.product.id)).toContain(gone);
    release();
    const result = await rebuild;
    expect(result.removed).toBe(1);
    const after = await search('cotton');
    expect(after.total).toBe(before.total - 1);
    expect(after.hits.map((h) => h.product.id)).not.toContain(gone);
    await db().execute(sql`update products set status = 'active' where id = ${gone}`);
  });

  it('runs for catalog.rebuild messages', async () => {
    const r = await searchReindexer(db(), [postgresTarget(db())])([{ type: 'catalog.rebuild', id: 'r1' }]);
    expect(r).toEqual({ targets: ['postgres'], indexed: 0, removed: 0, rebuilt: true });
    const active = await row<{ n: number }>(sql`select count(*)::int as n from products where status = 'active'`);
    const indexed = await row<{ n: number }>(sql`select count(*)::int as n from search_documents`);
    expect(indexed.n).toBe(active.n);
  });
});
