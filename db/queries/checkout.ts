/**
 * The steps of the checkout transaction (composed by the storefront's
 * checkout workflow inside one `db.transaction`). Stock is protected twice:
 *
 *   1. lockVariants takes the inventory rows FOR UPDATE in variant-id order —
 *      every checkout locks in the same order, so two checkouts sharing
 *      variants queue up instead of deadlocking — and returns the live prices
 *      and stock the order is priced from;
 *   2. decrementStock is a conditional UPDATE (… where on_hand − reserved ≥ q):
 *      even a caller that skipped the check cannot oversell, and the
 *      CHECK constraints on inventory_levels forbid negative stock.
 *
 * All inputs are bound parameters.
 */
import { sql } from 'drizzle-orm';
import type { Address } from '../../domain/address';
import type { SellableVariant } from '../../domain/cart/lines';
import type { Currency } from '../../domain/money';
import type { OrderStatus } from '../../domain/order/state-machine';
import type { Database } from '../client';
import { orderLines, orders, payments, type ShippingMethodSnapshot } from '../schema/commerce';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Executor = Pick<Database, 'execute'>;

export interface LockedVariant extends SellableVariant {
  onHand: number;
  reserved: number;
}

/** Locks the inventory rows of `ids` in a stable (id) order and reads what the order is priced from. Variants without an inventory row are absent. */
export async function lockVariants(tx: Executor, ids: readonly string[], currency: Currency): Promise<LockedVariant[]> {
  const sorted = [...new Set(ids)].sort();
  if (sorted.length === 0) return [];
  const res = await tx.execute(sql`
    select v.id as "variantId", v.product_id as "productId", p.handle as "productHandle", p.title as "productTitle",
      p.status as "productStatus", v.title as "variantTitle", v.sku, v.weight_grams as "weightGrams", v.option_values as options,
      vp.amount as price, vp.compare_at_amount as "compareAt",
      greatest(i.on_hand - i.reserved, 0)::int as available, i.on_hand as "onHand", i.reserved, null as image
    from inventory_levels i
    join variants v on v.id = i.variant_id
    join products p on p.id = v.product_id
    left join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
    where i.variant_id = any(${sql.param(sorted)}::uuid[])
    order by i.variant_id
    for update of i`);
  return res.rows as unknown as LockedVariant[];
}

/**
 * Takes the quantities off on-hand stock, one conditional row update per
 * variant, in one statement (rows are already locked by lockVariants).
 * Returns the variants that lacked stock (empty on success).
 */
export async function decrementStock(tx: Executor, lines: readonly { variantId: string; quantity: number }[]): Promise<string[]> {
  const summed = sumByVariant(lines);
  const res = await tx.execute(sql`
    update inventory_levels i
       set on_hand = i.on_hand - r.q, updated_at = now()
      from unnest(${sql.param(summed.map((l) => l.variantId))}::uuid[], ${sql.param(summed.map((l) => l.quantity))}::int[]) as r(variant_id, q)
     where i.variant_id = r.variant_id and i.on_hand - i.reserved >= r.q
    returning i.variant_id as "variantId"`);
  const done = new Set((res.rows as { variantId: string }[]).map((r) => r.variantId));
  return summed.filter((l) => !done.has(l.variantId)).map((l) => l.variantId);
}

/** Lines for the same variant summed, in variant-id order. */
export function sumByVariant(lines: readonly { variantId: string; quantity: number }[]): { variantId: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.variantId, (m.get(l.variantId) ?? 0) + l.quantity);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([variantId, quantity]) => ({ variantId, quantity }));
}

/**
 * Counts one use of a discount against its limit (conditional update on the
 * locked discount row) and records the redemption. False when the limit is reached.
 */
export async function redeemDiscount(
  tx: Executor,
  r: { discountId: string; orderId: string; customerId: string | null; email: string },
): Promise<boolean> {
  const res = await tx.execute(sql`
    update discounts set times_used = times_used + 1, updated_at = now()
     where id = ${r.discountId} and active and (usage_limit is null or times_used < usage_limit)
    returning id`);
  if (res.rows.length === 0) return false;
  await tx.execute(sql`
    insert into discount_redemptions (discount_id, order_id, customer_id, email)
    values (${r.discountId}, ${r.orderId}, ${r.customerId}, ${r.email.toLowerCase()})`);
  return true;
}

export interface NewOrder {
  id: string;
  status: OrderStatus;
  cartHash: string;
  customerId: string | null;
  email: string;
  currency: Currency;
  taxIncluded: boolean;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  shippingDiscount: number;
  taxTotal: number;
  grandTotal: number;
  discountId: string | null;
  discountCode: string | null;
  shippingAddress: Address;
  shippingMethod: ShippingMethodSnapshot;
  paymentProvider: string;
  paid: boolean;
}

export interface NewOrderLine {
  variantId: string;
  productId: string;
  productHandle: string;
  productTitle: string;
  variantTitle: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  weightGrams: number;
}

/** Inserts the order and its line snapshots; returns the order number. */
export async function insertOrder(tx: Tx, o: NewOrder, lines: readonly NewOrderLine[]): Promise<{ number: number; placedAt: string }> {
  const { paid, ...row } = o;
  const [inserted] = await tx
    .insert(orders)
    .values({ ...row, paidAt: paid ? sql`now()` : null })
    .returning({ number: orders.number, placedAt: orders.placedAt });
  await tx.insert(orderLines).values(lines.map((l, position) => ({ ...l, orderId: o.id, position })));
  return inserted!;
}

export interface NewPayment {
  orderId: string;
  provider: string;
  status: 'pending' | 'authorized' | 'captured';
  amount: number;
  currency: Currency;
  providerReference: string | null;
  cardLast4: string | null;
}

export async function insertPayment(tx: Tx, p: NewPayment): Promise<string> {
  const [row] = await tx.insert(payments).values(p).returning({ id: payments.id });
  return row!.id;
}
