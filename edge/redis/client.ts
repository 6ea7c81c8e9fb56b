/**
 * Upstash Redis over REST, one client per request, built from env. Values are
 * returned as stored (no automatic JSON parsing): callers serialise and
 * validate their own data.
 *
 * Locally UPSTASH_REDIS_REST_URL points at dev/redis-bridge in front of a real
 * Redis; in production at Upstash.
 */
import { Redis } from '@upstash/redis';

export interface RedisEnv {
  UPSTASH_REDIS_REST_URL?: string | undefined;
  UPSTASH_REDIS_REST_TOKEN?: string | undefined;
}

/** Redis is not configured, unreachable or answered with an error. Callers answer 503 (and never fail open). */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

export interface RedisClientOptions {
  /** per-command timeout (default 3 s): a hanging Redis must not hang the request */
  timeoutMs?: number;
  /** retries after a network error (default 1, 50 ms apart) */
  retries?: number;
}

export function redisFromEnv(env: RedisEnv, opts: RedisClientOptions = {}): Redis {
  const url = env.UPSTASH_REDIS_REST_URL;
  const token = env.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token) throw new RedisUnavailableError('UPSTASH_REDIS_REST_URL / UPSTASH_REDIS_REST_TOKEN are not set');
  const timeoutMs = opts.timeoutMs ?? 3_000;
  return new Redis({
    url,
    token,
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: { retries: opts.retries ?? 1, backoff: () => 50 },
    signal: () => AbortSignal.timeout(timeoutMs),
  });
}

/** Runs a Redis operation, turning any failure (network, timeout, Redis error) into RedisUnavailableError. */
export async function redisCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw err;
    // Upstash errors end with ", command was: [...]" (keys and values): keep that out of messages and logs
    const reason = (err instanceof Error ? err.message : String(err)).split(', command was:')[0]!.slice(0, 200);
    throw new RedisUnavailableError(`${what}: ${reason}`);
  }
}
