/**
 * Load for `npm run bench:checkout`: autocannon runs whose every request
 * carries its own cart (and Idempotency-Key), taken from a pool prepared
 * before the run, with every response's status checked. Also: which process
 * used the CPU during a run (workerd, Postgres, Redis, this Node process —
 * autocannon, the WebSocket proxy and the Redis bridge share its event loop).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon, { type Instance } from 'autocannon';
import { foreignCpu } from './cpu';
import { sleep } from './http';
import type { LoadResult } from './load';

export interface PostRouteSpec {
  id: string;
  label: string;
  host: string;
  path: string;
  connections: number;
  /** the status every response must have (a mixed route: one of these) */
  expectStatus: number | readonly number[];
  /** builds the request for the n-th cart of the pool (a mixed route also chooses method and path) */
  request: (cartId: string, n: number) => { method?: string; path?: string; headers: Record<string, string>; body?: string };
}

export interface PostLoadResult extends LoadResult {
  /** carts taken from the pool (requests sent) */
  cartsUsed: number;
  poolSize: number;
  poolExhausted: boolean;
  /** responses per status of the warm-up run (which used carts too) */
  warmupStatuses?: Record<string, number>;
  /** cores used per process group during the measured run */
  cpu?: Record<string, number>;
  /** event-loop utilisation of this Node process (autocannon + WS proxy + Redis bridge) during the run */
  benchEventLoop?: number;
}

/** One autocannon run over `pool` (each cart used once). Stops when the pool runs dry (then INVALID). */
export async function runPostLoad(
  baseUrl: string,
  route: PostRouteSpec,
  durationS: number,
  pool: { ids: string[]; next: number },
  onStart?: (i: Instance) => void,
): Promise<PostLoadResult> {
  const r: PostLoadResult = {
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
    cartsUsed: 0,
    poolSize: pool.ids.length,
    poolExhausted: false,
  };
  let instance: Instance | undefined;
  const first = pool.next;
  instance = autocannon({
    url: baseUrl,
    connections: route.connections,
    duration: durationS,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: route.path,
        setupRequest: (req: Record<string, unknown>) => {
          const n = pool.next++;
          const id = pool.ids[n];
          if (id === undefined) {
            // out of carts: this request would measure a 404; stop the run, it is INVALID
            if (!r.poolExhausted) {
              r.poolExhausted = true;
              setImmediate(() => instance?.stop());
            }
            const x = route.request('0'.repeat(43), n);
            return { ...req, method: x.method ?? 'POST', path: x.path ?? route.path, headers: { ...x.headers, host: route.host }, body: x.body };
          }
          const x = route.request(id, n);
          return { ...req, method: x.method ?? 'POST', path: x.path ?? route.path, headers: { ...x.headers, host: route.host }, body: x.body };
        },
        onResponse: (st: number, b: string) => {
          r.statuses[st] = (r.statuses[st] ?? 0) + 1;
          r.bodyBytes = b.length;
          if (Array.isArray(route.expectStatus) ? !route.expectStatus.includes(st) : st !== route.expectStatus) {
            r.wrongStatus++;
            if (r.samples.length < 3) r.samples.push(`status ${st}: ${b.slice(0, 200)}`);
          }
        },
      },
    ],
  } as unknown as Parameters<typeof autocannon>[0]);
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
  r.cartsUsed = pool.next - first;
  return r;
}

export function postProblems(r: PostLoadResult): string[] {
  const p: string[] = [];
  if (r.requests === 0) p.push('no responses');
  if (r.errors > 0) p.push(`${r.errors} socket errors`);
  if (r.timeouts > 0) p.push(`${r.timeouts} timeouts`);
  if (r.wrongStatus > 0) p.push(`${r.wrongStatus} wrong status (${Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(', ')})`);
  if (r.poolExhausted) p.push(`cart pool exhausted (${r.poolSize} carts)`);
  const wu = Object.entries(r.warmupStatuses ?? {}).filter(([s]) => !s.startsWith('2'));
  if (wu.length) p.push(`warm-up non-2xx: ${wu.map(([s, n]) => `${s}×${n}`).join(', ')}`);
  return p;
}

/* ---------- CPU per process group ---------- */

interface ProcSnap {
  at: number;
  /** /proc/stat: idle + iowait ticks and all ticks, over all cores */
  idle: number;
  all: number;
  /** pid → [ppid, ticks, comm] */
  procs: Map<number, [number, number, string]>;
}

function snap(): ProcSnap | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const procs = new Map<number, [number, number, string]>();
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime + cutime + cstime: reaped children (one Postgres backend per checkout,
      // each exiting within the run) land in their parent's c-times and are not lost
      procs.set(Number(p), [Number(f[1]), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]), comm]);
    } catch {
      // gone
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { at: Date.now(), procs, idle: (cpu[3] ?? 0) + (cpu[4] ?? 0), all: cpu.reduce((x, y) => x + y, 0) };
}

/**
 * Starts measuring CPU by process group: this Node process, workerd, postgres
 * (all backends of our embedded server), redis-server (the given pid), other
 * children of ours, and everything else on the machine ("other sessions").
 */
export function cpuByGroup(redisPid: number | undefined): () => Record<string, number> | undefined {
  const start = snap();
  const elu = performance.eventLoopUtilization();
  return () => {
    const end = snap();
    if (!start || !end) return undefined;
    const s = (end.at - start.at) / 1000;
    const mine = new Set([process.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, [ppid]] of end.procs) if (!mine.has(pid) && mine.has(ppid)) (mine.add(pid), (grew = true));
    }
    const out: Record<string, number> = {};
    for (const [pid, [, ticks, comm]] of end.procs) {
      const d = ticks - (start.procs.get(pid)?.[1] ?? 0);
      if (d <= 0) continue;
      let g: string;
      if (pid === process.pid) g = 'bench node (autocannon + ws proxy + redis bridge)';
      else if (pid === redisPid) g = 'redis-server';
      else if (mine.has(pid)) g = /workerd/.test(comm) ? 'workerd' : /postgres|postmaster/.test(comm) ? 'postgres' : `our ${comm}`;
      else g = 'other processes';
      out[g] = (out[g] ?? 0) + d / 100 / s;
    }
    out['machine idle'] = ((end.idle - start.idle) / Math.max(1, end.all - start.all)) * availableParallelism();
    out['bench node event-loop utilisation'] = performance.eventLoopUtilization(elu).utilization;
    return out;
  };
}

/** Waits (up to maxWaitS) for a second in which processes other than ours (and `exclude`) use < threshold cores. */
export async function waitForQuietExcluding(maxWaitS: number, exclude: number[], threshold = 0.15): Promise<number> {
  const started = Date.now();
  while ((Date.now() - started) / 1000 < maxWaitS) {
    const cpu = foreignCpu({ excludePids: exclude });
    await sleep(1000);
    const used = cpu();
    if (used === undefined || used < threshold) break;
  }
  return (Date.now() - started) / 1000;
}
