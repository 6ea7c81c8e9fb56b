// @ts-check
// Ablation stub for workers/storefront/src/routes/search: the same routes,
// except that the legacy-script redirect `/assets/:name{search-[0-9a-f]{8}\.js}`
// (which RegExpRouter rejects next to the static `/assets/search-<hash>.js`,
// so Hono's SmartRouter falls back to TrieRouter for the WHOLE app) becomes
// `/assets/*` with the same check in the handler. Tests what the router
// fallback costs per request.
import { Hono } from 'hono';
import { searchPages as real } from '../../../workers/storefront/src/routes/search.tsx';
export * from '../../../workers/storefront/src/routes/search.tsx';

const LEGACY = '/assets/:name{search-[0-9a-f]{8}\\.js}';
const fixed = new Hono();
/** @type {Function | undefined} */
let legacy;
for (const r of /** @type {{ method: string, path: string, handler: any }[]} */ (real.routes)) {
  if (r.path === LEGACY) legacy = r.handler;
  else fixed.on(r.method, r.path, r.handler);
}
if (!legacy) throw new Error('ablation stub out of date: the legacy route is gone');
const redirect = legacy;
fixed.get('/assets/*', (c, next) => (/^\/assets\/search-[0-9a-f]{8}\.js$/.test(c.req.path) ? redirect(c, next) : next()));

export const searchPages = fixed;
