/**
 * The session store against real Redis (through the Upstash REST bridge),
 * inside workerd. Time is an injected clock; Redis TTLs are asserted as
 * values (PTTL), never waited for.
 */
import { env } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { redisFromEnv, type RedisEnv } from '../redis/client';
import { createSessionStore, isSessionId } from './session-store';

const redis = redisFromEnv(env as unknown as RedisEnv);
const IDLE = 600; // 10 min
const ABSOLUTE = 3_600; // 1 h

function storeWithClock(start = Date.now()) {
  const clock = { t: start };
  const store = createSessionStore<{ email: string }>({
    prefix: `vt:test:${crypto.randomUUID()}`,
    cookieName: '__Host-vt-test',
    idleSeconds: IDLE,
    absoluteSeconds: ABSOLUTE,
    touchIntervalSeconds: 60,
    now: () => clock.t,
  });
  return { store, clock };
}

const pttl = async (store: ReturnType<typeof storeWithClock>['store'], id: string) => redis.pttl(await store.keyFor(id));

describe('session ids and storage', () => {
  it('issues 256-bit random ids and stores only a hash of the id in Redis', async () => {
    const { store } = storeWithClock();
    const a = await store.create(redis, 'cust-1', { email: 'a@example.com' });
    const b = await store.create(redis, 'cust-1', { email: 'a@example.com' });
    expect(isSessionId(a.id)).toBe(true);
    expect(a.id).toHaveLength(43); // 32 bytes, base64url
    expect(a.id).not.toBe(b.id);
    const key = await store.keyFor(a.id);
    expect(key).not.toContain(a.id);
    expect(key).toMatch(/:s:[A-Za-z0-9_-]{43}$/);
    const raw = await redis.get<string>(key);
    expect(raw).not.toContain(a.id);
    expect((await store.get(redis, a.id))?.subject).toBe('cust-1');
  });

  it('returns null for unknown, malformed and tampered sessions', async () => {
    const { store } = storeWithClock();
    expect(await store.get(redis, 'A'.repeat(43))).toBeNull();
    expect(await store.get(redis, 'not-a-session')).toBeNull();
    const s = await store.create(redis, 'cust-2', { email: 'b@example.com' });
    await redis.set(await store.keyFor(s.id), '{"v":1,"sub":"cust-2"}', { xx: true, keepTtl: true });
    expect(await store.get(redis, s.id)).toBeNull();
    expect(await redis.exists(await store.keyFor(s.id))).toBe(0);
  });
});

describe('idle and absolute timeouts', () => {
  it('sets the Redis TTL to the idle timeout and ends an unused session after it', async () => {
    const { store, clock } = storeWithClock();
    const s = await store.create(redis, 'cust-3', { email: 'c@example.com' });
    const ttl = await pttl(store, s.id);
    expect(ttl).toBeGreaterThan((IDLE - 5) * 1000);
    expect(ttl).toBeLessThanOrEqual(IDLE * 1000);
    expect(s.idleExpiresAt).toBe(s.createdAt + IDLE * 1000);

    clock.t += IDLE * 1000; // idle for exactly the timeout: over
    expect(await store.get(redis, s.id)).toBeNull();
    expect(await redis.exists(await store.keyFor(s.id))).toBe(0);
  });

  it('slides the idle expiry when the session is used (clock and Redis TTL)', async () => {
    const { store, clock } = storeWithClock();
    const s = await store.create(redis, 'cust-4', { email: 'd@example.com' });
    clock.t += (IDLE - 30) * 1000; // used just before the idle timeout
    const used = await store.get(redis, s.id);
    expect(used?.lastSeenAt).toBe(clock.t);
    expect(used?.idleExpiresAt).toBe(clock.t + IDLE * 1000);
    expect(await pttl(store, s.id)).toBeGreaterThan((IDLE - 5) * 1000); // TTL pushed forward
    clock.t += (IDLE - 30) * 1000; // would have expired without the touch
    expect(await store.get(redis, s.id)).not.toBeNull();
  });

  it('does not write on every request: touches at most once per interval', async () => {
    const { store, clock } = storeWithClock();
    const s = await store.create(redis, 'cust-5', { email: 'e@example.com' });
    clock.t += 10_000;
    expect((await store.get(redis, s.id))?.lastSeenAt).toBe(s.createdAt);
    clock.t += 60_000;
    expect((await store.get(redis, s.id))?.lastSeenAt).toBe(clock.t);
  });

  it('ends a session at the absolute timeout however active it is; the TTL never outlives it', async () => {
    const { store, clock } = storeWithClock();
    const s = await store.create(redis, 'cust-6', { email: 'f@example.com' });
    expect(s.expiresAt).toBe(s.createdAt + ABSOLUTE * 1000);
    // active every 5 minutes until 2 minutes before the absolute deadline
    while (clock.t + 300_000 < s.expiresAt - 120_000) {
      clock.t += 300_000;
      expect(await store.get(redis, s.id)).not.toBeNull();
    }
    clock.t = s.expiresAt - 120_000;
    const late = await store.get(redis, s.id);
    expect(late?.idleExpiresAt).toBe(s.expiresAt); // idle expiry capped by the absolute deadline
    const ttl = await pttl(store, s.id);
    expect(ttl).toBeLessThanOrEqual(120_000);
    expect(ttl).toBeGreaterThan(100_000);
    clock.t = s.expiresAt;
    expect(await store.get(redis, s.id)).toBeNull();
  });
});

describe('rotation and invalidation', () => {
  it('rotation issues a new id and kills the old one (session fixation)', async () => {
    const { store } = storeWithClock();
    const before = await store.create(redis, 'cust-7', { email: 'g@example.com' });
    const after = await store.create(redis, 'cust-7', { email: 'g@example.com' }, { replacing: before.id });
    expect(after.id).not.toBe(before.id);
    expect(await store.get(redis, before.id)).toBeNull();
    expect((await store.get(redis, after.id))?.subject).toBe('cust-7');
  });

  it('destroy ends the session server-side; a later touch cannot resurrect it', async () => {
    const { store, clock } = storeWithClock();
    const s = await store.create(redis, 'cust-8', { email: 'h@example.com' });
    await store.destroy(redis, s.id);
    expect(await store.get(redis, s.id)).toBeNull();
    clock.t += 120_000;
    expect(await store.get(redis, s.id)).toBeNull();
    expect(await redis.exists(await store.keyFor(s.id))).toBe(0);
  });

  it('destroyAllForSubject ends every session of one subject (optionally but one), not others', async () => {
    const { store } = storeWithClock();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => store.create(redis, 'cust-9', { email: 'i@example.com' })));
    const other = await store.create(redis, 'cust-10', { email: 'j@example.com' });
    expect(await store.destroyAllForSubject(redis, 'cust-9', { except: c!.id })).toBe(2);
    expect(await store.get(redis, a!.id)).toBeNull();
    expect(await store.get(redis, b!.id)).toBeNull();
    expect(await store.get(redis, c!.id)).not.toBeNull();
    expect(await store.get(redis, other.id)).not.toBeNull();
  });
});

describe('cookie', () => {
  it('is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain, Max-Age = remaining absolute lifetime', async () => {
    const { store } = storeWithClock();
    const app = new Hono()
      .post('/in', async (c) => {
        store.setCookie(c, await store.create(redis, 'cust-11', { email: 'k@example.com' }));
        return c.body(null, 204);
      })
      .post('/out', (c) => {
        store.clearCookie(c);
        return c.body(null, 204);
      })
      .get('/who', (c) => c.json(store.idFromRequest(c, { allowBearer: true })));
    const set = (await app.request('https://shop.test/in', { method: 'POST' })).headers.get('set-cookie')!;
    expect(set).toMatch(/^__Host-vt-test=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(set).not.toMatch(/Domain=/i);
    const cleared = (await app.request('https://shop.test/out', { method: 'POST' })).headers.get('set-cookie')!;
    expect(cleared).toMatch(/^__Host-vt-test=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/);

    const id = set.split(';')[0]!.split('=')[1]!;
    expect(await (await app.request('https://shop.test/who', { headers: { cookie: `__Host-vt-test=${id}` } })).json()).toEqual({ id, source: 'cookie' });
    expect(await (await app.request('https://shop.test/who', { headers: { authorization: `Bearer ${id}` } })).json()).toEqual({ id, source: 'bearer' });
    expect(await (await app.request('https://shop.test/who', { headers: { cookie: '__Host-vt-test=short' } })).json()).toBeNull();
  });

  it('refuses cookie names without the __Host- prefix', () => {
    expect(() => createSessionStore({ prefix: 'x', cookieName: 'sid', idleSeconds: 1, absoluteSeconds: 2 })).toThrow(/__Host-/);
  });
});
