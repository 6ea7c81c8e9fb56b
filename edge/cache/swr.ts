/**
 * Read-through edge cache with stale-while-revalidate over the Cache API.
 *
 *   hit    – fresh entry, served as is
 *   stale  – past freshness but inside the stale window: served, and
 *            revalidated in the background (ctx.waitUntil, never awaited)
 *   miss   – loaded from the next layer (KV or origin), stored via waitUntil
 *
 * Only successful, cacheable loads are stored: failures are never cached.
 */
import type { CachePolicy } from './policies';

export type CacheLayer = 'hit' | 'stale' | 'kv' | 'origin';

export interface Loaded {
  response: Response;
  layer: 'kv' | 'origin';
  /** false for anything that must not be cached (errors, partial data) */
  cacheable: boolean;
}

export interface SwrOptions {
  cache: Cache;
  /** absolute URL naming the entry (include every input of the response) */
  key: string;
  policy: CachePolicy;
  waitUntil: (p: Promise<unknown>) => void;
  load: () => Promise<Loaded>;
  /** skip the Cache API both ways (benchmarks of lower layers) */
  bypass?: boolean;
  /** If-None-Match of the request, to answer 304 from a cached entry */
  ifNoneMatch?: string | undefined;
  onBackgroundError?: (err: unknown) => void;
}

const STORED_AT = 'x-vitrine-stored-at';

/**
 * Keys whose background revalidation is under way in this isolate, with when
 * it started (values only, never a promise or a response). Under load a stale
 * entry is seen by many requests at once; without this each would hit the
 * origin. A revalidation older than the timeout no longer blocks another.
 */
const revalidating = new Map<string, number>();
const REVALIDATION_TIMEOUT_MS = 30_000;

function claimRevalidation(key: string): boolean {
  const now = Date.now();
  const since = revalidating.get(key);
  if (since !== undefined && now - since < REVALIDATION_TIMEOUT_MS) return false;
  revalidating.set(key, now);
  return true;
}

export async function swr(o: SwrOptions): Promise<Response> {
  if (!o.bypass) {
    const cached = await o.cache.match(o.key);
    if (cached) {
      const storedAt = Number(cached.headers.get(STORED_AT)) || 0;
      const age = Math.max(0, (Date.now() - storedAt) / 1000);
      if (age <= o.policy.freshSeconds) return serve(cached, 'hit', o);
      if (age <= o.policy.freshSeconds + o.policy.staleSeconds) {
        // one revalidation per key at a time in this isolate, not one per request that sees the stale copy
        if (claimRevalidation(o.key)) o.waitUntil(revalidate(o).finally(() => revalidating.delete(o.key)));
        return serve(cached, 'stale', o);
      }
      // too old to serve: fall through to a synchronous load
    }
  }
  const loaded = await o.load();
  if (!o.bypass && loaded.cacheable && loaded.response.status === 200) {
    o.waitUntil(store(o, loaded.response.clone()).catch((e) => o.onBackgroundError?.(e)));
  }
  const res = new Response(loaded.response.body, loaded.response);
  res.headers.set('x-cache', loaded.layer);
  if (!res.headers.has('cache-control')) res.headers.set('cache-control', o.policy.browser);
  return res;
}

function serve(cached: Response, layer: 'hit' | 'stale', o: SwrOptions): Response {
  const etag = cached.headers.get('etag');
  if (etag && o.ifNoneMatch && etagMatches(o.ifNoneMatch, etag)) {
    return new Response(null, {
      status: 304,
      headers: { etag, 'cache-control': o.policy.browser, 'x-cache': layer },
    });
  }
  const res = new Response(cached.body, cached);
  res.headers.set('x-cache', layer);
  res.headers.set('cache-control', o.policy.browser);
  res.headers.delete(STORED_AT);
  return res;
}

async function revalidate(o: SwrOptions): Promise<void> {
  try {
    const loaded = await o.load();
    if (loaded.cacheable && loaded.response.status === 200) await store(o, loaded.response);
    else await loaded.response.body?.cancel();
  } catch (err) {
    // keep serving the stale copy; never replace it with a failure
    o.onBackgroundError?.(err);
  }
}

async function store(o: SwrOptions, response: Response): Promise<void> {
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  headers.delete('set-cookie');
  headers.delete('x-cache');
  headers.set(STORED_AT, String(Date.now()));
  // the Cache API keeps the entry as long as it may be served (fresh + stale)
  headers.set('cache-control', `public, max-age=${o.policy.freshSeconds + o.policy.staleSeconds}`);
  if (!headers.has('etag')) headers.set('etag', await weakEtag(body));
  await o.cache.put(o.key, new Response(body, { status: 200, headers }));
}

export async function weakEtag(body: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', body);
  const hex = [...new Uint8Array(digest)].slice(0, 10).map((b) => b.toString(16).padStart(2, '0')).join('');
  return `W/"${hex}"`;
}

export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  const target = strip(etag);
  return ifNoneMatch.split(',').some((t) => strip(t) === target);
}
