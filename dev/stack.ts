/**
 * The local stack, as `npm run dev` and the browser tests start it:
 *
 *   Postgres (embedded, or DATABASE_URL) ← WebSocket proxy ← workers (Neon driver)
 *   Redis (REDIS_URL, started if missing)  ← Upstash REST bridge ← workers (@upstash/redis)
 *   migrations → idempotent demo seed (media to local R2) → KV catalog publish
 *   wrangler dev: storefront + jobs workers in one process (shared local KV/R2/Queues)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publishCatalog } from '../queues/catalog/projection';
import { postgresTarget, rebuildSearch } from '../queues/search/indexer';
import { logger, type Logger } from './log';
import { r2Media, withPlatform } from './platform';
import { applyMigrations } from './migrate';
import { createNodeDb } from './node-db';
import { ensureDatabase, externalPostgres, startEmbeddedPostgres, withDatabase, type PostgresServer } from './postgres';
import { ensureRedis } from './redis-bridge/ensure-redis';
import { startRedisBridge } from './redis-bridge/server';
import { seedCatalog } from './seed/seed';
import { progressReporter } from './seed/progress';
import { startWsProxy } from './ws-proxy';
import { DEV_PG_PASSWORD, DEV_PG_USER } from './ports';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StackOptions {
  /** admin: the merchant admin worker, started when given */
  ports: { postgres: number; wsProxy: number; redisBridge: number; storefront: number; jobs: number; admin?: number | undefined };
  /** how often the local cron driver runs the jobs worker's scheduled handler */
  cronIntervalMs?: number;
  /** embedded Postgres data folder (kept between runs unless ephemeral) */
  pgDataDir: string;
  /** Miniflare persistence (KV, R2, Cache, Queues) */
  persistDir: string;
  databaseUrl?: string | undefined;
  databaseName?: string;
  redisUrl?: string;
  redisToken?: string;
  ephemeral?: boolean;
  seed?: { products?: number } | false;
  /** ALLOW_CACHE_BYPASS for benchmarks/tests */
  allowCacheBypass?: boolean;
  quiet?: boolean;
}

export interface Stack {
  storefrontUrl: string;
  jobsUrl: string;
  /** set when the admin worker was started (ports.admin) */
  adminUrl: string | undefined;
  databaseUrl: string;
  wsProxy: string;
  redisRestUrl: string;
  redisToken: string;
  stop(): Promise<void>;
}

/**
 * Local secrets reach each worker with --env-file, from the stack's state
 * folder: nothing is written into the repository.
 */
function writeEnvFile(stateDir: string, vars: Record<string, string>): string {
  const dir = join(stateDir, 'local-config');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'workers.env');
  writeFileSync(file, `${Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n')}\n`, { mode: 0o600 });
  return file;
}

/** A random secret created once per state folder (local development only; production uses `wrangler secret put`). */
function localSecret(stateDir: string, name: string): string {
  const dir = join(stateDir, 'local-config');
  const file = join(dir, name);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

async function waitFor(url: string, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error('wrangler dev exited during start-up');
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

export async function startStack(o: StackOptions): Promise<Stack> {
  const say = o.quiet ? () => {} : logger('stack');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
  };
  try {
    // 1. Postgres
    let server: PostgresServer;
    const dbName = o.databaseName ?? 'vitrine';
    let databaseUrl: string;
    if (o.databaseUrl) {
      server = externalPostgres(o.databaseUrl);
      databaseUrl = o.databaseUrl;
      say(`using DATABASE_URL (${server.host}:${server.port})`);
    } else {
      await mkdir(o.pgDataDir, { recursive: true });
      server = await startEmbeddedPostgres({
        dataDir: o.pgDataDir,
        port: o.ports.postgres,
        user: DEV_PG_USER,
        password: DEV_PG_PASSWORD,
        persistent: !o.ephemeral,
        log: o.quiet ? undefined : logger('pg'),
      });
      stops.push(() => server.stop());
      await ensureDatabase(server.adminUrl, dbName);
      databaseUrl = withDatabase(server.adminUrl, dbName);
      say(`embedded PostgreSQL on 127.0.0.1:${o.ports.postgres} (data in ${o.pgDataDir})`);
    }

    // 2. WebSocket proxy for the Neon driver
    const proxy = await startWsProxy({
      port: o.ports.wsProxy,
      allowedTargets: [`${server.host}:${server.port}`, `localhost:${server.port}`],
      log: o.quiet ? undefined : logger('proxy'),
    });
    stops.push(() => proxy.close());

    // 3. Redis + Upstash REST bridge
    const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redisToken = o.redisToken ?? process.env.UPSTASH_REDIS_REST_TOKEN ?? 'vitrine-local-token';
    const ensured = await ensureRedis(redisUrl, { log: o.quiet ? undefined : logger('redis') });
    stops.push(() => ensured.stop());
    const bridge = await startRedisBridge({ port: o.ports.redisBridge, redisUrl, token: redisToken, log: o.quiet ? undefined : logger('redis') });
    stops.push(() => bridge.close());

    // 4. migrations, seed, KV publish (bindings through wrangler's platform proxy, same persistence as wrangler dev)
    const handle = createNodeDb(databaseUrl, 8);
    try {
      await applyMigrations(handle);
      say('migrations applied');
      await withPlatform(ROOT, o.persistDir, async (env) => {
        if (o.seed !== false) {
          const progress = progressReporter('seed');
          const result = await seedCatalog({
            db: handle.db,
            products: o.seed?.products,
            media: r2Media(env),
            onProgress: o.quiet ? undefined : progress.update,
          });
          progress.stop();
          say(`seed: ${result.products} products, ${result.variants} variants, ${result.collections} collections, ${result.images} images${result.skipped ? ' (already seeded)' : ''}`);
        }
        // A full publish (KV) and a full search rebuild project the catalog as it is now, which
        // covers every catalog event already in the outbox (e.g. the seed's): those are marked
        // published so the jobs worker does not re-project and purge everything after start-up.
        const covered = await handle.pool.query(`select coalesce(max(id), 0)::bigint as id from outbox where topic like 'catalog.%'`);
        const progress = progressReporter('kv');
        const published = await publishCatalog(handle.db, env.CATALOG, o.quiet ? undefined : progress.update);
        progress.stop();
        say(`KV catalog published: ${published.productsWritten} products, ${published.listingsWritten.length} listings, version ${published.version}`);
        await rebuildSearch(handle.db, [postgresTarget(handle.db)]);
        say('search index rebuilt (Postgres)');
        const done = await handle.pool.query(
          `update outbox set published_at = now(), last_error = 'covered by the start-up full publish'
            where topic like 'catalog.%' and published_at is null and id <= $1`,
          [covered.rows[0].id],
        );
        if (done.rowCount) say(`${done.rowCount} pending catalog events covered by the full publish`);
      });
    } finally {
      await handle.close();
    }

    // 5. wrangler dev (storefront + jobs)
    const vars = {
      DATABASE_URL: databaseUrl,
      NEON_LOCAL_WS_PROXY: proxy.address,
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: redisToken,
      ALLOW_CACHE_BYPASS: o.allowCacheBypass ? '1' : '0',
      // each wrangler dev process has its own local queues: the jobs worker's relay publishes
      OUTBOX_DIRECT_PUBLISH: '0',
      // the admin's "view in shop" links and order-confirmation origin
      STOREFRONT_ORIGIN: `http://127.0.0.1:${o.ports.storefront}`,
      // the jobs worker purges these origins' edge-cache entries after a catalog change
      STOREFRONT_ORIGINS: `http://127.0.0.1:${o.ports.storefront},http://localhost:${o.ports.storefront}`,
      // random local secrets, kept in the state folder so order links survive restarts
      ORDER_LINK_SECRET: localSecret(o.persistDir, 'order-link-secret'),
      TEST_PAYMENT_WEBHOOK_SECRET: localSecret(o.persistDir, 'test-payment-webhook-secret'),
    };
    const envFile = writeEnvFile(o.persistDir, vars);
    // Two wrangler dev processes sharing one persistence folder (KV, R2): the storefront, and the
    // jobs worker whose queue producer (outbox relay) and consumer live in the same process.
    const workers: { name: string; config: string; port: number; alive?: () => boolean }[] = [
      { name: 'storefront', config: join(ROOT, 'wrangler.toml'), port: o.ports.storefront },
      { name: 'jobs', config: join(ROOT, 'workers/jobs/wrangler.toml'), port: o.ports.jobs },
      // the merchant admin: same persistence (R2 media, the catalog queue), its own port
      ...(o.ports.admin ? [{ name: 'admin', config: join(ROOT, 'workers/admin/wrangler.toml'), port: o.ports.admin }] : []),
    ];
    const storefrontUrl = `http://127.0.0.1:${o.ports.storefront}`;
    const jobsUrl = `http://127.0.0.1:${o.ports.jobs}`;
    const adminUrl = o.ports.admin ? `http://127.0.0.1:${o.ports.admin}` : undefined;
    for (const w of workers) {
      const child = spawnWrangler(o, w.config, w.port, envFile, o.quiet ? () => {} : logger(w.name === 'storefront' ? 'wrangler' : w.name));
      let alive = true;
      child.on('exit', () => {
        alive = false;
      });
      stops.push(() => killTree(child));
      w.alive = () => alive;
    }
    await Promise.all(workers.map((w) => waitFor(`http://127.0.0.1:${w.port}/healthz`, 60_000, w.alive!)));

    // Cron triggers do not fire under wrangler dev: drive the jobs worker's scheduled handler (outbox relay).
    const cron = setInterval(() => {
      fetch(`${jobsUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent('* * * * *')}`).then(
        (r) => r.body?.cancel(),
        () => {},
      );
    }, o.cronIntervalMs ?? 2_000);
    stops.push(async () => clearInterval(cron));

    return { storefrontUrl, jobsUrl, adminUrl, databaseUrl, wsProxy: proxy.address, redisRestUrl: bridge.url, redisToken, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Last resort: if this process dies without a clean stop, its wrangler process groups die with it. */
const childGroups = new Set<number>();
process.on('exit', () => {
  for (const pid of childGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function spawnWrangler(o: StackOptions, config: string, port: number, envFile: string, log: Logger): ChildProcess {
  const bin = resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js');
  const args = [
    bin,
    'dev',
    '-c', config,
    '--env-file', envFile,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--persist-to', o.persistDir,
    '--local',
    '--show-interactive-dev-session=false',
    '--log-level', process.env.WRANGLER_LOG ?? 'warn',
    '--inspector-port', '0',
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true, // own process group: we can stop wrangler and workerd together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CLOUDFLARE_CF_FETCH_ENABLED: 'false', // no request to the internet for request.cf
      // this stack's own dev registry: the jobs worker's service binding reaches THIS stack's storefront,
      // never the storefront of another stack running at the same time (tests, a second checkout)
      WRANGLER_REGISTRY_PATH: join(o.persistDir, 'dev-registry'),
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_UPDATE_CHECK: 'false',
      NO_UPDATE_NOTIFIER: '1',
      FORCE_COLOR: '0',
    },
  });
  if (child.pid !== undefined) {
    const pid = child.pid;
    childGroups.add(pid);
    child.once('exit', () => childGroups.delete(pid));
  }
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  return child;
}

async function killTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
