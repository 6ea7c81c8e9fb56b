import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { problemResponse } from './problem';
import { log } from '../request-context/log';

/** Decides whether a request wants HTML (a friendly page) or problem+json. */
export function wantsHtml(c: Context): boolean {
  const path = c.req.path;
  if (path.startsWith('/api/') || path.startsWith('/admin/api/')) return false;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('text/html') || !accept.includes('json');
}

export interface ErrorPageRenderer {
  (c: Context, status: number, title: string, detail?: string): Response | Promise<Response>;
}

/** What an error maps to, when a layer below knows (e.g. db/errors.ts's databaseProblem): status, safe detail, headers. */
export type ErrorMapper = (err: unknown) => { status: number; detail: string; headers?: Record<string, string>; /** safe for logs */ log?: string } | undefined;

/**
 * The app-wide error handler: known HTTP errors keep their status (4xx for
 * bad input, body limits, malformed JSON); anything unexpected is logged with
 * the request id and answered as a generic 500 without internals.
 */
export function createErrorHandler(renderHtml?: ErrorPageRenderer, mappers: readonly ErrorMapper[] = []): ErrorHandler {
  return function onError(err, c) {
    for (const map of mappers) {
      const known = map(err);
      if (!known) continue;
      if (known.status >= 500) log(c, 'warn', 'dependency unavailable', { status: known.status, error: known.log ?? 'unavailable' });
      if (renderHtml && wantsHtml(c)) {
        return Promise.resolve(renderHtml(c, known.status, '', known.detail)).then((res) => {
          // the page's own headers win (an error page may ask for a longer Retry-After)
          for (const [k, v] of Object.entries(known.headers ?? {})) if (!res.headers.has(k)) res.headers.set(k, v);
          return res;
        });
      }
      return problemResponse(known.status, { detail: known.detail }, known.headers);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      if (err.res && err.res.headers.get('content-type')?.includes('problem+json')) return err.res;
      const detail = status < 500 ? err.message || undefined : undefined;
      if (renderHtml && wantsHtml(c)) return renderHtml(c, status, '', detail);
      return problemResponse(status, detail ? { detail } : {});
    }
    log(c, 'error', 'unhandled error', { error: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'unknown' });
    if (renderHtml && wantsHtml(c)) return renderHtml(c, 500, '');
    return problemResponse(500, { detail: 'The error has been logged.', instance: c.get('requestId') as string | undefined });
  };
}

export function createNotFoundHandler(renderHtml?: ErrorPageRenderer): NotFoundHandler {
  return function notFound(c) {
    if (renderHtml && wantsHtml(c)) return renderHtml(c, 404, '');
    return problemResponse(404, { detail: `No resource at ${c.req.path}` });
  };
}
