/**
 * Cart and order totals, in integer minor units of one currency.
 *
 * Order of operations (each amount rounded half up, see rounding.ts):
 *   1. line subtotal = unit price × quantity (exact)
 *   2. the discount code's item discount is computed on the subtotal and
 *      allocated to the lines by largest remainder (allocate.ts), so the line
 *      discounts add up to it exactly and never exceed a line's subtotal
 *   3. shipping: the chosen rate for the destination, free above its
 *      threshold (measured on the subtotal after item discounts); a
 *      free-shipping code discounts the whole shipping charge
 *   4. tax per line on (subtotal − discount), and on the charged shipping
 *      where the destination taxes shipping — added on top for tax-exclusive
 *      currencies, extracted from the price for tax-inclusive ones
 *   5. total = subtotal − discount + shipping − shipping discount (+ tax when exclusive)
 * Totals are sums of the rounded line amounts: an order's lines always add up.
 */
import type { Currency } from '../money';
import { allocate } from './allocate';
import { checkDiscount, itemDiscountAmount, type DiscountRejection, type DiscountRule } from './discounts';
import { taxInGross, taxOnNet } from './rounding';
import type { ShopSettings, TaxRate } from './settings';
import { shippingOptions, type ShippingOption } from './shipping';
import { taxRateFor, type Destination } from './tax';

export interface PricingLine {
  /** the caller's identifier (variant id) */
  key: string;
  unitPrice: number;
  quantity: number;
  weightGrams: number;
}

export interface PricingInput {
  currency: Currency;
  lines: readonly PricingLine[];
  settings: ShopSettings;
  /** the code on the cart, if any; checked here (and dropped with a reason when it does not apply) */
  discount?: DiscountRule | null | undefined;
  /** uses of the code by this customer / email so far */
  discountCustomerUses?: number | undefined;
  now: Date;
  destination?: Destination | null | undefined;
  shippingRateId?: string | null | undefined;
}

export interface PricedLine {
  key: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  discount: number;
  tax: number;
  /** subtotal − discount (+ tax when prices exclude tax) */
  total: number;
}

export interface Totals {
  currency: Currency;
  taxIncluded: boolean;
  subtotal: number;
  /** item discounts */
  discount: number;
  /** shipping charge of the chosen rate (after its free-above threshold) */
  shipping: number;
  /** part of the shipping charge removed by a free-shipping code */
  shippingDiscount: number;
  tax: number;
  /** tax on shipping (part of tax) */
  shippingTax: number;
  total: number;
  weightGrams: number;
  /** no destination yet: tax not computed */
  taxPending: boolean;
  /** no (valid) shipping rate chosen yet */
  shippingPending: boolean;
}

export interface PricingResult {
  lines: PricedLine[];
  totals: Totals;
  /** options for the destination (empty without one) */
  shippingOptions: ShippingOption[];
  shippingOption: ShippingOption | null;
  taxRate: TaxRate | null;
  /** the discount actually applied (null when none or rejected) */
  appliedDiscount: DiscountRule | null;
  discountRejection: DiscountRejection | null;
}

function assertLine(l: PricingLine): void {
  if (!Number.isSafeInteger(l.unitPrice) || l.unitPrice < 0) throw new RangeError(`invalid unit price for ${l.key}`);
  if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw new RangeError(`invalid quantity for ${l.key}`);
  if (!Number.isSafeInteger(l.weightGrams) || l.weightGrams < 0) throw new RangeError(`invalid weight for ${l.key}`);
}

export function priceCart(input: PricingInput): PricingResult {
  const { currency, settings } = input;
  input.lines.forEach(assertLine);
  const taxIncluded = settings.pricesIncludeTax[currency];
  const subtotals = input.lines.map((l) => l.unitPrice * l.quantity);
  if (subtotals.some((s) => !Number.isSafeInteger(s))) throw new RangeError('line subtotal out of range');
  const subtotal = subtotals.reduce((a, b) => a + b, 0);
  const weightGrams = input.lines.reduce((a, l) => a + l.weightGrams * l.quantity, 0);

  // 2. discount code
  let appliedDiscount: DiscountRule | null = null;
  let discountRejection: DiscountRejection | null = null;
  if (input.discount) {
    const check = checkDiscount(input.discount, { currency, subtotal, now: input.now, customerUses: input.discountCustomerUses ?? 0 });
    if (check.ok) appliedDiscount = input.discount;
    else discountRejection = check.reason;
  }
  const discount = appliedDiscount ? itemDiscountAmount(appliedDiscount, currency, subtotal) : 0;
  const lineDiscounts = allocate(discount, subtotals);
  const discountedSubtotal = subtotal - discount;

  // 3. shipping
  const destination = input.destination ?? null;
  const options = destination ? shippingOptions(settings, { country: destination.country, currency, weightGrams, discountedSubtotal }) : [];
  const shippingOption = options.find((o) => o.id === input.shippingRateId) ?? null;
  const shipping = shippingOption?.amount ?? 0;
  const shippingDiscount = appliedDiscount?.kind === 'free_shipping' ? shipping : 0;
  const chargedShipping = shipping - shippingDiscount;

  // 4. tax
  const taxRate = taxRateFor(settings, destination);
  const ppm = taxRate?.ratePpm ?? 0;
  const taxOf = (amount: number) => (ppm === 0 ? 0 : taxIncluded ? taxInGross(amount, ppm) : taxOnNet(amount, ppm));
  const lines: PricedLine[] = input.lines.map((l, i) => {
    const net = subtotals[i]! - lineDiscounts[i]!;
    const tax = taxOf(net);
    return {
      key: l.key,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      subtotal: subtotals[i]!,
      discount: lineDiscounts[i]!,
      tax,
      total: net + (taxIncluded ? 0 : tax),
    };
  });
  const shippingTax = taxRate?.taxShipping ? taxOf(chargedShipping) : 0;
  const tax = lines.reduce((a, l) => a + l.tax, 0) + shippingTax;

  // 5. total
  const total = discountedSubtotal + chargedShipping + (taxIncluded ? 0 : tax);
  return {
    lines,
    totals: {
      currency,
      taxIncluded,
      subtotal,
      discount,
      shipping,
      shippingDiscount,
      tax,
      shippingTax,
      total,
      weightGrams,
      taxPending: destination === null,
      shippingPending: shippingOption === null,
    },
    shippingOptions: options,
    shippingOption,
    taxRate,
    appliedDiscount,
    discountRejection,
  };
}
