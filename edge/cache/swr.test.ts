// Runs inside workerd (storefront project): the real local Cache API.
import { describe, expect, it } from 'vitest';
import type { CachePolicy } from './policies';
import { swr, type Loaded } from './swr';

const pending: Promise<unknown>[] = [];
const waitUntil = (p: Promise<unknown>) => void pending.push(p);
const settle = async () => {
  while (pending.length) await pending.shift();
};

let n = 0;
const key = () => `https://cache.test/swr/${Date.now()}-${n++}`;
const fresh: CachePolicy = { name: 't', freshSeconds: 60, staleSeconds: 60, browser: 'public, max-age=0' };
const alwaysStale: CachePolicy = { name: 't', freshSeconds: 0, staleSeconds: 60, browser: 'public, max-age=0' };

function loader(bodies: (string | Error | number)[]) {
  let calls = 0;
  const load = async (): Promise<Loaded> => {
    const b = bodies[Math.min(calls++, bodies.length - 1)]!;
    if (b instanceof Error) throw b;
    if (typeof b === 'number') return { response: new Response('failure', { status: b }), layer: 'origin', cacheable: true };
    return { response: new Response(b), layer: 'kv', cacheable: true };
  };
  return { load, calls: () => calls };
}

describe('swr', () => {
  it('misses, stores via waitUntil, then hits without loading', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    const l = loader(['v1']);
    const first = await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load });
    expect(first.headers.get('x-cache')).toBe('kv');
    expect(await first.text()).toBe('v1');
    await settle();
    const second = await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load });
    expect(second.headers.get('x-cache')).toBe('hit');
    expect(await second.text()).toBe('v1');
    expect(second.headers.get('cache-control')).toBe('public, max-age=0');
    expect(l.calls()).toBe(1);
  });

  it('serves stale at once and revalidates in the background', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    const l = loader(['v1', 'v2']);
    await (await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load })).text();
    await settle();
    const stale = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load });
    expect(stale.headers.get('x-cache')).toBe('stale');
    expect(await stale.text()).toBe('v1');
    await settle(); // the revalidation stored v2
    const next = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load });
    expect(await next.text()).toBe('v2');
  });

  it('revalidates a stale entry once while that revalidation is under way, however many requests see it', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async (): Promise<Loaded> => {
      calls++;
      if (calls > 1) await gate;
      return { response: new Response(`v${calls}`), layer: 'origin', cacheable: true };
    };
    await (await swr({ cache, key: k, policy: alwaysStale, waitUntil, load })).text();
    await settle();
    for (let i = 0; i < 5; i++) {
      const r = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load });
      expect(r.headers.get('x-cache')).toBe('stale');
      await r.text();
    }
    expect(calls).toBe(2);
    release();
    await settle();
    // once it finished, the next stale read may revalidate again
    await (await swr({ cache, key: k, policy: alwaysStale, waitUntil, load })).text();
    expect(calls).toBe(3);
    await settle();
  });

  it('never caches failures, and a failed revalidation keeps the stale copy', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    const l = loader([503, 'ok', new Error('database down')]);
    const failed = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load });
    expect(failed.status).toBe(503);
    await settle();
    expect(await cache.match(k)).toBeUndefined();
    expect(await (await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load })).text()).toBe('ok');
    await settle();
    const stale = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load, onBackgroundError: () => {} });
    expect(await stale.text()).toBe('ok');
    await settle();
    const still = await swr({ cache, key: k, policy: alwaysStale, waitUntil, load: l.load, onBackgroundError: () => {} });
    expect(still.status).toBe(200);
    expect(await still.text()).toBe('ok');
  });

  it('answers If-None-Match with 304 from the cache', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    const l = loader(['body']);
    await (await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load })).text();
    await settle();
    const hit = await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load });
    const etag = hit.headers.get('etag')!;
    await hit.text();
    expect(etag).toMatch(/^W\/"/);
    const nm = await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load, ifNoneMatch: etag });
    expect(nm.status).toBe(304);
  });

  it('bypass skips the cache both ways', async () => {
    const cache = await caches.open('swr-test');
    const k = key();
    const l = loader(['a', 'b']);
    await (await swr({ cache, key: k, policy: fresh, waitUntil, load: l.load, bypass: true })).text();
    await settle();
    expect(await cache.match(k)).toBeUndefined();
  });
});
