import { env } from 'cloudflare:test';
import { createPoolDb as createDb, type PoolDbHandle as DbHandle } from '../../../tests/support/pool-db';
import { publishCatalog } from '../../../queues/catalog/projection';
import type { StorefrontEnv } from '../src/env';

export const testEnv = env as unknown as StorefrontEnv & { TEST_CONTROL_URL: string };

export function testDb(): DbHandle {
  return createDb({ databaseUrl: testEnv.DATABASE_URL, localWsProxy: testEnv.NEON_LOCAL_WS_PROXY, max: 4 });
}

/** Projects the whole catalog from the test database into this test file's KV (the real projection code). */
export async function publishToKv(): Promise<number> {
  const h = testDb();
  try {
    const r = await publishCatalog(h.db, testEnv.CATALOG);
    return r.productsWritten;
  } finally {
    await h.close();
  }
}

/** Retries until the check passes: background work (waitUntil) finishes after the response. */
export async function eventually<T>(fn: () => Promise<T>, { tries = 60, delayMs = 50 } = {}): Promise<T> {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  throw last;
}

export async function someActiveHandles(n: number): Promise<string[]> {
  const h = testDb();
  try {
    const r = await h.pool.query(
      `select p.handle from products p where p.status = 'active'
         and exists (select 1 from media m where m.product_id = p.id)
       order by p.handle limit $1`,
      [n],
    );
    return r.rows.map((x: { handle: string }) => x.handle);
  } finally {
    await h.close();
  }
}
