// @ts-check
/**
 * Ablation variants of the storefront for `npx tsx bench/ablation.ts`: the
 * real routes and middleware, composed like workers/storefront/src/app.ts
 * with one piece left out, so the bench can measure what each piece costs on
 * a cache hit. The variant is chosen by the ABLATION binding (one bundle,
 * one Miniflare worker per variant).
 *
 * Plain JS on purpose: the root tsconfig type-checks bench/ with Node types,
 * and these imports pull in Workers code (the storefront's own tsconfig
 * checks that code).
 *
 * Keep `compose()` in step with createApp() — the `full` variant uses
 * createApp() itself, so a drift shows up as `full` ≠ `composed`.
 */
import { Hono } from 'hono';
import { createErrorHandler, createNotFoundHandler } from '../../edge/problem';
import { requestContext } from '../../edge/request-context';
import { allowMethods, requestLimits, securityHeaders } from '../../edge/security';
import { CachePolicies } from '../../edge/cache';
import { createApp } from '../../workers/storefront/src/app';
import { catalogVersion } from '../../workers/storefront/src/catalog/version';
import { catalogApi } from '../../workers/storefront/src/routes/api/catalog';
import { openapi } from '../../workers/storefront/src/routes/api/openapi';
import { media } from '../../workers/storefront/src/routes/media';
import { pages, renderErrorPage } from '../../workers/storefront/src/routes/pages';

/**
 * @param {{ context?: boolean, limits?: boolean, security?: boolean, methods?: boolean, api?: Hono<any> }} o
 */
function compose(o = {}) {
  const app = new Hono();
  if (o.context !== false) app.use(requestContext({ service: 'storefront', metrics: (c) => c.env.METRICS }));
  if (o.limits !== false) app.use(...requestLimits({ maxBodyBytes: 64 * 1024, maxUrlLength: 4096 }));
  if (o.security !== false) app.use(securityHeaders());
  if (o.methods !== false) {
    app.use('/api/*', allowMethods(['GET', 'HEAD', 'OPTIONS']));
    app.use('/media/*', allowMethods(['GET', 'HEAD']));
  }
  app.get('/healthz', (c) => c.json({ ok: true, service: 'storefront' }));
  app.route('/api/v1', o.api ?? catalogApi);
  app.route('/api/v1', openapi);
  app.route('/media', media);
  app.route('/', pages);
  app.notFound(createNotFoundHandler(renderErrorPage));
  app.onError(createErrorHandler(renderErrorPage));
  return app;
}

/**
 * The cache-hit path of edgeRead() + swr() without serve()'s rewriting: the
 * same key and freshness check, then the cached Response returned as is
 * (stored-at and cache-control headers left in place, no x-cache). On a miss
 * the real route answers (and stores the entry).
 */
const directApi = new Hono()
  .get('/products/:handle', async (c, next) => {
  const waitUntil = (/** @type {Promise<unknown>} */ p) => c.executionCtx.waitUntil(p);
  const version = await catalogVersion(c.env.CATALOG, waitUntil);
  const url = new URL(c.req.url);
  const key = `${url.origin}/__edge/${version}${url.pathname}`;
  const cached = await /** @type {any} */ (caches).default.match(key);
  const storedAt = cached ? Number(cached.headers.get('x-vitrine-stored-at')) || 0 : 0;
  if (!cached || (Date.now() - storedAt) / 1000 > CachePolicies.catalog.freshSeconds + CachePolicies.catalog.staleSeconds) {
    await next();
    return;
  }
  return cached;
  })
  .route('/', catalogApi);

/** @type {Record<string, () => Hono<any>>} */
const variants = {
  full: () => createApp(),
  composed: () => compose(),
  'no-security-headers': () => compose({ security: false }),
  'no-request-context': () => compose({ context: false }),
  'no-limits-methods': () => compose({ limits: false, methods: false }),
  'no-middleware': () => compose({ context: false, limits: false, security: false, methods: false }),
  'no-middleware-direct-hit': () => compose({ context: false, limits: false, security: false, methods: false, api: directApi }),
};

/** @type {Map<string, Hono<any>>} */
const apps = new Map();

export default {
  /**
   * @param {Request} request
   * @param {{ ABLATION: string }} env
   * @param {ExecutionContext} ctx
   */
  fetch(request, env, ctx) {
    let app = apps.get(env.ABLATION);
    if (!app) {
      const make = variants[env.ABLATION];
      if (!make) return new Response(`unknown variant ${env.ABLATION}`, { status: 500 });
      app = make();
      apps.set(env.ABLATION, app);
    }
    return app.fetch(request, env, ctx);
  },
};
