import { describe, expect, it } from 'vitest';
import type { ProductSummary } from '../../../../domain/catalog/documents';
import { buildSearchRequest } from '../../../../domain/search/request';
import type { SearchResult } from '../../../../domain/search/types';
import { pageSearchInput } from '../routes/search-params';
import { pageWindow, priceLabel, SearchPage } from './search';
import { searchHref, setPrice, stateOf, toggleCollection, toggleOption } from './search-query';
import { SEARCH_SCRIPT, SEARCH_SCRIPT_PATH } from './search-script';

const product = (title: string): ProductSummary => ({
  id: 'p1',
  handle: 'p1',
  title,
  vendor: 'V',
  image: null,
  priceRange: { USD: { min: 1000, max: 1000 } },
  compareAtMin: {},
  options: {},
  inStock: true,
  createdAt: '2025-01-01T00:00:00.000Z',
});

function result(over: Partial<SearchResult> = {}): SearchResult {
  const r = buildSearchRequest({ q: 'x', currency: 'USD' });
  return {
    engine: 'postgres',
    query: 'x',
    correctedQuery: null,
    total: 1,
    page: 1,
    perPage: 24,
    pages: 1,
    hits: [],
    facets: { collections: [], options: [], price: r.priceBuckets.map((b) => ({ ...b, count: 0 })), availability: { inStock: 1, outOfStock: 0 } },
    ...over,
  };
}

describe('search page URLs', () => {
  it('builds canonical, sorted URLs and resets the page when a filter changes', () => {
    const s = { ...stateOf(buildSearchRequest({ q: 'black tee', currency: 'EUR', sort: 'newest', page: 3 })) };
    expect(searchHref(s)).toBe('/search?q=black+tee&sort=newest&currency=EUR&page=3');
    const withColor = toggleOption(toggleCollection(s, 't-shirts'), 'color', 'black');
    expect(searchHref(withColor)).toBe('/search?q=black+tee&sort=newest&collection=t-shirts&filter.color=black&currency=EUR');
    expect(searchHref(toggleOption(withColor, 'color', 'black'))).toBe('/search?q=black+tee&sort=newest&collection=t-shirts&currency=EUR');
    expect(searchHref(setPrice(s, '2500-5000'))).toContain('price=2500-5000');
    expect(setPrice(setPrice(s, '2500-5000'), '2500-5000').price).toBeUndefined();
  });

  it('reads the page parameters leniently', () => {
    const { input, tooLong } = pageSearchInput(new URLSearchParams('q=%20Mug%00&page=-2&sort=bogus&price=2500-5000&filter.Color=Black&filter.color=&collection=BAD&in_stock=1'), 'USD');
    expect(tooLong).toBe(false);
    expect(input).toMatchObject({ q: 'mug', page: undefined, sort: undefined, priceMin: 2500, priceMax: 4999, collections: [], options: { color: ['black'] }, inStock: true });
    expect(pageSearchInput(new URLSearchParams(`q=${'a'.repeat(201)}`), 'USD').tooLong).toBe(true);
    expect(pageSearchInput(new URLSearchParams('q=x&price=20000-'), 'USD').input).toMatchObject({ priceMin: 20000, priceMax: undefined });
  });

  it('numbers pages around the current one', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 20)).toEqual([1, 3, 4, 5, 6, 7, 20]);
    expect(pageWindow(20, 20)).toEqual([1, 18, 19, 20]);
  });

  it('labels price buckets', () => {
    expect(priceLabel({ min: 0, max: 2500 }, 'USD')).toBe('Under $25.00');
    expect(priceLabel({ min: 2500, max: 5000 }, 'USD')).toBe('$25.00 to $50.00');
    expect(priceLabel({ min: 20000, max: null }, 'EUR')).toBe('€200.00 and up');
  });
});

describe('SearchPage', () => {
  it('marks matches with <mark> and escapes every run', async () => {
    const request = buildSearchRequest({ q: '<img src=x onerror=alert(1)>', currency: 'USD' });
    const html = String(
      await (
        <SearchPage
          request={request}
          result={result({
            query: request.query,
            hits: [{ product: product('<script>alert(1)</script> Tee'), highlight: { title: [{ text: '<script>alert(1)</script> ', match: false }, { text: 'Tee', match: true }] } }],
          })}
          nav={[]}
          collections={[]}
          mediaBase=""
        />
      ),
    );
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <mark>Tee</mark>');
    expect(html).toContain(`<script src="${SEARCH_SCRIPT_PATH}" defer=""></script>`);
  });

  it('never builds markup from data in the autocomplete script', () => {
    expect(SEARCH_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(SEARCH_SCRIPT_PATH).toMatch(/^\/assets\/search-[0-9a-f]{8}\.js$/);
  });
});
