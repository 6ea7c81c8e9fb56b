import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, money, toDecimalString } from './money';

describe('money', () => {
  it('rejects non-integer amounts', () => {
    expect(() => money(19.99, 'USD')).toThrow(RangeError);
    expect(() => money(Number.NaN, 'EUR')).toThrow(RangeError);
    expect(money(1999, 'USD')).toEqual({ amount: 1999, currency: 'USD' });
  });

  it('formats minor units without floating point', () => {
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('$19.99');
    expect(formatMoney({ amount: 5, currency: 'USD' })).toBe('$0.05');
    expect(formatMoney({ amount: 123456789, currency: 'USD' })).toBe('$1,234,567.89');
    expect(formatMoney({ amount: -250, currency: 'USD' })).toBe('-$2.50');
    expect(formatMoney({ amount: 1999, currency: 'EUR' })).toBe('€19.99');
    expect(formatMoney({ amount: 1999, currency: 'EUR' }, 'de-DE').replace(/\u00a0/g, ' ')).toBe('19,99 €');
  });

  it('decimal strings round-trip every integer amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        const s = toDecimalString({ amount, currency: 'USD' });
        expect(s).toMatch(/^-?\d+\.\d{2}$/);
        const [major, minor] = s.replace('-', '').split('.') as [string, string];
        expect((BigInt(major) * 100n + BigInt(minor)) * (amount < 0 ? -1n : 1n)).toBe(BigInt(amount));
      }),
    );
  });
});
