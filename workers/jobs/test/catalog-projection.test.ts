/**
 * The catalog change path end to end inside workerd: a change and its outbox
 * row committed in one Postgres transaction → the relay (cron handler) sends
 * it to the real local queue → the queue consumer re-projects only that
 * product and its listings into KV.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPoolDb as createDb } from '../../../tests/support/pool-db';
import type { ListingDocument, ProductDocument } from '../../../domain/catalog/documents';
import { listingKey, productKey } from '../../../domain/catalog/keys';
import { enqueueOutbox } from '../../../queues/outbox-relay';
import { publishCatalog } from '../../../queues/catalog/projection';
import worker from '../src/index';
import type { JobsEnv } from '../src/env';

const jobsEnv = env as unknown as JobsEnv & { NEON_LOCAL_WS_PROXY: string };
const db = () => createDb({ databaseUrl: jobsEnv.DATABASE_URL, localWsProxy: jobsEnv.NEON_LOCAL_WS_PROXY, max: 4 });

async function pickProduct(): Promise<{ id: string; handle: string; title: string; collection: string }> {
  const h = db();
  try {
    const r = await h.pool.query(
      `select p.id, p.handle, p.title, c.handle as collection from products p
         join collection_products cp on cp.product_id = p.id join collections c on c.id = cp.collection_id
        where p.status = 'active' order by p.handle desc limit 1`,
    );
    return r.rows[0];
  } finally {
    await h.close();
  }
}

async function readDoc<T>(key: string): Promise<T | null> {
  const text = await jobsEnv.CATALOG.get(key, 'text');
  return text ? (JSON.parse(text) as T) : null;
}

describe('catalog change → outbox → queue → KV', () => {
  it('re-projects exactly the changed product and its listings', async () => {
    const h = db();
    try {
      await publishCatalog(h.db, jobsEnv.CATALOG);
    } finally {
      await h.close();
    }
    const target = await pickProduct();
    const untouchedKey = productKey((await readDoc<ListingDocument>(listingKey('all')))!.items.find((i) => i.id !== target.id)!.handle);
    const untouchedBefore = await jobsEnv.CATALOG.get(untouchedKey, 'text');
    const newTitle = `${target.title} (Limited)`;

    // the change and its outbox event commit together
    const w = db();
    try {
      await w.db.transaction(async (tx) => {
        await tx.execute(sql`update products set title = ${newTitle}, updated_at = now() where id = ${target.id}`);
        await enqueueOutbox(tx, 'catalog.products.changed', { productIds: [target.id], collectionIds: [] });
      });
    } finally {
      await w.close();
    }

    // the cron handler relays the outbox row to the real local queue…
    const ctrl = createScheduledController({ scheduledTime: new Date(), cron: '* * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(ctrl, jobsEnv, ctx);
    await waitOnExecutionContext(ctx);
    const check = db();
    try {
      const pending = await check.pool.query(`select count(*)::int as n from outbox where published_at is null`);
      expect(pending.rows[0].n).toBe(0);
    } finally {
      await check.close();
    }

    // …and the consumer, given that message, re-projects the product
    const batch = createMessageBatch('vitrine-catalog-events', [
      { id: 'm1', timestamp: new Date(), attempts: 1, body: { type: 'catalog.products.changed', id: 'outbox-test-1', productIds: [target.id], collectionIds: [] } },
      // a redelivery of the same event is harmless
      { id: 'm2', timestamp: new Date(), attempts: 2, body: { type: 'catalog.products.changed', id: 'outbox-test-1', productIds: [target.id], collectionIds: [] } },
      // garbage is dropped, not retried forever
      { id: 'm3', timestamp: new Date(), attempts: 1, body: { type: 'catalog.products.changed', productIds: ['not-a-uuid'] } },
    ]);
    const qctx = createExecutionContext();
    await worker.queue(batch, jobsEnv, qctx);
    const result = await getQueueResult(batch, qctx);
    expect(result.explicitAcks.sort()).toEqual(['m1', 'm2', 'm3']);
    expect(result.retryMessages).toEqual([]);

    const doc = await readDoc<ProductDocument>(productKey(target.handle));
    expect(doc!.title).toBe(newTitle);
    const listing = await readDoc<ListingDocument>(listingKey(target.collection));
    expect(listing!.items.find((i) => i.id === target.id)!.title).toBe(newTitle);
    const all = await readDoc<ListingDocument>(listingKey('all'));
    expect(all!.items.find((i) => i.id === target.id)!.title).toBe(newTitle);
    expect(await jobsEnv.CATALOG.get(untouchedKey, 'text')).toBe(untouchedBefore);
  });

  it('removes an archived product from KV and its listings', async () => {
    const target = await pickProduct();
    const h = db();
    try {
      await publishCatalog(h.db, jobsEnv.CATALOG);
      await h.pool.query(`update products set status = 'archived' where id = $1`, [target.id]);
      const batch = createMessageBatch('vitrine-catalog-events', [
        { id: 'a1', timestamp: new Date(), attempts: 1, body: { type: 'catalog.products.changed', id: 'x1', productIds: [target.id], collectionIds: [] } },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, jobsEnv, ctx);
      await waitOnExecutionContext(ctx);
      expect(await jobsEnv.CATALOG.get(productKey(target.handle))).toBeNull();
      const listing = await readDoc<ListingDocument>(listingKey(target.collection));
      expect(listing!.items.some((i) => i.id === target.id)).toBe(false);
    } finally {
      await h.pool.query(`update products set status = 'active' where id = $1`, [target.id]);
      await h.close();
    }
  });
});
