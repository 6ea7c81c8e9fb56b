/**
 * The jobs worker: consumes the catalog queue (KV projection) and the order
 * queue (confirmations), and every minute runs the outbox relay (topics
 * routed to their queues) and order housekeeping (abandoned card payments,
 * expired idempotency keys). No public routes besides a health check.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import { databaseFromEnv } from '../../../db/hono';
import type { JobsEnv } from './env';
import { consumeCatalogBatch } from '../../../queues/catalog/consumer';
import { relayOutbox, type QueueRoutes } from '../../../queues/outbox-relay';
import { consumeOrderBatch } from '../../../queues/orders/consumer';
import { expireAbandonedPayments } from '../../../queues/orders/lifecycle';
import { notificationProvider } from '../../../queues/orders/notifier';
import { purgeExpiredIdempotencyKeys } from '../../../db/queries/idempotency';
import { DEFAULT_SHOP_SETTINGS } from '../../../domain/pricing/settings';
import { searchReindexer } from '../../../queues/search/consumer';
import { searchTargets } from '../../../queues/search/indexer';
import { purgeEdgeCache, type CachePurger } from '../../../queues/catalog/cache-purge';

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, service: 'jobs', time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

/** Outbox topic prefix → queue. */
export function outboxRoutes(env: JobsEnv): QueueRoutes {
  return { 'catalog.': env.CATALOG_EVENTS, 'order.': env.ORDER_EVENTS };
}


/**
 * Publishing right after a commit, for other workers (the admin): they pass
 * the outbox ids they just wrote and this worker sends them with its own queue
 * producers (their topic's queue). Whatever fails here the cron relay sends later.
 */
export class OutboxRelay extends WorkerEntrypoint<JobsEnv> {
  async publish(ids: number[]): Promise<{ published: number; failed: number; skipped: number }> {
    const list = (Array.isArray(ids) ? ids : []).filter((x) => Number.isSafeInteger(x) && x > 0).slice(0, 100);
    if (list.length === 0) return { published: 0, failed: 0, skipped: 0 };
    return relayOutbox(databaseFromEnv(this.env).db, outboxRoutes(this.env), { ids: list });
  }
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return Response.json({ ok: true, service: 'jobs' });
    return new Response('Not found', { status: 404 });
  },

  async queue(batch, env, _ctx) {
    const database = databaseFromEnv(env);
    const db = database.db;
    if (batch.queue.startsWith('vitrine-catalog-events')) {
      const search = searchReindexer(db, searchTargets(db, env, { log, transactor: database }));
      const result = await consumeCatalogBatch(batch.messages, { db: db, kv: env.CATALOG, log, search });
      log('info', 'catalog batch projected', { queue: batch.queue, ...result, productIds: result.productIds.length, collectionIds: result.collectionIds.length });
      if (env.STOREFRONT_CACHE && !result.rebuilt) {
        const origins = (env.STOREFRONT_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
        await purgeEdgeCache(db, env.STOREFRONT_CACHE as unknown as CachePurger, origins, batch.messages.map((m) => m.body), log);
      }
    } else if (batch.queue.startsWith('vitrine-order-events')) {
      if (!env.ORDER_LINK_SECRET) {
        log('error', 'ORDER_LINK_SECRET is not set: order confirmations wait', { queue: batch.queue, messages: batch.messages.length });
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      const result = await consumeOrderBatch(batch.messages, {
        db: db,
        notifier: notificationProvider(env.NOTIFICATION_PROVIDER, log),
        orderLinkSecret: env.ORDER_LINK_SECRET,
        settings: DEFAULT_SHOP_SETTINGS,
        log,
      });
      log('info', 'order batch processed', { queue: batch.queue, processed: result.processed, invalid: result.invalid, retried: result.retried, ...result.outcomes });
    } else {
      log('warn', 'message from unknown queue', { queue: batch.queue });
      batch.retryAll();
    }
  },

  async scheduled(_controller, env, _ctx) {
    const database = databaseFromEnv(env);
    const db = database.db;
    let total = 0;
    // drain in pages of 100 until nothing is left (bounded per invocation)
    for (let i = 0; i < 20; i++) {
      const r = await relayOutbox(db, outboxRoutes(env));
      total += r.published;
      if (r.published === 0) break;
    }
    if (total > 0) log('info', 'outbox relayed', { published: total });
    // card payments whose request died before recording the outcome give their stock back
    const expired = await expireAbandonedPayments(db, database);
    if (expired.expired > 0) {
      await relayOutbox(db, outboxRoutes(env), { ids: expired.outboxIds });
      log('info', 'abandoned payments expired', { orders: expired.expired });
    }
    await purgeExpiredIdempotencyKeys(db);
  },
} satisfies ExportedHandler<JobsEnv>;
