/** Carts, checkout and orders are per shopper: never stored by any cache, never indexed. */
import type { MiddlewareHandler } from 'hono';

export function privateNoStore(): MiddlewareHandler {
  return async function privateNoStoreMiddleware(c, next) {
    await next();
    c.res.headers.set('cache-control', 'private, no-store');
    c.res.headers.set('x-robots-tag', 'noindex');
  };
}
