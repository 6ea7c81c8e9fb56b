/**
 * Ablation variants: the real storefront (createApp, real routes) bundled with
 * esbuild, with one project module replaced by a stub from ./stubs. Each
 * stub replaces a module's index (what the app imports); the stubs import
 * the real files behind it, so everything else stays as shipped.
 */
export interface Variant {
  name: string;
  /** project module directory (relative to the repo root) → stub file (relative to bench/ablation/stubs) */
  stubs: Record<string, string>;
  /** a cache hit carries no x-cache header (the stub returns the cached Response as is) */
  noXCache?: boolean;
  what: string;
}

export const VARIANTS: Variant[] = [
  { name: 'full', stubs: {}, what: 'control: the storefront as shipped, bundled by esbuild instead of wrangler' },
  {
    name: 'regexp-router',
    stubs: { 'workers/storefront/src/routes/search': 'search-routes-regexp.js' },
    what: "the search routes without the one pattern RegExpRouter rejects: Hono's SmartRouter keeps RegExpRouter instead of TrieRouter",
  },
  { name: 'no-security-headers', stubs: { 'edge/security': 'security-no-headers.js' }, what: 'secureHeaders() left out' },
  { name: 'no-request-context', stubs: { 'edge/request-context': 'request-context-none.js' }, what: 'requestContext() left out (request id, x-request-id, metrics point)' },
  {
    name: 'no-middleware',
    stubs: { 'edge/security': 'security-none.js', 'edge/request-context': 'request-context-none.js' },
    what: 'all app-wide middleware left out (request context, limits, security headers, method guards)',
  },
  { name: 'hit-rewrap-only', stubs: { 'edge/cache': 'cache-rewrap-hit.js' }, noXCache: true, what: "cache hit: serve() without its header changes (new Response(cached.body, cached) only)" },
  {
    name: 'hit-buffered',
    stubs: { 'edge/cache': 'cache-buffered-hit.js' },
    what: 'cache hit: serve() as today but from `await cached.arrayBuffer()` instead of the cached body stream',
  },
  {
    name: 'no-middleware-rewrap-only',
    stubs: { 'edge/cache': 'cache-rewrap-hit.js', 'edge/security': 'security-none.js', 'edge/request-context': 'request-context-none.js' },
    noXCache: true,
    what: 'no-middleware, and on a hit only `new Response(cached.body, cached)` (no header changes); compare with no-middleware-hit-as-is',
  },
  {
    // the middleware set headers on c.res, and a Response from cache.match() has immutable
    // headers ("Can't modify immutable headers"): returning it as is needs the middleware gone
    name: 'no-middleware-hit-as-is',
    stubs: { 'edge/cache': 'cache-direct-hit.js', 'edge/security': 'security-none.js', 'edge/request-context': 'request-context-none.js' },
    noXCache: true,
    what: 'no-middleware, and on a cache hit the matched Response returned as is (no serve()); compare with no-middleware',
  },
];
