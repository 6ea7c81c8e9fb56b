/**
 * The jobs worker: consumes the catalog queue (KV projection) and runs the
 * outbox relay every minute. No public routes besides a health check.
 */
import { createDb } from '../../../db/client';
import type { JobsEnv } from './env';
import { consumeCatalogBatch } from '../../../queues/catalog/consumer';
import { relayOutbox } from '../../../queues/outbox-relay';

function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}) {
  const line = JSON.stringify({ level, msg, service: 'jobs', time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.log(line);
}

function db(env: JobsEnv) {
  return createDb({ databaseUrl: env.DATABASE_URL, localWsProxy: env.NEON_LOCAL_WS_PROXY || undefined, max: 4 });
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return Response.json({ ok: true, service: 'jobs' });
    return new Response('Not found', { status: 404 });
  },

  async queue(batch, env, ctx) {
    const handle = db(env);
    try {
      if (batch.queue.startsWith('vitrine-catalog-events')) {
        const result = await consumeCatalogBatch(batch.messages, { db: handle.db, kv: env.CATALOG, log });
        log('info', 'catalog batch projected', { queue: batch.queue, ...result, productIds: result.productIds.length, collectionIds: result.collectionIds.length });
      } else {
        log('warn', 'message from unknown queue', { queue: batch.queue });
        batch.retryAll();
      }
    } finally {
      ctx.waitUntil(handle.close());
    }
  },

  async scheduled(_controller, env, ctx) {
    const handle = db(env);
    try {
      let total = 0;
      // drain in pages of 100 until nothing is left (bounded per invocation)
      for (let i = 0; i < 20; i++) {
        const r = await relayOutbox(handle.db, env.CATALOG_EVENTS);
        total += r.published;
        if (r.published === 0) break;
      }
      if (total > 0) log('info', 'outbox relayed', { published: total });
    } finally {
      ctx.waitUntil(handle.close());
    }
  },
} satisfies ExportedHandler<JobsEnv>;
