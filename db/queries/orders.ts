/**
 * Reading orders (confirmation page, API, a customer's history) and moving
 * them through their lifecycle with the side effects the state machine asks
 * for (restock, discount release) in the same transaction.
 */
import { sql } from 'drizzle-orm';
import type { Address } from '../../domain/address';
import type { Currency } from '../../domain/money';
import type { OrderEvent, OrderStatus, TransitionEffects } from '../../domain/order/state-machine';
import type { Db } from '../client';
import type { ShippingMethodSnapshot } from '../schema/commerce';

type Executor = Pick<Db, 'execute'>;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (col: string) => sql.raw(`to_char(${col} at time zone 'UTC', ${ISO})`);

export interface OrderLineView {
  position: number;
  variantId: string | null;
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
}

export interface PaymentView {
  id: string;
  provider: string;
  status: string;
  amount: number;
  cardLast4: string | null;
  failureCode: string | null;
}

export interface OrderView {
  id: string;
  number: number;
  status: OrderStatus;
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
  discountCode: string | null;
  shippingAddress: Address;
  shippingMethod: ShippingMethodSnapshot;
  paymentProvider: string;
  placedAt: string;
  paidAt: string | null;
  fulfilledAt: string | null;
  cancelledAt: string | null;
  refundedAt: string | null;
  lines: OrderLineView[];
  payment: PaymentView | null;
}

export interface OrderSummary {
  id: string;
  number: number;
  status: OrderStatus;
  currency: Currency;
  grandTotal: number;
  itemCount: number;
  placedAt: string;
}

const n = (v: unknown): number => {
  const x = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(x)) throw new RangeError('amount out of range');
  return x;
};

const orderSelect = sql`
  select o.id, o.number, o.status, o.customer_id as "customerId", o.email, o.currency, o.tax_included as "taxIncluded",
    o.subtotal, o.discount_total as "discountTotal", o.shipping_total as "shippingTotal", o.shipping_discount as "shippingDiscount",
    o.tax_total as "taxTotal", o.grand_total as "grandTotal", o.discount_code as "discountCode",
    o.shipping_address as "shippingAddress", o.shipping_method as "shippingMethod", o.payment_provider as "paymentProvider",
    ${iso('o.placed_at')} as "placedAt", ${iso('o.paid_at')} as "paidAt", ${iso('o.fulfilled_at')} as "fulfilledAt",
    ${iso('o.cancelled_at')} as "cancelledAt", ${iso('o.refunded_at')} as "refundedAt",
    coalesce((select json_agg(json_build_object(
        'position', l.position, 'variantId', l.variant_id, 'productHandle', l.product_handle, 'productTitle', l.product_title,
        'variantTitle', l.variant_title, 'sku', l.sku, 'quantity', l.quantity, 'unitPrice', l.unit_price, 'subtotal', l.subtotal,
        'discount', l.discount, 'tax', l.tax, 'total', l.total) order by l.position)
       from order_lines l where l.order_id = o.id), '[]'::json) as lines,
    (select json_build_object('id', p.id, 'provider', p.provider, 'status', p.status, 'amount', p.amount, 'cardLast4', p.card_last4, 'failureCode', p.failure_code)
       from payments p where p.order_id = o.id order by p.created_at desc limit 1) as payment
  from orders o`;

function toOrderView(r: Record<string, unknown>): OrderView {
  const row = r as unknown as OrderView;
  return {
    ...row,
    number: n(row.number),
    subtotal: n(row.subtotal),
    discountTotal: n(row.discountTotal),
    shippingTotal: n(row.shippingTotal),
    shippingDiscount: n(row.shippingDiscount),
    taxTotal: n(row.taxTotal),
    grandTotal: n(row.grandTotal),
    payment: row.payment ? { ...row.payment, amount: n(row.payment.amount) } : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An order by id, or null (also for malformed ids). Access control is the caller's: see getOrderForCustomer. */
export async function getOrder(db: Executor, orderId: string): Promise<OrderView | null> {
  if (!UUID.test(orderId)) return null;
  const res = await db.execute(sql`${orderSelect} where o.id = ${orderId}`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  return row ? toOrderView(row) : null;
}

/** An order only if it belongs to this customer: another customer's order is indistinguishable from a missing one. */
export async function getOrderForCustomer(db: Executor, customerId: string, orderId: string): Promise<OrderView | null> {
  if (!UUID.test(orderId)) return null;
  const res = await db.execute(sql`${orderSelect} where o.id = ${orderId} and o.customer_id = ${customerId}`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  return row ? toOrderView(row) : null;
}

/** Same, by human order number (for /account/orders/<number> pages). */
export async function getOrderForCustomerByNumber(db: Executor, customerId: string, orderNumber: number): Promise<OrderView | null> {
  if (!Number.isSafeInteger(orderNumber) || orderNumber <= 0) return null;
  const res = await db.execute(sql`${orderSelect} where o.number = ${orderNumber} and o.customer_id = ${customerId}`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  return row ? toOrderView(row) : null;
}

export interface OrderPage {
  items: OrderSummary[];
  /** pass back as `cursor` for the next (older) page; null at the end */
  nextCursor: string | null;
}

export class InvalidOrderCursorError extends Error {
  override name = 'InvalidOrderCursorError';
}

function encodeCursor(placedAt: string, id: string): string {
  return btoa(JSON.stringify([placedAt, id])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const v = JSON.parse(json) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && UUID.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through
  }
  throw new InvalidOrderCursorError('That page link is no longer valid.');
}

/**
 * A customer's orders, newest first, keyset-paginated on (placed_at, id)
 * (stable under concurrent inserts; served by orders_customer_placed_idx).
 * `limit` is clamped to 1..100. Throws InvalidOrderCursorError for a bad cursor.
 */
export async function listOrdersForCustomer(
  db: Executor,
  customerId: string,
  opts: { cursor?: string | null | undefined; limit?: number | undefined } = {},
): Promise<OrderPage> {
  const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 20), 1), 100);
  const after = opts.cursor ? decodeCursor(opts.cursor) : null;
  const res = await db.execute(sql`
    select o.id, o.number, o.status, o.currency, o.grand_total as "grandTotal",
      (select coalesce(sum(l.quantity), 0)::int from order_lines l where l.order_id = o.id) as "itemCount",
      ${iso('o.placed_at')} as "placedAt", o.placed_at as "placedAtRaw"
    from orders o
    where o.customer_id = ${customerId}
      ${after ? sql`and (o.placed_at, o.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``}
    order by o.placed_at desc, o.id desc
    limit ${limit + 1}`);
  const rows = res.rows as unknown as (OrderSummary & { placedAtRaw: string })[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ placedAtRaw: _raw, ...o }) => ({ ...o, number: n(o.number), grandTotal: n(o.grandTotal) })),
    nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.placedAtRaw).toISOString(), last.id) : null,
  };
}

export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
}

const EVENT_TIMESTAMP: Partial<Record<OrderStatus, string>> = {
  paid: 'paid_at',
  fulfilled: 'fulfilled_at',
  cancelled: 'cancelled_at',
  refunded: 'refunded_at',
};

/**
 * Applies a lifecycle event inside the caller's transaction: locks the
 * order, asks `decide` (the domain state machine) for the next status and
 * effects (it throws on an invalid transition), then updates the order,
 * puts units back on hand (rows locked in variant-id order, as checkout
 * does) and releases the discount use when asked. Idempotent for restocks:
 * an order is restocked at most once.
 */
export async function applyOrderEvent(
  tx: Executor,
  orderId: string,
  event: OrderEvent,
  decide: (from: OrderStatus, event: OrderEvent) => { to: OrderStatus; effects: TransitionEffects },
): Promise<{ from: OrderStatus; to: OrderStatus; effects: TransitionEffects; restockedVariants: { variantId: string; productId: string | null; before: number; after: number }[] }> {
  const cur = await tx.execute(sql`select status, restocked from orders where id = ${orderId} for update`);
  const row = cur.rows[0] as { status: OrderStatus; restocked: boolean } | undefined;
  if (!row) throw new OrderNotFoundError(`no order ${orderId}`);
  const { to, effects } = decide(row.status, event);
  const stampCol = EVENT_TIMESTAMP[to];
  await tx.execute(sql`
    update orders set status = ${to}, updated_at = now()
      ${stampCol ? sql`, ${sql.raw(stampCol)} = now()` : sql``}
      ${effects.restock && !row.restocked ? sql`, restocked = true` : sql``}
     where id = ${orderId}`);
  let restockedVariants: { variantId: string; productId: string | null; before: number; after: number }[] = [];
  if (effects.restock && !row.restocked) {
    const lines = await tx.execute(sql`
      select l.variant_id as "variantId", sum(l.quantity)::int as q
        from order_lines l where l.order_id = ${orderId} and l.variant_id is not null
       group by l.variant_id order by l.variant_id`);
    const items = lines.rows as { variantId: string; q: number }[];
    if (items.length > 0) {
      const ids = items.map((i) => i.variantId);
      await tx.execute(sql`select 1 from inventory_levels where variant_id = any(${sql.param(ids)}::uuid[]) order by variant_id for update`);
      const res = await tx.execute(sql`
        update inventory_levels i set on_hand = i.on_hand + r.q, updated_at = now()
          from unnest(${sql.param(ids)}::uuid[], ${sql.param(items.map((i) => i.q))}::int[]) as r(variant_id, q)
         where i.variant_id = r.variant_id
        returning i.variant_id as "variantId", (i.on_hand - i.reserved - r.q)::int as before, (i.on_hand - i.reserved)::int as after,
          (select v.product_id from variants v where v.id = i.variant_id) as "productId"`);
      restockedVariants = res.rows as typeof restockedVariants;
    }
  }
  if (effects.releaseDiscount) {
    await tx.execute(sql`
      with released as (delete from discount_redemptions where order_id = ${orderId} returning discount_id)
      update discounts d set times_used = d.times_used - 1, updated_at = now() from released r where d.id = r.discount_id`);
  }
  return { from: row.status, to, effects, restockedVariants };
}

/** Latest payment row of an order moves to a new status (inside the caller's transaction). */
export async function updatePayment(
  tx: Executor,
  orderId: string,
  patch: { status: 'authorized' | 'captured' | 'failed' | 'voided' | 'refunded'; providerReference?: string | null; failureCode?: string | null },
): Promise<void> {
  await tx.execute(sql`
    update payments set status = ${patch.status}, updated_at = now()
      ${patch.providerReference !== undefined ? sql`, provider_reference = ${patch.providerReference}` : sql``}
      ${patch.failureCode !== undefined ? sql`, failure_code = ${patch.failureCode}` : sql``}
     where id = (select id from payments where order_id = ${orderId} order by created_at desc limit 1)`);
}
