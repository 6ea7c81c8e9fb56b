/** The ways a checkout can fail, as problem details. */
import type { CheckoutVariant } from '../../../../db/queries/checkout';
import { DISCOUNT_REJECTION_MESSAGES, type DiscountRejection, type Totals } from '../../../../domain/pricing';
import type { CommerceProblem } from '../commerce/problems';

export interface ProblemLine {
  variantId: string;
  sku: string | null;
  title: string;
  requested: number;
  available: number;
}

export function lineOf(variantId: string, requested: number, v: CheckoutVariant | undefined): ProblemLine {
  return {
    variantId,
    sku: v?.sku ?? null,
    title: v ? `${v.productTitle}${v.variantTitle && v.variantTitle !== 'Default' ? ` – ${v.variantTitle}` : ''}` : 'Unknown item',
    requested,
    available: v && v.productStatus === 'active' && v.price !== null ? v.available : 0,
  };
}

export const insufficientStock = (lines: ProblemLine[]): CommerceProblem => ({
  status: 409,
  slug: 'insufficient-stock',
  title: 'Not enough stock',
  detail: `Not enough stock for: ${lines.map((l) => `${l.title} (${l.available} available, ${l.requested} requested)`).join('; ')}. Your cart was not changed.`,
  extra: { lines },
});

export const unavailableItems = (lines: ProblemLine[]): CommerceProblem => ({
  status: 409,
  slug: 'items-unavailable',
  title: 'Items no longer available',
  detail: `No longer available: ${lines.map((l) => l.title).join('; ')}. Remove them from your cart to check out.`,
  extra: { lines },
});

export const emptyCart = (): CommerceProblem => ({
  status: 422,
  slug: 'cart-empty',
  title: 'Your cart is empty',
  detail: 'Add something to your cart before checking out.',
});

export const discountNotApplicable = (code: string, reason: DiscountRejection | 'not_found'): CommerceProblem => ({
  status: 409,
  slug: reason === 'not_found' ? 'discount-not-found' : `discount-${reason.replace(/_/g, '-')}`,
  title: 'Discount code no longer applies',
  detail: `${reason === 'not_found' ? 'This discount code does not exist any more.' : DISCOUNT_REJECTION_MESSAGES[reason]} Remove the code "${code}" from your cart to check out.`,
  extra: { code, reason },
});

export const priceChanged = (expected: number, totals: Totals): CommerceProblem => ({
  status: 409,
  slug: 'price-changed',
  title: 'Prices changed',
  detail: 'The total changed since you last saw it. Please review your order; nothing was charged.',
  extra: { expectedTotal: expected, totals },
});

export const shippingUnavailable = (): CommerceProblem => ({
  status: 422,
  slug: 'shipping-method-unavailable',
  title: 'Shipping method unavailable',
  detail: 'Choose one of the shipping methods offered for your address.',
  errors: [{ path: 'body.shippingMethod', message: 'not offered for this address', code: 'unavailable' }],
});

export const cartAlreadyOrdered = (): CommerceProblem => ({
  status: 409,
  slug: 'cart-already-ordered',
  title: 'Already ordered',
  detail: 'This cart has already been turned into an order (or is being checked out in another request).',
});

export const keyReused = (): CommerceProblem => ({
  status: 422,
  slug: 'idempotency-key-reused',
  title: 'Idempotency-Key reused',
  detail: 'This Idempotency-Key was already used with a different request body. Use a new key for a new request.',
});

export const keyInFlight = (): CommerceProblem => ({
  status: 409,
  slug: 'idempotency-key-in-flight',
  title: 'Request in progress',
  detail: 'A request with this Idempotency-Key is still being processed. Retry shortly to get its result.',
  headers: { 'retry-after': '1' },
});

export const missingKey = (): CommerceProblem => ({
  status: 400,
  slug: 'idempotency-key-missing',
  title: 'Idempotency-Key required',
  detail: 'Send an Idempotency-Key header (8–255 characters: letters, digits, _ . : -), e.g. a UUID, unique per order attempt.',
  errors: [{ path: 'header.Idempotency-Key', message: 'required', code: 'missing' }],
});

export const paymentDeclined = (code: string, message: string, orderNumber: number): CommerceProblem => ({
  status: 402,
  slug: 'payment-declined',
  title: 'Payment declined',
  detail: `${message} Your order was not placed and nothing was charged; your cart is unchanged.`,
  extra: { declineCode: code, orderNumber },
});

export const paymentTimeout = (orderNumber: number): CommerceProblem => ({
  status: 504,
  slug: 'payment-timeout',
  title: 'Payment provider timeout',
  detail: 'The payment provider did not answer in time. The payment was cancelled, your order was not placed and your cart is unchanged. Please try again.',
  extra: { orderNumber },
});
