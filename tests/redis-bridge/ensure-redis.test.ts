/** ensureRedis: leaves a running Redis alone, starts (and stops) one when refused. */
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRedis, pingRedis } from '../../dev/redis-bridge/ensure-redis';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const hasRedisServer = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  try {
    accessSync(join(dir, 'redis-server'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('ensureRedis', () => {
  it('does nothing when Redis already answers', async () => {
    const r = await ensureRedis(REDIS_URL);
    expect(r.started).toBe(false);
    await r.stop();
    expect(await pingRedis(REDIS_URL)).toBeNull();
  });

  it.skipIf(!hasRedisServer)('starts a child redis-server on a refused local port and stops it', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/3`;
    expect((await pingRedis(url))?.code).toBe('ECONNREFUSED');
    const r = await ensureRedis(url);
    try {
      expect(r.started).toBe(true);
      expect(await pingRedis(url)).toBeNull();
    } finally {
      await r.stop();
    }
    expect((await pingRedis(url))?.code).toBe('ECONNREFUSED');
  }, 15_000);

  it('refuses to start anything for a non-local URL', async () => {
    await expect(ensureRedis(`redis://192.0.2.1:6379`, { timeoutMs: 1000 })).rejects.toThrow(/ensureRedis: no Redis/);
  }, 10_000);
});
