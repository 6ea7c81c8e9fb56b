/**
 * Stops the real test database (through the global setup's control server)
 * and checks that everything already in the edge cache or KV is still served,
 * while what only Postgres has becomes a clean 503 — then starts it again.
 * Runs in its own project, after every other database test.
 */
import { SELF } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productKey } from '../../../domain/catalog/keys';
import { eventually, publishToKv, someActiveHandles, testEnv } from '../test/helpers';

let cached: string;
let inKv: string;
let onlyInPostgres: string;
let stopped = false;

async function control(action: 'stop' | 'start') {
  const r = await fetch(`${testEnv.TEST_CONTROL_URL}/postgres/${action}`, { method: 'POST' });
  return r.status;
}

beforeAll(async () => {
  await publishToKv();
  [cached, inKv, onlyInPostgres] = (await someActiveHandles(3)) as [string, string, string];
  // warm the edge cache for one product page and its JSON
  await eventually(async () => {
    const r = await SELF.fetch(`https://shop.test/api/v1/products/${cached}`);
    await r.arrayBuffer();
    expect(r.headers.get('x-cache')).toBe('hit');
  });
  await eventually(async () => {
    const r = await SELF.fetch(`https://shop.test/products/${cached}`);
    await r.arrayBuffer();
    expect(r.headers.get('x-cache')).toBe('hit');
  });
  await testEnv.CATALOG.delete(productKey(onlyInPostgres));
  const status = await control('stop');
  stopped = status === 204;
});

afterAll(async () => {
  if (stopped) expect(await control('start')).toBe(204);
});

describe('with Postgres stopped', () => {
  it('the database is really down', async (ctx) => {
    if (!stopped) ctx.skip(); // external database (VITRINE_TEST_DATABASE_URL): cannot be stopped
    const r = await SELF.fetch(`https://shop.test/api/v1/products/${onlyInPostgres}`, { headers: { 'x-vitrine-bypass': 'cache,kv' } });
    expect(r.status).toBe(503);
  });

  it('serves edge-cached JSON and pages', async (ctx) => {
    if (!stopped) ctx.skip();
    const json = await SELF.fetch(`https://shop.test/api/v1/products/${cached}`);
    expect(json.status).toBe(200);
    expect(['hit', 'stale']).toContain(json.headers.get('x-cache'));
    const html = await SELF.fetch(`https://shop.test/products/${cached}`);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('application/ld+json');
  });

  it('serves what KV holds (product, listing, pages)', async (ctx) => {
    if (!stopped) ctx.skip();
    const r = await SELF.fetch(`https://shop.test/api/v1/products/${inKv}`, { headers: { 'x-vitrine-bypass': 'cache' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-cache')).toBe('kv');
    const list = await SELF.fetch('https://shop.test/api/v1/products?limit=3', { headers: { 'x-vitrine-bypass': 'cache' } });
    expect(list.status).toBe(200);
    const page = await SELF.fetch(`https://shop.test/products/${inKv}`, { headers: { 'x-vitrine-bypass': 'cache', accept: 'text/html' } });
    expect(page.status).toBe(200);
  });

  it('answers what only Postgres has with a clean 503 (problem+json or friendly page)', async (ctx) => {
    if (!stopped) ctx.skip();
    const api = await SELF.fetch(`https://shop.test/api/v1/products/${onlyInPostgres}`);
    expect(api.status).toBe(503);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const body = await api.text();
    expect(body).not.toMatch(/ECONNREFUSED|\n\s+at /);
    const page = await SELF.fetch(`https://shop.test/products/${onlyInPostgres}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('retry-after')).toBe('30');
  });
});

describe('after Postgres restarts', () => {
  it('serves from the origin again and repairs KV', async (ctx) => {
    if (!stopped) ctx.skip();
    expect(await control('start')).toBe(204);
    stopped = false;
    const r = await eventually(async () => {
      const res = await SELF.fetch(`https://shop.test/api/v1/products/${onlyInPostgres}`);
      expect(res.status).toBe(200);
      return res;
    }, { tries: 40, delayMs: 250 });
    expect(r.headers.get('x-cache')).toBe('origin');
    await eventually(async () => expect(await testEnv.CATALOG.get(productKey(onlyInPostgres))).not.toBeNull());
  });
});
