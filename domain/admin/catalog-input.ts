/**
 * What the admin may send for products, collections and discounts (zod,
 * `.strict()`: unknown fields such as `id`, `createdAt`, `timesUsed` or
 * `reserved` are rejected, never ignored). Money is integer minor units.
 */
import * as z from 'zod';
import { HANDLE_MAX_LENGTH, HANDLE_PATTERN } from '../catalog/keys';
import { CURRENCIES } from '../money';
import { DISCOUNT_CODE_PATTERN } from '../pricing/discounts';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;

const clean = (s: string) => s.normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
export const line = (max: number, what: string) =>
  z.string({ error: `Enter ${what}.` }).max(max * 4).transform(clean).pipe(z.string().min(1, `Enter ${what}.`).max(max, `Use at most ${max} characters.`));
const optLine = (max: number) =>
  z.string().max(max * 4).nullish().transform((v) => (v == null ? null : clean(v) || null)).pipe(z.string().max(max, `Use at most ${max} characters.`).nullable());
const longText = (max: number) => z.string().max(max, `Use at most ${max} characters.`).default('').transform((s) => s.replace(/\r\n/g, '\n').trim());

export const handleSchema = z
  .string({ error: 'Enter a handle.' })
  .trim()
  .toLowerCase()
  .max(HANDLE_MAX_LENGTH, `Use at most ${HANDLE_MAX_LENGTH} characters.`)
  .regex(HANDLE_PATTERN, 'Use lower-case letters, digits and single dashes (e.g. "linen-shirt").');

export const minor = (what: string) =>
  z.number({ error: `Enter ${what} in minor units (cents).` }).int(`${what} must be a whole number of cents.`).min(0, `${what} cannot be negative.`).max(100_000_000, `${what} is too large.`);

const priceSchema = z
  .object({ amount: minor('the price'), compareAtAmount: minor('the compare-at price').nullable().default(null) })
  .strict()
  .refine((p) => p.compareAtAmount === null || p.compareAtAmount > p.amount, { message: 'The compare-at price must be above the price.', path: ['compareAtAmount'] });

const pricesSchema = z
  .partialRecord(z.enum(CURRENCIES), priceSchema)
  .refine((p) => Object.keys(p).length > 0, 'Give at least one price.');

export const variantInputSchema = z
  .object({
    /** an existing variant of this product (omit for a new one) */
    id: z.uuid().optional(),
    sku: z.string().trim().min(1, 'Enter a SKU.').max(64, 'Use at most 64 characters.').regex(/^[A-Za-z0-9._\/-]+$/, 'Use letters, digits, dots, dashes, slashes.'),
    title: line(200, 'a variant title').default('Default'),
    optionValues: z.record(z.string().max(60), z.string().max(60)).default({}),
    weightGrams: z.number().int().min(0).max(1_000_000).default(0),
    prices: pricesSchema,
  })
  .strict();

export const optionInputSchema = z
  .object({ name: line(60, 'an option name'), values: z.array(line(60, 'a value')).min(1, 'Give at least one value.').max(100) })
  .strict();

export const productInputSchema = z
  .object({
    handle: handleSchema,
    title: line(200, 'a title'),
    description: longText(20_000),
    vendor: optLine(120).transform((v) => v ?? ''),
    tags: z.array(line(40, 'a tag')).max(50).default([]),
    status: z.enum(PRODUCT_STATUSES).default('draft'),
    seoTitle: optLine(70),
    seoDescription: optLine(320),
    options: z.array(optionInputSchema).max(3, 'Use at most 3 options.').default([]),
    variants: z.array(variantInputSchema).min(1, 'Add at least one variant.').max(100, 'Use at most 100 variants.'),
    /** collections the product belongs to (appended at the end of each) */
    collectionIds: z.array(z.uuid()).max(100).default([]),
  })
  .strict()
  .superRefine((p, ctx) => {
    const skus = new Set<string>();
    p.variants.forEach((v, i) => {
      if (skus.has(v.sku)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'sku'], message: 'Each variant needs its own SKU.' });
      skus.add(v.sku);
      for (const o of p.options) {
        const val = v.optionValues[o.name];
        if (val === undefined || !o.values.includes(val)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'optionValues'], message: `Choose a value of "${o.name}".` });
      }
    });
    const names = new Set(p.options.map((o) => o.name.toLowerCase()));
    if (names.size !== p.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'Option names must differ.' });
    if (p.options.length > 0) {
      const combos = new Set(p.variants.map((v) => JSON.stringify(p.options.map((o) => v.optionValues[o.name]))));
      if (combos.size !== p.variants.length) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'Two variants have the same option values.' });
    }
  });
export type ProductInput = z.infer<typeof productInputSchema>;
export type VariantInput = z.infer<typeof variantInputSchema>;

/** Status-only change (publish / unpublish / archive). */
export const productStatusInputSchema = z.object({ status: z.enum(PRODUCT_STATUSES) }).strict();

export const collectionInputSchema = z
  .object({
    handle: handleSchema,
    title: line(200, 'a title'),
    description: longText(5_000),
    seoTitle: optLine(70),
    seoDescription: optLine(320),
    published: z.boolean().default(true),
    /** the products of the collection in display order (replaces the current list) */
    productIds: z.array(z.uuid()).max(5000).optional(),
  })
  .strict()
  .refine((c) => !c.productIds || new Set(c.productIds).size === c.productIds.length, { message: 'A product is listed twice.', path: ['productIds'] });
export type CollectionInput = z.infer<typeof collectionInputSchema>;

const perCurrency = (what: string) => z.partialRecord(z.enum(CURRENCIES), minor(what)).default({});
const isoDate = z.iso.datetime({ offset: true, error: 'Use a date and time like 2026-01-31T09:00:00Z.' }).nullable().default(null);

export const discountInputSchema = z
  .object({
    code: z.string().trim().toUpperCase().regex(DISCOUNT_CODE_PATTERN, 'Use 2–40 letters, digits, dashes or underscores.'),
    kind: z.enum(['percentage', 'fixed_amount', 'free_shipping']),
    percentBp: z.number().int().min(1).max(10_000).nullable().default(null),
    amounts: perCurrency('the amount'),
    minimumSubtotal: perCurrency('the minimum'),
    startsAt: isoDate,
    endsAt: isoDate,
    usageLimit: z.number().int().min(0).max(10_000_000).nullable().default(null),
    perCustomerLimit: z.number().int().min(1).max(1000).nullable().default(null),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.kind === 'percentage' && d.percentBp === null) ctx.addIssue({ code: 'custom', path: ['percentBp'], message: 'Enter the percentage.' });
    if (d.kind !== 'percentage' && d.percentBp !== null) ctx.addIssue({ code: 'custom', path: ['percentBp'], message: 'Only percentage codes take a percentage.' });
    if (d.kind === 'fixed_amount' && Object.keys(d.amounts).length === 0) ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'Enter the amount in at least one currency.' });
    if (d.kind !== 'fixed_amount' && Object.keys(d.amounts).length > 0) ctx.addIssue({ code: 'custom', path: ['amounts'], message: 'Only fixed-amount codes take amounts.' });
    if (d.startsAt && d.endsAt && Date.parse(d.startsAt) >= Date.parse(d.endsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end must be after the start.' });
  });
export type DiscountInput = z.infer<typeof discountInputSchema>;

export const stockAdjustmentSchema = z
  .object({
    reason: z.enum(['received', 'correction', 'damaged', 'returned']),
    delta: z.number({ error: 'Enter how many units to add (positive) or remove (negative).' }).int('Use whole units.').min(-1_000_000).max(1_000_000).refine((d) => d !== 0, 'Enter a change other than 0.'),
    note: optLine(500),
  })
  .strict();
export type StockAdjustmentInput = z.infer<typeof stockAdjustmentSchema>;

export type FieldErrors = Record<string, string>;

/** zod issues → { "variants.0.sku": "…" } (first message per field). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const i of error.issues) {
    const key = i.path.length ? i.path.map(String).join('.') : '_';
    out[key] ??= i.code === 'unrecognized_keys' ? `Unknown field(s): ${(i as { keys?: string[] }).keys?.join(', ')}.` : i.message;
  }
  return out;
}
