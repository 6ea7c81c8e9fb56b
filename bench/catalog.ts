/**
 * `npm run bench:catalog` — throughput of the storefront's catalog read path
 * against a bare Hono baseline, both in ONE Miniflare (workerd) instance and
 * measured over HTTP with autocannon.
 *
 *   (a)       baseline GET /json          same body, no I/O
 *   (a-cache) baseline GET /cache         one caches.default.match()
 *   (a-kv)    baseline GET /kv            one KV get(key, 'text')
 *   (b)       GET /api/v1/products/:h     edge cache hit (or stale)
 *   (c)       GET /products/:h            HTML page, edge cache hit (or stale)
 *   (d)       (b) with x-vitrine-bypass: cache        → KV
 *   (e)       (b) with x-vitrine-bypass: cache,kv     → Postgres
 *
 * Routes are interleaved per round (a … e, then again), ROUNDS rounds; the
 * median of the rounds is reported. Every response is checked (status and
 * x-cache); a route served by the wrong layer is INVALID. The stack (see
 * lib/stack.ts) is started from scratch and removed at the end, on error
 * and on Ctrl-C.
 *
 * Environment: BENCH_DURATION (s, 8), BENCH_WARMUP (s, 1), BENCH_ROUNDS (3),
 * BENCH_CONNECTIONS (50), BENCH_DB_CONNECTIONS (10), BENCH_ONLY (route ids,
 * comma-separated), BENCH_HANDLE, BENCH_PRODUCTS (seed size), DATABASE_URL,
 * BENCH_QUIET_BUDGET (s, 100: extra time to wait for and re-measure around other
 * processes' CPU use — this machine is shared).
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Instance } from 'autocannon';
import { formatBundle } from './lib/bundle';
import { Cleanup } from './lib/cleanup';
import { sleep } from './lib/http';
import { problemsOf, type LoadResult, type RouteSpec } from './lib/load';
import { measureQuietly } from './lib/quiet';
import { machine } from './lib/machine';
import { layerSplit, markdownTable, NOISE, summarise, table } from './lib/report';
import { BASE_HOST, BENCH, ROOT, SF_HOST, startBenchStack } from './lib/stack';
import { target, targetLine } from './lib/targets';

const num = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const DURATION = num('BENCH_DURATION', 8);
const WARMUP = num('BENCH_WARMUP', 1);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
/**
 * (e) reads Postgres over Neon's HTTP transport (no connection per request;
 * the local endpoint pools them): the issue's goals for (e) are stated at 10
 * connections (p50 ≤ 25 ms), so that stays the default.
 */
const DB_CONNECTIONS = num('BENCH_DB_CONNECTIONS', 10);
const BUNDLE_TARGET_GZIP_KIB = 250;
/** other processes using more than this (in cores) during a run: measured again, and flagged if it stays so */
const FOREIGN_CPU_WARN = 0.25;
/** extra seconds the bench may spend waiting for a quiet machine and re-measuring */
const QUIET_BUDGET_S = num('BENCH_QUIET_BUDGET', 100);

const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);
const cleanup = new Cleanup();

async function main(): Promise<number> {
  const started = Date.now();
  cleanup.installSignalHandlers(say);
  try {
    const stack = await startBenchStack(cleanup, {
      say,
      handle: process.env.BENCH_HANDLE,
      products: num('BENCH_PRODUCTS', 0) || undefined,
    });
    const { body, apiPath, pagePath } = stack;

    const routes: RouteSpec[] = [
      { id: 'a', label: '(a) baseline /json', host: BASE_HOST, path: '/json', connections: CONNECTIONS, expect: { status: 200, body } },
      { id: 'a-cache', label: '(a-cache) baseline cache.match', host: BASE_HOST, path: '/cache', connections: CONNECTIONS, expect: { status: 200, body } },
      { id: 'a-kv', label: '(a-kv) baseline KV get', host: BASE_HOST, path: '/kv', connections: CONNECTIONS, expect: { status: 200, body } },
      { id: 'b', label: '(b) product JSON, edge cache', host: SF_HOST, path: apiPath, connections: CONNECTIONS, expect: { status: 200, layers: ['hit', 'stale'], body } },
      { id: 'c', label: '(c) product page HTML, edge cache', host: SF_HOST, path: pagePath, connections: CONNECTIONS, expect: { status: 200, layers: ['hit', 'stale'] } },
      {
        id: 'd',
        label: '(d) product JSON from KV',
        host: SF_HOST,
        path: apiPath,
        headers: { 'x-vitrine-bypass': 'cache' },
        connections: CONNECTIONS,
        expect: { status: 200, layers: ['kv'], body },
      },
      {
        id: 'e',
        label: '(e) product JSON from Postgres',
        host: SF_HOST,
        path: apiPath,
        headers: { 'x-vitrine-bypass': 'cache,kv' },
        connections: DB_CONNECTIONS,
        expect: { status: 200, layers: ['origin'], body },
      },
    ];
    const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
    const selected = only ? routes.filter((r) => only.includes(r.id)) : routes;

    // every route answers as expected before any load
    for (const r of selected) {
      const res = await stack.get(r.host, r.path, r.headers);
      if (res.status !== r.expect.status || (r.expect.layers && !r.expect.layers.includes(res.xCache))) {
        throw new Error(`${r.label}: ${res.status} x-cache ${res.xCache} before the run: ${res.body.slice(0, 300)}`);
      }
    }

    // load: interleaved rounds
    say(
      `load: ${ROUNDS} rounds × ${selected.length} routes × (${WARMUP} s warm-up + ${DURATION} s), ${CONNECTIONS} connections ((e): ${DB_CONNECTIONS}); ≈ ${Math.round(
        ROUNDS * selected.length * (WARMUP + DURATION + 0.6),
      )} s`,
    );
    const baseUrl = `http://127.0.0.1:${stack.port}`;
    const runs = new Map<string, LoadResult[]>();
    let current: Instance | undefined;
    cleanup.onInterrupt(() => current?.stop());
    const budget = { s: QUIET_BUDGET_S };
    const loadStarted = Date.now();
    const loadBefore = loadavg()[0]!;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const r of selected) {
        if (cleanup.interrupted) throw new Error('interrupted');
        if (r.expect.layers?.includes('hit')) {
          // the entry is always there (fresh or stale); make sure nothing evicted it
          const res = await stack.get(r.host, r.path);
          if (!['hit', 'stale'].includes(res.xCache)) await stack.warmCache(r.path);
        }
        const res = await measureQuietly(baseUrl, r, DURATION, {
          warmupS: WARMUP,
          maxForeignCores: FOREIGN_CPU_WARN,
          budget,
          onStart: (i) => (current = i),
          say,
        });
        current = undefined;
        runs.set(r.id, [...(runs.get(r.id) ?? []), res]);
        const problems = problemsOf(res);
        say(
          `round ${round} ${r.label.padEnd(34)} ${res.rps.toFixed(0).padStart(6)} req/s  p50 ${res.p50.toFixed(1).padStart(5)} ms  p99 ${res.p99
            .toFixed(1)
            .padStart(6)} ms${res.workerdCpuUs !== undefined ? `  workerd CPU ${res.workerdCpuUs.toFixed(0)} µs/req` : ''}  x-cache ${JSON.stringify(res.layers)}${
            res.foreignCores !== undefined ? `  other processes ${res.foreignCores.toFixed(2)} cores` : ''
          }${res.attempts > 1 ? ` (best of ${res.attempts})` : ''}${res.wrongBody ? `  body≠ ${res.wrongBody}` : ''}${problems.length ? `  PROBLEMS: ${problems.join(', ')}` : ''}`,
        );
        for (const s of res.samples) say(`    e.g. ${s}`);
        await sleep(500); // let background work (waitUntil, pool.end) settle between runs
      }
    }
    const loadS = (Date.now() - loadStarted) / 1000;

    // report
    const summaries = summarise(selected, runs);
    const sf = stack.bundles.storefront;
    const bundleGzipKiB = sf.gzipBytes / 1024;
    const bundlePass = bundleGzipKiB <= BUNDLE_TARGET_GZIP_KIB;
    const by = (id: string) => summaries.find((x) => x.id === id && x.valid);
    const ratio = (x: string, base: string) => (by(x) && by(base) && by(base)!.rps > 0 ? by(x)!.rps / by(base)!.rps : null);
    const e = by('e');
    const targets = [
      // issue 9: the origin path (Postgres over Neon's HTTP transport)
      target('catalog.origin.vsKv', ratio('e', 'd'), 0.5, 'ratio', '>=', '(e) req/s ÷ (d) req/s'),
      target('catalog.origin.p50', e?.p50 ?? null, 25, 'ms', '<=', `at ${DB_CONNECTIONS} connections`),
      target('catalog.origin.cpuMs', e?.cpuUs !== undefined ? e.cpuUs / 1000 : null, 1.5, 'ms', '<=', 'workerd CPU per request'),
      // issue 11: cache hits and KV at the platform's cost, the bundle
      target('catalog.hit.json.vsCache', ratio('b', 'a-cache'), 0.85, 'ratio', '>='),
      target('catalog.hit.html.vsCache', ratio('c', 'a-cache'), 0.85, 'ratio', '>='),
      target('catalog.kv.vsKv', ratio('d', 'a-kv'), 0.9, 'ratio', '>='),
      target('bundle.storefront.gzipKiB', bundleGzipKiB, 200, 'KiB', '<='),
    ];
    const info = machine(ROOT);
    const totalS = (Date.now() - started) / 1000;
    const date = new Date().toISOString();
    const lines = [
      '',
      `Vitrine catalog bench — ${date}`,
      `machine: ${info.nproc} cores (${info.cpu}), ${info.ramGiB} GiB RAM, Node ${info.node}, workerd ${info.workerd}, miniflare ${info.miniflare}, wrangler ${info.wrangler}`,
      `product "${stack.handle}": JSON ${Buffer.byteLength(body)} B, page ${Buffer.byteLength(stack.pageBody)} B; ${ROUNDS} rounds × ${DURATION} s, median of rounds`,
      '',
      table(summaries),
      '',
      `req/s per round: ${summaries.map((s) => `${s.id} ${s.roundsRps.join('/')}`).join('; ')}`,
      `bundle: ${formatBundle(sf)} — target ≤ ${BUNDLE_TARGET_GZIP_KIB} KiB gzip: ${bundlePass ? 'PASS' : 'MISS'}`,
      `biggest bundle parts (KiB raw / ≈ gzip alone): ${(sf.topInputs ?? [])
        .map((x) => `${x.name} ${(x.bytes / 1024).toFixed(0)}${x.gzipBytes ? `/${(x.gzipBytes / 1024).toFixed(0)}` : ''}`)
        .join(', ')}`,
      '',
      `Differences under ${NOISE * 100} % are noise on this machine (and p99 is noisy under Miniflare): do not read them as regressions.`,
      'Local KV and Cache API are simulations (workerd + SQLite on this machine): they say nothing about edge latency.',
      'CPU µs/req: CPU time of our workerd process per response (isolates + simulated storage); "CPU vs base" compares it like',
      'req/s; it moves much less than req/s when other processes compete for the cores: prefer it when the run is flagged.',
      '',
      ...targets.map(targetLine),
    ];
    for (const s of summaries) {
      if (s.wrongBody) lines.push(`note: ${s.label}: ${s.wrongBody} responses with a body other than the product document`);
      if (!s.valid) lines.push(`INVALID ${s.label}: ${s.problems.join('; ')}${s.samples.length ? ` — e.g. ${s.samples.join(' | ')}` : ''}`);
    }
    const busy = summaries.filter((s) => (s.foreignCoresMax ?? 0) > FOREIGN_CPU_WARN);
    if (busy.length > 0) {
      lines.push(
        `WARNING: other processes used up to ${Math.max(...busy.map((s) => s.foreignCoresMax ?? 0)).toFixed(2)} cores during ${busy
          .map((s) => `(${s.id})`)
          .join(', ')}: those figures are skewed (this machine has ${availableParallelism()} cores); re-run when the machine is idle.`,
      );
    }
    if (stack.runtimeOutput.lines > 0) lines.push(`workerd printed ${stack.runtimeOutput.lines} lines (first: ${stack.runtimeOutput.first[0] ?? ''})`);
    lines.push(`runtime: ${totalS.toFixed(0)} s in all, ${loadS.toFixed(0)} s of load`);
    process.stdout.write(`${lines.join('\n')}\n`);

    const results = {
      date,
      command: 'npm run bench:catalog',
      machine: info,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
      quietBudgetLeftS: budget.s,
      settings: {
        durationS: DURATION,
        warmupS: WARMUP,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        dbConnections: DB_CONNECTIONS,
        noise: NOISE,
      },
      product: {
        handle: stack.handle,
        jsonBytes: Buffer.byteLength(body),
        pageBytes: Buffer.byteLength(stack.pageBody),
        catalogProducts: stack.catalogProducts,
      },
      bundle: { storefront: sf, baseline: stack.bundles.baseline, targetGzipKiB: BUNDLE_TARGET_GZIP_KIB, pass: bundlePass },
      targets,
      routes: summaries.map((s) => ({ ...s, layerSplit: layerSplit(s), rounds: runs.get(s.id) })),
      markdown: markdownTable(summaries),
      runtimeOutputLines: stack.runtimeOutput.lines,
      runtimeS: { total: totalS, load: loadS },
    };
    const dir = join(BENCH, 'results');
    await mkdir(dir, { recursive: true });
    let file = join(dir, `catalog-${date.slice(0, 10)}.json`);
    if (await stat(file).then(() => true, () => false)) file = join(dir, `catalog-${date.slice(0, 19).replace(/:/g, '-')}.json`);
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
