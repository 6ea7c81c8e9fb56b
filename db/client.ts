/**
 * The one way our code reaches Postgres: the Neon serverless driver's
 * WebSocket Pool (interactive transactions work), wrapped by drizzle.
 *
 * Local development points the driver at dev/ws-proxy.ts; those settings are
 * applied only when `localWsProxy` is given (NEON_LOCAL_WS_PROXY, never set in
 * production), so production uses the driver's defaults untouched.
 */
import { Pool, neonConfig } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from './schema';

export type Database = NeonDatabase<typeof schema>;

export interface DbOptions {
  databaseUrl: string;
  /** host:port of the local WebSocket-to-TCP proxy; only ever set in local development and tests */
  localWsProxy?: string | undefined;
  /** pool size; Workers allow 6 simultaneous connections per request */
  max?: number;
}

/** The single place where local-only neonConfig settings live. */
export function configureNeonForLocalProxy(localWsProxy: string | undefined): void {
  if (!localWsProxy) return;
  neonConfig.wsProxy = (host, port) => `${localWsProxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

export interface DbHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * Creates a pool for one unit of work (one request, one queue batch).
 * Call close() when done (in a Worker: ctx.waitUntil(handle.close())).
 */
export function createDb(opts: DbOptions): DbHandle {
  configureNeonForLocalProxy(opts.localWsProxy);
  const pool = new Pool({ connectionString: opts.databaseUrl, max: opts.max ?? 5, connectionTimeoutMillis: 5_000 });
  // a dropped idle connection must not crash the isolate
  pool.on('error', () => {});
  // nor one dropped while in use (e.g. terminated by the server): the query in flight rejects, that is enough
  pool.on('connect', (client: { on(event: 'error', fn: () => void): unknown }) => client.on('error', () => {}));
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

export { schema };
