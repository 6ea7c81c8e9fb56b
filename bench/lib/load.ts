/**
 * One autocannon run over HTTP against one route, checking every response:
 * status, the layer that served it (`x-cache`), and optionally the body.
 */
import autocannon, { type Instance } from 'autocannon';

export interface RouteSpec {
  id: string;
  label: string;
  /** Host header: Miniflare dispatches to a worker by its routes */
  host: string;
  path: string;
  /** a mix: each connection requests these paths in turn (instead of `path`) */
  paths?: string[];
  headers?: Record<string, string>;
  connections: number;
  expect: {
    status: number;
    /** accepted x-cache values (undefined: not checked) */
    layers?: readonly string[];
    /** exact body expected (JSON routes): mismatches are counted, not fatal */
    body?: string;
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  durationS: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  wrongStatus: number;
  wrongLayer: number;
  wrongBody: number;
  /** x-cache value → count ('-' when absent) */
  layers: Record<string, number>;
  statuses: Record<string, number>;
  /** a few examples of unexpected responses */
  samples: string[];
  bodyBytes: number;
  /** cores used by processes outside the bench during the run (other sessions); undefined off Linux */
  foreignCores?: number | undefined;
  /** CPU time of our workerd per response, in µs (robust to other processes); undefined off Linux */
  workerdCpuUs?: number | undefined;
  /** CPU time of this Node process (autocannon, proxy) per response, in µs */
  nodeCpuUs?: number | undefined;
}

function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  const v = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v.join(', ') : v;
}

export async function runLoad(
  baseUrl: string,
  route: RouteSpec,
  durationS: number,
  onStart?: (instance: Instance) => void,
): Promise<LoadResult> {
  const r: LoadResult = {
    rps: 0,
    p50: 0,
    p99: 0,
    requests: 0,
    durationS,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    wrongStatus: 0,
    wrongLayer: 0,
    wrongBody: 0,
    layers: {},
    statuses: {},
    samples: [],
    bodyBytes: 0,
  };
  const { status, layers, body } = route.expect;
  const instance = autocannon({
    url: baseUrl,
    connections: route.connections,
    duration: durationS,
    timeout: 10,
    requests: (route.paths ?? [route.path]).map((path) => ({
      method: 'GET',
      path,
      headers: { host: route.host, ...route.headers },
      onResponse: (st, b, _ctx, h) => {
        r.statuses[st] = (r.statuses[st] ?? 0) + 1;
        const layer = header(h, 'x-cache') ?? '-';
        r.layers[layer] = (r.layers[layer] ?? 0) + 1;
        r.bodyBytes = b.length;
        if (st !== status) {
          r.wrongStatus++;
          if (r.samples.length < 3) r.samples.push(`status ${st} x-cache ${layer}: ${b.slice(0, 160)}`);
        } else if (layers && !layers.includes(layer)) {
          r.wrongLayer++;
          if (r.samples.length < 3) r.samples.push(`x-cache ${layer} (expected ${layers.join('|')})`);
        }
        if (body !== undefined && st === status && b !== body) r.wrongBody++;
      },
    })),
  });
  onStart?.(instance);
  const res = await instance;
  r.rps = res.requests.average;
  r.p50 = res.latency.p50;
  r.p99 = res.latency.p99;
  r.requests = res.requests.total;
  r.durationS = res.duration;
  r.errors = res.errors;
  r.timeouts = res.timeouts;
  r.non2xx = res.non2xx;
  return r;
}

/** A run is valid when every response had the expected status and came from the expected layer. */
export function problemsOf(r: LoadResult): string[] {
  const p: string[] = [];
  if (r.requests === 0) p.push('no responses');
  if (r.errors > 0) p.push(`${r.errors} socket errors`);
  if (r.timeouts > 0) p.push(`${r.timeouts} timeouts`);
  if (r.wrongStatus > 0) p.push(`${r.wrongStatus} wrong status`);
  if (r.wrongLayer > 0) p.push(`${r.wrongLayer} wrong x-cache`);
  return p;
}
