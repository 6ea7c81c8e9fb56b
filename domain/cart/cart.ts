/**
 * The cart as stored (in Redis): what the shopper chose, never prices —
 * prices, stock and availability are re-read from the catalog every time the
 * cart is shown or checked out. Pure operations; each returns a new cart or
 * a CartError the caller turns into a 4xx.
 */
import type { Currency } from '../money';
import type { Address } from '../address';

export const MAX_LINE_QUANTITY = 99;
export const MAX_CART_LINES = 50;
/** sliding expiry: every read or write keeps the cart for this long */
export const CART_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface CartLine {
  variantId: string;
  quantity: number;
  addedAt: string;
}

export interface Cart {
  id: string;
  currency: Currency;
  lines: CartLine[];
  discountCode: string | null;
  email: string | null;
  shippingAddress: Address | null;
  shippingRateId: string | null;
  /** set when a signed-in customer uses the cart; only that customer may read it afterwards */
  customerId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type CartErrorCode = 'line_quantity_exceeded' | 'too_many_lines' | 'line_not_found';

export class CartError extends Error {
  constructor(
    readonly code: CartErrorCode,
    message: string,
    readonly variantId?: string,
  ) {
    super(message);
    this.name = 'CartError';
  }
}

export function emptyCart(id: string, currency: Currency, now: string, customerId: string | null = null): Cart {
  return {
    id,
    currency,
    lines: [],
    discountCode: null,
    email: null,
    shippingAddress: null,
    shippingRateId: null,
    customerId,
    createdAt: now,
    updatedAt: now,
  };
}

const touch = (cart: Cart, now: string, patch: Partial<Cart>): Cart => ({ ...cart, ...patch, updatedAt: now });

export function lineQuantity(cart: Cart, variantId: string): number {
  return cart.lines.find((l) => l.variantId === variantId)?.quantity ?? 0;
}

/** Adds units to a line (creating it), keeping every line within MAX_LINE_QUANTITY. */
export function addLine(cart: Cart, variantId: string, quantity: number, now: string): Cart {
  const existing = cart.lines.find((l) => l.variantId === variantId);
  const next = (existing?.quantity ?? 0) + quantity;
  if (next > MAX_LINE_QUANTITY) {
    throw new CartError('line_quantity_exceeded', `A cart line holds at most ${MAX_LINE_QUANTITY} units.`, variantId);
  }
  if (!existing && cart.lines.length >= MAX_CART_LINES) {
    throw new CartError('too_many_lines', `A cart holds at most ${MAX_CART_LINES} different items.`, variantId);
  }
  const lines = existing
    ? cart.lines.map((l) => (l.variantId === variantId ? { ...l, quantity: next } : l))
    : [...cart.lines, { variantId, quantity, addedAt: now }];
  return touch(cart, now, { lines });
}

/** Sets a line's quantity; 0 removes the line. */
export function setLineQuantity(cart: Cart, variantId: string, quantity: number, now: string): Cart {
  if (!cart.lines.some((l) => l.variantId === variantId)) throw new CartError('line_not_found', 'That item is not in your cart.', variantId);
  if (quantity > MAX_LINE_QUANTITY) {
    throw new CartError('line_quantity_exceeded', `A cart line holds at most ${MAX_LINE_QUANTITY} units.`, variantId);
  }
  const lines = quantity === 0 ? cart.lines.filter((l) => l.variantId !== variantId) : cart.lines.map((l) => (l.variantId === variantId ? { ...l, quantity } : l));
  return touch(cart, now, { lines });
}

export function removeLine(cart: Cart, variantId: string, now: string): Cart {
  return setLineQuantity(cart, variantId, 0, now);
}

export function updateCart(cart: Cart, patch: Partial<Pick<Cart, 'currency' | 'discountCode' | 'email' | 'shippingAddress' | 'shippingRateId' | 'customerId'>>, now: string): Cart {
  return touch(cart, now, patch);
}

export function itemCount(cart: Cart): number {
  return cart.lines.reduce((a, l) => a + l.quantity, 0);
}
