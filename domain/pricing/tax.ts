/**
 * Tax rate lookup: a region-specific rate wins over the country rate; a
 * destination without a rate is untaxed. Without a destination yet, tax is
 * unknown: tax-exclusive carts show it as "calculated at checkout" (0 and
 * estimated), tax-inclusive prices stay what they are.
 */
import type { ShopSettings, TaxRate } from './settings';

export interface Destination {
  country: string;
  region?: string | undefined;
}

export function taxRateFor(settings: ShopSettings, destination: Destination | null | undefined): TaxRate | null {
  if (!destination) return null;
  const inCountry = settings.taxRates.filter((r) => r.country === destination.country);
  const regional = destination.region ? inCountry.find((r) => r.region === destination.region) : undefined;
  return regional ?? inCountry.find((r) => r.region === undefined) ?? null;
}
