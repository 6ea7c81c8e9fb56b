/**
 * Tests inside workerd that set up or inspect the database directly (raw SQL,
 * a transaction held open to block a checkout, …) use a WebSocket Pool of the
 * Neon driver, as the workers did before the HTTP seam. Test-only: the
 * workers themselves go through db/client.ts.
 */
import { Pool } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import { configureNeonForLocalProxy, schema } from '../../db/client';

export interface PoolDbHandle {
  db: NeonDatabase<typeof schema>;
  pool: Pool;
  close(): Promise<void>;
}

export function createPoolDb(opts: { databaseUrl: string; localWsProxy?: string | undefined; max?: number }): PoolDbHandle {
  configureNeonForLocalProxy(opts.localWsProxy);
  const pool = new Pool({ connectionString: opts.databaseUrl, max: opts.max ?? 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => {});
    },
  };
}
