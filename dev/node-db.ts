/**
 * Postgres from Node tools (seed, publish, migrations, test set-up, benches):
 * a plain `pg` pool, reused for the tool's whole run. The Workers never use
 * this: they go through db/client.ts (Neon's driver) and dev/neon-proxy.ts.
 */
import type { SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Batcher, BatchOptions, Db } from '../db/client';
import { schema } from '../db/client';

const dialect = new PgDialect();
const ISOLATION = { ReadCommitted: 'read committed', RepeatableRead: 'repeatable read', Serializable: 'serializable' } as const;

export interface NodeDbHandle extends Batcher {
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
    /** the seam's batch semantics on a Node pool: one transaction, statements in order, each one's rows */
    async batch(statements: readonly SQL[], options?: BatchOptions) {
      const client = await pool.connect();
      try {
        await client.query(`begin isolation level ${ISOLATION[options?.isolationLevel ?? 'ReadCommitted']}${options?.readOnly ? ' read only' : ''}`);
        const out: Record<string, unknown>[][] = [];
        for (const s of statements) {
          const q = dialect.sqlToQuery(s);
          out.push((await client.query(q.sql, q.params)).rows as Record<string, unknown>[]);
        }
        await client.query('commit');
        return out;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => {});
    },
  };
}
