import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../money';
import type { DiscountRule } from './discounts';
import { DEFAULT_SHOP_SETTINGS as S } from './settings';
import { priceCart, type PricingInput, type PricingLine } from './totals';

const now = new Date('2026-06-01T12:00:00Z');

function rule(over: Partial<DiscountRule>): DiscountRule {
  return {
    id: 'd', code: 'X', kind: 'percentage', percentBp: null, amounts: {}, minimumSubtotal: {}, startsAt: null, endsAt: null,
    usageLimit: null, perCustomerLimit: null, timesUsed: 0, active: true, ...over,
  };
}

const line = (key: string, unitPrice: number, quantity: number, weightGrams = 200): PricingLine => ({ key, unitPrice, quantity, weightGrams });

describe('priceCart: examples', () => {
  it('US, tax exclusive: subtotal, 15% discount allocated, flat shipping, state tax per line', () => {
    const r = priceCart({
      currency: 'USD',
      settings: S,
      now,
      lines: [line('a', 1999, 2), line('b', 2500, 1)],
      discount: rule({ kind: 'percentage', percentBp: 1500 }),
      destination: { country: 'US', region: 'CA' },
      shippingRateId: 'us-standard',
    });
    expect(r.totals.subtotal).toBe(6498);
    expect(r.totals.discount).toBe(975); // 974.7 → 975
    expect(r.lines.map((l) => l.discount)).toEqual([600, 375]); // 599.85 / 375.15 by largest remainder
    expect(r.totals.shipping).toBe(599); // discounted subtotal 55.23 < 75 free threshold
    // CA 7.25 %, shipping untaxed in CA: (3998−600)·0.0725 = 246.355 → 246; (2500−375)·0.0725 = 154.06 → 154
    expect(r.lines.map((l) => l.tax)).toEqual([246, 154]);
    expect(r.totals.tax).toBe(400);
    expect(r.totals.total).toBe(6498 - 975 + 599 + 400);
    expect(r.totals.taxIncluded).toBe(false);
  });

  it('EU, tax inclusive: VAT extracted, shipping taxed, total unchanged by tax', () => {
    const r = priceCart({ currency: 'EUR', settings: S, now, lines: [line('a', 1190, 1)], destination: { country: 'DE' }, shippingRateId: 'eu-standard' });
    expect(r.totals.subtotal).toBe(1190);
    expect(r.totals.shipping).toBe(490);
    expect(r.lines[0]!.tax).toBe(190);
    expect(r.totals.shippingTax).toBe(78); // 490·0.19/1.19 = 78.24
    expect(r.totals.tax).toBe(268);
    expect(r.totals.total).toBe(1680);
  });

  it('free shipping above the threshold, and with a free-shipping code', () => {
    const above = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 8000, 1)], destination: { country: 'US', region: 'OR' }, shippingRateId: 'us-standard' });
    expect(above.totals.shipping).toBe(0);
    expect(above.shippingOption!.regularAmount).toBe(599);
    const coded = priceCart({
      currency: 'USD', settings: S, now, lines: [line('a', 1000, 1)], destination: { country: 'US', region: 'NY' }, shippingRateId: 'us-standard',
      discount: rule({ kind: 'free_shipping' }),
    });
    expect(coded.totals.shipping).toBe(599);
    expect(coded.totals.shippingDiscount).toBe(599);
    expect(coded.totals.shippingTax).toBe(0);
    expect(coded.totals.total).toBe(1000 + 40); // NY 4 % on items only, shipping free
  });

  it('weight-based rates by bracket and per extra kilogram', () => {
    const price = (grams: number) =>
      priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 100, 1, grams)], destination: { country: 'US' }, shippingRateId: 'us-express' }).totals.shipping;
    expect(price(1000)).toBe(1499);
    expect(price(1001)).toBe(2499);
    expect(price(5000)).toBe(2499);
    expect(price(5001)).toBe(2799);
    expect(price(7000)).toBe(2499 + 2 * 300);
  });

  it('regional tax wins over the country rate; unknown regions fall back to it', () => {
    const on = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 10_000, 1)], destination: { country: 'CA', region: 'ON' } });
    expect(on.totals.tax).toBe(1300);
    const ab = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 10_000, 1)], destination: { country: 'CA', region: 'AB' } });
    expect(ab.totals.tax).toBe(500);
    const qc = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 999, 1)], destination: { country: 'CA', region: 'QC' } });
    expect(qc.totals.tax).toBe(150); // 149.60 → 150
  });

  it('without a destination: tax and shipping pending; an unknown rate id is ignored', () => {
    const r = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 500, 3)], shippingRateId: 'nope' });
    expect(r.totals).toMatchObject({ subtotal: 1500, tax: 0, shipping: 0, total: 1500, taxPending: true, shippingPending: true });
  });

  it('a code that does not apply is reported, not applied', () => {
    const r = priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 500, 1)], discount: rule({ percentBp: 1000, minimumSubtotal: { USD: 1000 } }) });
    expect(r.discountRejection).toBe('minimum_not_met');
    expect(r.totals.discount).toBe(0);
  });

  it('rejects invalid lines', () => {
    expect(() => priceCart({ currency: 'USD', settings: S, now, lines: [line('a', -1, 1)] })).toThrow(RangeError);
    expect(() => priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 100, 0)] })).toThrow(RangeError);
    expect(() => priceCart({ currency: 'USD', settings: S, now, lines: [line('a', 100, 1.5)] })).toThrow(RangeError);
  });
});

const countryCodes = S.countries.map((c) => c.code);
const regionsOf = (code: string) => Object.keys(S.countries.find((c) => c.code === code)?.regions ?? {});

const arbDiscount = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 10_000 }).map((bp) => rule({ kind: 'percentage', percentBp: bp })),
  fc.record({ USD: fc.integer({ min: 0, max: 100_000 }), EUR: fc.integer({ min: 0, max: 100_000 }) }).map((amounts) => rule({ kind: 'fixed_amount', amounts })),
  fc.constant(rule({ kind: 'free_shipping' })),
  fc.integer({ min: 0, max: 50_000 }).map((min) => rule({ kind: 'percentage', percentBp: 2000, minimumSubtotal: { USD: min, EUR: min } })),
);

const arbDestination = fc.oneof(
  fc.constant(null),
  fc.constantFrom(...countryCodes).chain((country) =>
    fc.option(fc.constantFrom(...(regionsOf(country).length ? regionsOf(country) : ['X'])), { nil: undefined }).map((region) => ({ country, region })),
  ),
);

const arbInput: fc.Arbitrary<PricingInput> = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  lines: fc.array(
    fc.record({ key: fc.uuid(), unitPrice: fc.integer({ min: 0, max: 1_000_000 }), quantity: fc.integer({ min: 1, max: 99 }), weightGrams: fc.integer({ min: 0, max: 20_000 }) }),
    { minLength: 0, maxLength: 20 },
  ),
  settings: fc.constant(S),
  discount: arbDiscount,
  now: fc.constant(now),
  destination: arbDestination,
  shippingRateId: fc.constantFrom(null, 'us-standard', 'us-express', 'eu-standard', 'eu-express', 'world-tracked'),
});

describe('priceCart: properties', () => {
  it('totals are never negative; the discount never exceeds the subtotal', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { totals: t, lines } = priceCart(input);
        return (
          [t.subtotal, t.discount, t.shipping, t.shippingDiscount, t.tax, t.total].every((x) => Number.isSafeInteger(x) && x >= 0) &&
          t.discount <= t.subtotal &&
          t.shippingDiscount <= t.shipping &&
          lines.every((l) => l.discount >= 0 && l.discount <= l.subtotal && l.tax >= 0 && l.total >= 0)
        );
      }),
      { numRuns: 500 },
    );
  });

  it('allocated line discounts add up to the order discount; line taxes (+ shipping tax) to the tax total', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { totals: t, lines } = priceCart(input);
        const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((a, l) => a + f(l), 0);
        return sum((l) => l.discount) === t.discount && sum((l) => l.subtotal) === t.subtotal && sum((l) => l.tax) + t.shippingTax === t.tax;
      }),
      { numRuns: 500 },
    );
  });

  it('the total is subtotal − discount + shipping − shipping discount (+ tax when exclusive), and equals the sum of line totals plus shipping', () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const { totals: t, lines } = priceCart(input);
        const taxAdded = t.taxIncluded ? 0 : t.tax;
        const shippingCharged = t.shipping - t.shippingDiscount;
        const fromLines = lines.reduce((a, l) => a + l.total, 0) + shippingCharged + (t.taxIncluded ? 0 : t.shippingTax);
        return t.total === t.subtotal - t.discount + shippingCharged + taxAdded && t.total === fromLines;
      }),
      { numRuns: 500 },
    );
  });

  it('in a tax-inclusive currency the destination changes the tax shown, never the item prices', () => {
    fc.assert(
      fc.property(arbInput, arbDestination, (input, other) => {
        const a = priceCart({ ...input, currency: 'EUR', shippingRateId: null });
        const b = priceCart({ ...input, currency: 'EUR', shippingRateId: null, destination: other });
        return a.totals.total === b.totals.total;
      }),
    );
  });
});
