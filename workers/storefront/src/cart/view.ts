/**
 * A cart as shoppers and API clients see it: every line re-checked against
 * the live catalog (price, status, stock) and priced by the domain
 * (domain/pricing) for the cart's currency, address and shipping method.
 */
import type { Address } from '../../../../domain/address';
import type { Cart } from '../../../../domain/cart/cart';
import { itemCount } from '../../../../domain/cart/cart';
import { assessCart, priceableLines, type AssessedLine, type LineIssue, type SellableVariant } from '../../../../domain/cart/lines';
import { formatMoney, type Currency } from '../../../../domain/money';
import {
  describeDiscount,
  DISCOUNT_REJECTION_MESSAGES,
  priceCart,
  type DiscountRejection,
  type DiscountRule,
  type PricingResult,
  type ShippingOption,
  type Totals,
} from '../../../../domain/pricing';
import { countDiscountUses, findDiscountByCode } from '../../../../db/queries/discounts';
import { loadSellableVariants } from '../../../../db/queries/sellable-variants';
import type { Db } from '../../../../db/client';
import { shopSettings } from '../commerce/settings';
import { mediaUrl } from '../views/shared';

export interface CartLineView {
  variantId: string;
  productId: string | null;
  productHandle: string | null;
  productTitle: string;
  variantTitle: string;
  sku: string;
  options: Record<string, string>;
  image: { url: string; alt: string; width: number; height: number } | null;
  quantity: number;
  /** null when the variant cannot be bought any more */
  unitPrice: number | null;
  compareAtPrice: number | null;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  available: number;
  issue: LineIssue | null;
}

export type CheckoutMissing = 'lines' | 'email' | 'shipping_address' | 'shipping_method';

export interface CartView {
  id: string;
  currency: Currency;
  itemCount: number;
  lines: CartLineView[];
  discount: { code: string; description: string; amount: number; shippingDiscount: number } | null;
  discountIssue: { code: string; reason: DiscountRejection | 'not_found'; message: string } | null;
  email: string | null;
  shippingAddress: Address | null;
  shippingMethod: ShippingOption | null;
  shippingOptions: ShippingOption[];
  totals: Totals;
  checkout: { ready: boolean; missing: CheckoutMissing[]; blockedLines: string[] };
  createdAt: string;
  updatedAt: string;
}

export interface PricedCart {
  view: CartView;
  pricing: PricingResult;
  assessed: AssessedLine[];
  rule: DiscountRule | null;
}

export async function loadDiscountForCart(
  db: Db,
  code: string | null,
  who: { customerId: string | null; email: string | null },
): Promise<{ rule: DiscountRule | null; uses: number }> {
  if (!code) return { rule: null, uses: 0 };
  const rule = await findDiscountByCode(db, code);
  if (!rule) return { rule: null, uses: 0 };
  const uses = rule.perCustomerLimit !== null ? await countDiscountUses(db, rule.id, who) : 0;
  return { rule, uses };
}

export function buildCartView(cart: Cart, variants: readonly SellableVariant[], rule: DiscountRule | null, uses: number, now: Date): PricedCart {
  const assessed = assessCart(cart, variants);
  const pricing = priceCart({
    currency: cart.currency,
    settings: shopSettings,
    lines: priceableLines(assessed),
    discount: rule,
    discountCustomerUses: uses,
    now,
    destination: cart.shippingAddress ? { country: cart.shippingAddress.country, region: cart.shippingAddress.region } : null,
    shippingRateId: cart.shippingRateId,
  });
  const priced = new Map(pricing.lines.map((l) => [l.key, l]));
  const lines: CartLineView[] = assessed.map((a) => {
    const v = a.variant;
    const p = priced.get(a.variantId);
    return {
      variantId: a.variantId,
      productId: v?.productId ?? null,
      productHandle: v?.productHandle ?? null,
      productTitle: v?.productTitle ?? 'Unavailable item',
      variantTitle: v?.variantTitle ?? '',
      sku: v?.sku ?? '',
      options: v?.options ?? {},
      image: v?.image ? { url: mediaUrl('', v.image.key), alt: v.image.alt, width: v.image.width, height: v.image.height } : null,
      quantity: a.quantity,
      unitPrice: p ? p.unitPrice : null,
      compareAtPrice: p ? (v?.compareAt ?? null) : null,
      subtotal: p?.subtotal ?? 0,
      discount: p?.discount ?? 0,
      tax: p?.tax ?? 0,
      total: p?.total ?? 0,
      available: v?.available ?? 0,
      issue: a.issue,
    };
  });

  let discountIssue: CartView['discountIssue'] = null;
  if (cart.discountCode && !rule) {
    discountIssue = { code: cart.discountCode, reason: 'not_found', message: 'This discount code does not exist any more.' };
  } else if (cart.discountCode && pricing.discountRejection) {
    discountIssue = { code: cart.discountCode, reason: pricing.discountRejection, message: DISCOUNT_REJECTION_MESSAGES[pricing.discountRejection] };
  }
  const applied = pricing.appliedDiscount;
  const missing: CheckoutMissing[] = [];
  if (cart.lines.length === 0) missing.push('lines');
  if (!cart.email) missing.push('email');
  if (!cart.shippingAddress) missing.push('shipping_address');
  if (!pricing.shippingOption) missing.push('shipping_method');
  const blockedLines = lines.filter((l) => l.issue).map((l) => l.variantId);
  return {
    view: {
      id: cart.id,
      currency: cart.currency,
      itemCount: itemCount(cart),
      lines,
      discount: applied
        ? {
            code: applied.code,
            description: describeDiscount(applied, applied.amounts[cart.currency] !== undefined ? formatMoney({ amount: applied.amounts[cart.currency]!, currency: cart.currency }) : undefined),
            amount: pricing.totals.discount,
            shippingDiscount: pricing.totals.shippingDiscount,
          }
        : null,
      discountIssue,
      email: cart.email,
      shippingAddress: cart.shippingAddress,
      shippingMethod: pricing.shippingOption,
      shippingOptions: pricing.shippingOptions,
      totals: pricing.totals,
      checkout: { ready: missing.length === 0 && blockedLines.length === 0 && !discountIssue, missing, blockedLines },
      createdAt: cart.createdAt,
      updatedAt: cart.updatedAt,
    },
    pricing,
    assessed,
    rule,
  };
}

/** Loads live catalog data and the cart's discount, then prices the cart. */
export async function priceCartView(db: Db, cart: Cart, who: { customerId: string | null }, now = new Date()): Promise<PricedCart> {
  const variants = cart.lines.length > 0 ? await loadSellableVariants(db, cart.lines.map((l) => l.variantId), cart.currency) : [];
  const { rule, uses } = await loadDiscountForCart(db, cart.discountCode, { customerId: who.customerId, email: cart.email });
  return buildCartView(cart, variants, rule, uses, now);
}
