/**
 * Bare Hono baseline for `npm run bench:catalog`: the least a Worker can do to
 * answer with the same bytes as the storefront's product document.
 *
 *   GET /json   the body from a text binding (no I/O)
 *   GET /cache  one caches.default.match() of a pre-stored entry (PUT /cache warms it)
 *   GET /kv     one KV get(key, 'text')
 *
 * The storefront's routes add their own work on top of these (middleware,
 * validation, catalog version, SWR bookkeeping, header rewriting); the ratios
 * in the bench are measured against them. Bundled with esbuild by bench/catalog.ts.
 */
import { Hono } from 'hono';

// Typed structurally so this file also type-checks in the root (Node + DOM) project.
interface Env {
  /** the product document as the storefront serves it (injected by the bench) */
  PRODUCT_JSON: string;
  KV: { get(key: string, type: 'text'): Promise<string | null> };
}

/** workerd's default cache (`caches.default` is Workers-only, absent from the DOM typings) */
const edgeCache = (): Cache => (caches as unknown as { default: Cache }).default;

// (module-level constants, not exports: workerd only accepts handlers as named exports)
const CACHE_KEY = 'https://baseline.bench/__bench/product';
const KV_KEY = 'product';
const JSON_TYPE = 'application/json; charset=utf-8';

const app = new Hono<{ Bindings: Env }>();

app.get('/json', (c) => c.body(c.env.PRODUCT_JSON, 200, { 'content-type': JSON_TYPE }));

app.get('/cache', async () => {
  const cached = await edgeCache().match(CACHE_KEY);
  return cached ?? new Response('cache miss', { status: 503 });
});

app.put('/cache', async (c) => {
  await edgeCache().put(
    CACHE_KEY,
    new Response(c.env.PRODUCT_JSON, { headers: { 'content-type': JSON_TYPE, 'cache-control': 'public, max-age=86400' } }),
  );
  return c.body(null, 204);
});

app.get('/kv', async (c) => {
  const text = await c.env.KV.get(KV_KEY, 'text');
  return text === null ? c.text('kv miss', 503) : c.body(text, 200, { 'content-type': JSON_TYPE });
});

export default app;
