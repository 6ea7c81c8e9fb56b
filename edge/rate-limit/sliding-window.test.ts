/** The login rate limiter against real Redis (through the bridge), and with Redis unreachable. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { redisFromEnv, RedisUnavailableError, type RedisEnv } from '../redis/client';
import { createSlidingWindowLimiter } from './sliding-window';

const redis = redisFromEnv(env as unknown as RedisEnv);
const limiter = () => createSlidingWindowLimiter({ prefix: `vt:test:${crypto.randomUUID()}` });

describe('sliding-window rate limiter', () => {
  it('allows `limit` attempts per window, then refuses with a Retry-After within the window', async () => {
    const l = limiter();
    const rule = { name: 'login:account', identifier: 'ada@example.com', limit: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) expect((await l.consume(redis, [rule])).allowed).toBe(true);
    const refused = await l.consume(redis, [rule]);
    expect(refused.allowed).toBe(false);
    expect(refused.rule).toBe('login:account');
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts exactly under concurrency (atomic script)', async () => {
    const l = limiter();
    const rule = { name: 'login:ip', identifier: '203.0.113.9', limit: 7, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 25 }, () => l.consume(redis, [rule])));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });

  it('checks every rule and records an attempt only when all allow it', async () => {
    const l = limiter();
    const ip = { name: 'login:ip', identifier: '198.51.100.1', limit: 2, windowSeconds: 60 };
    const acct = (email: string) => ({ name: 'login:account', identifier: email, limit: 5, windowSeconds: 60 });
    expect((await l.consume(redis, [ip, acct('a@example.com')])).allowed).toBe(true);
    expect((await l.consume(redis, [ip, acct('b@example.com')])).allowed).toBe(true);
    const third = await l.consume(redis, [ip, acct('c@example.com')]);
    expect(third).toMatchObject({ allowed: false, rule: 'login:ip' });
    // the refused attempt was not counted against c@…: from another IP it still has all 5
    const otherIp = { ...ip, identifier: '198.51.100.2', limit: 100 };
    for (let i = 0; i < 5; i++) expect((await l.consume(redis, [otherIp, acct('c@example.com')])).allowed).toBe(true);
    expect((await l.consume(redis, [otherIp, acct('c@example.com')])).rule).toBe('login:account');
  });

  it('reset forgets one identifier', async () => {
    const l = limiter();
    const rule = { name: 'login:account', identifier: 'reset@example.com', limit: 1, windowSeconds: 60 };
    expect((await l.consume(redis, [rule])).allowed).toBe(true);
    expect((await l.consume(redis, [rule])).allowed).toBe(false);
    await l.reset(redis, rule);
    expect((await l.consume(redis, [rule])).allowed).toBe(true);
  });
});

describe('fails closed', () => {
  const rule = { name: 'login:ip', identifier: '192.0.2.1', limit: 100, windowSeconds: 60 };

  it('throws RedisUnavailableError when Redis is unreachable (dead port), never allows', async () => {
    const dead = redisFromEnv({ UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9', UPSTASH_REDIS_REST_TOKEN: 'x' }, { retries: 0 });
    await expect(limiter().consume(dead, [rule])).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it('throws when Redis rejects the credentials', async () => {
    const wrongToken = redisFromEnv({ UPSTASH_REDIS_REST_URL: (env as unknown as RedisEnv).UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN: 'wrong' });
    await expect(limiter().consume(wrongToken, [rule])).rejects.toBeInstanceOf(RedisUnavailableError);
  });

  it('throws when Redis is not configured', () => {
    expect(() => redisFromEnv({})).toThrow(RedisUnavailableError);
  });
});
