import { Hono } from 'hono';
import { databaseProblem } from '../../../db/errors';
import { withDatabase } from '../../../db/hono';
import { createErrorHandler, createNotFoundHandler } from '../../../edge/problem';
import { requestContext } from '../../../edge/request-context';
import { allowMethods, requestLimits, securityHeaders } from '../../../edge/security';
import type { AppEnv } from './context';
import { accountPages } from './routes/account/pages';
import { assets } from './routes/assets';
import { cartApi } from './routes/api/cart';
import { checkoutApi } from './routes/api/checkout';
import { ordersApi } from './routes/api/orders';
import { paymentWebhooks } from './routes/api/payment-webhooks';
import { cartPages } from './routes/pages/cart';
import { checkoutPages } from './routes/pages/checkout';
import { orderPages } from './routes/pages/order';
import { catalogApi } from './routes/api/catalog';
import { customersApi } from './routes/api/customers';
import { openapi } from './routes/api/openapi';
import { sessionApi } from './routes/api/session';
import { media } from './routes/media';
import { pages, renderErrorPage } from './routes/pages';
import { searchPages } from './routes/search';
import { searchApi } from './routes/search-api';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestContext({ service: 'storefront', metrics: (c) => (c.env as AppEnv['Bindings']).METRICS }));
  app.use(...requestLimits({ maxBodyBytes: 64 * 1024, maxUrlLength: 4096 }));
  app.use(securityHeaders());
  // the request's database client (stateless HTTP; nothing connects until a query runs)
  app.use(withDatabase());
  // the catalog API is read-only; writable APIs (listed) take the methods they route
  const readOnlyApi = allowMethods(['GET', 'HEAD', 'OPTIONS']);
  const writableApi = ['/api/v1/session', '/api/v1/customers', '/api/v1/carts', '/api/v1/checkout', '/api/v1/payments'];
  app.use('/api/*', (c, next) => (writableApi.some((p) => c.req.path === p || c.req.path.startsWith(`${p}/`)) ? next() : readOnlyApi(c, next)));
  app.use('/media/*', allowMethods(['GET', 'HEAD']));

  app.get('/healthz', (c) => c.json({ ok: true, service: 'storefront' }));
  app.route('/api/v1', catalogApi);
  app.route('/api/v1', openapi);
  app.route('/api/v1', searchApi);
  // customer accounts: personal, never edge-cached (session middleware inside these sub-apps only)
  app.route('/api/v1/session', sessionApi);
  app.route('/api/v1/customers', customersApi);
  app.route('/account', accountPages);
  // cart, checkout, orders: personal, never edge-cached (session middleware inside these sub-apps only)
  app.route('/api/v1/carts', cartApi);
  app.route('/api/v1/checkout', checkoutApi);
  app.route('/api/v1/orders', ordersApi);
  app.route('/api/v1/payments', paymentWebhooks);
  app.route('/cart', cartPages);
  app.route('/checkout', checkoutPages);
  app.route('/orders', orderPages);
  app.route('/assets', assets);
  app.route('/media', media);
  app.route('/', searchPages);
  app.route('/', pages);

  app.notFound(createNotFoundHandler(renderErrorPage));
  app.onError(createErrorHandler(renderErrorPage, [databaseProblem]));
  return app;
}
