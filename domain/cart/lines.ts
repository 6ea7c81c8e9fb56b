/**
 * A cart's lines checked against the live catalog: what each variant costs
 * now (in the cart's currency), whether it can still be bought, and whether
 * the quantity is in stock. Prices never come from the client.
 */
import type { Cart } from './cart';

/** A variant as the catalog (Postgres) says it is right now. */
export interface SellableVariant {
  variantId: string;
  productId: string;
  productHandle: string;
  productTitle: string;
  productStatus: 'draft' | 'active' | 'archived';
  variantTitle: string;
  sku: string;
  weightGrams: number;
  options: Record<string, string>;
  /** price in the requested currency; null when the variant has none */
  price: number | null;
  compareAt: number | null;
  /** on hand − reserved, never negative */
  available: number;
  image: { key: string; alt: string; width: number; height: number } | null;
}

export type LineIssue =
  /** unknown variant, product not active, or no price in this currency */
  | { code: 'unavailable'; message: string }
  | { code: 'insufficient_stock'; message: string; available: number };

export interface AssessedLine {
  variantId: string;
  quantity: number;
  variant: SellableVariant | null;
  issue: LineIssue | null;
}

export function assessLine(variantId: string, quantity: number, variant: SellableVariant | undefined): AssessedLine {
  if (!variant || variant.productStatus !== 'active' || variant.price === null) {
    return { variantId, quantity, variant: variant ?? null, issue: { code: 'unavailable', message: 'This item is no longer available.' } };
  }
  if (quantity > variant.available) {
    const message = variant.available === 0 ? 'This item is sold out.' : `Only ${variant.available} left in stock.`;
    return { variantId, quantity, variant, issue: { code: 'insufficient_stock', message, available: variant.available } };
  }
  return { variantId, quantity, variant, issue: null };
}

export function assessCart(cart: Cart, variants: readonly SellableVariant[]): AssessedLine[] {
  const byId = new Map(variants.map((v) => [v.variantId, v]));
  return cart.lines.map((l) => assessLine(l.variantId, l.quantity, byId.get(l.variantId)));
}

/** Lines that can be priced (a variant with a price), in cart order. */
export function priceableLines(lines: readonly AssessedLine[]): { key: string; unitPrice: number; quantity: number; weightGrams: number }[] {
  return lines.flatMap((l) =>
    l.variant && l.variant.price !== null && l.variant.productStatus === 'active'
      ? [{ key: l.variantId, unitPrice: l.variant.price, quantity: l.quantity, weightGrams: l.variant.weightGrams }]
      : [],
  );
}
