import { describe, expect, it } from 'vitest';
import { toProductDocument, type ProductRecord } from '../../../domain/catalog/assemble';
import { toSearchDocument } from '../../../domain/search/document';
import { allObjectIds, buildRecords, byteSize, MAX_PARTS, RECORD_LIMIT_BYTES, splitText } from './records';

function record(over: Partial<ProductRecord> = {}): ProductRecord {
  return {
    id: '0b0d9f0e-0000-4000-8000-000000000001',
    handle: 'tee',
    title: 'Classic Tee',
    description: 'Soft.',
    vendor: 'V',
    tags: ['t-shirt'],
    seoTitle: null,
    seoDescription: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    options: [{ name: 'Size', values: ['S'] }],
    variants: [{ id: 'v', sku: 's', title: 'S', options: { Size: 'S' }, prices: { USD: { amount: 1000, compareAt: null }, EUR: { amount: 950, compareAt: null } }, weightGrams: 1, onHand: 1, reserved: 0 }],
    media: [],
    collections: [{ handle: 't-shirts', title: 'T-Shirts' }],
    ...over,
  };
}

const docOf = (over: Partial<ProductRecord> = {}) => toSearchDocument(toProductDocument(record(over)));

describe('Algolia records', () => {
  it('makes one record for an ordinary product, with facet values and price buckets', () => {
    const { records, trimmed } = buildRecords(docOf());
    expect(trimmed).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ objectID: '0b0d9f0e-0000-4000-8000-000000000001', part: 0, optionKeys: ['size:s'], priceBucket: { USD: '0-2500', EUR: '0-2500' } });
  });

  it('splits a long description into parts that each fit the size limit and carry everything needed', () => {
    const description = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(1200);
    const { records, trimmed } = buildRecords(docOf({ description }));
    expect(records.length).toBe(MAX_PARTS);
    expect(trimmed).toEqual([`description beyond ${MAX_PARTS} parts`]);
    expect(records.map((r) => r.objectID)).toEqual(allObjectIds('0b0d9f0e-0000-4000-8000-000000000001'));
    for (const r of records) {
      expect(byteSize(r)).toBeLessThanOrEqual(RECORD_LIMIT_BYTES);
      expect(r.productId).toBe('0b0d9f0e-0000-4000-8000-000000000001');
      expect(r.optionKeys).toEqual(['size:s']);
      expect(r.summary.title).toBe('Classic Tee');
    }
    const medium = buildRecords(docOf({ description: 'Ä'.repeat(6000) }));
    expect(medium.records.length).toBeGreaterThan(1);
    expect(medium.records.map((r) => r.description).join('')).toBe('Ä'.repeat(6000));
  });

  it('trims what it must when even the product without description is too big', () => {
    const values = Array.from({ length: 400 }, (_, i) => `Value number ${i} with a long name`);
    const { records, trimmed } = buildRecords(docOf({ options: [{ name: 'Edition', values }] }));
    expect(trimmed).toEqual(expect.arrayContaining(['summary.options', 'tags', 'keywords', 'options']));
    expect(records[0]!.optionKeys.length).toBeGreaterThan(0);
    expect(byteSize(records[0])).toBeLessThanOrEqual(RECORD_LIMIT_BYTES);
  });

  it('cuts text on word boundaries within a byte budget (multi-byte characters included)', () => {
    const parts = splitText('héllo wörld '.repeat(50), 100);
    for (const p of parts) expect(byteSize(p)).toBeLessThanOrEqual(100);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe('héllo wörld '.repeat(50).trim());
  });
});
