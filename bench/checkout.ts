/**
 * `npm run bench:checkout` — add-to-cart and checkout throughput of the
 * storefront beside the bare Hono baseline, in ONE Miniflare (workerd), over
 * HTTP with autocannon; the stack of the catalog bench (lib/stack.ts) plus
 * Redis (the machine's, a dedicated empty DB index) behind the Upstash REST
 * bridge (dev/redis-bridge).
 *
 *   (a)        baseline GET /json                       bare Hono, no I/O (as bench:catalog)
 *   (add)      POST /api/v1/carts/current/lines         {variantId, quantity: 1} into a distinct
 *                                                       pre-created EMPTY cart per request → 200
 *   (co-N)     POST /api/v1/checkout                    a distinct pre-filled cart per request
 *                                                       (2 lines, guest email, US address,
 *                                                       us-standard), its own Idempotency-Key,
 *                                                       {"payment":{"provider":"manual"}} → 201;
 *                                                       N autocannon connections (BENCH_CHECKOUT_CONNECTIONS)
 *   (mix)      a shopping mix over one pool of carts, per 20 requests: 14 product
 *              JSON reads (GET /api/v1/products/{handle}, edge cache / KV), 4
 *              add-to-cart, 1 cart read, 1 checkout → 200 / 201 (BENCH_MIX_CONNECTIONS)
 *
 * Carts are written to Redis before each run (never inside the measured
 * window), rate × (warm-up + duration) × 1.5 of them; each is used once.
 * Every response's status is checked; a run with any other status, socket
 * error, timeout or a pool that ran dry is INVALID. After each checkout run the
 * orders in Postgres are counted against the 201s.
 *
 * Then a profile: placeOrder() in a probe worker (lib/checkout-probe-worker.js)
 * with every query timed, one at a time and at load concurrency; and the rate
 * of bare per-request Postgres connections and Redis calls.
 *
 * Environment: BENCH_DURATION (s, 8), BENCH_WARMUP (s, 1), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (50, baseline), BENCH_CART_CONNECTIONS (25), BENCH_MIX_CONNECTIONS (25),
 * BENCH_CHECKOUT_CONNECTIONS (list, "10,25,50"), BENCH_VARIANTS (1000),
 * BENCH_ONLY (route ids), BENCH_PROFILE (1; 0 skips the profile),
 * BENCH_QUIET_BUDGET (s, 120), REDIS_URL (redis://127.0.0.1:6379), DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Instance } from 'autocannon';
import { bundleWithStubs } from './lib/bundle';
import { openBenchRedis, topUpStock, writeCarts, dbTallies, type BenchVariant } from './lib/checkout-carts';
import { cpuByGroup, postProblems, runPostLoad, waitForQuietExcluding, type PostLoadResult, type PostRouteSpec } from './lib/checkout-load';
import { drive, phases, probe, type PhaseRow } from './lib/checkout-profile';
import { Cleanup, importWithoutExitHooks } from './lib/cleanup';
import { foreignCpu } from './lib/cpu';
import { freePort, sleep } from './lib/http';
import { problemsOf, runLoad, type LoadResult, type RouteSpec } from './lib/load';
import { machine } from './lib/machine';
import { measureQuietly } from './lib/quiet';
import { median, NOISE } from './lib/report';
import { target, targetLine } from './lib/targets';
import { BASE_HOST, BENCH, ROOT, SF_HOST, startBenchStack } from './lib/stack';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const DURATION = num('BENCH_DURATION', 8);
const WARMUP = num('BENCH_WARMUP', 1);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
/** add-to-cart: one Redis read, one HTTP query for the variant, one Redis write */
const CART_CONNECTIONS = num('BENCH_CART_CONNECTIONS', 25);
const MIX_CONNECTIONS = num('BENCH_MIX_CONNECTIONS', 25);
const CHECKOUT_CONNECTIONS = (process.env.BENCH_CHECKOUT_CONNECTIONS ?? '10,25,50')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
/**
 * Checkout carts spread over this many variants (2 lines each): few variants would measure row-lock
 * waits on hot inventory rows (checkouts lock them for their whole transaction), not throughput.
 */
const VARIANTS = num('BENCH_VARIANTS', 1000);
const PROFILE = process.env.BENCH_PROFILE !== '0';
const TARGET_CHECKOUTS = 300;
const TARGET_ADDS = 500;
const FOREIGN_CPU_WARN = 0.25;
const QUIET_BUDGET_S = num('BENCH_QUIET_BUDGET', 120);
const PROBE_HOST = 'probe.bench';

const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);
const cleanup = new Cleanup();

interface Summary {
  id: string;
  label: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  roundsRps: number[];
  requests: number;
  valid: boolean;
  problems: string[];
  samples: string[];
  foreignCoresMax?: number | undefined;
  vsA: number;
  cpu?: Record<string, number> | undefined;
  target?: { min: number; pass: boolean; withinNoise: boolean };
}

type AnyResult = (LoadResult | PostLoadResult) & { attempts?: number };

function summarise(id: string, label: string, connections: number, rs: AnyResult[], isPost: boolean): Summary {
  const problems = [...new Set(rs.flatMap((x, i) => (isPost ? postProblems(x as PostLoadResult) : problemsOf(x)).map((p) => `round ${i + 1}: ${p}`)))];
  // CPU split: the round with the median rate
  const byRps = [...rs].sort((a, b) => a.rps - b.rps);
  const mid = byRps[byRps.length >> 1] as PostLoadResult | undefined;
  return {
    id,
    label,
    connections,
    rps: median(rs.map((x) => x.rps)),
    p50: median(rs.map((x) => x.p50)),
    p99: median(rs.map((x) => x.p99)),
    roundsRps: rs.map((x) => Math.round(x.rps)),
    requests: rs.reduce((s, x) => s + x.requests, 0),
    valid: rs.length > 0 && problems.length === 0,
    problems,
    samples: [...new Set(rs.flatMap((x) => x.samples))].slice(0, 3),
    foreignCoresMax: rs.some((x) => x.foreignCores !== undefined) ? Math.max(...rs.map((x) => x.foreignCores ?? 0)) : undefined,
    vsA: 0,
    cpu: mid?.cpu,
  };
}

function pad(rows: string[][], right: Set<number>): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), w.map((n) => '-'.repeat(n)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const result = (s: Summary) => (!s.valid ? 'INVALID' : s.target ? `${s.target.pass ? 'PASS' : 'MISS'}${s.target.withinNoise ? ' (within noise)' : ''}` : '');

function table(ss: Summary[]): string {
  const rows = [['route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs (a)', 'target', 'result']];
  for (const s of ss) rows.push([s.label, String(s.connections), s.rps.toFixed(0), s.p50.toFixed(1), s.p99.toFixed(1), pct(s.vsA), s.target ? `≥ ${s.target.min}/s` : '', result(s)]);
  return pad(rows, new Set([1, 2, 3, 4, 5]));
}

function markdownTable(ss: Summary[]): string {
  const lines = ss.map(
    (s) =>
      `| ${s.label} | ${s.connections} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${pct(s.vsA)} | ${s.target ? `≥ ${s.target.min}/s` : ''} | ${
        !s.valid ? 'INVALID' : s.target ? `**${result(s)}**` : ''
      } |`,
  );
  return ['| route | conns | req/s | p50 ms | p99 ms | vs (a) | target | result |', '|---|--:|--:|--:|--:|--:|---|---|', ...lines].join('\n');
}

function cpuLine(s: Summary): string {
  if (!s.cpu) return '';
  return Object.entries(s.cpu)
    .filter(([k]) => !k.includes('event-loop') && k !== 'machine idle')
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .concat(s.cpu['machine idle'] !== undefined ? [`idle ${s.cpu['machine idle']!.toFixed(2)}`] : [])
    .concat(s.cpu['bench node event-loop utilisation'] !== undefined ? [`bench node event loop ${(s.cpu['bench node event-loop utilisation']! * 100).toFixed(0)} % busy`] : [])
    .join(', ');
}

function cpuText(c: Record<string, number> | undefined): string {
  if (!c) return '';
  return Object.entries(c)
    .filter(([k, v]) => !k.includes('event-loop') && (v >= 0.01 || k === 'machine idle'))
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.replace(/ \(.*\)/, '')} ${v.toFixed(2)}`)
    .join(', ');
}

function phaseTable(title: string, rows: PhaseRow[], extra: string): string {
  const r = [['phase', 'calls', 'mean ms', 'p50 ms']];
  for (const x of rows) r.push([x.phase, x.count.toFixed(1), x.meanMs.toFixed(2), x.p50Ms.toFixed(1)]);
  return `${title} ${extra}\n${pad(r, new Set([1, 2, 3]))}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  cleanup.installSignalHandlers(say);
  try {
    // Redis (the machine's; started if missing, as dev/stack does) in a dedicated empty DB, behind the bridge
    const m = await importWithoutExitHooks(async () => ({
      ensure: await import('../dev/redis-bridge/ensure-redis'),
      bridge: await import('../dev/redis-bridge/server'),
    }));
    const redisBase = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const ensured = await m.ensure.ensureRedis(redisBase, { log: say });
    cleanup.add('redis-server (started by the bench)', () => ensured.stop());
    const benchRedis = await openBenchRedis(redisBase, say);
    cleanup.add('redis bench keys', async () => {
      const n = await benchRedis.clean();
      say(`deleted ${n} keys from Redis DB ${benchRedis.db}`);
      await benchRedis.close();
    });
    const token = randomBytes(24).toString('base64url');
    const bridge = await m.bridge.startRedisBridge({ port: await freePort(), redisUrl: benchRedis.url, token });
    cleanup.add('redis bridge', () => bridge.close());
    say(`Upstash REST bridge on ${bridge.url} → DB ${benchRedis.db}`);

    const stack = await startBenchStack(cleanup, {
      say,
      storefrontBindings: {
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        ORDER_LINK_SECRET: randomBytes(32).toString('base64url'),
        PAYMENT_PROVIDERS: 'manual',
      },
      variants: PROFILE
        ? [{ name: 'probe', build: (outdir) => bundleWithStubs(ROOT, join(BENCH, 'lib/checkout-probe-worker.js'), join(outdir, 'probe.js'), {}) }]
        : undefined,
    });
    const bindings = (await stack.mf.getBindings('storefront')) as Record<string, unknown>;
    const databaseUrl = String(bindings.DATABASE_URL);
    const variants: BenchVariant[] = await topUpStock(databaseUrl, VARIANTS);
    if (variants.length < 2) throw new Error(`only ${variants.length} sellable USD variants in the catalog`);
    say(`stock: ${variants.length} bench variants set to on_hand = 1,000,000`);
    const V = variants.length;
    const twoLines = (n: number) => [
      { variantId: variants[n % V]!.variantId, quantity: 1 },
      { variantId: variants[(n + (V >> 1)) % V]!.variantId, quantity: 1 },
    ];
    const runTag = randomBytes(4).toString('hex');
    const JSON_HEADERS = { 'content-type': 'application/json' };
    const CHECKOUT_BODY = JSON.stringify({ payment: { provider: 'manual' } });
    let keySeq = 0;

    // the routes
    const addRoute: PostRouteSpec = {
      id: 'add',
      label: '(add) add to cart',
      host: SF_HOST,
      path: '/api/v1/carts/current/lines',
      connections: CART_CONNECTIONS,
      expectStatus: 200,
      request: (cartId, n) => ({ headers: { ...JSON_HEADERS, 'cart-id': cartId }, body: JSON.stringify({ variantId: variants[n % V]!.variantId, quantity: 1 }) }),
    };
    const checkoutRoute = (c: number): PostRouteSpec => ({
      id: `co-${c}`,
      label: `(co-${c}) checkout`,
      host: SF_HOST,
      path: '/api/v1/checkout',
      connections: c,
      expectStatus: 201,
      request: (cartId) => ({ headers: { ...JSON_HEADERS, 'cart-id': cartId, 'idempotency-key': `bench-${runTag}-${keySeq++}` }, body: CHECKOUT_BODY }),
    });
    /** per 20 requests: 14 product reads, 4 add-to-cart, 1 cart read, 1 checkout (each request takes a cart from the pool) */
    const mixRoute: PostRouteSpec = {
      id: 'mix',
      label: '(mix) browse/add/checkout',
      host: SF_HOST,
      path: '/api/v1/checkout',
      connections: MIX_CONNECTIONS,
      expectStatus: [200, 201],
      request: (cartId, n): { method?: string; path?: string; headers: Record<string, string>; body?: string } => {
        const k = n % 20;
        if (k < 14) return { method: 'GET', path: `/api/v1/products/${variants[(n * 7) % V]!.handle}`, headers: {} };
        if (k < 18) return { headers: { ...JSON_HEADERS, 'cart-id': cartId }, path: '/api/v1/carts/current/lines', body: JSON.stringify({ variantId: variants[n % V]!.variantId, quantity: 1 }) };
        if (k === 18) return { method: 'GET', path: '/api/v1/carts/current', headers: { 'cart-id': cartId } };
        return { headers: { ...JSON_HEADERS, 'cart-id': cartId, 'idempotency-key': `bench-${runTag}-mix-${keySeq++}` }, body: CHECKOUT_BODY };
      },
    };
    const baseline: RouteSpec = { id: 'a', label: '(a) baseline /json', host: BASE_HOST, path: '/json', connections: CONNECTIONS, expect: { status: 200, body: stack.body } };
    type Entry = { kind: 'get'; spec: RouteSpec } | { kind: 'post'; spec: PostRouteSpec; ready: boolean };
    const all: Entry[] = [
      { kind: 'get', spec: baseline },
      { kind: 'post', spec: addRoute, ready: false },
      ...CHECKOUT_CONNECTIONS.map((c): Entry => ({ kind: 'post', spec: checkoutRoute(c), ready: true })),
      { kind: 'post', spec: mixRoute, ready: true },
    ];
    const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
    const selected = only ? all.filter((e) => only.includes(e.spec.id)) : all;

    // sanity before any load: the storefront reads the prepared carts, adds a line and checks out
    {
      const [empty] = await writeCarts(benchRedis.redis, 1, () => ({ lines: [], ready: false }));
      const add = addRoute.request(empty!, 0);
      // stack.get sends no body: fetch for the POSTs
      const base = `http://127.0.0.1:${stack.port}`;
      const post = (path: string, headers: Record<string, string>, body: string | undefined) => fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, host: SF_HOST }, body });
      const r1 = await post(addRoute.path, add.headers, add.body);
      if (r1.status !== 200) throw new Error(`add-to-cart sanity check: ${r1.status} ${(await r1.text()).slice(0, 300)}`);
      const [ready] = await writeCarts(benchRedis.redis, 1, (i) => ({ lines: twoLines(i), ready: true }));
      const g = await stack.get(SF_HOST, '/api/v1/carts/current', { 'cart-id': ready! });
      const view = JSON.parse(g.body) as { lines?: unknown[] };
      if (g.status !== 200 || view.lines?.length !== 2) throw new Error(`prepared cart not readable by the storefront: ${g.status} ${g.body.slice(0, 300)}`);
      const co = checkoutRoute(1).request(ready!, 0);
      const r2 = await post('/api/v1/checkout', co.headers, co.body);
      if (r2.status !== 201) throw new Error(`checkout sanity check: ${r2.status} ${(await r2.text()).slice(0, 300)}`);
      say('sanity: add-to-cart 200, prepared cart readable (2 lines), checkout 201');
    }

    const exclude = benchRedis.serverPid ? [benchRedis.serverPid] : [];
    const baseUrl = `http://127.0.0.1:${stack.port}`;
    const est: Record<string, number> = {};
    const estimate = (id: string) => est[id] ?? (id === 'add' ? 800 : id === 'mix' ? 1500 : 500);
    let current: Instance | undefined;
    cleanup.onInterrupt(() => current?.stop());
    const budget = { s: QUIET_BUDGET_S };
    const runs = new Map<string, AnyResult[]>();

    /** prepares a pool, waits for a quiet second, warms up, measures; again (with a new pool) if others used the CPU */
    const measurePost = async (e: Extract<Entry, { kind: 'post' }>): Promise<PostLoadResult & { attempts: number; ordersCheck?: string }> => {
      let best: (PostLoadResult & { attempts: number; ordersCheck?: string }) | undefined;
      for (let attempt = 1; ; attempt++) {
        const n = Math.ceil(estimate(e.spec.id) * (WARMUP + DURATION) * 1.5) + 200;
        const t = Date.now();
        const ids = await writeCarts(benchRedis.redis, n, (i) => ({ lines: e.ready ? twoLines(i) : [], ready: e.ready }));
        const pool = { ids, next: 0 };
        const prepMs = Date.now() - t;
        const before = e.ready && e.spec.id.startsWith('co-') ? await dbTallies(databaseUrl, variants.map((v) => v.variantId)) : undefined;
        budget.s -= await waitForQuietExcluding(Math.min(10, Math.max(0, budget.s)), exclude);
        const wu = await runPostLoad(baseUrl, e.spec, WARMUP, pool, (i) => (current = i));
        const cpu = foreignCpu({ excludePids: exclude });
        const groups = cpuByGroup(benchRedis.serverPid);
        const res = await runPostLoad(baseUrl, e.spec, DURATION, pool, (i) => (current = i));
        current = undefined;
        res.foreignCores = cpu();
        res.cpu = groups();
        res.warmupStatuses = wu.statuses;
        if (wu.poolExhausted) res.poolExhausted = true;
        res.poolSize = ids.length;
        let ordersCheck: string | undefined;
        if (before) {
          await sleep(1500); // background work (cart delete, outbox publish) settles
          const after = await dbTallies(databaseUrl, variants.map((v) => v.variantId));
          const created = (wu.statuses['201'] ?? 0) + (res.statuses['201'] ?? 0);
          const orders = after.orders - before.orders;
          const units = before.unitsLeft - after.unitsLeft;
          ordersCheck = `${orders} orders for ${created} × 201, ${units} units off stock, outbox unpublished ${after.outboxPending}`;
          // requests still in flight when autocannon stops (warm-up and measured run: ≤ 2 × connections) complete
          // without their response being counted: they may add orders, never lose one
          if (orders < created || orders > created + 2 * e.spec.connections || units !== 2 * orders) {
            res.samples.push(`DB check failed: ${ordersCheck}`);
            res.wrongStatus += Math.abs(orders - created) || 1;
          }
        }
        est[e.spec.id] = Math.max(estimate(e.spec.id), res.rps * 1.1, wu.rps * 1.1) * (res.poolExhausted ? 2 : 1);
        const r = { ...res, attempts: attempt, ordersCheck };
        say(`    ${e.spec.id}: ${ids.length} carts prepared in ${prepMs} ms, ${pool.next} used${ordersCheck ? `; ${ordersCheck}` : ''}`);
        if (!best || (r.foreignCores ?? 0) < (best.foreignCores ?? 0) || (best.poolExhausted && !r.poolExhausted)) best = r;
        const again =
          (((r.foreignCores ?? 0) > FOREIGN_CPU_WARN && budget.s >= DURATION + WARMUP) || r.poolExhausted) && attempt < 3;
        if (!again) break;
        budget.s -= DURATION + WARMUP;
        say(`    ${r.poolExhausted ? 'cart pool ran dry' : `other processes used ${(r.foreignCores ?? 0).toFixed(2)} cores`} during ${e.spec.id}: measuring again`);
      }
      return { ...best!, attempts: best!.attempts };
    };

    say(
      `load: ${ROUNDS} rounds × ${selected.length} routes × (${WARMUP} s warm-up + ${DURATION} s); connections: (a) ${CONNECTIONS}, (add) ${CART_CONNECTIONS}, checkout ${CHECKOUT_CONNECTIONS.join('/')}`,
    );
    const loadBefore = loadavg()[0]!;
    const loadStarted = Date.now();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const e of selected) {
        if (cleanup.interrupted) throw new Error('interrupted');
        let res: AnyResult & { attempts: number };
        if (e.kind === 'get') {
          res = await measureQuietly(baseUrl, e.spec, DURATION, { warmupS: WARMUP, maxForeignCores: FOREIGN_CPU_WARN, budget, onStart: (i) => (current = i), say });
          current = undefined;
        } else {
          res = await measurePost(e);
        }
        runs.set(e.spec.id, [...(runs.get(e.spec.id) ?? []), res]);
        const problems = e.kind === 'get' ? problemsOf(res) : postProblems(res as PostLoadResult);
        say(
          `round ${round} ${e.spec.label.padEnd(22)} ${res.rps.toFixed(0).padStart(6)} req/s  p50 ${res.p50.toFixed(1).padStart(6)} ms  p99 ${res.p99
            .toFixed(1)
            .padStart(7)} ms  statuses ${JSON.stringify(res.statuses)}${res.foreignCores !== undefined ? `  other processes ${res.foreignCores.toFixed(2)} cores` : ''}${
            res.attempts > 1 ? ` (best of ${res.attempts})` : ''
          }${problems.length ? `  PROBLEMS: ${problems.join(', ')}` : ''}`,
        );
        for (const s of res.samples) say(`    e.g. ${s}`);
        await sleep(500);
      }
    }
    const loadS = (Date.now() - loadStarted) / 1000;

    // summaries
    const summaries = selected.map((e) => summarise(e.spec.id, e.spec.label, e.spec.connections, runs.get(e.spec.id) ?? [], e.kind === 'post'));
    const a = summaries.find((s) => s.id === 'a');
    for (const s of summaries) {
      s.vsA = a && a.rps > 0 ? s.rps / a.rps : 0;
      if (s.id.startsWith('co-')) {
        s.target = { min: TARGET_CHECKOUTS, pass: s.valid && s.rps >= TARGET_CHECKOUTS, withinNoise: Math.abs(s.rps - TARGET_CHECKOUTS) / TARGET_CHECKOUTS < NOISE };
      }
    }
    // the best: the highest rate; among rates within noise of it, the fewest connections (lowest latency)
    const checkouts = summaries.filter((s) => s.id.startsWith('co-') && s.valid).sort((x, y) => y.rps - x.rps);
    const bestCheckout = checkouts.filter((s) => s.rps >= checkouts[0]!.rps * (1 - NOISE)).sort((x, y) => x.connections - y.connections)[0];

    // profile
    let profile: Record<string, unknown> | undefined;
    const profileLines: string[] = [];
    if (PROFILE && !cleanup.interrupted) {
      say('profile: placeOrder() with timed I/O in the probe worker…');
      const conc = bestCheckout?.connections ?? CHECKOUT_CONNECTIONS[0] ?? 10;
      const N1 = 150;
      const NC = 600;
      const ids = await writeCarts(benchRedis.redis, N1 + NC, (i) => ({ lines: twoLines(i), ready: true }));
      const call = (i: number) => probe(stack.port, PROBE_HOST, '/checkout', 'POST', { 'cart-id': ids[i]!, 'idempotency-key': `probe-${runTag}-${i}` });
      for (let i = 0; i < 20; i++) await probe(stack.port, PROBE_HOST, '/pg'); // warm the isolate
      const seq = await drive(N1, 1, call);
      const parl = await drive(NC, conc, (i) => call(N1 + i));
      const bad = [...seq.answers, ...parl.answers].filter((x) => x.status !== 201).length;
      const seqRows = phases(seq.answers);
      const parRows = phases(parl.answers);
      // primitive rates at the same concurrency
      const prim: Record<string, LoadResult> = {};
      const primCpu: Record<string, Record<string, number>> = {};
      for (const [id, path] of [
        ['pg', '/pg'],
        ['pg-tx', '/pg-tx'],
        ['redis', '/redis'],
      ] as const) {
        await waitForQuietExcluding(5, exclude);
        const g = cpuByGroup(benchRedis.serverPid);
        prim[id] = await runLoad(baseUrl, { id, label: id, host: PROBE_HOST, path, connections: conc, expect: { status: 200 } }, 5, (i) => (current = i));
        primCpu[id] = g() ?? {};
        current = undefined;
      }
      // the same from Node over plain TCP (no workerd, no WebSocket proxy): what Postgres itself allows
      // one indexed lookup in each table a checkout touches: on a NEW backend this pays the per-backend
      // catalog-cache loading that a pooled (reused) backend pays once
      const TOUCH = `select (select count(*) from orders where id = $1::uuid) + (select count(*) from order_lines where order_id = $1::uuid)
        + (select count(*) from payments where order_id = $1::uuid) + (select count(*) from idempotency_keys where scope = 'x' and key = 'x')
        + (select count(*) from outbox where id = -1) + (select count(*) from inventory_levels where variant_id = $1::uuid)
        + (select count(*) from variants v join products p on p.id = v.product_id join variant_prices vp on vp.variant_id = v.id where v.id = $1::uuid) as n`;
      const ZERO = '00000000-0000-0000-0000-000000000000';
      const nodeDirect = async (n: number, c: number, queries: number, text = 'select 1') => {
        const t = Date.now();
        await drive(n, c, async () => {
          const client = new pg.Client({ connectionString: databaseUrl });
          await client.connect();
          for (let k = 0; k < queries; k++) await (text === 'select 1' ? client.query(text) : client.query(text, [ZERO]));
          await client.end();
          return { status: 200, timings: [], total: 0 };
        });
        return n / ((Date.now() - t) / 1000);
      };
      await waitForQuietExcluding(5, exclude);
      let g = cpuByGroup(benchRedis.serverPid);
      const direct1 = await nodeDirect(1000, conc, 1);
      primCpu['node-direct-1'] = g() ?? {};
      g = cpuByGroup(benchRedis.serverPid);
      const direct15 = await nodeDirect(400, conc, 15);
      primCpu['node-direct-15'] = g() ?? {};
      g = cpuByGroup(benchRedis.serverPid);
      const directTouch = await nodeDirect(600, conc, 1, TOUCH);
      primCpu['node-direct-touch'] = g() ?? {};
      // the same lookup on 10 warm, reused connections (what a pooler gives)
      const warm = new pg.Pool({ connectionString: databaseUrl, max: conc });
      await drive(conc * 5, conc, async () => (await warm.query(TOUCH, [ZERO]), { status: 200, timings: [], total: 0 }));
      g = cpuByGroup(benchRedis.serverPid);
      const tw = Date.now();
      await drive(5000, conc, async () => (await warm.query(TOUCH, [ZERO]), { status: 200, timings: [], total: 0 }));
      const warmTouch = 5000 / ((Date.now() - tw) / 1000);
      primCpu['node-warm-touch'] = g() ?? {};
      await warm.end();
      // Postgres CPU per operation (ms): cores × 1000 / rate
      const pgMs = (cpu: Record<string, number> | undefined, rate: number) => (((cpu?.postgres ?? 0) * 1000) / Math.max(rate, 1e-9)).toFixed(1);
      const rtt = await (async () => {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        const t = performance.now();
        for (let k = 0; k < 500; k++) await client.query('select 1');
        const ms = (performance.now() - t) / 500;
        await client.end();
        return ms;
      })();
      profileLines.push(
        '',
        phaseTable('Checkout profile, one at a time:', seqRows, `(${N1} checkouts, ${(N1 / (seq.wallMs / 1000)).toFixed(0)}/s)`),
        '',
        phaseTable(`Checkout profile, ${conc} in flight:`, parRows, `(${NC} checkouts, ${(NC / (parl.wallMs / 1000)).toFixed(0)}/s${bad ? `, ${bad} FAILED` : ''})`),
        '',
        `Primitives at ${conc} connections (5 s each, probe worker): ` +
          Object.entries(prim)
            .map(
              ([k, r]) =>
                `${k === 'pg' ? 'one HTTP query (select 1)' : k === 'pg-tx' ? 'one HTTP batch transaction (2 statements)' : 'one Redis EVAL via the bridge'} ${r.rps.toFixed(0)}/s (p50 ${r.p50} ms; Postgres CPU ${pgMs(primCpu[k], r.rps)} ms each; CPU ${cpuText(primCpu[k])})${problemsOf(r).length ? ` INVALID: ${problemsOf(r).join(', ')}` : ''}`,
            )
            .join('; '),
        `Node over plain TCP (no workerd, no proxy), ${conc} in flight: connect + select 1 + end ${direct1.toFixed(0)}/s (Postgres CPU ${pgMs(primCpu['node-direct-1'], direct1)} ms each; CPU ${cpuText(primCpu['node-direct-1'])}); connect + 15 × select 1 + end ${direct15.toFixed(0)}/s (Postgres CPU ${pgMs(primCpu['node-direct-15'], direct15)} ms each); one select 1 round trip on an open connection ${rtt.toFixed(2)} ms`,
        `Node over plain TCP, one indexed lookup in each of the 7 checkout tables: on a new connection each time ${directTouch.toFixed(0)}/s (Postgres CPU ${pgMs(primCpu['node-direct-touch'], directTouch)} ms each); on ${conc} reused connections ${warmTouch.toFixed(0)}/s (Postgres CPU ${pgMs(primCpu['node-warm-touch'], warmTouch)} ms each)`,
      );
      profile = { primitivesCpu: primCpu, nodeDirect: { connectSelect1PerS: direct1, connect15SelectsPerS: direct15, rttMs: rtt, newConnTouchPerS: directTouch, warmTouchPerS: warmTouch }, concurrency: conc, sequential: { n: N1, wallMs: seq.wallMs, rows: seqRows }, concurrent: { n: NC, wallMs: parl.wallMs, rows: parRows }, failed: bad, primitives: prim };
    }

    const add = summaries.find((s) => s.id === 'add');
    const targets = [
      target('checkout.rps', bestCheckout?.rps ?? null, TARGET_CHECKOUTS, 'req/s', '>=', bestCheckout ? `best of ${CHECKOUT_CONNECTIONS.join('/')} connections: ${bestCheckout.connections}` : 'no valid checkout run'),
      target('cart.add.rps', add?.valid ? add.rps : null, TARGET_ADDS, 'req/s', '>=', add ? `${add.connections} connections` : 'not run'),
    ];

    // report
    const info = machine(ROOT);
    const date = new Date().toISOString();
    const totalS = (Date.now() - started) / 1000;
    const overall = bestCheckout && bestCheckout.rps >= TARGET_CHECKOUTS ? 'PASS' : 'MISS';
    const lines = [
      '',
      `Vitrine checkout bench — ${date}`,
      `machine: ${info.nproc} cores (${info.cpu}), ${info.ramGiB} GiB RAM, Node ${info.node}, workerd ${info.workerd}, miniflare ${info.miniflare}`,
      `${ROUNDS} rounds × ${DURATION} s (+${WARMUP} s warm-up), median of rounds; carts: add = empty cart + 1 line; checkout = 2 lines of ${V} bench variants, manual payment, guest`,
      '',
      table(summaries),
      '',
      `req/s per round: ${summaries.map((s) => `${s.id} ${s.roundsRps.join('/')}`).join('; ')}`,
      ...summaries.filter((s) => s.cpu).map((s) => `CPU (cores) during ${s.id}: ${cpuLine(s)}${s.cpu?.postgres && s.rps > 0 ? `  → Postgres CPU ≈ ${((s.cpu.postgres * 1000) / s.rps).toFixed(1)} ms, workerd ≈ ${(((s.cpu.workerd ?? 0) * 1000) / s.rps).toFixed(1)} ms per request` : ''}`),
      '',
      bestCheckout
        ? `checkouts/s: best ${bestCheckout.rps.toFixed(0)} at ${bestCheckout.connections} connections (fewest connections within ${NOISE * 100} % of the highest rate) — target ≥ ${TARGET_CHECKOUTS}/s: ${overall}${
            Math.abs(bestCheckout.rps - TARGET_CHECKOUTS) / TARGET_CHECKOUTS < NOISE ? ' (within noise)' : ''
          }`
        : `checkouts/s: no valid checkout run — target ≥ ${TARGET_CHECKOUTS}/s: MISS`,
      `Differences under ${NOISE * 100} % are noise on this machine (and p99 is noisy under Miniflare).`,
      ...(() => {
        const mix = summaries.find((s) => s.id === 'mix');
        return mix ? [`mixed run: ${mix.rps.toFixed(0)} req/s (≈ ${(mix.rps / 20).toFixed(0)} checkouts/s, ${((mix.rps * 4) / 20).toFixed(0)} adds/s, ${((mix.rps * 14) / 20).toFixed(0)} product reads/s), p50 ${mix.p50} ms${mix.valid ? '' : ' INVALID'}`] : [];
      })(),
      ...targets.map(targetLine),
    ];
    for (const s of summaries) if (!s.valid) lines.push(`INVALID ${s.label}: ${s.problems.join('; ')}${s.samples.length ? ` — e.g. ${s.samples.join(' | ')}` : ''}`);
    const busy = summaries.filter((s) => (s.foreignCoresMax ?? 0) > FOREIGN_CPU_WARN);
    if (busy.length > 0) {
      lines.push(
        `WARNING: other processes used up to ${Math.max(...busy.map((s) => s.foreignCoresMax ?? 0)).toFixed(2)} cores during ${busy
          .map((s) => `(${s.id})`)
          .join(', ')}: those figures are skewed (this machine has ${availableParallelism()} cores); re-run when the machine is idle.`,
      );
    }
    lines.push(...profileLines);
    if (stack.runtimeOutput.lines > 0) lines.push(`workerd printed ${stack.runtimeOutput.lines} lines (first: ${stack.runtimeOutput.first[0] ?? ''})`);
    lines.push(`runtime: ${totalS.toFixed(0)} s in all, ${loadS.toFixed(0)} s of load`);
    process.stdout.write(`${lines.join('\n')}\n`);

    const results = {
      date,
      command: 'npm run bench:checkout',
      machine: info,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      quietBudgetLeftS: budget.s,
      settings: { durationS: DURATION, warmupS: WARMUP, rounds: ROUNDS, connections: CONNECTIONS, cartConnections: CART_CONNECTIONS, checkoutConnections: CHECKOUT_CONNECTIONS, variants: V, noise: NOISE },
      definitions: {
        a: 'baseline GET /json (bare Hono, product document from a text binding)',
        add: 'POST /api/v1/carts/current/lines {variantId, quantity:1} with Cart-Id of a distinct pre-created empty cart → 200',
        checkout: 'POST /api/v1/checkout {"payment":{"provider":"manual"}} with Cart-Id of a distinct pre-filled cart (2 lines, guest email, US address, us-standard) and a distinct Idempotency-Key → 201',
        mix: 'per 20 requests: 14 GET /api/v1/products/{handle}, 4 add-to-cart, 1 GET cart, 1 checkout; each on its own pre-filled cart',
      },
      target: { checkoutsPerS: TARGET_CHECKOUTS, best: bestCheckout ? { connections: bestCheckout.connections, rps: bestCheckout.rps } : null, result: overall },
      targets,
      routes: summaries.map((s) => ({ ...s, rounds: runs.get(s.id) })),
      markdown: markdownTable(summaries),
      profile,
      runtimeOutputLines: stack.runtimeOutput.lines,
      runtimeS: { total: totalS, load: loadS },
    };
    const dir = join(BENCH, 'results');
    await mkdir(dir, { recursive: true });
    let file = join(dir, `checkout-${date.slice(0, 10)}.json`);
    if (await stat(file).then(() => true, () => false)) file = join(dir, `checkout-${date.slice(0, 19).replace(/:/g, '-')}.json`);
    await writeFile(`${file}.tmp`, `${JSON.stringify(results, (k, v) => (k === 'path' ? undefined : v), 2)}\n`);
    await rename(`${file}.tmp`, file);
    say(`results saved to ${file.slice(ROOT.length)}`);
    return summaries.every((s) => s.valid) ? 0 : 1;
  } finally {
    await cleanup.runAll(say);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (cleanup.interrupted) process.exit(130);
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
