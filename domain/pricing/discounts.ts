/**
 * Discount codes: percentage off, a fixed amount off (per currency) or free
 * shipping; with an optional minimum subtotal, validity window, total usage
 * limit and per-customer limit. Codes are matched case-insensitively
 * (normalised to upper case).
 */
import type { Currency } from '../money';
import { percentOf } from './rounding';

export type DiscountKind = 'percentage' | 'fixed_amount' | 'free_shipping';

export interface DiscountRule {
  id: string;
  code: string;
  kind: DiscountKind;
  /** percentage discounts: basis points, 1..10000 */
  percentBp: number | null;
  /** fixed-amount discounts: minor units per currency (a currency without an amount cannot use the code) */
  amounts: Partial<Record<Currency, number>>;
  /** the subtotal (before discounts) must reach this, per currency */
  minimumSubtotal: Partial<Record<Currency, number>>;
  /** ISO timestamps; null = open-ended */
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  timesUsed: number;
  active: boolean;
}

export type DiscountRejection =
  | 'inactive'
  | 'not_started'
  | 'expired'
  | 'exhausted'
  | 'customer_limit'
  | 'currency'
  | 'minimum_not_met'
  | 'empty_cart';

export const DISCOUNT_REJECTION_MESSAGES: Record<DiscountRejection, string> = {
  inactive: 'This discount code is not active.',
  not_started: 'This discount code is not valid yet.',
  expired: 'This discount code has expired.',
  exhausted: 'This discount code has reached its usage limit.',
  customer_limit: 'You have already used this discount code.',
  currency: 'This discount code cannot be used in this currency.',
  minimum_not_met: 'Your order does not reach the minimum for this discount code.',
  empty_cart: 'Add something to your cart to use a discount code.',
};

export const DISCOUNT_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;

export function normalizeDiscountCode(code: string): string {
  return code.trim().toUpperCase();
}

export interface DiscountContext {
  currency: Currency;
  /** sum of line subtotals before discounts */
  subtotal: number;
  now: Date;
  /** how often this customer (or guest email) already used the code; 0 when unknown */
  customerUses: number;
}

export type DiscountCheck = { ok: true } | { ok: false; reason: DiscountRejection };

export function checkDiscount(rule: DiscountRule, ctx: DiscountContext): DiscountCheck {
  const fail = (reason: DiscountRejection): DiscountCheck => ({ ok: false, reason });
  if (!rule.active) return fail('inactive');
  const t = ctx.now.getTime();
  if (rule.startsAt && t < Date.parse(rule.startsAt)) return fail('not_started');
  if (rule.endsAt && t >= Date.parse(rule.endsAt)) return fail('expired');
  if (rule.usageLimit !== null && rule.timesUsed >= rule.usageLimit) return fail('exhausted');
  if (rule.perCustomerLimit !== null && ctx.customerUses >= rule.perCustomerLimit) return fail('customer_limit');
  if (rule.kind === 'fixed_amount' && rule.amounts[ctx.currency] === undefined) return fail('currency');
  if (ctx.subtotal <= 0) return fail('empty_cart');
  const minimum = rule.minimumSubtotal[ctx.currency];
  if (minimum !== undefined && ctx.subtotal < minimum) return fail('minimum_not_met');
  return { ok: true };
}

/** The order-level item discount of an applicable rule: never more than the subtotal, never negative. */
export function itemDiscountAmount(rule: DiscountRule, currency: Currency, subtotal: number): number {
  if (subtotal <= 0) return 0;
  switch (rule.kind) {
    case 'percentage':
      return Math.min(subtotal, Math.max(0, percentOf(subtotal, Math.min(rule.percentBp ?? 0, 10_000))));
    case 'fixed_amount':
      return Math.min(subtotal, Math.max(0, rule.amounts[currency] ?? 0));
    case 'free_shipping':
      return 0;
  }
}

/** Short human description, e.g. "15% off", "$10.00 off", "Free shipping" (amount formatting is the caller's). */
export function describeDiscount(rule: Pick<DiscountRule, 'kind' | 'percentBp'>, formattedAmount?: string): string {
  switch (rule.kind) {
    case 'percentage': {
      const bp = rule.percentBp ?? 0;
      const whole = Math.trunc(bp / 100);
      const frac = bp % 100;
      return `${frac === 0 ? whole : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`}% off`;
    }
    case 'fixed_amount':
      return `${formattedAmount ?? 'An amount'} off`;
    case 'free_shipping':
      return 'Free shipping';
  }
}
