/**
 * CPU profile of the storefront isolate under load, to see where a route's
 * time goes (the bench's stack, plus workerd's DevTools inspector):
 *
 *   npx tsx bench/profile.ts [route] [seconds]
 *
 * route: b (JSON, cache hit; default), c (HTML, cache hit), d (KV), e (Postgres),
 * or a-cache / a-kv / a to profile the baseline isolate instead.
 * Prints self time by function and by package/folder; the .cpuprofile (open
 * it in Chrome DevTools) is written to bench/results/ when BENCH_PROFILE_KEEP=1.
 * BENCH_VARIANT=<name> profiles an ablation variant (bench/ablation/variants.ts)
 * instead of the storefront, for routes b–e.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Cleanup } from './lib/cleanup';
import { freePort, sleep } from './lib/http';
import { runLoad, type RouteSpec } from './lib/load';
import { BASE_HOST, BENCH, ROOT, SF_HOST, startBenchStack } from './lib/stack';
import { bundleWithStubs } from './lib/bundle';
import { VARIANTS } from './ablation/variants';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const say = (m: string) => process.stdout.write(`[profile] ${m}\n`);
const cleanup = new Cleanup();

async function inspect(port: number, service: string) {
  let targets: { id: string; title?: string; webSocketDebuggerUrl: string }[] = [];
  for (let i = 0; i < 50 && targets.length === 0; i++) {
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    } catch {
      await sleep(100);
    }
  }
  const target = targets.find((t) => t.id.includes(service) || t.title?.includes(service) || t.webSocketDebuggerUrl.includes(service));
  if (!target) throw new Error(`no inspector target for ${service}: ${JSON.stringify(targets)}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (v: unknown) => void>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)!(msg.error ? Promise.reject(new Error(JSON.stringify(msg.error))) : msg.result);
      pending.delete(msg.id);
    }
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (v: unknown) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { send, close: () => ws.close() };
}

/** where a frame comes from: an npm package, a project folder, or the runtime */
function origin(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(runtime/native)';
  return url;
}

function summarise(profile: Profile, sourceNames: (url: string, line: number) => string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const cf = n.callFrame;
    const where = cf.url ? sourceNames(cf.url, cf.lineNumber) : origin(cf.url, cf.functionName);
    const fnKey = `${cf.functionName || '(anonymous)'}  ${where}`;
    byFn.set(fnKey, (byFn.get(fnKey) ?? 0) + us);
    const o = cf.url ? where.split(':')[0]! : origin(cf.url, cf.functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { total, pct, byFn: top(byFn, 30), byOrigin: top(byOrigin, 20) };
}

async function main() {
  cleanup.installSignalHandlers(say);
  const routeId = process.argv[2] ?? 'b';
  const seconds = Number(process.argv[3] ?? 8);
  try {
    const inspectorPort = await freePort();
    const variant = process.env.BENCH_VARIANT ? VARIANTS.find((v) => v.name === process.env.BENCH_VARIANT) : undefined;
    if (process.env.BENCH_VARIANT && !variant) throw new Error(`unknown variant ${process.env.BENCH_VARIANT}`);
    const stubDir = join(BENCH, 'ablation/stubs');
    const stack = await startBenchStack(cleanup, {
      say,
      inspectorPort,
      handle: process.env.BENCH_HANDLE,
      variants: variant
        ? [
            {
              name: variant.name,
              build: (outdir: string) =>
                bundleWithStubs(
                  ROOT,
                  join(ROOT, 'workers/storefront/src/index.ts'),
                  join(outdir, 'index.js'),
                  Object.fromEntries(Object.entries(variant.stubs).map(([d, f]) => [d, join(stubDir, f)])),
                ),
            },
          ]
        : undefined,
    });
    const sfHost = variant ? `${variant.name}.bench` : SF_HOST;
    if (variant) await stack.warmCache(stack.apiPath, sfHost).catch(() => undefined);
    const specs: Record<string, Omit<RouteSpec, 'id' | 'connections'>> = {
      a: { label: 'a', host: BASE_HOST, path: '/json', expect: { status: 200 } },
      'a-cache': { label: 'a-cache', host: BASE_HOST, path: '/cache', expect: { status: 200 } },
      'a-kv': { label: 'a-kv', host: BASE_HOST, path: '/kv', expect: { status: 200 } },
      b: { label: 'b', host: sfHost, path: stack.apiPath, expect: { status: 200, layers: ['hit', 'stale'] } },
      c: { label: 'c', host: sfHost, path: stack.pagePath, expect: { status: 200, layers: ['hit', 'stale'] } },
      d: { label: 'd', host: sfHost, path: stack.apiPath, headers: { 'x-vitrine-bypass': 'cache' }, expect: { status: 200, layers: ['kv'] } },
      e: { label: 'e', host: sfHost, path: stack.apiPath, headers: { 'x-vitrine-bypass': 'cache,kv' }, expect: { status: 200, layers: ['origin'] } },
    };
    const spec = specs[routeId];
    if (!spec) throw new Error(`unknown route ${routeId}`);
    const route: RouteSpec = { id: routeId, connections: routeId === 'e' ? 10 : 50, ...spec };
    const service = route.host === BASE_HOST ? 'baseline' : variant ? variant.name : 'storefront';
    if (variant && routeId === 'c') await stack.warmCache(stack.pagePath, sfHost).catch(() => undefined);

    const baseUrl = `http://127.0.0.1:${stack.port}`;
    await runLoad(baseUrl, route, 2); // JIT warm-up
    const insp = await inspect(inspectorPort, service);
    cleanup.add('inspector session', () => insp.close());
    await insp.send('Profiler.enable');
    await insp.send('Profiler.setSamplingInterval', { interval: 100 });
    await insp.send('Profiler.start');
    const res = await runLoad(baseUrl, route, seconds);
    const { profile } = await insp.send<{ profile: Profile }>('Profiler.stop');
    say(`${routeId}: ${res.rps.toFixed(0)} req/s under the profiler (${res.requests} requests, x-cache ${JSON.stringify(res.layers)})`);

    // the bundle is one file: name frames by the source file of the nearest preceding bundle comment
    const bundle = (await import('node:fs')).readFileSync(
      service === 'baseline' ? stack.bundles.baseline.path : variant ? stack.bundles.variants[variant.name]!.path : stack.bundles.storefront.path,
      'utf8',
    );
    const markers: { line: number; file: string }[] = [];
    bundle.split('\n').forEach((l, i) => {
      const mm = /^\/\/ (\S+\.(?:m?[jt]sx?|cjs))$/.exec(l);
      if (mm) markers.push({ line: i, file: mm[1]!.replace(/^.*node_modules\//, '') });
    });
    const fileAt = (line: number) => {
      let lo = 0;
      let hi = markers.length - 1;
      let best = '?';
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (markers[mid]!.line <= line) {
          best = markers[mid]!.file;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best;
    };
    const s = summarise(profile, (url, line) => (url.includes('index.js') || url.includes('worker.js') ? `${fileAt(line)}:${line + 1}` : url));
    const wall = (profile.endTime - profile.startTime) / 1000;
    say(`profile: ${(s.total / 1000).toFixed(0)} ms sampled over ${wall.toFixed(0)} ms; ${(s.total / Math.max(1, res.requests)).toFixed(1)} µs of samples per request`);
    say('self time by source file (bundle comments) / runtime:');
    for (const [k, v] of s.byOrigin) say(`  ${s.pct(v)}  ${(v / Math.max(1, res.requests)).toFixed(1).padStart(6)} µs/req  ${k}`);
    say('self time by function:');
    for (const [k, v] of s.byFn) say(`  ${s.pct(v)}  ${(v / Math.max(1, res.requests)).toFixed(1).padStart(6)} µs/req  ${k}`);
    if (process.env.BENCH_PROFILE_KEEP === '1') {
      const dir = join(BENCH, 'results');
      await mkdir(dir, { recursive: true });
      const file = join(dir, `profile-${routeId}-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      say(`saved ${file.slice(ROOT.length)}`);
    }
    return 0;
  } finally {
    await cleanup.runAll(say);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (cleanup.interrupted) process.exit(130);
    process.stderr.write(`[profile] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
