/**
 * Cart operations behind both the JSON API and the pages: each checks its
 * input against the live catalog (Postgres) before anything is written, and
 * writes through the compare-and-set store. Failures are ProblemErrors
 * (4xx); nothing is written then.
 */
import type { Context } from 'hono';
import { addLine, emptyCart, lineQuantity, setLineQuantity, updateCart, type Cart, CartError } from '../../../../domain/cart/cart';
import { assessLine } from '../../../../domain/cart/lines';
import type { Currency } from '../../../../domain/money';
import { checkDiscount, DISCOUNT_REJECTION_MESSAGES, type DiscountRejection } from '../../../../domain/pricing/discounts';
import type { Db } from '../../../../db/client';
import { loadSellableVariants } from '../../../../db/queries/sellable-variants';
import { redisFromEnv, RedisUnavailableError } from '../../../../edge/redis';
import type { AppEnv } from '../context';
import { fail, notFoundCart, ProblemError, type CommerceProblem } from '../commerce/problems';
import { newCartId, readCartId, setCartCookie } from './id';
import type { UpdateCartBody } from './schemas';
import { CartConflictError, CartStore, type VersionedCart } from './store';
import { loadDiscountForCart, priceCartView } from './view';


export function customerIdOf(c: Context<AppEnv>): string | null {
  return c.get('customer')?.id ?? null;
}

export function cartStore(c: Context<AppEnv>): CartStore {
  try {
    return new CartStore(redisFromEnv(c.env));
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw cartsUnavailable();
    throw err;
  }
}

export const cartsUnavailable = () =>
  new ProblemError({
    status: 503,
    slug: 'unavailable',
    title: 'Service temporarily unavailable',
    detail: 'Carts are temporarily unavailable. Nothing was changed; please try again in a moment.',
    headers: { 'retry-after': '5' },
  });

/** Maps store failures to problems (Redis down → 503, too many concurrent writers → 409). */
export async function guardStore<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof RedisUnavailableError) throw cartsUnavailable();
    if (err instanceof CartConflictError) {
      fail({ status: 409, slug: 'cart-busy', title: 'Cart busy', detail: 'Your cart is being changed by another request. Please try again.' });
    }
    if (err instanceof CartError) {
      fail({ status: 422, slug: `cart-${err.code.replace(/_/g, '-')}`, title: 'Cart limit reached', detail: err.message, errors: err.variantId ? [{ path: 'body.variantId', message: err.message, code: err.code }] : undefined });
    }
    throw err;
  }
}

/** Readable by this request: guest carts by whoever holds the id, customer carts only by that customer. */
export function mayUse(cart: Cart, customerId: string | null): boolean {
  return cart.customerId === null || cart.customerId === customerId;
}

/** The cart id the request names (400 when the header is malformed, 404 when there is none). */
export function requestCartId(c: Context<AppEnv>): string {
  const src = readCartId(c);
  if (src.from === 'header-malformed') {
    fail({ status: 400, slug: 'invalid-request', title: 'Your request is not valid', detail: 'The Cart-Id header is malformed.', errors: [{ path: 'header.Cart-Id', message: 'must be the 43-character id returned when the cart was created', code: 'invalid_format' }] });
  }
  if (!src.id) fail(notFoundCart());
  return src.id;
}

/**
 * The request's cart (Cart-Id header or cookie). A missing, expired or
 * foreign cart is a 404 — indistinguishable, so ids cannot be probed.
 */
export async function requireCart(c: Context<AppEnv>, store: CartStore): Promise<VersionedCart> {
  const id = requestCartId(c);
  const found = await guardStore(() => store.get(id));
  if (!found || !mayUse(found.cart, customerIdOf(c))) fail(notFoundCart());
  return found;
}

/** The request's cart if there is a usable one, else null (pages start a new cart then). Slides the cookie's expiry with the cart's. */
export async function findCart(c: Context<AppEnv>, store: CartStore): Promise<VersionedCart | null> {
  const src = readCartId(c);
  if (!src.id) return null;
  const found = await guardStore(() => store.get(src.id!));
  if (!found || !mayUse(found.cart, customerIdOf(c))) return null;
  if (src.from === 'cookie') setCartCookie(c, src.id);
  return found;
}

/** A new cart, not stored yet (version 0): the first successful change creates it, a failed one leaves nothing behind. */
export function newUnsavedCart(c: Context<AppEnv>, currency: Currency): VersionedCart {
  return { cart: emptyCart(newCartId(), currency, new Date().toISOString(), customerIdOf(c)), version: 0 };
}

/** A customer using a guest cart takes it over: from then on only they can read it. */
function claim(cart: Cart, customerId: string | null): Cart {
  return customerId && cart.customerId === null ? { ...cart, customerId } : cart;
}

const unavailable = (variantId: string, message: string): CommerceProblem => ({
  status: 422,
  slug: 'variant-unavailable',
  title: 'Item unavailable',
  detail: message,
  errors: [{ path: 'body.variantId', message, code: 'unavailable' }],
  extra: { variantId },
});

const insufficient = (variantId: string, available: number, inCart: number): CommerceProblem => ({
  status: 409,
  slug: 'insufficient-stock',
  title: 'Not enough stock',
  detail:
    available === 0
      ? 'This item is sold out.'
      : `Only ${available} of this item ${available === 1 ? 'is' : 'are'} available${inCart > 0 ? ` and your cart already holds ${inCart}` : ''}.`,
  extra: { lines: [{ variantId, available, requested: inCart }] },
});

/** Adds units of a variant after checking it is for sale and in stock (counting what the cart already holds). */
export async function addItem(c: Context<AppEnv>, db: Db, store: CartStore, vc: VersionedCart, variantId: string, quantity: number): Promise<VersionedCart> {
  const [variant] = await loadSellableVariants(db, [variantId], vc.cart.currency);
  const customerId = customerIdOf(c);
  const updated = await guardStore(() =>
    store.update(
      vc.cart.id,
      (cart) => {
        const inCart = lineQuantity(cart, variantId);
        const check = assessLine(variantId, inCart + quantity, variant);
        if (check.issue?.code === 'unavailable') fail(unavailable(variantId, check.issue.message));
        if (check.issue?.code === 'insufficient_stock') fail(insufficient(variantId, check.issue.available, inCart));
        return claim(addLine(cart, variantId, quantity, new Date().toISOString()), customerId);
      },
      vc,
    ),
  );
  if (!updated) fail(notFoundCart());
  return updated;
}

/** Sets a line's quantity (0 removes it); raising it is checked against stock. */
export async function changeQuantity(c: Context<AppEnv>, db: Db, store: CartStore, vc: VersionedCart, variantId: string, quantity: number): Promise<VersionedCart> {
  if (lineQuantity(vc.cart, variantId) === 0) {
    fail({ status: 404, slug: 'line-not-found', title: 'Not in your cart', detail: 'That item is not in your cart.', extra: { variantId } });
  }
  const [variant] = quantity > 0 ? await loadSellableVariants(db, [variantId], vc.cart.currency) : [];
  const customerId = customerIdOf(c);
  const updated = await guardStore(() =>
    store.update(
      vc.cart.id,
      (cart) => {
        const current = lineQuantity(cart, variantId);
        if (quantity > current) {
          const check = assessLine(variantId, quantity, variant);
          if (check.issue?.code === 'unavailable') fail(unavailable(variantId, check.issue.message));
          if (check.issue?.code === 'insufficient_stock') fail(insufficient(variantId, check.issue.available, 0));
        }
        return claim(setLineQuantity(cart, variantId, quantity, new Date().toISOString()), customerId);
      },
      vc,
    ),
  );
  if (!updated) fail(notFoundCart());
  return updated;
}

const discountProblem = (code: string, reason: DiscountRejection | 'not_found'): CommerceProblem => {
  const message = reason === 'not_found' ? 'This discount code does not exist.' : DISCOUNT_REJECTION_MESSAGES[reason];
  return {
    status: 422,
    slug: reason === 'not_found' ? 'discount-not-found' : `discount-${reason.replace(/_/g, '-')}`,
    title: 'Discount code not applied',
    detail: message,
    errors: [{ path: 'body.code', message, code: reason }],
    extra: { code },
  };
};

/** Applies a code only if it exists and applies to this cart now (window, limits, currency, minimum). */
export async function applyDiscount(c: Context<AppEnv>, db: Db, store: CartStore, vc: VersionedCart, code: string): Promise<VersionedCart> {
  const customerId = customerIdOf(c);
  const { rule, uses } = await loadDiscountForCart(db, code, { customerId, email: vc.cart.email });
  if (!rule) fail(discountProblem(code, 'not_found'));
  const priced = await priceCartView(db, { ...vc.cart, discountCode: null }, { customerId });
  const check = checkDiscount(rule, { currency: vc.cart.currency, subtotal: priced.pricing.totals.subtotal, now: new Date(), customerUses: uses });
  if (!check.ok) fail(discountProblem(code, check.reason));
  const updated = await guardStore(() => store.update(vc.cart.id, (cart) => claim(updateCart(cart, { discountCode: rule.code }, new Date().toISOString()), customerId), vc));
  if (!updated) fail(notFoundCart());
  return updated;
}

export async function removeDiscount(c: Context<AppEnv>, store: CartStore, vc: VersionedCart): Promise<VersionedCart> {
  const customerId = customerIdOf(c);
  const updated = await guardStore(() => store.update(vc.cart.id, (cart) => claim(updateCart(cart, { discountCode: null }, new Date().toISOString()), customerId), vc));
  if (!updated) fail(notFoundCart());
  return updated;
}

/**
 * Email, address, shipping method, currency. A shipping method must be one
 * offered for the (new) address; changing the address drops a method that
 * is no longer offered.
 */
export async function updateDetails(c: Context<AppEnv>, db: Db, store: CartStore, vc: VersionedCart, body: UpdateCartBody): Promise<VersionedCart> {
  const customerId = customerIdOf(c);
  const patch: Partial<Cart> = {};
  if (body.currency !== undefined) patch.currency = body.currency;
  if (body.email !== undefined) patch.email = body.email;
  if (body.shippingAddress !== undefined) patch.shippingAddress = body.shippingAddress;
  if (body.shippingMethod !== undefined) patch.shippingRateId = body.shippingMethod;
  const candidate = { ...vc.cart, ...patch };
  const priced = await priceCartView(db, candidate, { customerId });
  const offered = priced.view.shippingOptions.map((o) => o.id);
  if (body.shippingMethod) {
    if (!candidate.shippingAddress) {
      fail({ status: 422, slug: 'shipping-address-required', title: 'Shipping address required', detail: 'Set a shipping address before choosing a shipping method.', errors: [{ path: 'body.shippingMethod', message: 'Set a shipping address first.', code: 'address_required' }] });
    }
    if (!offered.includes(body.shippingMethod)) {
      const message = `This shipping method is not available for this address. Choose one of: ${offered.join(', ')}.`;
      fail({ status: 422, slug: 'shipping-method-unavailable', title: 'Shipping method unavailable', detail: message, errors: [{ path: 'body.shippingMethod', message, code: 'unavailable' }], extra: { offered } });
    }
  } else if (body.shippingMethod === undefined && (!candidate.shippingRateId || !offered.includes(candidate.shippingRateId))) {
    // no method yet, or the new address does not offer it: preselect the first one offered (the zone's standard rate)
    patch.shippingRateId = offered[0] ?? null;
  }
  const updated = await guardStore(() => store.update(vc.cart.id, (cart) => claim(updateCart(cart, patch, new Date().toISOString()), customerId), vc));
  if (!updated) fail(notFoundCart());
  return updated;
}
