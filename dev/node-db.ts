/**
 * Postgres from Node tools (seed, publish, migrations, test set-up, benches):
 * a plain `pg` pool, reused for the tool's whole run. The Workers never use
 * this: they go through db/client.ts (Neon's driver) and dev/neon-proxy.ts.
 */
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../db/client';
import { schema } from '../db/client';

export interface NodeDbHandle {
  db: NodePgDatabase<typeof schema> & Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createNodeDb(databaseUrl: string, max = 5): NodeDbHandle {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {});
  const db = drizzle({ client: pool, schema }) as NodePgDatabase<typeof schema> & Db;
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
