/** The checkout request (JSON API and the checkout form map to this). */
import * as z from 'zod';
import { address, email } from '../cart/schemas';
import { luhnValid } from '../payments/test-provider';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,255}$/;

export const cardNumber = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{12,19}$/, 'Enter the card number (12–19 digits).').refine(luhnValid, 'This card number is not valid.'));

export const checkoutBody = z.strictObject({
  /** each of these falls back to what the cart holds */
  email: email.optional(),
  shippingAddress: address.optional(),
  shippingMethod: z.string().min(1).max(60).optional(),
  payment: z.strictObject({
    provider: z.string().min(1).max(30),
    card: z.strictObject({ number: cardNumber }).optional(),
  }),
  /** the total the shopper saw: if prices changed since, the order is refused (409) instead of charging a different amount */
  expectedTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export type CheckoutBody = z.infer<typeof checkoutBody>;
