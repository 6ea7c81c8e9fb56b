import type { MiddlewareHandler } from 'hono';
import { log } from './log';

export interface RequestContextVariables {
  requestId: string;
}

/** Minimal shape of a Workers Analytics Engine dataset (so edge/ needs no Env). */
export interface MetricsSink {
  writeDataPoint(point: { blobs?: string[]; doubles?: number[]; indexes?: string[] }): void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives every request an id (kept from `x-request-id` when well-formed),
 * echoes it on the response, logs one access line and writes one metrics
 * data point. Paths are logged without query strings (they may carry PII).
 */
export function requestContext(opts: { service: string; metrics?: (c: Parameters<MiddlewareHandler>[0]) => MetricsSink | undefined; accessLog?: boolean }): MiddlewareHandler<{ Variables: RequestContextVariables }> {
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    const started = Date.now();
    await next();
    c.res.headers.set('x-request-id', requestId);
    const ms = Date.now() - started;
    const layer = c.res.headers.get('x-cache') ?? 'none';
    const route = c.req.routePath;
    // Workers Logs already records every invocation; we add a line only for
    // server errors (or everything when accessLog is on, e.g. in development).
    if (opts.accessLog || c.res.status >= 500) {
      log(c, c.res.status >= 500 ? 'error' : 'info', 'request', {
        service: opts.service,
        method: c.req.method,
        route,
        status: c.res.status,
        cache: layer,
        ms,
      });
    }
    const sink = opts.metrics?.(c);
    if (sink) {
      try {
        sink.writeDataPoint({ blobs: [opts.service, c.req.method, route, String(c.res.status), layer], doubles: [ms], indexes: [route] });
      } catch {
        // metrics must never break a response
      }
    }
  };
}
