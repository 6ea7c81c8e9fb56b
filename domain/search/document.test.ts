import { describe, expect, it } from 'vitest';
import { toProductDocument, type ProductRecord } from '../catalog/assemble';
import { toSearchDocument } from './document';
import { synonymsFor } from './synonyms';

const record: ProductRecord = {
  id: 'p1',
  handle: 'classic-organic-cotton-t-shirt',
  title: 'Classic Organic Cotton T-Shirt',
  description: 'A soft tee.',
  vendor: 'Loom Theory',
  tags: ['apparel', 't-shirt', 'eco'],
  seoTitle: null,
  seoDescription: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
  options: [
    { name: 'Color', values: ['Heather Grey'] },
    { name: 'Size', values: ['S', 'M'] },
  ],
  variants: [
    { id: 'v1', sku: 'S', title: 'S', options: { Color: 'Heather Grey', Size: 'S' }, prices: { USD: { amount: 2400, compareAt: null } }, weightGrams: 1, onHand: 0, reserved: 0 },
    { id: 'v2', sku: 'M', title: 'M', options: { Color: 'Heather Grey', Size: 'M' }, prices: { USD: { amount: 2600, compareAt: null } }, weightGrams: 1, onHand: 2, reserved: 0 },
  ],
  media: [],
  collections: [{ handle: 't-shirts', title: 'T-Shirts' }],
};

describe('search documents', () => {
  it('ranks title, keywords (collections, tags, option values, vendor, synonyms) and description apart', () => {
    const d = toSearchDocument(toProductDocument(record));
    expect(d.title).toBe('Classic Organic Cotton T-Shirt');
    expect(d.titleExtras).toBe('tshirt');
    expect(d.keywords).toContain('T-Shirts');
    expect(d.keywords).toContain('Heather Grey');
    expect(d.keywords).toContain('Loom Theory');
    expect(d.keywords).toContain('tee');
    expect(d.description).toBe('A soft tee.');
    expect(d.joinedForms).toContainEqual({ joined: 'tshirt', form: 't-shirt' });
  });

  it('carries filter keys, prices and availability from the same product document', () => {
    const d = toSearchDocument(toProductDocument(record));
    expect(d.options.map((o) => o.key)).toEqual(['color:heather grey', 'size:s', 'size:m']);
    expect(d.priceMin).toEqual({ USD: 2400 });
    expect(d.inStock).toBe(true);
    expect(d.summary.handle).toBe(record.handle);
  });

  it('finds synonyms of any word of a group', () => {
    expect(synonymsFor(['sneakers']).sort()).toEqual(['runners', 'shoes', 'trainers']);
    expect(synonymsFor(['nothing'])).toEqual([]);
  });
});
