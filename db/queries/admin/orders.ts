/** Orders for the admin: filtered list, fulfilments and refunds of one order. Lifecycle changes use db/queries/orders.ts (applyOrderEvent). */
import { sql } from 'drizzle-orm';
import type { OrderStatus } from '../../../domain/order/state-machine';
import { escapeLike, iso, rows, UUID, type Executor } from './shared';

export interface AdminOrderFilter {
  status?: OrderStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  email?: string | undefined;
  number?: number | undefined;
  q?: string | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
}

export interface AdminOrderListItem {
  id: string;
  number: number;
  status: OrderStatus;
  email: string;
  currency: string;
  grandTotal: number;
  refundedTotal: number;
  itemCount: number;
  placedAt: string;
}

export async function listAdminOrders(db: Executor, f: AdminOrderFilter): Promise<{ items: AdminOrderListItem[]; total: number }> {
  const perPage = Math.min(Math.max(f.perPage ?? 50, 1), 200);
  const page = Math.max(f.page ?? 1, 1);
  const q = f.q?.trim();
  const qNumber = q && /^#?\d{1,15}$/.test(q) ? Number(q.replace('#', '')) : null;
  const where = sql`where true
    ${f.status ? sql`and o.status = ${f.status}::order_status` : sql``}
    ${f.from ? sql`and o.placed_at >= ${f.from}::date` : sql``}
    ${f.to ? sql`and o.placed_at < (${f.to}::date + 1)` : sql``}
    ${f.email ? sql`and lower(o.email) = lower(${f.email})` : sql``}
    ${f.number ? sql`and o.number = ${f.number}` : sql``}
    ${q ? sql`and (${qNumber !== null ? sql`o.number = ${qNumber} or ` : sql``} o.email ilike ${`%${escapeLike(q)}%`}
          or (o.shipping_address->>'name') ilike ${`%${escapeLike(q)}%`}
          or exists (select 1 from order_lines l where l.order_id = o.id and (l.sku ilike ${`%${escapeLike(q)}%`} or l.product_title ilike ${`%${escapeLike(q)}%`})))` : sql``}`;
  const [list, count] = await Promise.all([
    db.execute(sql`select o.id, o.number, o.status, o.email, o.currency, o.grand_total as "grandTotal",
        (select coalesce(sum(r.amount), 0) from order_refunds r where r.order_id = o.id) as "refundedTotal",
        (select coalesce(sum(l.quantity), 0)::int from order_lines l where l.order_id = o.id) as "itemCount", ${iso('o.placed_at')} as "placedAt"
      from orders o ${where} order by o.placed_at desc, o.id desc limit ${perPage} offset ${(page - 1) * perPage}`),
    db.execute(sql`select count(*)::int as n from orders o ${where}`),
  ]);
  return {
    items: rows<AdminOrderListItem>(list).map((o) => ({ ...o, number: Number(o.number), grandTotal: Number(o.grandTotal), refundedTotal: Number(o.refundedTotal) })),
    total: (count.rows[0] as { n: number }).n,
  };
}

export interface Fulfillment {
  id: string;
  carrier: string;
  trackingNumber: string;
  createdAt: string;
}
export interface Refund {
  id: string;
  amount: number;
  restockLines: { position: number; quantity: number }[];
  reason: string | null;
  createdAt: string;
}

export async function orderExtras(db: Executor, orderId: string): Promise<{ fulfillments: Fulfillment[]; refunds: Refund[]; restocked: boolean }> {
  if (!UUID.test(orderId)) return { fulfillments: [], refunds: [], restocked: false };
  const [f, r, o] = await Promise.all([
    db.execute(sql`select id, carrier, tracking_number as "trackingNumber", ${iso('created_at')} as "createdAt" from order_fulfillments where order_id = ${orderId} order by created_at`),
    db.execute(sql`select id, amount, restock_lines as "restockLines", reason, ${iso('created_at')} as "createdAt" from order_refunds where order_id = ${orderId} order by created_at`),
    db.execute(sql`select restocked from orders where id = ${orderId}`),
  ]);
  return {
    fulfillments: rows<Fulfillment>(f),
    refunds: rows<Refund>(r).map((x) => ({ ...x, amount: Number(x.amount) })),
    restocked: (o.rows[0] as { restocked?: boolean } | undefined)?.restocked ?? false,
  };
}

export async function insertFulfillment(tx: Executor, orderId: string, carrier: string, trackingNumber: string): Promise<void> {
  await tx.execute(sql`insert into order_fulfillments (order_id, carrier, tracking_number) values (${orderId}, ${carrier}, ${trackingNumber})`);
}

export async function insertRefund(tx: Executor, orderId: string, amount: number, restockLines: { position: number; quantity: number }[], reason: string | null): Promise<void> {
  await tx.execute(sql`insert into order_refunds (order_id, amount, restock_lines, reason) values (${orderId}, ${amount}, ${JSON.stringify(restockLines)}::jsonb, ${reason})`);
}

/** Locked order header + lines + what was refunded/restocked so far (inside the action's transaction). */
export async function lockOrderForRefund(tx: Executor, orderId: string): Promise<{
  status: OrderStatus;
  grandTotal: number;
  restocked: boolean;
  refunded: number;
  lines: { position: number; variantId: string | null; quantity: number; restocked: number }[];
} | null> {
  if (!UUID.test(orderId)) return null;
  const o = await tx.execute(sql`select status, grand_total as "grandTotal", restocked from orders where id = ${orderId} for update`);
  const head = o.rows[0] as { status: OrderStatus; grandTotal: number | string; restocked: boolean } | undefined;
  if (!head) return null;
  const refunded = Number((await tx.execute(sql`select coalesce(sum(amount), 0) as s from order_refunds where order_id = ${orderId}`)).rows[0]!.s);
  const lines = rows<{ position: number; variantId: string | null; quantity: number; restocked: number }>(
    await tx.execute(sql`select l.position, l.variant_id as "variantId", l.quantity,
      coalesce((select sum((e->>'quantity')::int) from order_refunds r, jsonb_array_elements(r.restock_lines) e
                 where r.order_id = l.order_id and (e->>'position')::int = l.position), 0)::int as restocked
      from order_lines l where l.order_id = ${orderId} order by l.position`),
  );
  return { status: head.status, grandTotal: Number(head.grandTotal), restocked: head.restocked, refunded, lines };
}

export async function markOrderRestocked(tx: Executor, orderId: string): Promise<void> {
  await tx.execute(sql`update orders set restocked = true where id = ${orderId}`);
}
