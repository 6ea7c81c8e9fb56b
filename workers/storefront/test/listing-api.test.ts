import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductSummary } from '../../../domain/catalog/documents';
import { publishToKv, testDb } from './helpers';

interface ListingBody {
  collection: { handle: string; title: string; kind: string };
  total: number;
  items: ProductSummary[];
  nextCursor: string | null;
  facets: Record<string, Record<string, number>>;
}

let activeCount = 0;

beforeAll(async () => {
  await publishToKv();
  const h = testDb();
  try {
    activeCount = Number((await h.pool.query(`select count(*) from products where status = 'active'`)).rows[0].count);
  } finally {
    await h.close();
  }
});

const getJson = async (path: string) => {
  const r = await SELF.fetch(`https://shop.test${path}`);
  return { status: r.status, headers: r.headers, body: (await r.json()) as ListingBody & { errors?: { path: string; message: string }[] } };
};

describe('product listing', () => {
  it('walks every active product exactly once with cursor pagination', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await getJson(`/api/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(body.total).toBe(activeCount);
      for (const p of body.items) {
        expect(seen.has(p.id)).toBe(false);
        seen.add(p.id);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen.size).toBe(activeCount);
    expect(pages).toBe(Math.ceil(activeCount / 100));
  });

  it('sorts by price in the requested currency and by title', async () => {
    for (const currency of ['USD', 'EUR'] as const) {
      const { body } = await getJson(`/api/v1/products?sort=price-asc&currency=${currency}&limit=100`);
      const prices = body.items.map((p) => p.priceRange[currency]!.min);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      const desc = await getJson(`/api/v1/products?sort=price-desc&currency=${currency}&limit=50`);
      const dp = desc.body.items.map((p) => p.priceRange[currency]!.min);
      expect(dp).toEqual([...dp].sort((a, b) => b - a));
    }
    const { body } = await getJson('/api/v1/products?sort=title-asc&limit=100');
    const titles = body.items.map((p) => p.title.toLowerCase());
    expect(titles).toEqual([...titles].sort());
    const newest = await getJson('/api/v1/products?sort=newest&limit=100');
    const dates = newest.body.items.map((p) => p.createdAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('filters by price range, option values and stock, with facet counts', async () => {
    const { body } = await getJson('/api/v1/products?price_min=2000&price_max=5000&currency=USD&limit=100');
    expect(body.total).toBeGreaterThan(0);
    for (const p of body.items) {
      expect(p.priceRange.USD!.max).toBeGreaterThanOrEqual(2000);
      expect(p.priceRange.USD!.min).toBeLessThanOrEqual(5000);
    }
    const all = await getJson('/api/v1/products?limit=1');
    const sizeFacet = all.body.facets.size;
    expect(sizeFacet).toBeDefined();
    const [size, count] = Object.entries(sizeFacet!)[0]!;
    const bySize = await getJson(`/api/v1/products?filter.size=${encodeURIComponent(size)}&limit=100`);
    expect(bySize.body.total).toBe(count);
    for (const p of bySize.body.items) expect(p.options.size).toContain(size);
    const inStock = await getJson('/api/v1/products?in_stock=1&limit=100');
    expect(inStock.body.total).toBeLessThanOrEqual(activeCount);
    for (const p of inStock.body.items) expect(p.inStock).toBe(true);
  });

  it('lists a collection in the merchant order, and the collection index', async () => {
    const idx = await SELF.fetch('https://shop.test/api/v1/collections');
    expect(idx.status).toBe(200);
    const { collections } = (await idx.json()) as { collections: { handle: string; productCount: number }[] };
    expect(collections.length).toBeGreaterThanOrEqual(12);
    const c = collections.find((x) => x.productCount > 0)!;
    const { status, body } = await getJson(`/api/v1/collections/${c.handle}?limit=100`);
    expect(status).toBe(200);
    expect(body.collection.handle).toBe(c.handle);
    expect(body.total).toBe(c.productCount);
    const h = testDb();
    try {
      const ordered = (
        await h.pool.query(
          `select p.handle from collection_products cp join collections c on c.id = cp.collection_id
             join products p on p.id = cp.product_id and p.status = 'active'
            where c.handle = $1 order by cp.position, cp.product_id limit 100`,
          [c.handle],
        )
      ).rows.map((r: { handle: string }) => r.handle);
      expect(body.items.map((p) => p.handle)).toEqual(ordered);
    } finally {
      await h.close();
    }
    const missing = await getJson('/api/v1/collections/no-such-collection');
    expect(missing.status).toBe(404);
  });

  it('rejects invalid parameters with 400 problem+json listing every issue', async () => {
    const r = await SELF.fetch('https://shop.test/api/v1/products?sort=cheapest&limit=0&price_min=-5&currency=GBP');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { errors: { path: string }[] };
    const paths = body.errors.map((e) => e.path).sort();
    expect(paths).toEqual(['query.currency', 'query.limit', 'query.price_min', 'query.sort']);

    const cases = [
      '/api/v1/products?price_min=5000&price_max=100',
      '/api/v1/products?limit=101',
      '/api/v1/products?limit=1.5',
      '/api/v1/products?cursor=not*valid',
      '/api/v1/products?cursor=bm9wZQ',
      '/api/v1/products?utm_source=x',
      '/api/v1/products?sort=newest&sort=title-asc',
      '/api/v1/products?price_max=99999999999999',
      `/api/v1/products?filter.${'x'.repeat(50)}=1`,
      '/api/v1/products?in_stock=maybe',
    ];
    for (const path of cases) {
      const res = await SELF.fetch(`https://shop.test${path}`);
      expect(res.status, path).toBe(400);
      const problem = (await res.json()) as { status: number; errors?: unknown[] };
      expect(problem.status).toBe(400);
      expect(problem.errors?.length, path).toBeGreaterThan(0);
    }
  });

  it('shares one cache entry between equivalent URLs', async () => {
    const a = await SELF.fetch('https://shop.test/api/v1/products?filter.color=Black&sort=newest&limit=5');
    expect(a.status).toBe(200);
    await a.arrayBuffer();
    for (let i = 0; i < 60; i++) {
      const b = await SELF.fetch('https://shop.test/api/v1/products?limit=5&sort=newest&filter.COLOR=Black');
      await b.arrayBuffer();
      if (b.headers.get('x-cache') === 'hit') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('equivalent URL never hit the cache');
  });
});
