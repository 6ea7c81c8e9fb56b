/**
 * The jobs worker's queue handler keeps the search index in step: a
 * catalog.products.changed message re-projects KV and re-indexes the product
 * for search in the same batch (a stale index row is repaired, nothing else
 * is touched).
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createPoolDb as createDb } from '../../../tests/support/pool-db';
import { postgresTarget, reindexSearch } from '../../../queues/search/indexer';
import worker from '../src/index';
import type { JobsEnv } from '../src/env';

const jobsEnv = env as unknown as JobsEnv & { NEON_LOCAL_WS_PROXY: string };
const db = () => createDb({ databaseUrl: jobsEnv.DATABASE_URL, localWsProxy: jobsEnv.NEON_LOCAL_WS_PROXY, max: 2 });

describe('catalog queue → search index', () => {
  it('re-indexes exactly the products of a products.changed message', async () => {
    const h = db();
    try {
      // two active products no other search test asks for, both indexed
      const picked = await h.pool.query(
        `select id, title from products where handle in ('pina-colada-cushion-cover', 'cote-d-azur-art-print') and status = 'active' order by handle desc`,
      );
      const [target, other] = picked.rows as { id: string; title: string }[];
      await reindexSearch(h.db, [postgresTarget(h.db)], { productIds: [target!.id, other!.id], collectionIds: [], rebuild: false });
      // make both rows stale behind the consumer's back
      await h.pool.query(`update search_documents set title = 'Stale Title' where product_id = any($1::uuid[])`, [[target!.id, other!.id]]);

      const batch = createMessageBatch('vitrine-catalog-events', [
        { id: 's1', timestamp: new Date(), attempts: 1, body: { type: 'catalog.products.changed', id: 'search-test-1', productIds: [target!.id], collectionIds: [] } },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, jobsEnv, ctx);
      const result = await getQueueResult(batch, ctx);
      expect(result.explicitAcks).toEqual(['s1']);
      expect(result.retryMessages).toEqual([]);

      const rows = await h.pool.query(
        `select d.product_id, d.title, d.in_stock,
                exists (select 1 from variants v join inventory_levels i on i.variant_id = v.id
                         where v.product_id = d.product_id and i.on_hand - i.reserved > 0) as really_in_stock
           from search_documents d where d.product_id = any($1::uuid[])`,
        [[target!.id, other!.id]],
      );
      const byId = new Map((rows.rows as { product_id: string; title: string; in_stock: boolean; really_in_stock: boolean }[]).map((r) => [r.product_id, r]));
      const fixed = byId.get(target!.id)!;
      const current = await h.pool.query(`select title from products where id = $1`, [target!.id]);
      expect(fixed.title).toBe(current.rows[0].title);
      expect(fixed.in_stock).toBe(fixed.really_in_stock);
      // the other product was not part of the message: still stale
      expect(byId.get(other!.id)!.title).toBe('Stale Title');
      await reindexSearch(h.db, [postgresTarget(h.db)], { productIds: [other!.id], collectionIds: [], rebuild: false });
    } finally {
      await h.close();
    }
  });
});
