/**
 * Validation of everything a shopper sends to the account pages and API
 * (zod for shape and size, then the domain rules). Field errors are keyed by
 * field name: pages show them beside the inputs, the API returns them as
 * problem+json `errors` (path `body.<field>`).
 */
import * as z from 'zod';
import { validateAddress, type Address } from '../../../../domain/address';
import { normalizeEmail } from '../../../../domain/customers/email';
import { DEFAULT_SHOP_SETTINGS, findCountry } from '../../../../domain/pricing';
import { passwordTooLarge } from '../../../../edge/auth';
import type { AddressInput } from '../../../../db/queries/customer-addresses';
import { passwordPolicy } from './sessions';

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Trims, NFC-normalises, drops control characters and collapses runs of whitespace. */
export function cleanText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const text = (max: number, label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .max(max * 4, `Use at most ${max} characters.`)
    .transform(cleanText)
    .pipe(z.string().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`));

const optionalText = (max: number) =>
  z
    .string()
    .max(max * 4, `Use at most ${max} characters.`)
    .optional()
    .nullable()
    .transform((v) => (v == null ? null : cleanText(v) || null))
    .pipe(z.string().max(max, `Use at most ${max} characters.`).nullable());

/** Passwords are never trimmed or altered here (the hasher NFKC-normalises); size is bounded before any hashing. */
const password = (label: string) =>
  z.string({ error: `Enter ${label}.` }).min(1, `Enter ${label}.`).refine((p) => !passwordTooLarge(p), 'Use at most 256 characters.');

const email = z
  .string({ error: 'Enter your email address.' })
  .max(1000, 'Enter a valid email address, like name@example.com.')
  .transform((v, ctx) => {
    const r = normalizeEmail(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.email;
  });

export const nameSchema = text(100, 'your name');

function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    out[field] ??= issue.path.length === 0 && issue.code === 'invalid_type' ? 'The request body must be an object.' : issue.message;
  }
  return out;
}

function run<S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: fieldErrors(r.error) };
}

const registrationSchema = z.object({ name: nameSchema, email, password: password('a password') });
export type Registration = z.infer<typeof registrationSchema>;

/** Every problem at once: the password rules are checked even when another field is wrong. */
export function validateRegistration(input: unknown): Validated<Registration> {
  const r = run(registrationSchema, input);
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const errors: FieldErrors = r.ok ? {} : { ...r.errors };
  if (!errors.password && typeof raw.password === 'string') {
    const weak = passwordPolicy.check(raw.password, {
      email: r.ok ? r.value.email : typeof raw.email === 'string' ? raw.email.trim().toLowerCase() : undefined,
      name: typeof raw.name === 'string' ? raw.name : undefined,
    });
    if (weak) errors.password = weak;
  }
  return r.ok && Object.keys(errors).length === 0 ? r : { ok: false, errors };
}

const loginSchema = z.object({ email, password: password('your password') });
export type LoginInput = z.infer<typeof loginSchema>;
export const validateLogin = (input: unknown): Validated<LoginInput> => run(loginSchema, input);

const profileSchema = z.object({ name: nameSchema });
export const validateProfile = (input: unknown): Validated<z.infer<typeof profileSchema>> => run(profileSchema, input);

const passwordChangeSchema = z.object({ currentPassword: password('your current password'), newPassword: password('a new password') });
export function validatePasswordChange(input: unknown, who: { email: string; name?: string }): Validated<z.infer<typeof passwordChangeSchema>> {
  const r = run(passwordChangeSchema, input);
  if (!r.ok) return r;
  const weak = passwordPolicy.check(r.value.newPassword, who);
  if (weak) return { ok: false, errors: { newPassword: weak } };
  if (r.value.newPassword === r.value.currentPassword) return { ok: false, errors: { newPassword: 'Choose a password different from the current one.' } };
  return r;
}

const PHONE = /^\+?[0-9 ().-]{5,31}$/;
const bool = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('1'), z.literal('false'), z.literal('0'), z.literal('')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true' || v === '1');

const addressSchema = z.object({
  name: text(100, 'the recipient’s name'),
  company: optionalText(100),
  line1: text(200, 'the street address'),
  line2: optionalText(200),
  city: text(100, 'the city'),
  region: optionalText(100),
  postalCode: optionalText(20),
  country: z
    .string({ error: 'Choose a country.' })
    .max(8, 'Choose a country.')
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'Choose a country.')),
  phone: optionalText(32).refine((v) => v === null || (PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 5), 'Enter a phone number with digits only (spaces, dashes, brackets and a leading + are fine).'),
  isDefault: bool,
});

export interface AddressSubmission {
  address: AddressInput;
  makeDefault: boolean;
}

/** Shape and sizes (zod), then the shop's address rules (country shipped to, state/province, postal code format). */
export function validateAddressInput(input: unknown): Validated<AddressSubmission> {
  const r = run(addressSchema, input);
  if (!r.ok) return r;
  const { isDefault, ...a } = r.value;
  const country = findCountry(DEFAULT_SHOP_SETTINGS, a.country);
  const address: AddressInput = {
    ...a,
    region: a.region && country?.regions ? a.region.toUpperCase() : a.region,
    postalCode: a.postalCode ? a.postalCode.toUpperCase() : null,
  };
  const issues = validateAddress(DEFAULT_SHOP_SETTINGS, toOrderAddress(address));
  if (country?.postalCode && !address.postalCode) issues.push({ field: 'postalCode', message: `Enter the postal code.` });
  if (issues.length > 0) {
    const errors: FieldErrors = {};
    for (const i of issues) errors[i.field] ??= i.message;
    return { ok: false, errors };
  }
  return { ok: true, value: { address, makeDefault: isDefault } };
}

/** A saved address in the shape carts and orders use (domain/address.ts), e.g. to prefill checkout. */
export function toOrderAddress(a: AddressInput): Address {
  return {
    name: a.name,
    line1: a.company ? `${a.company}, ${a.line1}` : a.line1,
    line2: a.line2 ?? undefined,
    city: a.city,
    region: a.region ?? undefined,
    postalCode: a.postalCode ?? '',
    country: a.country,
    phone: a.phone ?? undefined,
  };
}

/** Countries a saved address may use: the ones the shop ships to. */
export const ADDRESS_COUNTRIES = DEFAULT_SHOP_SETTINGS.countries.map((c) => ({ code: c.code, name: c.name, hasRegions: !!c.regions, regions: c.regions }));
