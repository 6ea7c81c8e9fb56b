import { describe, expect, it } from 'vitest';
import { toProductDocument, type ProductRecord } from './assemble';
import { selectVariant, summarize } from './documents';
import { isHandle, slugify } from './keys';

const record: ProductRecord = {
  id: 'p1',
  handle: 'tee',
  title: 'Tee',
  description: 'A soft tee. '.repeat(30),
  vendor: 'Vitrine',
  tags: [],
  seoTitle: null,
  seoDescription: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
  options: [{ name: 'Size', values: ['S', 'M'] }],
  variants: [
    { id: 'v1', sku: 'T-S', title: 'S', options: { Size: 'S' }, prices: { USD: { amount: 2000, compareAt: 2500 } }, weightGrams: 200, onHand: 3, reserved: 3 },
    { id: 'v2', sku: 'T-M', title: 'M', options: { Size: 'M' }, prices: { USD: { amount: 2200, compareAt: null } }, weightGrams: 210, onHand: 5, reserved: 1 },
  ],
  media: [],
  collections: [],
};

describe('product documents', () => {
  it('derives availability, price range and SEO fallbacks', () => {
    const d = toProductDocument(record);
    expect(d.variants.map((v) => [v.available, v.inStock])).toEqual([[0, false], [4, true]]);
    expect(d.priceRange.USD).toEqual({ min: 2000, max: 2200 });
    expect(d.inStock).toBe(true);
    expect(d.seo.title).toBe('Tee');
    expect(d.seo.description.length).toBeLessThanOrEqual(160);
    expect(summarize(d).compareAtMin).toEqual({ USD: 2500 });
    expect(summarize(d).options).toEqual({ size: ['S', 'M'] });
  });

  it('selects variants by id, by options, else the first in stock', () => {
    const d = toProductDocument(record);
    expect(selectVariant(d, { variantId: 'v1' })!.id).toBe('v1');
    expect(selectVariant(d, { options: { Size: 'S' } })!.id).toBe('v1');
    expect(selectVariant(d, {})!.id).toBe('v2');
    expect(selectVariant(d, { options: { Size: 'XXL' } })!.id).toBe('v2');
  });

  it('slugifies to valid handles', () => {
    expect(slugify('Café Crème Mug!')).toBe('cafe-creme-mug');
    expect(isHandle(slugify('Über  Soft -- Hoodie'))).toBe(true);
    expect(isHandle('Bad Handle')).toBe(false);
    expect(isHandle('a'.repeat(121))).toBe(false);
  });
});
