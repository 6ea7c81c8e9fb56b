/**
 * Glue between a route and the cache chain: the cache key (catalog version +
 * path + canonical query), the benchmark bypass switch, and waitUntil.
 */
import type { Context } from 'hono';
import { swr, type CachePolicy, type Loaded } from '../../../../edge/cache';
import { log } from '../../../../edge/request-context';
import type { AppEnv } from '../context';
import { catalogVersion } from './version';

export interface Bypass {
  cache: boolean;
  kv: boolean;
}

/**
 * `x-vitrine-bypass: cache` or `cache,kv` skips layers — honoured only when
 * ALLOW_CACHE_BYPASS is "1" (benchmarks and tests), ignored in production.
 */
export function bypassOf(c: Context<AppEnv>): Bypass {
  if (c.env.ALLOW_CACHE_BYPASS !== '1') return { cache: false, kv: false };
  const h = c.req.header('x-vitrine-bypass') ?? '';
  return { cache: h.includes('cache'), kv: h.includes('kv') };
}

export function waitUntilOf(c: Context<AppEnv>): (p: Promise<unknown>) => void {
  return (p) => c.executionCtx.waitUntil(p);
}

export async function edgeRead(
  c: Context<AppEnv>,
  opts: { policy: CachePolicy; variant: string; load: (bypass: Bypass) => Promise<Loaded> },
): Promise<Response> {
  const bypass = bypassOf(c);
  const waitUntil = waitUntilOf(c);
  const version = await catalogVersion(c.env.CATALOG, waitUntil);
  const url = new URL(c.req.url);
  const key = `${url.origin}/__edge/${version}${url.pathname}${opts.variant ? `?${opts.variant}` : ''}`;
  return swr({
    cache: caches.default,
    key,
    policy: opts.policy,
    waitUntil,
    bypass: bypass.cache,
    ifNoneMatch: c.req.header('if-none-match'),
    load: () => opts.load(bypass),
    onBackgroundError: (err) => log(c, 'warn', 'background cache work failed', { error: err instanceof Error ? err.message : String(err) }),
  });
}
