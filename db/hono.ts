/**
 * The database for a request: one Hono middleware that puts `c.var.db` (see
 * db/client.ts) on the context of every worker. Making it costs nothing:
 * clients are stateless and memoised per isolate; nothing connects until a
 * query runs.
 */
import type { MiddlewareHandler } from 'hono';
import { database, type Database } from './client';

export interface DbBindings {
  DATABASE_URL?: string;
  NEON_LOCAL_WS_PROXY?: string;
}

export type DbVariables = { db: Database };

/** From a worker's env (jobs, cron, RPC entrypoints use this directly). */
export function databaseFromEnv(env: DbBindings): Database {
  return database({ databaseUrl: env.DATABASE_URL, localProxy: env.NEON_LOCAL_WS_PROXY || undefined });
}

export function withDatabase(): MiddlewareHandler<{ Bindings: DbBindings; Variables: DbVariables }> {
  return async (c, next) => {
    c.set('db', databaseFromEnv(c.env));
    await next();
  };
}
