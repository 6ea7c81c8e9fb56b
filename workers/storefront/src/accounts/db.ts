/**
 * One Postgres pool per request for account work, closed after the response
 * (waitUntil). Failures of the database itself become 503s (logged without
 * PII); errors the handlers expect (EmailTakenError, …) pass through.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { createDb, type Database } from '../../../../db/client';
import { log } from '../../../../edge/request-context';
import type { AppEnv } from '../context';


export async function withDb<T>(c: Context<AppEnv>, fn: (db: Database) => Promise<T>, expected: (new (...args: never[]) => Error)[] = []): Promise<T> {
  if (!c.env.DATABASE_URL) throw new HTTPException(503, { message: 'Accounts are temporarily unavailable.' });
  const handle = createDb({ databaseUrl: c.env.DATABASE_URL, localWsProxy: c.env.NEON_LOCAL_WS_PROXY || undefined, max: 2 });
  try {
    return await fn(handle.db);
  } catch (err) {
    if (err instanceof HTTPException || expected.some((E) => err instanceof E)) throw err;
    // never the message: drizzle puts the query parameters (emails, hashes) into it
    const cause = (err as { cause?: { code?: unknown; name?: unknown } } | null)?.cause;
    log(c, 'error', 'account database work failed', {
      name: err instanceof Error ? err.name : 'unknown',
      code: (err as { code?: unknown } | null)?.code ?? cause?.code,
      cause: typeof cause?.name === 'string' ? cause.name : undefined,
    });
    throw new HTTPException(503, { message: 'Accounts are temporarily unavailable. Please try again shortly.' });
  } finally {
    c.executionCtx.waitUntil(handle.close());
  }
}
