import { describe, expect, it } from 'vitest';
import { orderFacetValues, withSelected } from './facets';
import { bucketFilter, bucketKey, bucketOf, priceBuckets } from './price-buckets';

const v = (value: string, count = 1) => ({ value, label: value.toUpperCase(), count });

describe('facet presentation', () => {
  it('orders sizes by size, other options as ranked', () => {
    expect(orderFacetValues('size', [v('xl', 9), v('s', 3), v('m', 5), v('xs')]).map((x) => x.value)).toEqual(['xs', 's', 'm', 'xl']);
    expect(orderFacetValues('Size', [v('us 10'), v('us 8'), v('us 9')]).map((x) => x.value)).toEqual(['us 8', 'us 9', 'us 10']);
    expect(orderFacetValues('color', [v('red', 9), v('blue', 3)]).map((x) => x.value)).toEqual(['red', 'blue']);
  });

  it('keeps selected values the engine no longer counts', () => {
    expect(withSelected([v('red')], ['red', 'teal'])).toEqual([v('red'), { value: 'teal', label: 'teal', count: 0 }]);
  });
});

describe('price buckets', () => {
  it('cover every amount once, the last open-ended', () => {
    const b = priceBuckets('USD');
    expect(b[0]).toEqual({ min: 0, max: 2500 });
    expect(b[b.length - 1]!.max).toBeNull();
    for (const amount of [0, 2499, 2500, 4999, 5000, 19_999, 20_000, 9_999_999]) {
      expect(b.filter((x) => amount >= x.min && (x.max === null || amount < x.max))).toHaveLength(1);
      expect(bucketOf(b, amount)).toBeDefined();
    }
    expect(bucketKey({ min: 2500, max: 5000 })).toBe('2500-5000');
    expect(bucketKey({ min: 20000, max: null })).toBe('20000-');
    expect(bucketFilter({ min: 2500, max: 5000 })).toEqual({ priceMin: 2500, priceMax: 4999 });
  });
});
