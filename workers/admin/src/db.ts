/**
 * One Postgres pool per request, closed after the response. Database
 * failures become 503s (logged without parameters: drizzle puts them in
 * messages); errors the handlers expect pass through.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createDb, type Database } from '../../../db/client';
import { log } from '../../../edge/request-context';
import type { AdminAppEnv } from './context';

export type Expected = (new (...args: never[]) => Error)[];

/** Errors the admin's services throw on purpose (validation, conflicts): never logged as failures. */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function withDb<T>(c: Context<AdminAppEnv>, fn: (db: Database) => Promise<T>): Promise<T> {
  if (!c.env.DATABASE_URL) throw new HTTPException(503, { message: 'The database is not configured.' });
  const handle = createDb({ databaseUrl: c.env.DATABASE_URL, localWsProxy: c.env.NEON_LOCAL_WS_PROXY || undefined, max: 4 });
  try {
    return await fn(handle.db);
  } catch (err) {
    if (err instanceof HTTPException || err instanceof AdminError || (err as { name?: string })?.name === 'RedisUnavailableError') throw err;
    const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
    log(c, 'error', 'admin database work failed', { name: err instanceof Error ? err.name : 'unknown', code: (err as { code?: unknown } | null)?.code ?? cause?.code });
    throw new HTTPException(503, { message: 'The shop database is temporarily unavailable. Please try again shortly.' });
  } finally {
    c.executionCtx.waitUntil(handle.close());
  }
}
