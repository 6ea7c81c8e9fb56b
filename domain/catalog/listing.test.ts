import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProductSummary } from './documents';
import { decodeCursor, encodeCursor, InvalidCursorError, LISTING_SORTS, queryListing, type ListingSort } from './listing';

function item(i: number, over: Partial<ProductSummary> = {}): ProductSummary {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    handle: `p-${i}`,
    title: `Product ${String.fromCharCode(65 + (i % 26))}${i}`,
    vendor: 'V',
    image: null,
    priceRange: { USD: { min: 1000 + (i % 7) * 500, max: 1000 + (i % 7) * 500 + (i % 3) * 100 }, EUR: { min: 900 + (i % 5) * 450, max: 900 + (i % 5) * 450 } },
    compareAtMin: {},
    options: { size: i % 2 ? ['S', 'M'] : ['L'], color: [['Black', 'White', 'Red'][i % 3]!] },
    inStock: i % 4 !== 0,
    createdAt: new Date(Date.UTC(2025, 0, 1 + (i % 40))).toISOString(),
    ...over,
  };
}
const items = Array.from({ length: 97 }, (_, i) => item(i));

function walk(sort: ListingSort, limit: number, extra: object = {}) {
  const out: ProductSummary[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const page = queryListing(items, { sort, currency: 'USD', limit, cursor, ...extra });
    out.push(...page.items);
    if (!page.nextCursor) return { out, total: page.total };
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not terminate');
}

describe('queryListing', () => {
  it('paginates every sort completely, without duplicates, for any page size', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LISTING_SORTS), fc.integer({ min: 1, max: 40 }), (sort, limit) => {
        const { out, total } = walk(sort, limit);
        expect(total).toBe(items.length);
        expect(new Set(out.map((p) => p.id)).size).toBe(items.length);
      }),
    );
  });

  it('keeps the merchant order for featured and orders the others', () => {
    expect(walk('featured', 10).out.map((p) => p.id)).toEqual(items.map((p) => p.id));
    const asc = walk('price-asc', 13).out.map((p) => p.priceRange.USD!.min);
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = walk('price-desc', 13).out.map((p) => p.priceRange.USD!.min);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    const newest = walk('newest', 9).out.map((p) => p.createdAt);
    expect(newest).toEqual([...newest].sort().reverse());
  });

  it('filters by price overlap, options (OR within, AND across) and stock', () => {
    const r = queryListing(items, { sort: 'featured', currency: 'USD', limit: 100, priceMin: 2000, priceMax: 2600 });
    for (const p of r.items) {
      expect(p.priceRange.USD!.max).toBeGreaterThanOrEqual(2000);
      expect(p.priceRange.USD!.min).toBeLessThanOrEqual(2600);
    }
    const opts = queryListing(items, { sort: 'featured', currency: 'USD', limit: 100, options: { size: ['S', 'L'], color: ['black'] } });
    expect(opts.total).toBe(items.filter((p) => p.options.color![0] === 'Black').length);
    const stock = queryListing(items, { sort: 'featured', currency: 'USD', limit: 100, inStock: true });
    expect(stock.items.every((p) => p.inStock)).toBe(true);
  });

  it('counts facets over the other filters', () => {
    const r = queryListing(items, { sort: 'featured', currency: 'USD', limit: 1, options: { color: ['Red'] } });
    // the colour facet ignores the colour filter itself…
    expect(r.facets.color).toEqual({ Black: 33, White: 32, Red: 32 });
    // …but sizes are counted among red products only
    expect((r.facets.size!.L ?? 0) + (r.facets.size!.S ?? 0)).toBe(32);
  });

  it('rejects malformed cursors and cursors from another sort', () => {
    expect(() => queryListing(items, { sort: 'featured', currency: 'USD', limit: 5, cursor: 'garbage' })).toThrow(InvalidCursorError);
    const c = encodeCursor('newest', '2025-01-01', 'x');
    expect(() => decodeCursor(c, 'title-asc')).toThrow(InvalidCursorError);
    expect(decodeCursor(c, 'newest')).toEqual(['2025-01-01', 'x']);
  });
});
