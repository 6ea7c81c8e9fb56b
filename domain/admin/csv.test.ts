import { describe, expect, it } from 'vitest';
import { csvField, decimalToMinor, minorToDecimal, productsFromRows, productToCsvRows, CSV_COLUMNS } from './csv';

describe('CSV helpers', () => {
  it('turns decimals into minor units exactly, and back', () => {
    expect(decimalToMinor('12.5')).toBe(1250);
    expect(decimalToMinor('0.07')).toBe(7);
    expect(decimalToMinor('19.99')).toBe(1999);
    expect(decimalToMinor('')).toBeNull();
    expect(decimalToMinor('1.999')).toBeUndefined();
    expect(decimalToMinor('-1')).toBeUndefined();
    expect(minorToDecimal(1999)).toBe('19.99');
    expect(minorToDecimal(5)).toBe('0.05');
  });

  it('quotes fields and defuses spreadsheet formulas; import undoes the guard', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    const r = productsFromRows([{ handle: 'h', title: "'=1+1", variant_sku: 'S1', price_usd: '1' }]);
    expect(r.ok && r.products[0]!.input.title).toBe('=1+1');
  });

  it('groups variant rows by handle and round-trips through export', () => {
    const r = productsFromRows([
      { handle: 'tee', title: 'Tee', status: 'active', option1_name: 'Size', option1_value: 'S', variant_sku: 'TEE-S', price_usd: '10', price_eur: '9.50' },
      { handle: 'tee', option1_value: 'M', variant_sku: 'TEE-M', price_usd: '11' },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.products[0]!.input;
    expect(p.options).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
    expect(p.variants.map((v) => [v.sku, v.title, v.prices])).toEqual([
      ['TEE-S', 'S', { USD: { amount: 1000, compareAtAmount: null }, EUR: { amount: 950, compareAtAmount: null } }],
      ['TEE-M', 'M', { USD: { amount: 1100, compareAtAmount: null } }],
    ]);
    const lines = productToCsvRows({ ...p, seoTitle: null, seoDescription: null });
    expect(lines).toHaveLength(2);
    expect(lines[0]!.split(',')).toHaveLength(CSV_COLUMNS.length);
  });
});
