// @ts-check
// Ablation stub for edge/cache: like cache-direct-hit.js, plus serve()'s
// re-wrapping `new Response(cached.body, cached)` (still no header changes).
import { swr as realSwr } from '../../../edge/cache/swr';
export * from '../../../edge/cache/policies';
export { etagMatches, weakEtag } from '../../../edge/cache/swr';

/** @param {Parameters<typeof realSwr>[0]} o */
export async function swr(o) {
  if (!o.bypass) {
    const cached = await o.cache.match(o.key);
    if (cached) {
      const age = (Date.now() - (Number(cached.headers.get('x-vitrine-stored-at')) || 0)) / 1000;
      if (age <= o.policy.freshSeconds + o.policy.staleSeconds) return new Response(cached.body, cached);
    }
  }
  return realSwr(o);
}
