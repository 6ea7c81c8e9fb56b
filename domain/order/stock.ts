/**
 * When a sale or a restock changes what product pages show. Pages say
 * "In stock", "Only N left" (N ≤ LOW_STOCK_THRESHOLD) or "Sold out", so the
 * catalog documents in KV only need re-projecting when availability moves
 * within or across that range — not on every sale of a well-stocked item.
 */
export const LOW_STOCK_THRESHOLD = 5;

export function stockDisplayChanged(before: number, after: number): boolean {
  const clamp = (n: number) => Math.min(Math.max(n, 0), LOW_STOCK_THRESHOLD + 1);
  return clamp(before) !== clamp(after);
}
