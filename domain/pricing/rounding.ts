/**
 * Integer rounding for money. Every amount is an integer count of minor
 * units; rates are integers too, so no float ever touches money:
 *
 *   - percentages (discounts) in basis points: 1500 = 15.00 %
 *   - tax rates in parts per million:          88750 = 8.875 %, 149750 = 14.975 %
 *
 * The one rounding rule of Vitrine is ROUND HALF UP (half away from zero) on
 * each computed amount, applied per line, then summed (so line amounts always
 * add up to the totals shown on the order). Intermediate products use BigInt,
 * so amounts up to Number.MAX_SAFE_INTEGER never overflow.
 */

export const BASIS_POINTS = 10_000;
export const PPM = 1_000_000;

/** round(numerator / denominator), half away from zero. denominator > 0. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const r = n % denominator;
  const rounded = r * 2n >= denominator ? q + 1n : q;
  return negative ? -rounded : rounded;
}

function toSafe(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError('amount out of the safe integer range');
  return n;
}

/** amount × numerator / denominator, rounded half up, as a safe integer. */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
    throw new RangeError('mulDivRound takes integers');
  }
  return toSafe(divRoundHalfUp(BigInt(amount) * BigInt(numerator), BigInt(denominator)));
}

/** A percentage (basis points) of an amount, rounded half up. */
export function percentOf(amount: number, basisPoints: number): number {
  return mulDivRound(amount, basisPoints, BASIS_POINTS);
}

/** Tax on a tax-exclusive net amount: net × rate. */
export function taxOnNet(net: number, ratePpm: number): number {
  return mulDivRound(net, ratePpm, PPM);
}

/** Tax contained in a tax-inclusive gross amount: gross × rate / (1 + rate). */
export function taxInGross(gross: number, ratePpm: number): number {
  return mulDivRound(gross, ratePpm, PPM + ratePpm);
}
