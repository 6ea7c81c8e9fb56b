import { describe, expect, it } from 'vitest';
import { checkDiscount, describeDiscount, itemDiscountAmount, normalizeDiscountCode, type DiscountRule } from './discounts';

function rule(over: Partial<DiscountRule> = {}): DiscountRule {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    code: 'SAVE15',
    kind: 'percentage',
    percentBp: 1500,
    amounts: {},
    minimumSubtotal: {},
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    timesUsed: 0,
    active: true,
    ...over,
  };
}

const ctx = { currency: 'USD' as const, subtotal: 5000, now: new Date('2026-06-01T12:00:00Z'), customerUses: 0 };

describe('discount codes', () => {
  it('normalises codes', () => {
    expect(normalizeDiscountCode('  save15 ')).toBe('SAVE15');
  });

  it('checks activity, window, limits, currency and minimum', () => {
    expect(checkDiscount(rule(), ctx)).toEqual({ ok: true });
    expect(checkDiscount(rule({ active: false }), ctx)).toEqual({ ok: false, reason: 'inactive' });
    expect(checkDiscount(rule({ startsAt: '2026-06-02T00:00:00Z' }), ctx)).toEqual({ ok: false, reason: 'not_started' });
    expect(checkDiscount(rule({ endsAt: '2026-06-01T12:00:00Z' }), ctx)).toEqual({ ok: false, reason: 'expired' });
    expect(checkDiscount(rule({ startsAt: '2026-05-01T00:00:00Z', endsAt: '2026-07-01T00:00:00Z' }), ctx)).toEqual({ ok: true });
    expect(checkDiscount(rule({ usageLimit: 10, timesUsed: 10 }), ctx)).toEqual({ ok: false, reason: 'exhausted' });
    expect(checkDiscount(rule({ usageLimit: 10, timesUsed: 9 }), ctx)).toEqual({ ok: true });
    expect(checkDiscount(rule({ perCustomerLimit: 1 }), { ...ctx, customerUses: 1 })).toEqual({ ok: false, reason: 'customer_limit' });
    expect(checkDiscount(rule({ kind: 'fixed_amount', percentBp: null, amounts: { EUR: 500 } }), ctx)).toEqual({ ok: false, reason: 'currency' });
    expect(checkDiscount(rule({ minimumSubtotal: { USD: 5001 } }), ctx)).toEqual({ ok: false, reason: 'minimum_not_met' });
    expect(checkDiscount(rule({ minimumSubtotal: { USD: 5000 } }), ctx)).toEqual({ ok: true });
    expect(checkDiscount(rule(), { ...ctx, subtotal: 0 })).toEqual({ ok: false, reason: 'empty_cart' });
  });

  it('computes item discounts capped at the subtotal', () => {
    expect(itemDiscountAmount(rule(), 'USD', 1999)).toBe(300);
    expect(itemDiscountAmount(rule({ percentBp: 10_000 }), 'USD', 1999)).toBe(1999);
    expect(itemDiscountAmount(rule({ kind: 'fixed_amount', amounts: { USD: 1000 } }), 'USD', 700)).toBe(700);
    expect(itemDiscountAmount(rule({ kind: 'free_shipping' }), 'USD', 700)).toBe(0);
  });

  it('describes discounts', () => {
    expect(describeDiscount({ kind: 'percentage', percentBp: 1500 })).toBe('15% off');
    expect(describeDiscount({ kind: 'percentage', percentBp: 1250 })).toBe('12.5% off');
    expect(describeDiscount({ kind: 'fixed_amount', percentBp: null }, '$10.00')).toBe('$10.00 off');
    expect(describeDiscount({ kind: 'free_shipping', percentBp: null })).toBe('Free shipping');
  });
});
