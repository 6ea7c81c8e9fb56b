/**
 * For one-off scripts (seed, publish): reach the dev database whether or not
 * `npm run dev` is running. Uses DATABASE_URL when set; else the embedded
 * Postgres on the dev port if it answers; else starts it for the duration.
 */
import { join } from 'node:path';
import pg from 'pg';
import type { NodeDbHandle as DbHandle } from '../dev/node-db';
import { applyMigrations } from './migrate';
import { createNodeDb } from './node-db';
import { devPorts, DEV_DATABASE, DEV_PG_PASSWORD, DEV_PG_USER } from './ports';
import { ensureDatabase, startEmbeddedPostgres, withDatabase } from './postgres';
import { ROOT } from './stack';
import { startWsProxy } from './ws-proxy';
import type { Logger } from './log';

async function answers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function withLocalDatabase<T>(log: Logger, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  let stopPg: (() => Promise<void>) | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const admin = `postgres://${DEV_PG_USER}:${DEV_PG_PASSWORD}@127.0.0.1:${devPorts.postgres}/postgres`;
    if (!(await answers(admin))) {
      log(`starting embedded PostgreSQL on 127.0.0.1:${devPorts.postgres}`);
      const server = await startEmbeddedPostgres({
        dataDir: join(ROOT, '.data/postgres'),
        port: devPorts.postgres,
        user: DEV_PG_USER,
        password: DEV_PG_PASSWORD,
        persistent: true,
      });
      stopPg = () => server.stop();
    }
    await ensureDatabase(admin, DEV_DATABASE);
    url = withDatabase(admin, DEV_DATABASE);
  }
  const target = new URL(url);
  const proxy = await startWsProxy({ port: 0, allowedTargets: [`${target.hostname}:${target.port || 5432}`] });
  const handle = createNodeDb(url, 8);
  try {
    await applyMigrations(handle);
    return await fn(handle);
  } finally {
    await handle.close();
    await proxy.close();
    await stopPg?.();
  }
}
