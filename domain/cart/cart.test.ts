import { describe, expect, it } from 'vitest';
import { validateAddress } from '../address';
import { DEFAULT_SHOP_SETTINGS as S } from '../pricing/settings';
import { addLine, CartError, emptyCart, itemCount, MAX_CART_LINES, MAX_LINE_QUANTITY, removeLine, setLineQuantity } from './cart';

const now = '2026-06-01T12:00:00.000Z';
const v = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('cart operations', () => {
  it('adds, merges, changes and removes lines', () => {
    let c = emptyCart('c1', 'USD', now);
    c = addLine(c, v(1), 2, now);
    c = addLine(c, v(1), 3, now);
    c = addLine(c, v(2), 1, now);
    expect(c.lines.map((l) => [l.variantId, l.quantity])).toEqual([[v(1), 5], [v(2), 1]]);
    c = setLineQuantity(c, v(1), 1, now);
    expect(itemCount(c)).toBe(2);
    c = removeLine(c, v(2), now);
    expect(c.lines).toHaveLength(1);
    c = setLineQuantity(c, v(1), 0, now);
    expect(c.lines).toEqual([]);
  });

  it('enforces the line and cart limits', () => {
    const c = addLine(emptyCart('c', 'USD', now), v(1), MAX_LINE_QUANTITY, now);
    expect(() => addLine(c, v(1), 1, now)).toThrow(CartError);
    expect(() => setLineQuantity(c, v(1), MAX_LINE_QUANTITY + 1, now)).toThrow(/at most/);
    expect(() => setLineQuantity(c, v(9), 1, now)).toThrow(expect.objectContaining({ code: 'line_not_found' }));
    let full = emptyCart('c', 'USD', now);
    for (let i = 0; i < MAX_CART_LINES; i++) full = addLine(full, v(i), 1, now);
    expect(() => addLine(full, v(999), 1, now)).toThrow(expect.objectContaining({ code: 'too_many_lines' }));
  });
});

describe('addresses', () => {
  const ok = { name: 'A B', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };
  it('accepts valid addresses and names what is wrong', () => {
    expect(validateAddress(S, ok)).toEqual([]);
    expect(validateAddress(S, { ...ok, country: 'DE', region: undefined, postalCode: '10115' })).toEqual([]);
    expect(validateAddress(S, { ...ok, region: undefined }).map((i) => i.field)).toEqual(['region']);
    expect(validateAddress(S, { ...ok, region: 'ZZ' }).map((i) => i.field)).toEqual(['region']);
    expect(validateAddress(S, { ...ok, postalCode: '1234' }).map((i) => i.field)).toEqual(['postalCode']);
    expect(validateAddress(S, { ...ok, country: 'XX' }).map((i) => i.field)).toEqual(['country']);
  });
});
