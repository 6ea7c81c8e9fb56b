/**
 * Stock adjustments: one conditional UPDATE on the locked level row (CHECK
 * constraints forbid negatives too), the history row in the same transaction.
 */
import { sql } from 'drizzle-orm';
import type { AdjustmentReason } from '../../../domain/admin/inventory';
import { iso, rows, UUID, type Executor } from './shared';

export class StockWouldGoNegativeError extends Error {
  override name = 'StockWouldGoNegativeError';
  constructor(readonly available: number) {
    super('stock would go negative');
  }
}
export class UnknownVariantError extends Error {
  override name = 'UnknownVariantError';
}

export interface StockLevel {
  variantId: string;
  productId: string;
  productTitle: string;
  productHandle: string;
  variantTitle: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

const levelSelect = sql`
  select v.id as "variantId", p.id as "productId", p.title as "productTitle", p.handle as "productHandle", v.title as "variantTitle", v.sku,
    coalesce(i.on_hand, 0) as "onHand", coalesce(i.reserved, 0) as reserved, coalesce(i.on_hand - i.reserved, 0) as available
  from variants v join products p on p.id = v.product_id left join inventory_levels i on i.variant_id = v.id`;

export async function getStockLevel(db: Executor, variantId: string): Promise<StockLevel | null> {
  if (!UUID.test(variantId)) return null;
  return rows<StockLevel>(await db.execute(sql`${levelSelect} where v.id = ${variantId}`))[0] ?? null;
}

export async function adjustStock(
  tx: Executor,
  a: { variantId: string; delta: number; reason: AdjustmentReason | 'refund_restock'; note: string | null; actorLabel: string; orderId?: string | null },
): Promise<{ before: StockLevel; after: StockLevel }> {
  if (!UUID.test(a.variantId)) throw new UnknownVariantError('unknown variant');
  await tx.execute(sql`insert into inventory_levels (variant_id, on_hand) select id, 0 from variants where id = ${a.variantId} on conflict do nothing`);
  const locked = await tx.execute(sql`select on_hand, reserved from inventory_levels where variant_id = ${a.variantId} for update`);
  if (!locked.rows[0]) throw new UnknownVariantError('unknown variant');
  const before = (await getStockLevel(tx, a.variantId))!;
  // never below what is reserved by unpaid orders, never below zero
  const upd = await tx.execute(sql`update inventory_levels set on_hand = on_hand + ${a.delta}, updated_at = now()
    where variant_id = ${a.variantId} and on_hand + ${a.delta} >= reserved and on_hand + ${a.delta} >= 0 returning on_hand`);
  if (!upd.rows[0]) throw new StockWouldGoNegativeError(before.available);
  const onHandAfter = (upd.rows[0] as { on_hand: number }).on_hand;
  await tx.execute(sql`insert into inventory_adjustments (variant_id, delta, reason, note, on_hand_after, actor_label, order_id)
    values (${a.variantId}, ${a.delta}, ${a.reason}, ${a.note}, ${onHandAfter}, ${a.actorLabel}, ${a.orderId ?? null})`);
  const after = (await getStockLevel(tx, a.variantId))!;
  return { before, after };
}

export interface AdjustmentRecord {
  id: number;
  delta: number;
  reason: string;
  note: string | null;
  onHandAfter: number;
  actorLabel: string;
  orderId: string | null;
  createdAt: string;
}

export async function adjustmentHistory(db: Executor, variantId: string, limit = 100): Promise<AdjustmentRecord[]> {
  if (!UUID.test(variantId)) return [];
  const r = await db.execute(sql`select id, delta, reason, note, on_hand_after as "onHandAfter", actor_label as "actorLabel", order_id as "orderId",
    ${iso('created_at')} as "createdAt" from inventory_adjustments where variant_id = ${variantId} order by id desc limit ${limit}`);
  return rows<AdjustmentRecord>(r).map((x) => ({ ...x, id: Number(x.id) }));
}

/** Variants of non-archived products whose available stock is at or below the threshold, lowest first. */
export async function lowStock(db: Executor, threshold: number, limit = 200): Promise<StockLevel[]> {
  return rows<StockLevel>(
    await db.execute(sql`${levelSelect} where p.status <> 'archived' and coalesce(i.on_hand - i.reserved, 0) <= ${threshold}
      order by coalesce(i.on_hand - i.reserved, 0), p.title, v.sku limit ${limit}`),
  );
}

export async function searchStock(db: Executor, q: string, limit = 100): Promise<StockLevel[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return rows<StockLevel>(await db.execute(sql`${levelSelect} where v.sku ilike ${like} or p.title ilike ${like} order by p.title, v.sku limit ${limit}`));
}
