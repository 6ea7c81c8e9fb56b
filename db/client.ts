/**
 * The database seam: the one module that makes database clients, for
 * request handlers (through db/hono.ts) and jobs alike.
 *
 *   db             drizzle over Neon's HTTP transport — every one-shot query.
 *                  No connection state in the isolate: Neon pools on its side
 *                  (locally dev/neon-proxy.ts's pooled `pg` does), so a query
 *                  costs one HTTP round trip and no Postgres connect.
 *   sql            the raw Neon HTTP function, for batch transactions written
 *                  in SQL: `sql.transaction([...], { isolationLevel })` runs
 *                  every statement in one transaction, one round trip.
 *   transaction()  an interactive transaction over a WebSocket Pool opened for
 *                  that call alone — only where a transaction must read its own
 *                  writes between statements (listed in docs/ARCHITECTURE.md).
 *
 * Local development sets `localProxy` (NEON_LOCAL_WS_PROXY, never set in
 * production): the driver's HTTP and WebSocket endpoints then point at
 * dev/neon-proxy.ts; production uses the driver's defaults untouched.
 */
import { neon, neonConfig, Pool, type NeonQueryFunction } from '@neondatabase/serverless';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { drizzle as drizzleHttp, type NeonHttpDatabase } from 'drizzle-orm/neon-http';
import { drizzle as drizzlePool, type NeonQueryResultHKT } from 'drizzle-orm/neon-serverless';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction, type PgTransactionConfig } from 'drizzle-orm/pg-core';
import { toDatabaseError } from './errors';
import * as schema from './schema';

type Schema = typeof schema;

/** Result kind shared by the HTTP and Pool drivers (both carry `rows`), so one query function serves both. */
export interface AnyResultHKT extends PgQueryResultHKT {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by each query's own cast
  type: { rows: any[]; rowCount?: number | null };
}
/** Any client a query function can run on: the HTTP client, an interactive transaction, a Node pool. */
export type Db = PgDatabase<AnyResultHKT, Schema>;
export type HttpDb = NeonHttpDatabase<Schema>;
export type Tx = PgTransaction<NeonQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs a batch transaction (statements, one transaction, each statement's rows): the seam's Database, a Node pool. */
export interface Batcher {
  batch(statements: readonly SQL[], options?: BatchOptions): Promise<Record<string, unknown>[][]>;
}
/** Anything that runs an interactive transaction: the seam's Database, a Node pool's drizzle client. */
export interface Transactor {
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}
/** Raw SQL over HTTP with full results (rows, fields, rowCount, command). */
export type SqlFn = NeonQueryFunction<false, true>;

export interface DbConfig {
  databaseUrl: string | undefined;
  /** host:port of dev/neon-proxy.ts; only ever set in local development and tests */
  localProxy?: string | undefined;
}

export interface Database {
  /** drizzle over HTTP: one round trip per query, no connection to open */
  readonly db: HttpDb;
  /** raw SQL over HTTP, for `sql.transaction([...])` batches */
  readonly sql: SqlFn;
  /**
   * A batch transaction: every statement in one transaction, sent in one HTTP round trip; any failure
   * (a constraint, a `vt_guard` in the SQL) rolls the whole batch back. Returns each statement's rows.
   */
  batch(statements: readonly SQL[], options?: BatchOptions): Promise<Record<string, unknown>[][]>;
  /** an interactive transaction on a connection opened for this call (WebSocket Pool); closed before it returns */
  transaction<T>(fn: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T>;
}

export interface BatchOptions {
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
  readOnly?: boolean;
}

const dialect = new PgDialect();

let localProxyApplied: string | undefined;

/** The single place where local-only neonConfig settings live. */
export function configureNeonForLocalProxy(localProxy: string | undefined): void {
  if (!localProxy || localProxyApplied === localProxy) return;
  localProxyApplied = localProxy;
  neonConfig.fetchEndpoint = () => `http://${localProxy}/sql`;
  neonConfig.wsProxy = (host, port) => `${localProxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

/** Clients are stateless, so one per connection string per isolate: drizzle's schema set-up is paid once. */
const cache = new Map<string, Database>();

export function database(cfg: DbConfig): Database {
  const url = cfg.databaseUrl;
  if (!url) return unconfigured;
  configureNeonForLocalProxy(cfg.localProxy);
  const hit = cache.get(url);
  if (hit) return hit;
  const sql = neon(url, { fullResults: true });
  const db = drizzleHttp({ client: neon(url), schema });
  const made: Database = {
    db,
    sql,
    async batch(statements, options) {
      if (statements.length === 0) return [];
      try {
        const results = await sql.transaction(
          statements.map((s) => {
            const q = dialect.sqlToQuery(s);
            return sql.query(q.sql, q.params);
          }),
          { isolationLevel: options?.isolationLevel ?? 'ReadCommitted', readOnly: options?.readOnly ?? false },
        );
        return results.map((r) => r.rows as Record<string, unknown>[]);
      } catch (err) {
        throw toDatabaseError(err);
      }
    },
    async transaction(fn, config) {
      const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
      // a connection dropped by the server must not crash the isolate: the query in flight rejects, that is enough
      pool.on('error', () => {});
      try {
        return await drizzlePool({ client: pool, schema }).transaction(fn, config);
      } catch (err) {
        throw toDatabaseError(err);
      } finally {
        // the WebSocket belongs to this request's I/O context: end it here, never reuse it
        await pool.end().catch(() => {});
      }
    },
  };
  if (cache.size > 8) cache.clear();
  cache.set(url, made);
  return made;
}

const notConfigured = () => toDatabaseError(new Error('connect: DATABASE_URL is not configured'));
const unconfigured: Database = {
  get db(): HttpDb {
    throw notConfigured();
  },
  get sql(): SqlFn {
    throw notConfigured();
  },
  batch: () => Promise.reject(notConfigured()),
  transaction: () => Promise.reject(notConfigured()),
};

export { schema };
