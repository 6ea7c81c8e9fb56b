import { Hono } from 'hono';
import { createErrorHandler, createNotFoundHandler } from '../../../edge/problem';
import { requestContext } from '../../../edge/request-context';
import { allowMethods, requestLimits, securityHeaders } from '../../../edge/security';
import type { AppEnv } from './context';
import { catalogApi } from './routes/api/catalog';
import { openapi } from './routes/api/openapi';
import { media } from './routes/media';
import { pages, renderErrorPage } from './routes/pages';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestContext({ service: 'storefront', metrics: (c) => (c.env as AppEnv['Bindings']).METRICS }));
  app.use(...requestLimits({ maxBodyBytes: 64 * 1024, maxUrlLength: 4096 }));
  app.use(securityHeaders());
  app.use('/api/*', allowMethods(['GET', 'HEAD', 'OPTIONS']));
  app.use('/media/*', allowMethods(['GET', 'HEAD']));

  app.get('/healthz', (c) => c.json({ ok: true, service: 'storefront' }));
  app.route('/api/v1', catalogApi);
  app.route('/api/v1', openapi);
  app.route('/media', media);
  app.route('/', pages);

  app.notFound(createNotFoundHandler(renderErrorPage));
  app.onError(createErrorHandler(renderErrorPage));
  return app;
}
