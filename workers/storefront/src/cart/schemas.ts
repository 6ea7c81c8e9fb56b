/**
 * Input schemas of the cart and checkout boundaries (JSON API and forms).
 * Objects are strict: an unknown field — e.g. a `price` a client tries to
 * set — is rejected, never silently ignored.
 */
import * as z from 'zod';
import { validateAddress } from '../../../../domain/address';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from '../../../../domain/cart/cart';
import { CURRENCIES } from '../../../../domain/money';
import { DISCOUNT_CODE_PATTERN, normalizeDiscountCode } from '../../../../domain/pricing/discounts';
import { shopSettings } from '../commerce/settings';

const NO_CONTROL = /^[^\p{Cc}\p{Cs}]*$/u;

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} must be at most ${max} characters.`)
    .regex(NO_CONTROL, `${label} contains characters that are not allowed.`);

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .regex(NO_CONTROL, `${label} contains characters that are not allowed.`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const variantId = z.uuid('Not a valid variant id.');

export const addQuantity = z
  .number('Quantity must be a number.')
  .int('Quantity must be a whole number.')
  .min(1, 'Quantity must be at least 1.')
  .max(MAX_LINE_QUANTITY, `Quantity must be at most ${MAX_LINE_QUANTITY}.`);

export const setQuantity = z
  .number('Quantity must be a number.')
  .int('Quantity must be a whole number.')
  .min(0, 'Quantity cannot be negative.')
  .max(MAX_LINE_QUANTITY, `Quantity must be at most ${MAX_LINE_QUANTITY}.`);

export const email = z
  .string()
  .trim()
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'))
  .transform((e) => e.toLowerCase());

export const discountCode = z
  .string()
  .transform(normalizeDiscountCode)
  .pipe(z.string().regex(DISCOUNT_CODE_PATTERN, 'Enter a valid discount code (letters, digits, - and _).'));

export const address = z
  .strictObject({
    name: text(100, 'Name'),
    line1: text(200, 'Address'),
    line2: optionalText(200, 'Address line 2'),
    city: text(100, 'City'),
    region: optionalText(10, 'State / province').transform((v) => v?.toUpperCase()),
    postalCode: text(16, 'Postal code'),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'Choose a country.'),
    phone: optionalText(30, 'Phone').refine((v) => v === undefined || /^\+?[0-9 ()./-]{5,30}$/.test(v), 'Enter a valid phone number.'),
  })
  .superRefine((a, ctx) => {
    for (const issue of validateAddress(shopSettings, a)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });

export const currency = z.enum(CURRENCIES, `Currency must be one of ${CURRENCIES.join(', ')}.`);

export const createCartBody = z.strictObject({
  currency: currency.optional(),
  lines: z.array(z.strictObject({ variantId, quantity: addQuantity })).max(MAX_CART_LINES).optional(),
});

export const addLineBody = z.strictObject({ variantId, quantity: addQuantity });
export const setQuantityBody = z.strictObject({ quantity: setQuantity });
export const discountBody = z.strictObject({ code: discountCode });

export const updateCartBody = z
  .strictObject({
    currency: currency.optional(),
    email: email.nullable().optional(),
    shippingAddress: address.nullable().optional(),
    shippingMethod: z.string().max(60).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');

export type UpdateCartBody = z.infer<typeof updateCartBody>;

/** Whole numbers from form fields ("2", not "2.5", "-1", "1e3" or "two"). */
export function formInteger(v: unknown): number | unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  return /^-?\d{1,12}$/.test(s) ? Number(s) : s === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s;
}
