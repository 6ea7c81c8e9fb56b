import { Hono, type Context } from 'hono';
import { databaseProblem } from '../../../db/errors';
import { withDatabase } from '../../../db/hono';
import { createErrorHandler, problemResponse } from '../../../edge/problem';
import { RedisUnavailableError } from '../../../edge/redis';
import { requestContext } from '../../../edge/request-context';
import { requestLimits, securityHeaders } from '../../../edge/security';
import { csrf, guard, isApi, principal, requireJson, unavailable } from './auth/middleware';
import type { AdminAppEnv } from './context';
import { AdminError } from './errors';
import { auditApi, dashboardApi, mediaApi, tokensApi, usersApi } from './routes/api/admin';
import { csvApi } from './routes/api/csv';
import { discountsApi } from './routes/api/discounts';
import { inventoryApi } from './routes/api/inventory';
import { openapiApi } from './routes/api/openapi';
import { ordersApi } from './routes/api/orders';
import { collectionsApi, productsApi } from './routes/api/products';
import { sessionApi } from './routes/api/session';
import { authPages } from './routes/pages/auth';
import { catalogPages } from './routes/pages/catalog';
import { collectionPages } from './routes/pages/collections';
import { csvPages } from './routes/pages/csv-import';
import { discountPages } from './routes/pages/discounts';
import { miscPages } from './routes/pages/misc';
import { orderPages } from './routes/pages/orders';
import { renderErrorPage } from './views/error';

// database failures: unavailable → 503 + Retry-After (nothing was changed), unique → 409, check → 422
const baseHandler = createErrorHandler(renderErrorPage, [databaseProblem]);

function onError(err: Error, c: Context<AdminAppEnv>) {
  if (err instanceof RedisUnavailableError) return isApi(c) ? unavailable() : renderErrorPage(c, 503, 'Temporarily unavailable', 'Signing in is temporarily unavailable. Please try again in a minute.');
  if (err instanceof AdminError) {
    if (!isApi(c)) return renderErrorPage(c, err.status, '', err.message);
    return problemResponse(err.status, {
      ...(err.problemType ? { type: `https://vitrine.dev/problems/${err.problemType}` } : {}),
      detail: err.message,
      ...(Object.keys(err.fields).length ? { errors: Object.entries(err.fields).map(([path, message]) => ({ path: `body.${path}`, message, code: 'invalid' })) } : {}),
    });
  }
  return baseHandler(err, c);
}

export function createApp() {
  const app = new Hono<AdminAppEnv>();
  app.use(requestContext({ service: 'admin' }));
  // image uploads and CSV imports need more than the storefront's 64 KiB
  app.use(...requestLimits({ maxBodyBytes: 12 * 1024 * 1024, maxUrlLength: 4096 }));
  app.use(securityHeaders());
  // the request's database client: stateless HTTP for reads and one-shot writes; nothing connects until a query runs
  app.use(withDatabase());
  app.get('/healthz', (c) => c.json({ ok: true, service: 'admin' }));
  app.get('/', (c) => c.redirect('/admin', 302));

  app.use('/admin/*', principal());
  app.use('/admin/*', csrf());
  app.use('/admin/api/*', requireJson());

  const api = new Hono<AdminAppEnv>();
  api.route('/', openapiApi);
  api.route('/session', sessionApi);
  api.route('/dashboard', dashboardApi);
  api.route('/products', csvApi);
  api.route('/products', productsApi);
  api.route('/collections', collectionsApi);
  api.route('/', mediaApi);
  api.route('/orders', ordersApi);
  api.route('/inventory', inventoryApi);
  api.route('/discounts', discountsApi);
  api.route('/users', usersApi);
  api.route('/tokens', tokensApi);
  api.route('/audit', auditApi);
  app.route('/admin/api/v1', api);

  const pages = new Hono<AdminAppEnv>();
  pages.route('/', authPages);
  pages.route('/', csvPages);
  pages.route('/', catalogPages);
  pages.route('/', collectionPages);
  pages.route('/', orderPages);
  pages.route('/', discountPages);
  pages.route('/', miscPages);
  pages.get('/media-files/:name', guard('catalog:read'), async (c) => {
    const name = c.req.param('name');
    if (!/^[a-f0-9]{64}\.(png|jpg|gif|webp)$/.test(name)) throw new AdminError(404, 'No such image.');
    const obj = await c.env.MEDIA.get(`media/${name}`);
    if (!obj) throw new AdminError(404, 'No such image.');
    return new Response(obj.body, { headers: { 'content-type': obj.httpMetadata?.contentType ?? 'application/octet-stream', 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' } });
  });
  app.route('/admin', pages);

  app.notFound((c) => (isApi(c) ? problemResponse(404, { detail: `No resource at ${c.req.path}` }) : renderErrorPage(c, 404, '')));
  app.onError(onError);
  return app;
}
