/**
 * The shop's pricing settings: which currencies carry tax-inclusive prices,
 * shipping zones and rates, and tax rates by country and region. Pure data,
 * checked by tests (domain/pricing/settings.test.ts); a merchant changes them
 * here and deploys. Amounts are integer minor units per currency, tax rates
 * parts per million.
 */
import type { Currency } from '../money';

export type PerCurrency = Readonly<Record<Currency, number>>;

export interface WeightBracket {
  /** the bracket applies to parcels up to and including this weight */
  readonly upToGrams: number;
  readonly amount: PerCurrency;
}

export type ShippingRate = {
  readonly id: string;
  readonly name: string;
  /** e.g. "3–5 business days" */
  readonly description: string;
  /** shipping is free when the discounted subtotal reaches this amount */
  readonly freeAbove?: PerCurrency | undefined;
} & (
  | { readonly kind: 'flat'; readonly amount: PerCurrency }
  | {
      readonly kind: 'weight';
      /** ascending upToGrams */
      readonly brackets: readonly WeightBracket[];
      /** above the last bracket: this much per started kilogram over it */
      readonly perExtraKg: PerCurrency;
    }
);

export interface ShippingZone {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 codes; '*' = every other supported country */
  readonly countries: readonly string[];
  readonly rates: readonly ShippingRate[];
}

export interface TaxRate {
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
  /** ISO 3166-2 subdivision code without the country (e.g. "CA" for California); absent = whole country */
  readonly region?: string | undefined;
  readonly ratePpm: number;
  readonly name: string;
  /** whether shipping charges are taxed at this rate */
  readonly taxShipping: boolean;
}

export interface Country {
  readonly code: string;
  readonly name: string;
  /** subdivisions a shipping address must name (states, provinces); absent = none required */
  readonly regions?: Readonly<Record<string, string>> | undefined;
  /** postal code format (whole string), when the country uses one */
  readonly postalCode?: RegExp | undefined;
}

export interface ShopSettings {
  /** true: catalog prices in this currency include tax (EU style); false: tax is added at checkout (US style) */
  readonly pricesIncludeTax: Readonly<Record<Currency, boolean>>;
  readonly countries: readonly Country[];
  readonly shippingZones: readonly ShippingZone[];
  readonly taxRates: readonly TaxRate[];
}

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};

const CA_PROVINCES: Record<string, string> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
};

const FIVE_DIGITS = /^\d{5}$/;
const FOUR_DIGITS = /^\d{4}$/;

export const COUNTRIES: readonly Country[] = [
  { code: 'US', name: 'United States', regions: US_STATES, postalCode: /^\d{5}(-\d{4})?$/ },
  { code: 'CA', name: 'Canada', regions: CA_PROVINCES, postalCode: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/ },
  { code: 'GB', name: 'United Kingdom', postalCode: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/ },
  { code: 'IE', name: 'Ireland', postalCode: /^[A-Za-z\d]{3} ?[A-Za-z\d]{4}$/ },
  { code: 'DE', name: 'Germany', postalCode: FIVE_DIGITS },
  { code: 'FR', name: 'France', postalCode: FIVE_DIGITS },
  { code: 'NL', name: 'Netherlands', postalCode: /^\d{4} ?[A-Za-z]{2}$/ },
  { code: 'BE', name: 'Belgium', postalCode: FOUR_DIGITS },
  { code: 'AT', name: 'Austria', postalCode: FOUR_DIGITS },
  { code: 'IT', name: 'Italy', postalCode: FIVE_DIGITS },
  { code: 'ES', name: 'Spain', postalCode: FIVE_DIGITS },
  { code: 'PT', name: 'Portugal', postalCode: /^\d{4}-\d{3}$/ },
  { code: 'FI', name: 'Finland', postalCode: FIVE_DIGITS },
  { code: 'SE', name: 'Sweden', postalCode: /^\d{3} ?\d{2}$/ },
  { code: 'DK', name: 'Denmark', postalCode: FOUR_DIGITS },
  { code: 'CH', name: 'Switzerland', postalCode: FOUR_DIGITS },
  { code: 'NO', name: 'Norway', postalCode: FOUR_DIGITS },
  { code: 'AU', name: 'Australia', postalCode: FOUR_DIGITS },
  { code: 'JP', name: 'Japan', postalCode: /^\d{3}-?\d{4}$/ },
];

const EU = ['IE', 'DE', 'FR', 'NL', 'BE', 'AT', 'IT', 'ES', 'PT', 'FI', 'SE', 'DK'];

const vat = (country: string, percentTimes1000: number): TaxRate => ({
  country,
  ratePpm: percentTimes1000 * 10,
  name: 'VAT',
  taxShipping: true,
});

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  pricesIncludeTax: { USD: false, EUR: true },
  countries: COUNTRIES,
  shippingZones: [
    {
      id: 'us',
      name: 'United States',
      countries: ['US'],
      rates: [
        { id: 'us-standard', name: 'Standard', description: '3–5 business days', kind: 'flat', amount: { USD: 599, EUR: 549 }, freeAbove: { USD: 7500, EUR: 7000 } },
        {
          id: 'us-express',
          name: 'Express',
          description: '1–2 business days',
          kind: 'weight',
          brackets: [
            { upToGrams: 1000, amount: { USD: 1499, EUR: 1399 } },
            { upToGrams: 5000, amount: { USD: 2499, EUR: 2299 } },
          ],
          perExtraKg: { USD: 300, EUR: 275 },
        },
      ],
    },
    {
      id: 'eu',
      name: 'European Union',
      countries: EU,
      rates: [
        { id: 'eu-standard', name: 'Standard', description: '2–5 business days', kind: 'flat', amount: { USD: 549, EUR: 490 }, freeAbove: { USD: 6500, EUR: 6000 } },
        {
          id: 'eu-express',
          name: 'Express',
          description: '1–2 business days',
          kind: 'weight',
          brackets: [
            { upToGrams: 1000, amount: { USD: 1299, EUR: 1190 } },
            { upToGrams: 5000, amount: { USD: 1999, EUR: 1790 } },
          ],
          perExtraKg: { USD: 250, EUR: 230 },
        },
      ],
    },
    {
      id: 'world',
      name: 'Rest of the world',
      countries: ['*'],
      rates: [
        {
          id: 'world-tracked',
          name: 'International tracked',
          description: '5–12 business days',
          kind: 'weight',
          brackets: [
            { upToGrams: 500, amount: { USD: 1500, EUR: 1400 } },
            { upToGrams: 2000, amount: { USD: 2900, EUR: 2700 } },
          ],
          perExtraKg: { USD: 800, EUR: 750 },
          freeAbove: { USD: 25000, EUR: 23000 },
        },
      ],
    },
  ],
  taxRates: [
    // US: state-level sales tax (no local rates); shipping taxed where the state taxes it
    { country: 'US', region: 'CA', ratePpm: 72_500, name: 'Sales tax', taxShipping: false },
    { country: 'US', region: 'NY', ratePpm: 40_000, name: 'Sales tax', taxShipping: true },
    { country: 'US', region: 'TX', ratePpm: 62_500, name: 'Sales tax', taxShipping: true },
    { country: 'US', region: 'WA', ratePpm: 65_000, name: 'Sales tax', taxShipping: true },
    { country: 'US', region: 'IL', ratePpm: 62_500, name: 'Sales tax', taxShipping: false },
    { country: 'US', region: 'FL', ratePpm: 60_000, name: 'Sales tax', taxShipping: false },
    { country: 'US', region: 'NJ', ratePpm: 66_250, name: 'Sales tax', taxShipping: true },
    { country: 'US', region: 'PA', ratePpm: 60_000, name: 'Sales tax', taxShipping: true },
    // Canada: GST everywhere, HST or GST+PST/QST by province
    { country: 'CA', ratePpm: 50_000, name: 'GST', taxShipping: true },
    { country: 'CA', region: 'ON', ratePpm: 130_000, name: 'HST', taxShipping: true },
    { country: 'CA', region: 'NS', ratePpm: 140_000, name: 'HST', taxShipping: true },
    { country: 'CA', region: 'BC', ratePpm: 120_000, name: 'GST + PST', taxShipping: true },
    { country: 'CA', region: 'QC', ratePpm: 149_750, name: 'GST + QST', taxShipping: true },
    { country: 'GB', ratePpm: 200_000, name: 'VAT', taxShipping: true },
    vat('IE', 23_000),
    vat('DE', 19_000),
    vat('FR', 20_000),
    vat('NL', 21_000),
    vat('BE', 21_000),
    vat('AT', 20_000),
    vat('IT', 22_000),
    vat('ES', 21_000),
    vat('PT', 23_000),
    vat('FI', 25_500),
    vat('SE', 25_000),
    vat('DK', 25_000),
    { country: 'CH', ratePpm: 81_000, name: 'VAT', taxShipping: true },
    { country: 'NO', ratePpm: 250_000, name: 'VAT', taxShipping: true },
    { country: 'AU', ratePpm: 100_000, name: 'GST', taxShipping: true },
    { country: 'JP', ratePpm: 100_000, name: 'Consumption tax', taxShipping: true },
  ],
};

export function findCountry(settings: ShopSettings, code: string): Country | undefined {
  return settings.countries.find((c) => c.code === code);
}
