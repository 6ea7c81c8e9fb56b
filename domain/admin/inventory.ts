/** Stock adjustments: why stock moved, and the rule that it never goes below what is reserved or zero. */
export const ADJUSTMENT_REASONS = ['received', 'correction', 'damaged', 'returned'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const ADJUSTMENT_REASON_LABELS: Record<AdjustmentReason, string> = {
  received: 'Received (new stock)',
  correction: 'Correction (count)',
  damaged: 'Damaged / lost',
  returned: 'Returned by a customer',
};

/** Which direction each reason may move stock: damaged only takes away; received and returned only add. */
export function deltaAllowed(reason: AdjustmentReason, delta: number): boolean {
  if (!Number.isSafeInteger(delta) || delta === 0) return false;
  if (reason === 'damaged') return delta < 0;
  if (reason === 'received' || reason === 'returned') return delta > 0;
  return true;
}

export const DEFAULT_LOW_STOCK_THRESHOLD = 5;
