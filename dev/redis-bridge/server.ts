/**
 * A local HTTP server speaking the Upstash Redis REST protocol in front of a
 * real Redis, so `@upstash/redis` runs unmodified in dev and tests.
 * Dev/test only — never shipped.
 *
 *   POST /             ["SET","k","v","EX",10]          → {"result":"OK"}
 *   GET|POST /set/k/v  path form; POST body = last arg, query params appended
 *   POST /pipeline     [[...],[...]] → [{"result":…}|{"error":…}, …]  (not atomic)
 *   POST /multi-exec   [[...],[...]] → same shape, atomic; discarded → 400 {"error"}
 *
 * Auth: `Authorization: Bearer <token>` (or `?_token=`), else 401 {"error":"Unauthorized"}.
 * `Upstash-Encoding: base64` → strings base64-encoded (see encode.ts).
 * Redis errors → 400 {"error":"ERR …"}; Redis unreachable → 500.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import {
  BadRequest,
  commandFromJson,
  commandFromPath,
  commandsFromJson,
  parseJson,
} from './commands';
import { encodeResult } from './encode';
import { BackendError, runCommand, runMultiExec, runPipeline, type Outcome } from './execute';
import { BodyTooLarge, isAuthorized, readBody, sendJson } from './http-io';

export interface RedisBridgeOptions {
  port: number;
  host?: string;
  /** e.g. redis://127.0.0.1:6379/0 — the DB index in the path is honoured */
  redisUrl: string;
  /** the bearer token clients must present (UPSTASH_REDIS_REST_TOKEN) */
  token: string;
  log?: (msg: string) => void;
  /** also log one line per HTTP request (method, path, status, duration) */
  logRequests?: boolean;
  /** request body limit in bytes; default 1 MiB, larger bodies get 413 */
  maxBodyBytes?: number;
}

export interface RedisBridge {
  /** base URL for `new Redis({ url, token })` / UPSTASH_REDIS_REST_URL */
  url: string;
  close(): Promise<void>;
}

const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT']);

export async function startRedisBridge(opts: RedisBridgeOptions): Promise<RedisBridge> {
  if (!opts.token) throw new Error('startRedisBridge: token must not be empty');
  const host = opts.host ?? '127.0.0.1';
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  const log = opts.log ?? (() => {});

  const redis = new Redis(opts.redisUrl, {
    protocol: 2, // Upstash REST replies follow RESP2 shapes
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    // never re-send a write that may already have been applied (INCR twice…)
    autoResendUnfulfilledCommands: false,
    connectionName: 'vitrine-upstash-bridge',
  });
  redis.on('error', (err: Error) => log(`redis: ${err.message}`));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(`startRedisBridge: cannot connect to ${redactUrl(opts.redisUrl)}: ${(err as Error).message}`);
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    handle(req, res)
      .catch((err: unknown) => {
        log(`bridge: unexpected failure: ${(err as Error).stack ?? String(err)}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'ERR local Upstash bridge internal error' });
        else res.destroy();
      })
      .finally(() => opts.logRequests && log(`${req.method} ${(req.url ?? '').split('?')[0]} ${res.statusCode} ${Date.now() - started}ms`));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://bridge');
    if (!ALLOWED_METHODS.has(method)) {
      req.resume();
      res.setHeader('allow', [...ALLOWED_METHODS].join(', '));
      return sendJson(res, 405, { error: 'Method Not Allowed' });
    }
    if (!isAuthorized(req, url, opts.token)) {
      req.resume();
      return sendJson(res, 401, { error: 'Unauthorized' });
    }
    const format = headerValue(req, 'upstash-response-format');
    if (format && format.toLowerCase() !== 'json') {
      req.resume();
      return sendJson(res, 400, {
        error: `ERR Upstash-Response-Format '${format}' is not supported by the local bridge (only json)`,
      });
    }
    const base64 = headerValue(req, 'upstash-encoding')?.toLowerCase() === 'base64';
    // Upstash's read-your-writes token: a single Redis has nothing to sync, echo it back.
    const syncToken = headerValue(req, 'upstash-sync-token');
    if (syncToken) res.setHeader('upstash-sync-token', syncToken);

    try {
      const body = await readBody(req, limit);
      const hasBody = method === 'POST' || method === 'PUT';
      const path = url.pathname.replace(/\/+$/, '');
      if (hasBody && path === '') {
        const outcome = await runCommand(redis, commandFromJson(parseJson(body)));
        return sendOutcome(res, outcome, base64);
      }
      if (hasBody && (path === '/pipeline' || path === '/multi-exec')) {
        const cmds = commandsFromJson(parseJson(body));
        const outcomes =
          path === '/pipeline' ? await runPipeline(redis, cmds) : await runMultiExec(redis, cmds);
        return sendJson(
          res,
          200,
          outcomes.map((o) => ('error' in o ? { error: o.error } : { result: encodeResult(o.result, base64) })),
        );
      }
      const outcome = await runCommand(redis, commandFromPath(url, hasBody ? body : null));
      return sendOutcome(res, outcome, base64);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        return sendJson(res, 413, { error: `ERR max request size exceeded (limit ${limit} bytes)` });
      }
      if (err instanceof BadRequest) return sendJson(res, 400, { error: err.message });
      if (err instanceof BackendError) return sendJson(res, 500, { error: err.message });
      throw err;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`Upstash REST bridge on ${url} → ${redactUrl(opts.redisUrl)}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await redis.quit().catch(() => redis.disconnect());
      })();
      return closing;
    },
  };
}

function sendOutcome(res: ServerResponse, outcome: Outcome, base64: boolean): void {
  if ('error' in outcome) return sendJson(res, 400, { error: outcome.error });
  sendJson(res, 200, { result: encodeResult(outcome.result, base64) });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
