import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductDocument } from '../../../domain/catalog/documents';
import { productKey } from '../../../domain/catalog/keys';
import { eventually, publishToKv, someActiveHandles, testDb, testEnv } from './helpers';

let handles: string[];

beforeAll(async () => {
  expect(await publishToKv()).toBeGreaterThanOrEqual(500);
  handles = await someActiveHandles(10);
});

const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://shop.test${path}`, { headers });

describe('GET /api/v1/products/:handle', () => {
  it('serves the product document from KV, then from the edge cache', async () => {
    const handle = handles[0]!;
    const first = await get(`/api/v1/products/${handle}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(first.headers.get('x-cache')).toBe('kv');
    const doc = (await first.json()) as ProductDocument;
    expect(doc.handle).toBe(handle);

    // the cache write happens in waitUntil; the next requests are hits
    const hit = await eventually(async () => {
      const r = await get(`/api/v1/products/${handle}`);
      expect(r.headers.get('x-cache')).toBe('hit');
      return r;
    });
    expect(await hit.json()).toEqual(doc);
    const etag = hit.headers.get('etag');
    expect(etag).toBeTruthy();
    const notModified = await get(`/api/v1/products/${handle}`, { 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
  });

  it('matches Postgres: prices are integer minor units, stock is on_hand - reserved', async () => {
    const handle = handles[1]!;
    const doc = (await (await get(`/api/v1/products/${handle}`)).json()) as ProductDocument;
    const h = testDb();
    try {
      const rows = (
        await h.pool.query(
          `select v.sku, vp.currency, vp.amount, vp.compare_at_amount, i.on_hand - i.reserved as available
             from variants v join products p on p.id = v.product_id
             join variant_prices vp on vp.variant_id = v.id
             join inventory_levels i on i.variant_id = v.id
            where p.handle = $1`,
          [handle],
        )
      ).rows as { sku: string; currency: 'USD' | 'EUR'; amount: number; compare_at_amount: number | null; available: number }[];
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const v = doc.variants.find((x) => x.sku === r.sku)!;
        expect(v.prices[r.currency]).toEqual({ amount: r.amount, compareAt: r.compare_at_amount });
        expect(Number.isInteger(v.prices[r.currency]!.amount)).toBe(true);
        expect(v.available).toBe(r.available);
      }
    } finally {
      await h.close();
    }
  });

  it('falls back to Postgres when KV has no entry, and repairs KV', async () => {
    const handle = handles[2]!;
    await testEnv.CATALOG.delete(productKey(handle));
    const r = await get(`/api/v1/products/${handle}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-cache')).toBe('origin');
    expect(((await r.json()) as ProductDocument).handle).toBe(handle);
    await eventually(async () => expect(await testEnv.CATALOG.get(productKey(handle))).not.toBeNull());
  });

  it('lets benchmarks bypass layers only when allowed', async () => {
    const handle = handles[3]!;
    const kv = await get(`/api/v1/products/${handle}`, { 'x-vitrine-bypass': 'cache' });
    expect(kv.headers.get('x-cache')).toBe('kv');
    const origin = await get(`/api/v1/products/${handle}`, { 'x-vitrine-bypass': 'cache,kv' });
    expect(origin.headers.get('x-cache')).toBe('origin');
    expect(((await origin.json()) as ProductDocument).handle).toBe(handle);
  });

  it('answers 404 problem+json for an unknown handle, and does not cache it', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await get('/api/v1/products/no-such-product-anywhere');
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.headers.get('x-cache')).toBe('origin');
      const body = (await r.json()) as { status: number; title: string; type: string };
      expect(body.status).toBe(404);
      expect(body.type).toMatch(/^https:\/\//);
    }
  });

  it('answers 400 problem+json for a malformed handle or any query parameter', async () => {
    const bad = await get('/api/v1/products/Not%20A%20Handle');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: { path: string }[] };
    expect(body.errors[0]!.path).toBe('path.handle');
    const q = await get(`/api/v1/products/${handles[0]}?x=1`);
    expect(q.status).toBe(400);
    expect(((await q.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('query.x');
  });
});
