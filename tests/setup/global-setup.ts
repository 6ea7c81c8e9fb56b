/**
 * Global setup for every test project: a real PostgreSQL (embedded, in a
 * temporary folder; or VITRINE_TEST_DATABASE_URL's server) with one throwaway
 * database for this run, migrated and seeded with the demo catalog; the
 * WebSocket proxy the Neon driver uses; and a small control server that lets
 * workerd tests stop and restart the database (outage tests).
 */
import { createServer } from 'node:http';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../dev/migrate';
import { createNodeDb } from '../../dev/node-db';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, type PostgresServer } from '../../dev/postgres';
import { seedCatalog } from '../../dev/seed/seed';
import { ensureRedis } from '../../dev/redis-bridge/ensure-redis';
import { startRedisBridge } from '../../dev/redis-bridge/server';
import { startWsProxy } from '../../dev/ws-proxy';
import { resolveTestEnv, TEST_PG_PASSWORD } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    wsProxy: string;
    controlUrl: string;
    redisRestUrl: string;
    redisToken: string;
  }
}

export default async function setup(project: TestProject) {
  const t = await resolveTestEnv();
  let dataDir: string | undefined;
  let pgServer: PostgresServer | undefined;
  let adminUrl: string;
  const pgOptions = async () => ({
    dataDir: dataDir!,
    port: t.pgPort,
    user: 'postgres',
    password: TEST_PG_PASSWORD,
    persistent: true, // removed in teardown; must survive the outage test's stop/start
  });
  if (t.externalUrl) {
    const u = new URL(t.externalUrl);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  } else {
    const parent = await mkdtemp(join(tmpdir(), 'vitrine-test-pg-'));
    await chmod(parent, 0o755); // as root, Postgres runs as the postgres user, who must reach the data folder
    dataDir = join(parent, 'data');
    pgServer = await startEmbeddedPostgres(await pgOptions());
    adminUrl = pgServer.adminUrl;
  }
  await ensureDatabase(adminUrl, t.databaseName);
  const pgTarget = new URL(t.databaseUrl);
  const proxy = await startWsProxy({ port: t.wsProxyPort, allowedTargets: [`${pgTarget.hostname}:${pgTarget.port || 5432}`] });

  const handle = createNodeDb(t.databaseUrl, 8);
  try {
    await applyMigrations(handle);
    await seedCatalog({
      db: handle.db,
      // test images go to each test's own isolated R2; the seed only records their metadata here
      media: { has: async () => true, put: async () => {} },
    });
  } finally {
    await handle.close();
  }

  // Redis (started if nothing answers) behind the Upstash REST bridge
  const redis = await ensureRedis(t.redisUrl);
  const bridge = await startRedisBridge({ port: t.redisBridgePort, redisUrl: t.redisUrl, token: t.redisToken });

  // control server: workerd tests cannot spawn processes, so they ask for an outage over HTTP
  const control = createServer(async (req, res) => {
    try {
      if (req.method === 'POST' && req.url === '/postgres/stop' && pgServer) {
        await pgServer.stop();
        pgServer = undefined;
        res.writeHead(204).end();
      } else if (req.method === 'POST' && req.url === '/postgres/start' && !pgServer && dataDir) {
        pgServer = await startEmbeddedPostgres(await pgOptions());
        res.writeHead(204).end();
      } else {
        res.writeHead(409, { 'content-type': 'text/plain' }).end(t.externalUrl ? 'external database: cannot stop it' : 'not in that state');
      }
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise<void>((r) => control.listen(t.controlPort, '127.0.0.1', () => r()));

  project.provide('databaseUrl', t.databaseUrl);
  project.provide('wsProxy', proxy.address);
  project.provide('controlUrl', t.controlUrl);
  project.provide('redisRestUrl', bridge.url);
  project.provide('redisToken', t.redisToken);

  return async function teardown() {
    await new Promise<void>((r) => control.close(() => r()));
    await proxy.close();
    await bridge.close();
    await redis.stop();
    if (!pgServer && dataDir) pgServer = await startEmbeddedPostgres(await pgOptions()).catch(() => undefined);
    await dropDatabase(adminUrl, t.databaseName).catch(() => {});
    await pgServer?.stop().catch(() => {});
    if (dataDir) await rm(join(dataDir, '..'), { recursive: true, force: true });
  };
}
