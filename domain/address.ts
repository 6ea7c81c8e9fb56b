/**
 * Postal addresses: the shape stored on carts and orders, and the checks
 * beyond field lengths (country supported, region required and known where
 * the country has them, postal code format). Pure; zod schemas at the
 * boundaries call validateAddress.
 */
import { findCountry, type ShopSettings } from './pricing/settings';

export interface Address {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  /** subdivision code (state, province), e.g. "CA" */
  region?: string | undefined;
  postalCode: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  phone?: string | undefined;
}

export interface AddressIssue {
  field: keyof Address;
  message: string;
}

export function validateAddress(settings: ShopSettings, a: Address): AddressIssue[] {
  const issues: AddressIssue[] = [];
  const country = findCountry(settings, a.country);
  if (!country) return [{ field: 'country', message: 'We do not ship to this country.' }];
  if (country.regions) {
    if (!a.region) issues.push({ field: 'region', message: `Choose a ${country.code === 'CA' ? 'province' : 'state'}.` });
    else if (!Object.hasOwn(country.regions, a.region)) issues.push({ field: 'region', message: `Unknown ${country.code === 'CA' ? 'province' : 'state'} for ${country.name}.` });
  }
  if (country.postalCode && !country.postalCode.test(a.postalCode.trim())) {
    issues.push({ field: 'postalCode', message: `Enter a valid postal code for ${country.name}.` });
  }
  return issues;
}

/** Lines for display, e.g. on the confirmation page and in emails. */
export function formatAddress(settings: ShopSettings, a: Address): string[] {
  const country = findCountry(settings, a.country);
  const cityLine = [a.postalCode, a.city, a.region].filter(Boolean).join(' ');
  return [a.name, a.line1, a.line2, cityLine, country?.name ?? a.country].filter((x): x is string => !!x && x.trim().length > 0);
}
