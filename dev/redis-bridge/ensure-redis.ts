/**
 * Makes sure a Redis answers at `url`. If the connection is refused, the URL
 * points at this machine and `redis-server` is on PATH, starts one (no
 * persistence) and waits until it answers PING.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

export interface EnsureRedisOptions {
  /**
   * false (default): redis-server runs as a child process, stopped by `stop()`
   * (and killed with this process). true: `--daemonize yes`, it outlives us.
   */
  daemonize?: boolean;
  /** how long to wait for a started server to answer; default 10 s */
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export interface EnsuredRedis {
  /** true when this call started a redis-server */
  started: boolean;
  /** stops the child redis-server this call started; no-op otherwise */
  stop(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

/** PING once. Resolves to null when it answers, else to the error's code/message. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<null | { code?: string; message: string }> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // The socket error (with its code, e.g. ECONNREFUSED) arrives as an event;
  // connect() itself then rejects with a generic "Connection is closed".
  let socketError: (Error & { code?: string }) | undefined;
  client.on('error', (err: Error) => (socketError ??= err));
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    const e = socketError ?? (err as Error & { code?: string });
    return { code: e.code, message: e.message };
  } finally {
    client.disconnect();
  }
}

export async function ensureRedis(url: string, opts: EnsureRedisOptions = {}): Promise<EnsuredRedis> {
  const log = opts.log ?? (() => {});
  const noop: EnsuredRedis = { started: false, stop: async () => {} };
  const first = await pingRedis(url);
  if (!first) return noop;

  const u = new URL(url);
  const local = u.protocol === 'redis:' && LOCAL_HOSTS.has(u.hostname);
  const binary = findOnPath('redis-server');
  if (first.code !== 'ECONNREFUSED' || !local || !binary) {
    const why = first.code !== 'ECONNREFUSED' ? first.message
      : !local ? `${first.message} (not a local redis:// URL, not starting one)`
      : `${first.message} (redis-server not found on PATH)`;
    throw new Error(`ensureRedis: no Redis at ${u.host}: ${why}`);
  }

  const port = u.port || '6379';
  const args = ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (u.password) args.push('--requirepass', decodeURIComponent(u.password));
  log(`starting ${binary} on port ${port}${opts.daemonize ? ' (daemonized)' : ''}`);

  let child: ChildProcess | undefined;
  let exited: string | null = null;
  if (opts.daemonize) {
    const code = await new Promise<number | null>((resolve, reject) => {
      const p = spawn(binary, [...args, '--daemonize', 'yes'], { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`ensureRedis: redis-server --daemonize exited with code ${code}`);
  } else {
    child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => (exited = `redis-server exited (${signal ?? code}) ${stderr.trim()}`));
    child.on('error', (err) => (exited = `redis-server failed to start: ${err.message}`));
    const killOnExit = () => child?.kill('SIGTERM');
    process.once('exit', killOnExit);
    child.on('exit', () => process.off('exit', killOnExit));
  }

  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    if (exited) throw new Error(`ensureRedis: ${exited}`);
    const err = await pingRedis(url, 500);
    if (!err) break;
    if (Date.now() > deadline) {
      child?.kill('SIGTERM');
      throw new Error(`ensureRedis: started redis-server but it did not answer in time: ${err.message}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`redis-server is up on port ${port}`);

  const proc = child;
  if (!proc) return { started: true, stop: async () => {} };
  return {
    started: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

function findOnPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, cmd);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}
