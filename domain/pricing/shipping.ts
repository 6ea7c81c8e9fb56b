/**
 * Shipping options for a destination: the zone listing the country (else the
 * '*' zone), then each rate priced for the parcel weight and currency. A rate
 * with `freeAbove` costs nothing once the subtotal after item discounts
 * reaches the threshold (the tax-inclusive subtotal in tax-inclusive currencies).
 */
import type { Currency } from '../money';
import type { ShippingRate, ShippingZone, ShopSettings } from './settings';

export interface ShippingOption {
  id: string;
  name: string;
  description: string;
  /** what the rate costs before any free-shipping discount */
  amount: number;
  /** the amount before the free-above threshold was applied (equal to amount when not free) */
  regularAmount: number;
  freeAbove: number | null;
}

export function zoneFor(settings: ShopSettings, country: string): ShippingZone | null {
  return (
    settings.shippingZones.find((z) => z.countries.includes(country)) ??
    settings.shippingZones.find((z) => z.countries.includes('*')) ??
    null
  );
}

/** Price of a rate for a parcel, before thresholds. */
export function ratePrice(rate: ShippingRate, currency: Currency, weightGrams: number): number {
  if (rate.kind === 'flat') return rate.amount[currency];
  const bracket = rate.brackets.find((b) => weightGrams <= b.upToGrams);
  if (bracket) return bracket.amount[currency];
  const last = rate.brackets[rate.brackets.length - 1];
  if (!last) return 0;
  const extraKg = Math.ceil((weightGrams - last.upToGrams) / 1000);
  return last.amount[currency] + extraKg * rate.perExtraKg[currency];
}

export function shippingOptions(
  settings: ShopSettings,
  input: { country: string; currency: Currency; weightGrams: number; discountedSubtotal: number },
): ShippingOption[] {
  const zone = zoneFor(settings, input.country);
  if (!zone) return [];
  return zone.rates.map((rate) => {
    const regular = ratePrice(rate, input.currency, input.weightGrams);
    const threshold = rate.freeAbove ? rate.freeAbove[input.currency] : null;
    const free = threshold !== null && input.discountedSubtotal >= threshold;
    return {
      id: rate.id,
      name: rate.name,
      description: rate.description,
      amount: free ? 0 : regular,
      regularAmount: regular,
      freeAbove: threshold,
    };
  });
}
