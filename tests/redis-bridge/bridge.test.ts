/**
 * The Upstash REST bridge against the real local Redis, driven by the
 * unmodified `@upstash/redis` client (and raw fetch for protocol edges).
 * Every key lives under a per-run prefix and is deleted afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Redis as Upstash } from '@upstash/redis';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRedis, type EnsuredRedis } from '../../dev/redis-bridge/ensure-redis';
import { startRedisBridge, type RedisBridge } from '../../dev/redis-bridge/server';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const TOKEN = `test-token-${randomBytes(8).toString('hex')}`;
const P = `vitrine:bridge-test:${Date.now()}:${randomBytes(4).toString('hex')}:`;
const k = (name: string) => P + name;

let ensured: EnsuredRedis;
let bridge: RedisBridge;
let redis: Upstash;
let direct: IORedis;

/** raw HTTP against the bridge, for what the client never sends */
async function raw(path: string, init: RequestInit & { auth?: string | null } = {}) {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? TOKEN}`);
  const res = await fetch(bridge.url + path, { method: 'POST', ...init, headers });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as any, text };
}

beforeAll(async () => {
  ensured = await ensureRedis(REDIS_URL);
  bridge = await startRedisBridge({ port: 0, redisUrl: REDIS_URL, token: TOKEN });
  redis = new Upstash({ url: bridge.url, token: TOKEN, enableTelemetry: false });
  direct = new IORedis(REDIS_URL, { protocol: 2 });
});

afterAll(async () => {
  if (direct) {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await direct.scan(cursor, 'MATCH', `${P}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length) await direct.del(...keys);
    direct.disconnect();
  }
  await bridge?.close();
  await ensured?.stop();
});

describe('strings', () => {
  it('set/get with EX, NX, getdel, mget', async () => {
    expect(await redis.set(k('s1'), 'hello', { ex: 100 })).toBe('OK');
    expect(await redis.get(k('s1'))).toBe('hello');
    const ttl = await redis.ttl(k('s1'));
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);

    expect(await redis.set(k('nx'), 'first', { nx: true })).toBe('OK');
    expect(await redis.set(k('nx'), 'second', { nx: true })).toBeNull();
    expect(await redis.get(k('nx'))).toBe('first');

    expect(await redis.getdel(k('nx'))).toBe('first');
    expect(await redis.getdel(k('nx'))).toBeNull();
    expect(await redis.get(k('nx'))).toBeNull();

    await redis.set(k('m2'), 'two');
    expect(await redis.mget(k('s1'), k('missing'), k('m2'))).toEqual(['hello', null, 'two']);
  });

  it('JSON values are serialised by the client and come back parsed', async () => {
    const cart = { id: 'c_1', lines: [{ sku: 'TSHIRT-M', qty: 2, price: 1999 }], note: null, gift: true };
    await redis.set(k('json'), cart);
    expect(await redis.get(k('json'))).toEqual(cart);
    expect(await direct.get(k('json'))).toBe(JSON.stringify(cart));
    await redis.set(k('num'), 42);
    expect(await redis.get(k('num'))).toBe(42);
  });

  it('unicode, emoji, newlines, NUL and quotes round-trip exactly', async () => {
    const value = 'héllo wörld 🌍🛒 — “quotes” \'single\' "double"\nline2\r\n\ttab \\ backslash \u0000 nul ÿ 日本語';
    await redis.set(k('uni'), value);
    expect(await redis.get(k('uni'))).toBe(value);
    expect(await direct.get(k('uni'))).toBe(value);
    // same through a client that does not ask for base64
    const plain = new Upstash({ url: bridge.url, token: TOKEN, responseEncoding: false, enableTelemetry: false });
    expect(await plain.get(k('uni'))).toBe(value);
    // keys may be unicode too
    await redis.set(k('ключ 🔑'), 'v');
    expect(await redis.get(k('ключ 🔑'))).toBe('v');
  });

  it('binary values (invalid UTF-8) keep their bytes under Upstash-Encoding: base64', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80, 0x0a]);
    await direct.set(k('bin'), bytes);
    const res = await raw(`/get/${encodeURIComponent(k('bin'))}`, { method: 'GET', headers: { 'upstash-encoding': 'base64' } });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.json.result, 'base64').equals(bytes)).toBe(true);
    // without base64, invalid bytes become U+FFFD like Upstash does
    const plain = await raw(`/get/${encodeURIComponent(k('bin'))}`, { method: 'GET' });
    expect(plain.json.result).toBe('\uFFFD\uFFFD\u0000A\uFFFD\n');
  });
});

describe('hashes', () => {
  it('hset/hget/hgetall/hincrby/hdel', async () => {
    const key = k('h');
    expect(await redis.hset(key, { name: 'Linen shirt', stock: 5, meta: { color: 'sand' } })).toBe(3);
    expect(await redis.hget(key, 'name')).toBe('Linen shirt');
    expect(await redis.hget(key, 'stock')).toBe(5);
    expect(await redis.hget(key, 'nope')).toBeNull();
    expect(await redis.hgetall(key)).toEqual({ name: 'Linen shirt', stock: 5, meta: { color: 'sand' } });
    expect(await redis.hincrby(key, 'stock', -2)).toBe(3);
    expect(await redis.hdel(key, 'meta', 'nope')).toBe(1);
    expect(await redis.hgetall(key)).toEqual({ name: 'Linen shirt', stock: 3 });
    expect(await redis.hgetall(k('no-hash'))).toBeNull();
  });

  it('replies pass through untouched (no ioredis reply/argument reshaping)', async () => {
    const key = k('h-raw');
    // path form: POST body is the last argument, here the value of a 2-arg HSET
    const hset = await raw(`/hset/${encodeURIComponent(key)}/field`, { body: 'body-value' });
    expect(hset).toMatchObject({ status: 200, json: { result: 1 } });
    const lower = await raw('/', { body: JSON.stringify(['hgetall', key]) });
    expect(lower.json).toEqual({ result: ['field', 'body-value'] });
    expect(await redis.hrandfield(key)).toBe('field');
    const tx = await redis.multi().hgetall(key).zrange(k('h-raw-z'), 0, -1, { withScores: true }).exec();
    expect(tx).toEqual([{ field: 'body-value' }, []]);
  });
});

describe('counters and expiry', () => {
  it('incr/incrby/decr/decrby', async () => {
    const key = k('counter');
    expect(await redis.incr(key)).toBe(1);
    expect(await redis.incrby(key, 41)).toBe(42);
    expect(await redis.decr(key)).toBe(41);
    expect(await redis.decrby(key, 40)).toBe(1);
    expect(await direct.get(key)).toBe('1');
  });

  it('expire/ttl/pexpire/pttl/persist', async () => {
    const key = k('exp');
    await redis.set(key, 'v');
    expect(await redis.ttl(key)).toBe(-1);
    expect(await redis.expire(key, 60)).toBe(1);
    expect(await redis.ttl(key)).toBeGreaterThan(55);
    expect(await redis.pexpire(key, 1500)).toBe(1);
    const pttl = await redis.pttl(key);
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(1500);
    expect(await redis.persist(key)).toBe(1);
    expect(await redis.ttl(key)).toBe(-1);
    expect(await redis.ttl(k('never-set'))).toBe(-2);
    expect(await redis.expire(k('never-set'), 10)).toBe(0);
  });

  it('keys really expire', async () => {
    const key = k('short');
    await redis.set(key, 'v', { px: 50 });
    expect(await redis.get(key)).toBe('v');
    await new Promise((r) => setTimeout(r, 150));
    expect(await redis.get(key)).toBeNull();
    expect(await redis.exists(key)).toBe(0);
  });
});

describe('sorted sets', () => {
  it('zadd/zrange with scores/by score/zrem/zcard/zincrby/zscore', async () => {
    const key = k('z');
    expect(
      await redis.zadd(key, { score: 3, member: 'c' }, { score: 1, member: 'a' }, { score: 2.5, member: 'b' }),
    ).toBe(3);
    expect(await redis.zrange(key, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await redis.zrange(key, 0, -1, { withScores: true })).toEqual(['a', 1, 'b', 2.5, 'c', 3]);
    expect(await redis.zrange(key, 2, 3, { byScore: true })).toEqual(['b', 'c']);
    expect(await redis.zrange(key, 0, -1, { rev: true })).toEqual(['c', 'b', 'a']);
    expect(await redis.zincrby(key, 10, 'a')).toBe(11);
    expect(await redis.zscore(key, 'a')).toBe(11);
    expect(await redis.zrem(key, 'b', 'zzz')).toBe(1);
    expect(await redis.zcard(key)).toBe(2);
    expect(await redis.zrange(key, 0, -1, { withScores: true })).toEqual(['c', 3, 'a', 11]);
    // ZRANGEBYSCORE itself, raw
    const res = await raw('/', { body: JSON.stringify(['ZRANGEBYSCORE', key, '(3', '+inf', 'WITHSCORES']) });
    expect(res).toMatchObject({ status: 200, json: { result: ['a', '11'] } });
  });
});

describe('pipeline and multi', () => {
  it('pipeline() returns one result per command, in order', async () => {
    const p = redis.pipeline();
    p.set(k('p1'), 'one');
    p.incr(k('p2'));
    p.incrby(k('p2'), 9);
    p.get(k('p1'));
    p.hset(k('p3'), { a: 1 });
    p.hgetall(k('p3'));
    p.get(k('p-missing'));
    expect(await p.exec()).toEqual(['OK', 1, 10, 'one', 1, { a: 1 }, null]);
  });

  it('pipeline errors are per command; the rest still runs', async () => {
    await redis.set(k('pe'), 'not-a-number');
    const p = redis.pipeline();
    p.set(k('pe2'), 'x');
    p.incr(k('pe'));
    p.get(k('pe2'));
    await expect(p.exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
    expect(await redis.get(k('pe2'))).toBe('x');

    const kept = redis.pipeline();
    kept.incr(k('pe'));
    kept.get(k('pe2'));
    const res = await kept.exec({ keepErrors: true });
    expect(res[0]!.error).toMatch(/^ERR value is not an integer/);
    expect(res[1]).toEqual({ error: undefined, result: 'x' });
  });

  it('auto-pipelining clients batch through /pipeline', async () => {
    const auto = new Upstash({ url: bridge.url, token: TOKEN, enableAutoPipelining: true, enableTelemetry: false });
    const [set, incr, get, bad] = await Promise.allSettled([
      auto.set(k('ap1'), { n: 1 }),
      auto.incr(k('ap2')),
      auto.get(k('ap1')),
      auto.hget(k('ap1'), 'field'),
    ]);
    expect(set).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(incr).toEqual({ status: 'fulfilled', value: 1 });
    expect(get).toEqual({ status: 'fulfilled', value: { n: 1 } });
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
  });

  it('multi() executes atomically: no foreign write lands inside the transaction', async () => {
    const key = k('atomic');
    await redis.set(key, 0);
    let stop = false;
    const hammer = (async () => {
      let n = 0;
      while (!stop) {
        await direct.incr(key);
        n++;
      }
      return n;
    })();
    const N = 200;
    const results: number[][] = [];
    for (let round = 0; round < 5; round++) {
      const tx = redis.multi();
      for (let i = 0; i < N; i++) tx.incr(key);
      results.push((await tx.exec()) as number[]);
    }
    stop = true;
    const foreign = await hammer;
    expect(foreign).toBeGreaterThan(0);
    for (const r of results) {
      expect(r).toHaveLength(N);
      // contiguous: nothing interleaved between the transaction's INCRs
      for (let i = 1; i < N; i++) expect(r[i]).toBe(r[0]! + i);
    }
  });

  it('multi() returns results; runtime errors stay per command', async () => {
    await redis.set(k('tx-str'), 'abc');
    const tx = redis.multi();
    tx.set(k('tx1'), 'v1');
    tx.incr(k('tx-str'));
    tx.get(k('tx1'));
    const res = await tx.exec({ keepErrors: true });
    expect(res.map((r) => r.result)).toEqual(['OK', undefined, 'v1']);
    expect(res[1]!.error).toMatch(/^ERR value is not an integer/);
    expect(await redis.multi().set(k('tx2'), 2).incr(k('tx2')).get(k('tx2')).exec()).toEqual(['OK', 3, 3]);
  });

  it('a transaction with a queueing error is discarded as a whole (raw /multi-exec)', async () => {
    const res = await raw('/multi-exec', {
      body: JSON.stringify([
        ['SET', k('discarded'), 'x'],
        ['NOSUCHCOMMAND', 'a'],
      ]),
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(/^ERR unknown command/);
    expect(await redis.exists(k('discarded'))).toBe(0);
  });
});

describe('scripts (sliding-window rate limit)', () => {
  // allow `limit` hits per `window` ms; returns {allowed, remaining}
  const SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, limit - count - 1}
end
return {0, 0}`;

  it('eval, scriptLoad + evalsha, NOSCRIPT fallback via createScript', async () => {
    const key = k('rl');
    const hit = (now: number, id: string) => redis.eval(SCRIPT, [key], [now, 1000, 3, id]);
    expect(await hit(1000, 'r1')).toEqual([1, 2]);
    expect(await hit(1100, 'r2')).toEqual([1, 1]);
    expect(await hit(1200, 'r3')).toEqual([1, 0]);
    expect(await hit(1300, 'r4')).toEqual([0, 0]);
    // 1000 and 1100 slide out of the window
    expect(await hit(2150, 'r5')).toEqual([1, 1]);
    expect(await direct.zrange(key, '0', '-1')).toEqual(['r3', 'r5']);

    const sha = await redis.scriptLoad(SCRIPT);
    expect(sha).toBe(createHash('sha1').update(SCRIPT).digest('hex'));
    expect(await redis.evalsha(sha, [k('rl2')], [5000, 1000, 1, 'a'])).toEqual([1, 0]);
    expect(await redis.evalsha(sha, [k('rl2')], [5001, 1000, 1, 'b'])).toEqual([0, 0]);

    await expect(redis.evalsha('0'.repeat(40), [k('rl3')], [])).rejects.toThrow(/NOSCRIPT/);
    // a never-loaded script: EVALSHA fails with NOSCRIPT, the client falls back to EVAL
    const unique = `${SCRIPT}\n-- ${P}`;
    const script = redis.createScript<[number, number]>(unique);
    expect(await script.exec([k('rl4')], ['7000', '1000', '2', 'x'])).toEqual([1, 1]);
    expect(await script.evalsha([k('rl4')], ['7001', '1000', '2', 'y'])).toEqual([1, 0]);
  });

  it('script errors surface as client errors', async () => {
    await expect(redis.eval("return redis.error_reply('RATE broken')", [], [])).rejects.toThrow(/RATE broken/);
    await expect(redis.eval('return {1, "two", {3}}', [], [])).resolves.toEqual([1, 'two', [3]]);
  });
});

describe('errors and protocol edges', () => {
  it('a wrong token makes the client throw Unauthorized', async () => {
    const bad = new Upstash({ url: bridge.url, token: 'wrong-token', enableTelemetry: false });
    await expect(bad.get(k('s1'))).rejects.toThrow(/Unauthorized/);
    const res = await raw('/get/x', { method: 'GET', auth: null });
    expect(res).toMatchObject({ status: 401, json: { error: 'Unauthorized' } });
    const viaQuery = await raw(`/set/${encodeURIComponent(k('q'))}/v?_token=${TOKEN}`, { method: 'GET', auth: null });
    expect(viaQuery).toMatchObject({ status: 200, json: { result: 'OK' } });
  });

  it('a Redis error surfaces as a client error and HTTP 400', async () => {
    await redis.set(k('nan'), 'abc');
    await expect(redis.incr(k('nan'))).rejects.toThrow(/ERR value is not an integer or out of range/);
    await redis.hset(k('wrongtype'), { a: 1 });
    await expect(redis.get(k('wrongtype'))).rejects.toThrow(/WRONGTYPE/);
    const res = await raw('/', { body: JSON.stringify(['INCR', k('nan')]) });
    expect(res).toEqual({
      status: 400,
      json: { error: 'ERR value is not an integer or out of range' },
      text: expect.any(String),
    });
  });

  it('malformed bodies get 400', async () => {
    const notJson = await raw('/', { body: '["SET", "k"' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatch(/not valid JSON/);
    for (const body of ['{"cmd":"GET"}', '[]', '[1, 2]', '["GET", {"a":1}]']) {
      const res = await raw('/', { body });
      expect(res.status, body).toBe(400);
      expect(typeof res.json.error).toBe('string');
    }
    expect((await raw('/pipeline', { body: '[["GET"], "x"]' })).status).toBe(400);
    expect((await raw('/multi-exec', { body: '{}' })).status).toBe(400);
  });

  it('raw protocol: JSON body, path form, pipeline shape, base64, limits', async () => {
    const key = encodeURIComponent(k('raw'));
    expect(await raw('/', { body: JSON.stringify(['SET', k('raw'), 'bar', 'EX', 100]) })).toMatchObject({
      status: 200,
      json: { result: 'OK' },
    });
    expect((await raw(`/get/${key}`, { method: 'GET' })).json).toEqual({ result: 'bar' });
    // "OK" stays plain, other strings are base64 when asked for
    const b64 = { 'upstash-encoding': 'base64' };
    expect((await raw(`/set/${key}/bar`, { method: 'GET', headers: b64 })).json).toEqual({ result: 'OK' });
    expect((await raw(`/get/${key}`, { method: 'GET', headers: b64 })).json).toEqual({ result: 'YmFy' });
    // POST body is the last argument, query params come after it
    expect((await raw(`/set/${key}?EX=77`, { body: '{"raw":true}' })).json).toEqual({ result: 'OK' });
    expect(await direct.get(k('raw'))).toBe('{"raw":true}');
    expect(await direct.ttl(k('raw'))).toBeGreaterThan(70);

    const pipe = await raw('/pipeline', {
      headers: b64,
      body: JSON.stringify([
        ['SET', k('rp'), 'v'],
        ['INCR', k('rp')],
        ['MGET', k('rp'), k('nothing')],
        ['DEL', k('rp')],
      ]),
    });
    expect(pipe.status).toBe(200);
    expect(pipe.json).toEqual([
      { result: 'OK' },
      { error: 'ERR value is not an integer or out of range' },
      { result: ['dg==', null] },
      { result: 1 },
    ]);

    expect((await raw('/get/x', { method: 'DELETE' })).status).toBe(405);
    const big = await raw('/', { body: JSON.stringify(['SET', k('big'), 'x'.repeat(1024 * 1024 + 10)]) });
    expect(big.status).toBe(413);
    expect(await direct.exists(k('big'))).toBe(0);
    const blocking = await raw('/', { body: JSON.stringify(['BLPOP', k('list'), 0]) });
    expect(blocking.status).toBe(400);
    expect(blocking.json.error).toMatch(/not supported/);
    const resp2 = await raw(`/get/${key}`, { method: 'GET', headers: { 'upstash-response-format': 'resp2' } });
    expect(resp2.status).toBe(400);
  });
});
