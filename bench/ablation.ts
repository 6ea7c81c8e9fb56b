/**
 * What each piece of the storefront costs on the product JSON route: the real
 * app bundled with one module replaced by a stub (bench/ablation/variants.ts),
 * measured like bench/catalog.ts (same stack, interleaved rounds, median).
 *
 *   npx tsx bench/ablation.ts [hit|kv]
 *
 * hit (default): edge-cache hit, compared with (a-cache);
 * kv: cache bypassed (x-vitrine-bypass: cache), compared with (a-kv).
 * Environment: BENCH_DURATION (s, 6), BENCH_ROUNDS (3), BENCH_CONNECTIONS (50), BENCH_ONLY_VARIANTS.
 */
import { join } from 'node:path';
import type { Instance } from 'autocannon';
import { Cleanup } from './lib/cleanup';
import { sleep } from './lib/http';
import { problemsOf, type LoadResult, type RouteSpec } from './lib/load';
import { measureQuietly } from './lib/quiet';
import { bundleWithStubs } from './lib/bundle';
import { VARIANTS as ALL_VARIANTS } from './ablation/variants';
import { median } from './lib/report';
import { BASE_HOST, BENCH, ROOT, SF_HOST, startBenchStack } from './lib/stack';

const num = (name: string, fallback: number) => {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const DURATION = num('BENCH_DURATION', 6);
const ROUNDS = num('BENCH_ROUNDS', 3);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);

const VARIANTS = ALL_VARIANTS.filter((v) => !process.env.BENCH_ONLY_VARIANTS || process.env.BENCH_ONLY_VARIANTS.split(',').includes(v.name));

const say = (m: string) => process.stdout.write(`[ablation] ${m}\n`);
const cleanup = new Cleanup();

async function main(): Promise<number> {
  cleanup.installSignalHandlers(say);
  const mode = process.argv[2] === 'kv' ? 'kv' : 'hit';
  try {
    const entry = join(ROOT, 'workers/storefront/src/index.ts');
    const stubDir = join(BENCH, 'ablation/stubs');
    const stack = await startBenchStack(cleanup, {
      say,
      handle: process.env.BENCH_HANDLE,
      variants: VARIANTS.map((v) => ({
        name: v.name,
        build: (outdir: string) =>
          bundleWithStubs(ROOT, entry, join(outdir, 'index.js'), Object.fromEntries(Object.entries(v.stubs).map(([dir, f]) => [dir, join(stubDir, f)]))),
      })),
    });
    for (const v of VARIANTS) say(`variant ${v.name}: ${v.what}`);
    const bypass = mode === 'kv' ? { 'x-vitrine-bypass': 'cache' } : undefined;
    const host = (v: string) => `${v}.bench`;
    const direct = (name: string) => VARIANTS.some((v) => v.name === name && v.noXCache);
    const hitLayers = (v: string) => (mode === 'kv' ? ['kv'] : direct(v) ? ['-'] : ['hit', 'stale']);

    // warm every variant's own cache entry (the key includes the Host)
    if (mode === 'hit') {
      for (const { name: v } of VARIANTS) {
        let ok = false;
        for (let i = 0; i < 100 && !ok; i++) {
          const r = await stack.get(host(v), stack.apiPath);
          ok = r.status === 200 && (direct(v) ? r.xCache === '-' : r.xCache === 'hit');
          if (!ok) await sleep(50);
        }
        if (!ok) throw new Error(`variant ${v} never answered from the cache`);
      }
    }

    const routes: RouteSpec[] = [
      mode === 'kv'
        ? { id: 'a-kv', label: '(a-kv) baseline KV get', host: BASE_HOST, path: '/kv', connections: CONNECTIONS, expect: { status: 200, body: stack.body } }
        : { id: 'a-cache', label: '(a-cache) baseline cache.match', host: BASE_HOST, path: '/cache', connections: CONNECTIONS, expect: { status: 200, body: stack.body } },
      {
        id: mode === 'kv' ? 'd' : 'b',
        label: mode === 'kv' ? '(d) storefront' : '(b) storefront',
        host: SF_HOST,
        path: stack.apiPath,
        ...(bypass ? { headers: bypass } : {}),
        connections: CONNECTIONS,
        expect: { status: 200, layers: mode === 'kv' ? ['kv'] : ['hit', 'stale'], body: stack.body },
      },
      ...VARIANTS.map(({ name: v }) => ({
        id: v,
        label: v,
        host: host(v),
        path: stack.apiPath,
        ...(bypass ? { headers: bypass } : {}),
        connections: CONNECTIONS,
        expect: { status: 200, layers: hitLayers(v), body: stack.body },
      })),
    ];

    say(`${ROUNDS} rounds × ${routes.length} routes × (1 s warm-up + ${DURATION} s), ${CONNECTIONS} connections, mode ${mode}`);
    const baseUrl = `http://127.0.0.1:${stack.port}`;
    const runs = new Map<string, LoadResult[]>();
    let current: Instance | undefined;
    cleanup.onInterrupt(() => current?.stop());
    const budget = { s: num('BENCH_QUIET_BUDGET', 200) };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const r of routes) {
        if (cleanup.interrupted) throw new Error('interrupted');
        const res = await measureQuietly(baseUrl, r, DURATION, { warmupS: 1, budget, onStart: (i) => (current = i), say });
        runs.set(r.id, [...(runs.get(r.id) ?? []), res]);
        const problems = problemsOf(res);
        say(
          `round ${round} ${r.label.padEnd(30)} ${res.rps.toFixed(0).padStart(6)} req/s  x-cache ${JSON.stringify(res.layers)}  other processes ${(
            res.foreignCores ?? 0
          ).toFixed(2)} cores${res.wrongBody ? `  body≠ ${res.wrongBody}` : ''}${problems.length ? `  PROBLEMS: ${problems.join(', ')}` : ''}`,
        );
        await sleep(500);
      }
    }

    const base = median((runs.get(routes[0]!.id) ?? []).map((x) => x.rps));
    const rows = routes.map((r) => {
      const rs = runs.get(r.id) ?? [];
      const rps = median(rs.map((x) => x.rps));
      const cpu = rs.every((x) => x.workerdCpuUs !== undefined) ? median(rs.map((x) => x.workerdCpuUs!)) : undefined;
      return {
        id: r.id,
        rps,
        cpu,
        vsBase: rps / base,
        rounds: rs.map((x) => Math.round(x.rps)),
        valid: rs.every((x) => problemsOf(x).length === 0),
        foreign: Math.max(...rs.map((x) => x.foreignCores ?? 0)),
      };
    });
    const baseCpu = rows[0]!.cpu;
    const sfCpu = rows[1]!.cpu;
    process.stdout.write(
      `\nvariant                         req/s   vs (${routes[0]!.id})   workerd CPU µs/req   CPU vs (${routes[0]!.id})   CPU vs storefront   rounds (req/s)      other procs (max)\n`,
    );
    for (const x of rows) {
      const cpuVsBase = baseCpu && x.cpu ? `${((baseCpu / x.cpu) * 100).toFixed(0)} %` : '';
      const cpuVsSf = sfCpu && x.cpu ? `${x.cpu - sfCpu >= 0 ? '+' : '-'}${Math.abs(x.cpu - sfCpu).toFixed(0)} µs` : '';
      process.stdout.write(
        `${x.id.padEnd(30)} ${x.rps.toFixed(0).padStart(6)}   ${`${(x.vsBase * 100).toFixed(0)} %`.padStart(9)}   ${(x.cpu?.toFixed(0) ?? '').padStart(18)}   ${cpuVsBase.padStart(
          13,
        )}   ${cpuVsSf.padStart(17)}   ${x.rounds.join('/').padEnd(18)}  ${x.foreign.toFixed(2)}${x.valid ? '' : '  INVALID'}\n`,
      );
    }
    process.stdout.write(
      '(workerd CPU µs/req: CPU time of our workerd per response, median of rounds — robust to other processes, unlike req/s; differences under 10 % are noise)\n',
    );
    return 0;
  } finally {
    await cleanup.runAll(say);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (cleanup.interrupted) process.exit(130);
    process.stderr.write(`[ablation] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
