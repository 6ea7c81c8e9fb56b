import { describe, expect, it } from 'vitest';
import { buildSearchRequest, buildSuggestRequest, canonicalSearchParams, hasFilters, pageCount } from './request';
import { priceBuckets } from './price-buckets';
import { SEARCH_LIMITS } from './types';

describe('search requests', () => {
  it('normalises the query and prepares terms and price buckets', () => {
    const r = buildSearchRequest({ q: '  Black  T-Shirt\u0000 ', currency: 'EUR' });
    expect(r).toMatchObject({ query: 'black t-shirt', terms: ['black', 'tshirt'], sort: 'relevance', page: 1, perPage: SEARCH_LIMITS.defaultPerPage });
    expect(r.priceBuckets).toEqual(priceBuckets('EUR'));
  });

  it('clamps pages and page sizes into range', () => {
    expect(buildSearchRequest({ q: 'x', currency: 'USD', page: -3, perPage: 0 })).toMatchObject({ page: 1, perPage: 1 });
    expect(buildSearchRequest({ q: 'x', currency: 'USD', page: 10_000, perPage: 10_000 })).toMatchObject({
      page: SEARCH_LIMITS.maxPage,
      perPage: SEARCH_LIMITS.maxPerPage,
    });
  });

  it('gives equivalent requests one canonical key (order, case, spaces, duplicates)', () => {
    const a = buildSearchRequest({
      q: 'Merino  SOCKS',
      currency: 'USD',
      collections: ['winter-essentials', 'accessories', 'accessories'],
      options: { Color: ['Navy', 'black'], size: ['M'] },
      inStock: true,
    });
    const b = buildSearchRequest({
      q: ' merino socks ',
      currency: 'USD',
      collections: ['accessories', 'winter-essentials'],
      options: { size: ['m'], color: ['BLACK', 'navy', 'navy'] },
      inStock: true,
    });
    expect(canonicalSearchParams(a)).toBe(canonicalSearchParams(b));
    expect(canonicalSearchParams(a)).toBe(
      'collection=accessories&collection=winter-essentials&currency=USD&filter.color=black&filter.color=navy&filter.size=m&in_stock=1&page=1&per_page=24&q=merino+socks&sort=relevance',
    );
    expect(canonicalSearchParams(buildSearchRequest({ q: 'merino socks', currency: 'EUR' }))).not.toBe(
      canonicalSearchParams(buildSearchRequest({ q: 'merino socks', currency: 'USD' })),
    );
  });

  it('swaps an inverted price range and knows when filters are set', () => {
    const r = buildSearchRequest({ q: 'mug', currency: 'USD', priceMin: 5000, priceMax: 1000 });
    expect(r.filters).toMatchObject({ priceMin: 1000, priceMax: 5000 });
    expect(hasFilters(r.filters)).toBe(true);
    expect(hasFilters(buildSearchRequest({ q: 'mug', currency: 'USD' }).filters)).toBe(false);
  });

  it('caps suggestions and counts pages', () => {
    expect(buildSuggestRequest('Hood', 'USD', 99)).toEqual({ query: 'hood', terms: ['hood'], currency: 'USD', limit: SEARCH_LIMITS.maxSuggestions });
    expect(buildSuggestRequest(' h ', 'USD').terms).toEqual([]);
    expect(pageCount(49, 24)).toBe(3);
    expect(pageCount(0, 24)).toBe(0);
    expect(pageCount(1_000_000, 1)).toBe(SEARCH_LIMITS.maxPage);
  });
});
