/**
 * Price facet buckets per currency (integer minor units). A product falls in
 * the bucket holding its lowest price ("from" price) in that currency, the
 * same price the price filter and the price sorts use.
 */
import type { Currency } from '../money';
import type { PriceBucket } from './types';

/** Lower bounds; each bucket ends where the next begins, the last is open-ended. */
const BOUNDS = {
  USD: [0, 2_500, 5_000, 10_000, 20_000],
  EUR: [0, 2_500, 5_000, 10_000, 20_000],
} as const satisfies Record<Currency, readonly number[]>;

export function priceBuckets(currency: Currency): PriceBucket[] {
  const b = BOUNDS[currency];
  return b.map((min, i) => ({ min, max: b[i + 1] ?? null }));
}

/** Stable name of a bucket ("2500-5000", "20000-"), used as a facet value by the Algolia records. */
export function bucketKey(b: PriceBucket): string {
  return `${b.min}-${b.max ?? ''}`;
}

export function bucketOf(buckets: readonly PriceBucket[], amount: number): PriceBucket | undefined {
  return buckets.find((b) => amount >= b.min && (b.max === null || amount < b.max));
}

/** The inclusive filter a bucket stands for (max - 1: prices are whole minor units). */
export function bucketFilter(b: PriceBucket): { priceMin: number; priceMax: number | undefined } {
  return { priceMin: b.min, priceMax: b.max === null ? undefined : b.max - 1 };
}
