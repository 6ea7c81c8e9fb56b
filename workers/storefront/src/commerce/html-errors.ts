/**
 * On pages, an expected failure (ProblemError: 404 order, 503 carts
 * unavailable, …) becomes the shop's friendly error page instead of
 * problem+json. Hono hands a thrown error to the error handler inside the
 * dispatch, so this looks at `c.error` after the handler ran.
 */
import type { MiddlewareHandler } from 'hono';
import { renderErrorPage } from '../routes/pages';
import { ProblemError } from './problems';

export function htmlProblems(): MiddlewareHandler {
  return async function htmlProblemsMiddleware(c, next) {
    await next();
    if (c.error instanceof ProblemError) {
      const p = c.error.problem;
      const res = await renderErrorPage(c, p.status, '', p.detail);
      for (const [k, v] of Object.entries(p.headers ?? {})) res.headers.set(k, v);
      res.headers.set('cache-control', 'private, no-store');
      c.res = undefined;
      c.res = res;
    }
  };
}
