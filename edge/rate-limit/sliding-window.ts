/**
 * A sliding-window-log rate limiter in Redis that FAILS CLOSED: when Redis
 * cannot be reached (or answers with an error) `consume` throws
 * RedisUnavailableError and the caller answers 503 — a login is never let
 * through unmetered. (`@upstash/ratelimit` lets requests through on timeouts,
 * which is the wrong default for password guessing.)
 *
 * One Lua script checks every rule (e.g. per IP and per account) and records
 * the attempt in all of them only if all allow it, atomically, with Redis'
 * own clock (isolates' clocks never disagree). Each key is a sorted set of
 * attempt timestamps, trimmed to the window, so the count is exact and a key
 * holds at most `limit` entries. Identifiers (IPs, emails) are SHA-256 hashed
 * before they become key names.
 */
import type { Redis } from '@upstash/redis';
import { randomBytes, sha256Base64Url, toBase64Url } from '../auth/bytes';
import { redisCall } from '../redis/client';

export interface RateLimitRule {
  /** rule name, part of the key: "login:ip" */
  name: string;
  /** what is limited (IP address, normalised email…); hashed before use */
  identifier: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** whole seconds until an attempt would be allowed again (0 when allowed) */
  retryAfterSeconds: number;
  /** name of the rule that refused, when refused */
  rule?: string | undefined;
}

const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local retry = 0
local refused = 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    local entry = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local wait = window
    if entry[2] then wait = tonumber(entry[2]) + window - now end
    if wait < 1 then wait = 1 end
    if wait > retry then retry = wait; refused = i end
  end
end
if refused > 0 then return {0, retry, refused} end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2 * i + 1]))
end
return {1, 0, 0}
`;

export interface SlidingWindowLimiter {
  /** Records one attempt against every rule if all allow it. Throws RedisUnavailableError when Redis fails (fail closed). */
  consume(redis: Redis, rules: RateLimitRule[]): Promise<RateLimitResult>;
  /** Forgets the attempts of one rule/identifier (e.g. the account's after a successful login). */
  reset(redis: Redis, rule: Pick<RateLimitRule, 'name' | 'identifier'>): Promise<void>;
}

export function createSlidingWindowLimiter(opts: { prefix: string }): SlidingWindowLimiter {
  const keyOf = async (r: Pick<RateLimitRule, 'name' | 'identifier'>) => `${opts.prefix}:rl:${r.name}:${await sha256Base64Url(r.identifier)}`;

  async function consume(redis: Redis, rules: RateLimitRule[]): Promise<RateLimitResult> {
    if (rules.length === 0) return { allowed: true, retryAfterSeconds: 0 };
    for (const r of rules) {
      if (!(Number.isInteger(r.limit) && r.limit > 0 && r.windowSeconds > 0)) throw new Error(`invalid rate limit rule ${r.name}`);
    }
    const keys = await Promise.all(rules.map(keyOf));
    const args: (string | number)[] = [toBase64Url(randomBytes(12))];
    for (const r of rules) args.push(r.limit, Math.round(r.windowSeconds * 1000));
    const reply = await redisCall('rate limit', async () => {
      const r = await redis.eval<(string | number)[], unknown>(SCRIPT, keys, args);
      if (!Array.isArray(r) || r.length !== 3) throw new Error('unexpected reply');
      return r;
    });
    const [allowed, retryMs, refused] = reply.map(Number) as [number, number, number];
    if (allowed === 1) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)), rule: rules[refused - 1]?.name };
  }

  async function reset(redis: Redis, rule: Pick<RateLimitRule, 'name' | 'identifier'>): Promise<void> {
    const key = await keyOf(rule);
    await redisCall('rate limit reset', () => redis.del(key));
  }

  return { consume, reset };
}
