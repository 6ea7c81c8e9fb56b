/**
 * Postgres for cart, checkout and order requests: one pool per request
 * (created from env, closed in waitUntil), sized by the caller — a checkout
 * uses exactly one connection. Connection failures become 503 problems
 * (never a 500 with internals); errors of our own pass through.
 */
import type { Context } from 'hono';
import { createDb, type DbHandle } from '../../../../db/client';
import { log } from '../../../../edge/request-context';
import type { AppEnv } from '../context';
import { ProblemError } from './problems';

export function openDb(c: Context<AppEnv>, max = 1): DbHandle {
  if (!c.env.DATABASE_URL) {
    throw new ProblemError({ status: 503, slug: 'unavailable', title: 'Service temporarily unavailable', detail: 'The store database is not configured.' });
  }
  return createDb({ databaseUrl: c.env.DATABASE_URL, localWsProxy: c.env.NEON_LOCAL_WS_PROXY || undefined, max });
}

/** Postgres error code of an error (drizzle wraps driver errors in `cause`). */
export function pgCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** Constraint named by a Postgres error (unique/check violations). */
export function pgConstraint(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const c = (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

/** Connection-level failure (server down, connection killed, network, pool timeout) rather than a bug. */
export function isConnectionError(err: unknown): boolean {
  const code = pgCode(err);
  if (code && (code.startsWith('08') || code.startsWith('57') || code === '53300' || code === '40001' || code === '40P01')) return true;
  const text = String((err as { message?: unknown })?.message ?? err) + String((err as { cause?: { message?: unknown } })?.cause?.message ?? '');
  return /connect|connection|terminat|socket|websocket|ECONN|timeout|closed/i.test(text);
}

export const dbUnavailable = () =>
  new ProblemError({
    status: 503,
    slug: 'unavailable',
    title: 'Service temporarily unavailable',
    detail: 'The store could not reach its database. Nothing was changed; please try again in a moment.',
    headers: { 'retry-after': '5' },
  });

/**
 * An error's message and its causes', safe for logs: drizzle's "Failed query:
 * <sql> params: <values>" carries shoppers' data (emails, addresses), so
 * query texts are reduced to the Postgres error (code, constraint).
 */
export function safeErrorText(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const m = e instanceof Error ? e.message : String(e);
    if (m.startsWith('Failed query')) continue;
    const code = (e as { code?: unknown }).code;
    const constraint = (e as { constraint?: unknown }).constraint;
    parts.push([m.split('\n')[0]!.slice(0, 160), typeof code === 'string' ? `code ${code}` : '', typeof constraint === 'string' ? `constraint ${constraint}` : ''].filter(Boolean).join(', '));
  }
  return parts.join(' ← ') || 'query failed';
}

/** Unexpected errors leave here without query parameters in their message (the app's error handler logs it). */
export function sanitized(err: unknown): unknown {
  if (err instanceof ProblemError || !(err instanceof Error)) return err;
  if (!/Failed query/.test(err.message)) return err;
  const clean = new Error(safeErrorText(err));
  clean.name = err.name;
  return clean;
}

/** Runs fn with a per-request pool; maps connection failures to a 503 problem. */
export async function withDb<T>(c: Context<AppEnv>, fn: (h: DbHandle) => Promise<T>, max = 1): Promise<T> {
  const h = openDb(c, max);
  try {
    return await fn(h);
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    if (isConnectionError(err)) {
      log(c, 'warn', 'database unavailable', { error: safeErrorText(err) });
      throw dbUnavailable();
    }
    throw sanitized(err);
  } finally {
    c.executionCtx.waitUntil(h.close());
  }
}
