/**
 * Money is always an integer count of minor units (cents) plus a currency.
 * Floats never represent money anywhere in Vitrine.
 */
export const CURRENCIES = ['USD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const DEFAULT_CURRENCY: Currency = 'USD';

/** Minor units per major unit (ISO 4217 exponent). */
const EXPONENT: Record<Currency, number> = { USD: 2, EUR: 2 };

export interface Money {
  readonly amount: number; // integer minor units
  readonly currency: Currency;
}

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be an integer number of minor units, got ${amount}`);
  }
  return { amount, currency };
}

/** Formats minor units for display without going through floating point. */
export function formatMoney(m: Money, locale = 'en-US'): string {
  const exp = EXPONENT[m.currency];
  const negative = m.amount < 0;
  const abs = Math.abs(m.amount);
  const factor = 10 ** exp;
  const major = Math.trunc(abs / factor);
  const minor = abs % factor;
  // Intl formats the integer part; the fraction is appended from integer arithmetic.
  const parts = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: m.currency,
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  }).formatToParts(0);
  let out = '';
  for (const p of parts) {
    if (p.type === 'integer') out += new Intl.NumberFormat(locale, { useGrouping: true }).format(major);
    else if (p.type === 'fraction') out += String(minor).padStart(exp, '0');
    else if (p.type === 'minusSign') continue;
    else out += p.value;
  }
  return negative ? `-${out}` : out;
}

/** Decimal string for machine formats (JSON-LD, feeds): "19.99". */
export function toDecimalString(m: Money): string {
  const exp = EXPONENT[m.currency];
  const abs = Math.abs(m.amount);
  const factor = 10 ** exp;
  const s = `${Math.trunc(abs / factor)}.${String(abs % factor).padStart(exp, '0')}`;
  return m.amount < 0 ? `-${s}` : s;
}
