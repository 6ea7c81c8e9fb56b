// @ts-check
// Ablation stub for edge/cache: a fresh hit is served like serve() does
// (x-cache, cache-control, stored-at removed) but from the body read into
// memory (`await cached.arrayBuffer()`) instead of re-wrapping the cached
// body stream. Stale entries, misses and If-None-Match go to the real swr().
import { swr as realSwr } from '../../../edge/cache/swr';
export * from '../../../edge/cache/policies';
export { etagMatches, weakEtag } from '../../../edge/cache/swr';

/** @param {Parameters<typeof realSwr>[0]} o */
export async function swr(o) {
  if (!o.bypass && !o.ifNoneMatch) {
    const cached = await o.cache.match(o.key);
    if (cached) {
      const age = (Date.now() - (Number(cached.headers.get('x-vitrine-stored-at')) || 0)) / 1000;
      if (age <= o.policy.freshSeconds) {
        const res = new Response(await cached.arrayBuffer(), cached);
        res.headers.set('x-cache', 'hit');
        res.headers.set('cache-control', o.policy.browser);
        res.headers.delete('x-vitrine-stored-at');
        return res;
      }
      await cached.body?.cancel();
    }
  }
  return realSwr(o);
}
