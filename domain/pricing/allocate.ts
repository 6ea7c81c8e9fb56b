/**
 * Splits an integer amount across weights so the parts add up exactly
 * (largest-remainder / Hamilton method). Used to spread an order-level
 * discount over the lines it applies to: each line gets its proportional
 * share rounded down, and the cents left over go one by one to the lines
 * with the largest remainders (ties: earlier line first). No part ever
 * exceeds its weight when amount ≤ sum(weights).
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a non-negative integer');
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const total = weights.reduce((s, w) => s + BigInt(w), 0n);
  if (weights.length === 0) {
    if (amount === 0) return [];
    throw new RangeError('cannot allocate a positive amount over no weights');
  }
  if (total === 0n) {
    if (amount === 0) return weights.map(() => 0);
    throw new RangeError('cannot allocate a positive amount over zero weights');
  }
  const a = BigInt(amount);
  const parts = weights.map((w) => (a * BigInt(w)) / total);
  const remainders = weights.map((w, i) => ({ i, r: (a * BigInt(w)) % total }));
  let left = a - parts.reduce((s, p) => s + p, 0n);
  remainders.sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}
