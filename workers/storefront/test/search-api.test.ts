/**
 * GET /api/v1/search and /api/v1/search/suggest inside workerd against the
 * test database (Postgres adapter): shape, filters, edge caching with
 * normalised keys, strict validation (problem+json 400s, never a 500), the
 * OpenAPI description, and the fallback from an unreachable Algolia.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../domain/search/types';
import { createApp } from '../src/app';
import { publishToKv } from './helpers';
import { buildSearchIndex, get, getJson } from './search-helpers';

type Body = Omit<SearchResult, 'engine'> & { engine: string; sort: string; currency: string };
interface Problem {
  status: number;
  title: string;
  errors?: { path: string; message: string; code: string }[];
}

beforeAll(async () => {
  await Promise.all([buildSearchIndex(), publishToKv()]);
});

describe('GET /api/v1/search', () => {
  it('answers with hits, highlights, facets and paging', async () => {
    const { status, headers, body } = await getJson<Body>('/api/v1/search?q=hoodie&per_page=5');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/json');
    expect(body).toMatchObject({ query: 'hoodie', engine: 'postgres', sort: 'relevance', currency: 'USD', page: 1, perPage: 5, correctedQuery: null });
    expect(body.total).toBeGreaterThan(5);
    expect(body.pages).toBe(Math.ceil(body.total / 5));
    expect(body.hits).toHaveLength(5);
    for (const h of body.hits) {
      expect(h.highlight.title.map((p) => p.text).join('')).toBe(h.product.title);
      expect(h.highlight.title.some((p) => p.match && /hoodie/i.test(p.text))).toBe(true);
    }
    expect(body.facets.collections.map((c) => c.value)).toContain('hoodies-sweatshirts');
    expect(body.facets.options.map((o) => o.name)).toEqual(expect.arrayContaining(['color', 'size']));
    expect(body.facets.availability.inStock + body.facets.availability.outOfStock).toBe(body.total);
  });

  it('filters, sorts and pages like its parameters say', async () => {
    const all = await getJson<Body>('/api/v1/search?q=cotton&per_page=48');
    const color = all.body.facets.options.find((o) => o.name === 'color')!.values[0]!;
    const f = await getJson<Body>(`/api/v1/search?q=cotton&filter.color=${encodeURIComponent(color.label)}&per_page=48&sort=price-asc&currency=EUR`);
    expect(f.status).toBe(200);
    expect(f.body.total).toBe(color.count);
    const prices = f.body.hits.map((h) => h.product.priceRange.EUR!.min);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const priced = await getJson<Body>('/api/v1/search?q=cotton&price_min=2500&price_max=4999&in_stock=1&collection=t-shirts');
    for (const h of priced.body.hits) {
      expect(h.product.priceRange.USD!.min).toBeGreaterThanOrEqual(2500);
      expect(h.product.priceRange.USD!.min).toBeLessThanOrEqual(4999);
      expect(h.product.inStock).toBe(true);
    }
    const p2 = await getJson<Body>('/api/v1/search?q=cotton&per_page=10&page=2');
    expect(p2.body.page).toBe(2);
    expect(p2.body.hits.map((h) => h.product.id)).toEqual(all.body.hits.slice(10, 20).map((h) => h.product.id));
  });

  it('corrects misspellings and says so', async () => {
    const { body } = await getJson<Body>('/api/v1/search?q=blak+tshirt');
    expect(body.correctedQuery).toBe('black tshirt');
    expect(body.total).toBeGreaterThan(0);
  });

  it('is cached at the edge under a normalised key (case, spaces, parameter order)', async () => {
    const first = await get('/api/v1/search?q=Merino%20%20Wool&filter.size=M&filter.color=Navy&sort=relevance');
    expect(first.headers.get('x-cache')).toBe('origin');
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    const body = await first.text();
    let again: Response | undefined;
    for (let i = 0; i < 40; i++) {
      again = await get('/api/v1/search?filter.color=navy&filter.size=m&q=merino+wool');
      if (again.headers.get('x-cache') === 'hit') break;
      await again.arrayBuffer();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(again!.headers.get('x-cache')).toBe('hit');
    expect(await again!.text()).toBe(body);
    // a different query is a different entry
    const other = await get('/api/v1/search?q=merino');
    expect(other.headers.get('x-cache')).toBe('origin');
    await other.arrayBuffer();
  });

  it.each([
    ['missing q', '', 'query.q'],
    ['empty q', 'q=', 'query.q'],
    ['blank q', 'q=%20%20%20', 'query.q'],
    ['control characters only', 'q=%00%01%1F', 'query.q'],
    ['q over 200 characters', `q=${'a'.repeat(201)}`, 'query.q'],
    ['negative page', 'q=mug&page=-1', 'query.page'],
    ['page zero', 'q=mug&page=0', 'query.page'],
    ['page past the limit', 'q=mug&page=41', 'query.page'],
    ['page not a number', 'q=mug&page=2abc', 'query.page'],
    ['per_page too large', 'q=mug&per_page=500', 'query.per_page'],
    ['unknown sort', 'q=mug&sort=popularity', 'query.sort'],
    ['unknown currency', 'q=mug&currency=GBP', 'query.currency'],
    ['unknown parameter', 'q=mug&facet=colour', 'query.facet'],
    ['repeated q', 'q=mug&q=cup', 'query.q'],
    ['price_min above price_max', 'q=mug&price_min=5000&price_max=100', 'query.price_min'],
    ['negative price', 'q=mug&price_min=-5', 'query.price_min'],
    ['malformed collection', 'q=mug&collection=DROP%20TABLE', 'query.collection.0'],
    ['malformed option name', 'q=mug&filter.%3Cscript%3E=x', 'query.filters.<script>'],
    ['too many values', `q=mug&${Array.from({ length: 21 }, (_, i) => `filter.color=c${i}`).join('&')}`, 'query.filters.color'],
  ])('answers %s with a 400 problem listing the issue', async (_name, qs, path) => {
    const { status, headers, body } = await getJson<Problem>(`/api/v1/search?${qs}`);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.errors?.map((e) => e.path)).toContain(path);
  });

  it('never answers a 500 to hostile queries, and an unknown option simply matches nothing', async () => {
    const nasty = ["'); drop table products; --", '.*+?^${}()|[]\\', ':* & | ! <-> \'"', '%_%', '\u202e\u200bmug', 'mug'.repeat(60), '🧦 socks', 'ＨＯＯＤＩＥ'];
    for (const q of nasty) {
      const r = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      await r.arrayBuffer();
    }
    const unknown = await getJson<Body>('/api/v1/search?q=mug&filter.flavour=vanilla&collection=no-such-collection');
    expect(unknown.status).toBe(200);
    expect(unknown.body.total).toBe(0);
  });
});

describe('GET /api/v1/search/suggest', () => {
  it('suggests products (formatted price, URL, marked title) and collections', async () => {
    const { status, headers, body } = await getJson<{
      products: { handle: string; title: string; url: string; price: string | null; highlight: { title: { text: string; match: boolean }[] } }[];
      collections: { handle: string; url: string; count: number }[];
    }>('/api/v1/search/suggest?q=Hood&limit=4');
    expect(status).toBe(200);
    expect(headers.get('x-cache')).toMatch(/origin|hit/);
    expect(body.products.length).toBeGreaterThan(0);
    expect(body.products.length).toBeLessThanOrEqual(4);
    for (const p of body.products) {
      expect(p.url).toBe(`/products/${p.handle}`);
      expect(p.price).toMatch(/^(From )?\$\d+\.\d{2}$/);
      expect(p.highlight.title.some((x) => x.match)).toBe(true);
    }
    expect(body.collections[0]).toMatchObject({ handle: 'hoodies-sweatshirts', url: '/collections/hoodies-sweatshirts' });
  });

  it('validates its parameters', async () => {
    for (const qs of ['', 'q=', 'q=mug&limit=0', 'q=mug&limit=11', 'q=mug&page=2']) {
      const r = await get(`/api/v1/search/suggest?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      await r.arrayBuffer();
    }
  });
});

describe('documentation and configuration', () => {
  it('describes both endpoints in the OpenAPI document', async () => {
    const { body } = await getJson<{ paths: Record<string, { get: { operationId: string } }>; components: { schemas: Record<string, unknown> } }>('/api/v1/openapi.json');
    expect(body.paths['/search']!.get.operationId).toBe('searchProducts');
    expect(body.paths['/search/suggest']!.get.operationId).toBe('suggestProducts');
    expect(Object.keys(body.components.schemas)).toEqual(expect.arrayContaining(['SearchResults', 'Suggestions', 'HighlightPart']));
  });

  it('falls back to Postgres when Algolia is configured but unreachable', async () => {
    const app = createApp();
    const ctx = createExecutionContext();
    const algoliaEnv = { ...env, ALGOLIA_APP_ID: 'TESTAPP', ALGOLIA_SEARCH_API_KEY: 'search-key', ALGOLIA_HOSTS: 'http://127.0.0.1:9' };
    const res = await app.fetch(new Request('https://shop.test/api/v1/search?q=scarf&per_page=3', { headers: { 'x-vitrine-bypass': 'cache' } }), algoliaEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Body;
    expect(body.engine).toBe('postgres');
    expect(body.total).toBeGreaterThan(0);
  });
});
