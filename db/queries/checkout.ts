/**
 * The statements of checkout, built for Neon's HTTP transport: the workflow
 * (workers/storefront/src/checkout/place-order.ts) sends them as batches —
 * each batch one transaction in one round trip — so no statement can look at
 * another's result before the next runs. Every invariant is therefore
 * checked by the database inside the statement that could break it:
 *
 *   - stock: one conditional UPDATE (… where on_hand − reserved ≥ q) over rows
 *     locked in variant-id order (two checkouts sharing variants queue up
 *     instead of deadlocking), with a `vt_guard` that raises when any variant
 *     lacked stock; the CHECK constraints on inventory_levels forbid negatives;
 *   - prices and product status: a guard that what the order was priced from
 *     (read one round trip earlier) is still what the catalog says;
 *   - discount limits: a conditional UPDATE of the code's use counter, and a
 *     per-customer count taken after the code's row is locked;
 *   - one live order per cart: the unique index orders_live_cart_key;
 *   - one request per Idempotency-Key: the key's primary key.
 *
 * A raised guard (SQLSTATE VT001, see migration 0006) rolls the whole batch
 * back; db/errors.ts's `raisedGuard` names it. All inputs are bound parameters.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Address } from '../../domain/address';
import type { SellableVariant } from '../../domain/cart/lines';
import type { Currency } from '../../domain/money';
import type { DiscountRule } from '../../domain/pricing/discounts';
import type { Db } from '../client';
import type { ShippingMethodSnapshot } from '../schema/commerce';
import { discountColumns } from './discounts';
import type { StoredResponse } from './idempotency';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export interface CheckoutVariant extends SellableVariant {
  onHand: number;
  reserved: number;
}

export interface KeyRow {
  requestHash: string;
  state: 'in_flight' | 'completed';
  orderId: string | null;
  lockedAt: string;
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
  expired: boolean;
  stale: boolean;
}

/** Lines for the same variant summed, in variant-id order. */
export function sumByVariant(lines: readonly { variantId: string; quantity: number }[]): { variantId: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.variantId, (m.get(l.variantId) ?? 0) + l.quantity);
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([variantId, quantity]) => ({ variantId, quantity }));
}

// ── round trip 1: everything the order is priced from ──────────────────────

export interface CheckoutReadInput {
  scope: string;
  key: string;
  staleAfterSeconds: number;
  variantIds: readonly string[];
  currency: Currency;
  discountCode: string | null;
  customerId: string | null;
  email: string | null;
}

export interface CheckoutSnapshot {
  key: KeyRow | null;
  variants: CheckoutVariant[];
  discount: DiscountRule | null;
  /** the code's earlier uses by this customer (by id) or guest (by e-mail) */
  discountUses: number;
  /** reserved for the order (sequences have gaps: a checkout that fails leaves one) */
  orderNumber: number;
  /** the database's clock, ISO-8601 UTC */
  now: string;
}

export function keyRowStatement(scope: string, key: string, staleAfterSeconds: number): SQL {
  return sql`
    select request_hash as "requestHash", state, order_id as "orderId", locked_at::text as "lockedAt",
      response_status as "status", response_headers as "headers", response_body as "body",
      expires_at < now() as expired, locked_at < now() - make_interval(secs => ${staleAfterSeconds}) as stale
    from idempotency_keys where scope = ${scope} and key = ${key}`;
}

export function checkoutReadStatements(a: CheckoutReadInput): SQL[] {
  const ids = [...new Set(a.variantIds)].sort();
  const email = a.email?.toLowerCase() ?? null;
  return [
    keyRowStatement(a.scope, a.key, a.staleAfterSeconds),
    sql`
      select v.id as "variantId", v.product_id as "productId", p.handle as "productHandle", p.title as "productTitle",
        p.status as "productStatus", v.title as "variantTitle", v.sku, v.weight_grams as "weightGrams", v.option_values as options,
        vp.amount::int8 as price, vp.compare_at_amount as "compareAt",
        greatest(i.on_hand - i.reserved, 0)::int as available, i.on_hand as "onHand", i.reserved, null as image
      from inventory_levels i
      join variants v on v.id = i.variant_id
      join products p on p.id = v.product_id
      left join variant_prices vp on vp.variant_id = v.id and vp.currency = ${a.currency}
      where i.variant_id = any(${sql.param(ids)}::uuid[])`,
    a.discountCode ? sql`select ${discountColumns} from discounts where upper(code) = ${a.discountCode}` : sql`select 1 where false`,
    a.discountCode && (a.customerId || email)
      ? sql`
        select count(*)::int as n from discount_redemptions r join discounts d on d.id = r.discount_id
         where upper(d.code) = ${a.discountCode}
           and (${a.customerId ? sql`r.customer_id = ${a.customerId}` : sql`false`} or ${email ? sql`r.email = ${email}` : sql`false`})`
      : sql`select 0 as n`,
    sql`select nextval('order_number_seq')::int8 as number, to_char(now() at time zone 'UTC', ${sql.raw(ISO)}) as now`,
  ];
}

export function toSnapshot(rows: Record<string, unknown>[][]): CheckoutSnapshot {
  const [keyRows = [], variantRows = [], discountRows = [], useRows = [], seqRows = []] = rows;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    key: (keyRows[0] as unknown as KeyRow | undefined) ?? null,
    variants: variantRows.map((r) => ({ ...(r as unknown as CheckoutVariant), price: num(r.price), compareAt: num(r.compareAt) })),
    discount: (discountRows[0] as unknown as DiscountRule | undefined) ?? null,
    discountUses: Number(useRows[0]?.n ?? 0),
    orderNumber: Number(seqRows[0]?.number),
    now: String(seqRows[0]?.now),
  };
}

// ── round trip 2: the order placed, stock taken, everything recorded ──────

export interface NewOrder {
  id: string;
  number: number;
  placedAt: string;
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

export interface PlaceOrderInput {
  scope: string;
  key: string;
  requestHash: string;
  ttlSeconds: number;
  /** true: the key was taken over from a dead request (the row exists) instead of claimed now */
  keyTakenOver: boolean;
  order: NewOrder;
  lines: readonly NewOrderLine[];
  /** the prices the order was priced from, checked again under the batch's locks */
  pricedFrom: readonly { variantId: string; price: number }[];
  discount: { id: string; perCustomerLimit: number | null } | null;
  payment: { id: string; cardLast4: string | null };
  lowStockThreshold: number;
  /** > 0: the outbox rows are leased to the request for that long (it publishes them itself right after commit) */
  outboxLeaseSeconds: number;
  /** offline payment: the order is placed by this batch (order.placed written, the key completed with this response) */
  placed: { response: StoredResponse; origin: string } | null;
}

/**
 * Outbox rows written by the workflow are leased to the request that wrote them
 * (it publishes them right after commit from what it holds, with no claim round
 * trip); if it dies, the lease runs out and the cron relay sends them.
 */
const lease = (seconds: number) => (seconds > 0 ? sql`now() + make_interval(secs => ${seconds})` : sql`null`);
/** How long a request keeps the outbox rows it wrote for itself: 0 when nothing publishes them right after commit. */
export const PUBLISH_LEASE_SECONDS = 60;

export interface WrittenOutboxRow {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

const insertOutbox = (topic: string, payload: unknown, leaseSeconds: number) =>
  sql`insert into outbox (topic, payload, locked_until) values (${topic}, ${JSON.stringify(payload)}::jsonb, ${lease(leaseSeconds)}) returning id, topic, payload`;

/** Stock taken off (or put back: sign −1) for an order's variants, with the catalog outbox row when what pages show changes. */
function stockMove(wanted: SQL, direction: 1 | -1, threshold: number, guard: boolean, leaseSeconds: number): SQL {
  const delta = direction === 1 ? sql`- w.q` : sql`+ w.q`;
  return sql`
    with want as (${wanted}),
    lk as (select i.variant_id from inventory_levels i join want w on w.variant_id = i.variant_id order by i.variant_id for update of i),
    upd as (
      update inventory_levels i set on_hand = i.on_hand ${delta}, updated_at = now()
        from want w, lk
       where lk.variant_id = i.variant_id and w.variant_id = i.variant_id
         ${direction === 1 ? sql`and i.on_hand - i.reserved >= w.q` : sql``}
      returning i.variant_id, (i.on_hand - i.reserved)::int as after, w.q),
    g as (select ${
      guard
        ? sql`vt_guard((select count(*) from upd) = (select count(*) from want), 'insufficient_stock',
               (select string_agg(w.variant_id::text, ',' order by w.variant_id) from want w
                 where w.variant_id not in (select variant_id from upd)))`
        : sql`true`
    } as ok),
    changed as (
      select distinct v.product_id from upd join variants v on v.id = upd.variant_id
       where least(greatest(upd.after ${direction === 1 ? sql`+` : sql`-`} upd.q, 0), ${threshold + 1}) <> least(greatest(upd.after, 0), ${threshold + 1})),
    ob as (
      insert into outbox (topic, payload, locked_until)
      select 'catalog.products.changed', jsonb_build_object('productIds', jsonb_agg(product_id order by product_id), 'collectionIds', '[]'::jsonb), ${lease(leaseSeconds)}
        from changed having count(*) > 0
      returning id, topic, payload)
    select (select ok from g) as ok,
      (select coalesce(json_agg(json_build_object('id', id, 'topic', topic, 'payload', payload)), '[]'::json) from ob) as "outboxRows"`;
}

/** Takes `wanted` off stock, raising `insufficient_stock` (detail: the lacking variant ids) unless every line had enough. */
export function takeStockStatement(wanted: readonly { variantId: string; quantity: number }[], lowStockThreshold: number, leaseSeconds = 0): SQL {
  const w = sumByVariant(wanted);
  return stockMove(
    sql`select * from unnest(${sql.param(w.map((x) => x.variantId))}::uuid[], ${sql.param(w.map((x) => x.quantity))}::int[]) as w(variant_id, q)`,
    1,
    lowStockThreshold,
    true,
    leaseSeconds,
  );
}

const stored = (r: StoredResponse) => sql`${r.status}, ${JSON.stringify(r.headers)}::jsonb, ${r.body}`;

/** The statements of the placing batch; `outboxRowsOf` reads the outbox rows it wrote from its results. */
export function placeOrderStatements(p: PlaceOrderInput): SQL[] {
  const o = p.order;
  const wanted = sumByVariant(p.lines);
  const out: SQL[] = [];
  out.push(
    p.keyTakenOver
      ? sql`select vt_guard(exists (select 1 from idempotency_keys where scope = ${p.scope} and key = ${p.key} and state = 'in_flight' and order_id is null), 'key_lost')`
      : sql`insert into idempotency_keys (scope, key, request_hash, state, expires_at)
            values (${p.scope}, ${p.key}, ${p.requestHash}, 'in_flight', now() + make_interval(secs => ${p.ttlSeconds}))`,
  );
  out.push(sql`
    select vt_guard(count(*) = ${p.pricedFrom.length}, 'catalog_changed')
      from unnest(${sql.param(p.pricedFrom.map((x) => x.variantId))}::uuid[], ${sql.param(p.pricedFrom.map((x) => x.price))}::int8[]) as w(variant_id, price)
      join variants v on v.id = w.variant_id
      join products pr on pr.id = v.product_id and pr.status = 'active'
      join variant_prices vp on vp.variant_id = v.id and vp.currency = ${o.currency} and vp.amount = w.price`);
  out.push(takeStockStatement(wanted, p.lowStockThreshold, p.outboxLeaseSeconds));
  if (p.discount) {
    out.push(sql`
      with d as (update discounts set times_used = times_used + 1, updated_at = now()
                  where id = ${p.discount.id} and active and (usage_limit is null or times_used < usage_limit) returning id)
      select vt_guard((select count(*) from d) = 1, 'discount_exhausted')`);
  }
  out.push(sql`
    insert into orders (id, number, status, cart_hash, customer_id, email, currency, tax_included, subtotal, discount_total,
      shipping_total, shipping_discount, tax_total, grand_total, discount_id, discount_code, shipping_address, shipping_method,
      payment_provider, placed_at, paid_at)
    values (${o.id}, ${o.number}, 'pending_payment', ${o.cartHash}, ${o.customerId}, ${o.email}, ${o.currency}, ${o.taxIncluded},
      ${o.subtotal}, ${o.discountTotal}, ${o.shippingTotal}, ${o.shippingDiscount}, ${o.taxTotal}, ${o.grandTotal}, ${o.discountId},
      ${o.discountCode}, ${JSON.stringify(o.shippingAddress)}::jsonb, ${JSON.stringify(o.shippingMethod)}::jsonb, ${o.paymentProvider},
      ${o.placedAt}::timestamptz, null)`);
  out.push(sql`
    insert into order_lines (order_id, position, variant_id, product_id, product_handle, product_title, variant_title, sku,
      quantity, unit_price, subtotal, discount, tax, total, weight_grams)
    values ${sql.join(
      p.lines.map(
        (l, i) => sql`(${o.id}, ${i}, ${l.variantId}, ${l.productId}, ${l.productHandle}, ${l.productTitle}, ${l.variantTitle}, ${l.sku},
          ${l.quantity}, ${l.unitPrice}, ${l.subtotal}, ${l.discount}, ${l.tax}, ${l.total}, ${l.weightGrams})`,
      ),
      sql`, `,
    )}`);
  if (p.discount) {
    const email = o.email.toLowerCase();
    out.push(sql`insert into discount_redemptions (discount_id, order_id, customer_id, email) values (${p.discount.id}, ${o.id}, ${o.customerId}, ${email})`);
    if (p.discount.perCustomerLimit !== null) {
      // counted after the code's row is locked (the counter update above): concurrent checkouts with the code queue up
      out.push(sql`
        select vt_guard(count(*) <= ${p.discount.perCustomerLimit}, 'discount_customer_limit') from discount_redemptions
         where discount_id = ${p.discount.id}
           and (${o.customerId ? sql`customer_id = ${o.customerId}` : sql`false`} or email = ${email})`);
    }
  }
  out.push(sql`
    insert into payments (id, order_id, provider, status, amount, currency, card_last4)
    values (${p.payment.id}, ${o.id}, ${o.paymentProvider}, 'pending', ${o.grandTotal}, ${o.currency}, ${p.payment.cardLast4})`);
  if (p.placed) {
    out.push(insertOutbox('order.placed', { orderId: o.id, origin: p.placed.origin }, p.outboxLeaseSeconds));
    out.push(sql`
      update idempotency_keys set order_id = ${o.id}, state = 'completed',
        (response_status, response_headers, response_body) = (${stored(p.placed.response)})
       where scope = ${p.scope} and key = ${p.key}`);
  } else {
    out.push(sql`update idempotency_keys set order_id = ${o.id} where scope = ${p.scope} and key = ${p.key}`);
  }
  return out;
}

/** Outbox rows written by a batch (its `insert … returning id, topic, payload` rows and the stock statements' `outboxRows`). */
export function outboxRowsOf(results: Record<string, unknown>[][]): WrittenOutboxRow[] {
  const out: WrittenOutboxRow[] = [];
  const take = (r: Record<string, unknown>) => out.push({ id: Number(r.id), topic: String(r.topic), payload: r.payload as Record<string, unknown> });
  for (const rows of results) {
    for (const r of rows) {
      if (Array.isArray(r.outboxRows)) (r.outboxRows as Record<string, unknown>[]).forEach(take);
      else if ('id' in r && 'topic' in r && 'payload' in r) take(r);
    }
  }
  return out;
}

// ── round trip 3: the payment's outcome ────────────────────────────────────

export interface SettleInput {
  /** see PlaceOrderInput.outboxLeaseSeconds */
  outboxLeaseSeconds: number;
  scope: string;
  key: string;
  orderId: string;
  paymentId: string;
  response: StoredResponse;
}

/** Payment captured: the order is paid (only from pending_payment), order.placed announced, the key completed. */
export function paidStatements(s: SettleInput & { paidAt: string; providerReference: string | null; origin: string }): SQL[] {
  return [
    sql`
      with o as (update orders set status = 'paid', paid_at = ${s.paidAt}::timestamptz, updated_at = now()
                  where id = ${s.orderId} and status = 'pending_payment' returning id)
      select vt_guard((select count(*) from o) = 1, 'order_not_pending', ${s.orderId})`,
    sql`update payments set status = 'captured', provider_reference = ${s.providerReference}, updated_at = now() where id = ${s.paymentId}`,
    insertOutbox('order.placed', { orderId: s.orderId, origin: s.origin }, s.outboxLeaseSeconds),
    completeKeyStatement(s),
  ];
}

/** Payment declined or timed out: the order is cancelled, its units and its discount use given back, the key completed with the problem. */
export function paymentFailedStatements(s: SettleInput & { failureCode: string; voided: boolean; lowStockThreshold: number }): SQL[] {
  return [
    sql`
      with o as (update orders set status = 'cancelled', cancelled_at = now(), restocked = true, updated_at = now()
                  where id = ${s.orderId} and status = 'pending_payment' and not restocked returning id)
      select vt_guard((select count(*) from o) = 1, 'order_not_pending', ${s.orderId})`,
    stockMove(
      sql`select l.variant_id, sum(l.quantity)::int as q from order_lines l
           where l.order_id = ${s.orderId} and l.variant_id is not null group by l.variant_id`,
      -1,
      s.lowStockThreshold,
      false,
      s.outboxLeaseSeconds,
    ),
    sql`
      with released as (delete from discount_redemptions where order_id = ${s.orderId} returning discount_id)
      update discounts d set times_used = d.times_used - 1, updated_at = now() from released r where d.id = r.discount_id`,
    sql`update payments set status = ${s.voided ? 'voided' : 'failed'}, failure_code = ${s.failureCode}, updated_at = now() where id = ${s.paymentId}`,
    completeKeyStatement(s),
  ];
}

/** The key completed with its final response (and its order as the recovery point). */
export function completeKeyStatement(s: Pick<SettleInput, 'scope' | 'key' | 'orderId' | 'response'>): SQL {
  return sql`
    update idempotency_keys set state = 'completed', order_id = ${s.orderId},
      (response_status, response_headers, response_body) = (${stored(s.response)})
     where scope = ${s.scope} and key = ${s.key}`;
}

/** Takes over a dead request's in-flight key (compare-and-set on locked_at); false when another request got it first. */
export async function takeOverKey(db: Db, scope: string, key: string, lockedAt: string): Promise<boolean> {
  const r = await db.execute(sql`
    update idempotency_keys set locked_at = now()
     where scope = ${scope} and key = ${key} and state = 'in_flight' and locked_at::text = ${lockedAt}
    returning 1 as took`);
  return r.rows.length === 1;
}

/** Forgets an expired key (its order, if any, stays). */
export async function dropExpiredKey(db: Db, scope: string, key: string): Promise<void> {
  await db.execute(sql`delete from idempotency_keys where scope = ${scope} and key = ${key} and expires_at < now()`);
}
