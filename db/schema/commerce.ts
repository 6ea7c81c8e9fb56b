/**
 * Cart → order: discounts and their redemptions, orders and their lines
 * (snapshots of what was sold), payments, idempotency keys of order-creating
 * requests, and notifications (what was, or would be, sent to shoppers).
 *
 * Money: bigint minor units (an order can exceed int4's 21 million dollars),
 * always with the order's currency. Order totals are tied together by a CHECK.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Address } from '../../domain/address';
import type { Currency } from '../../domain/money';
import type { OrderStatus } from '../../domain/order/state-machine';
import type { DiscountKind } from '../../domain/pricing/discounts';
import { currencyCode, variants } from './catalog';
import { customers } from './customers';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const money = (name: string) => bigint(name, { mode: 'number' });

export const orderStatus = pgEnum('order_status', [
  'pending_payment',
  'paid',
  'fulfilled',
  'cancelled',
  'refunded',
] as const satisfies readonly OrderStatus[]);
export const discountKind = pgEnum('discount_kind', ['percentage', 'fixed_amount', 'free_shipping'] as const satisfies readonly DiscountKind[]);
export const paymentStatus = pgEnum('payment_status', ['pending', 'authorized', 'captured', 'failed', 'voided', 'refunded']);

/** Human-friendly order numbers (#1001, #1002, …); gaps are possible (rolled-back checkouts), duplicates never. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1001, minValue: 1001 });

export const discounts = pgTable(
  'discounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** stored upper-case; matched case-insensitively */
    code: text('code').notNull(),
    kind: discountKind('kind').notNull(),
    percentBp: integer('percent_bp'),
    /** fixed_amount: minor units per currency, e.g. {"USD": 1000, "EUR": 900} */
    amounts: jsonb('amounts').$type<Partial<Record<Currency, number>>>().notNull().default({}),
    minimumSubtotal: jsonb('minimum_subtotal').$type<Partial<Record<Currency, number>>>().notNull().default({}),
    startsAt: ts('starts_at'),
    endsAt: ts('ends_at'),
    usageLimit: integer('usage_limit'),
    perCustomerLimit: integer('per_customer_limit'),
    timesUsed: integer('times_used').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('discounts_code_key').on(sql`upper(${t.code})`),
    check('discounts_code_format', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9_-]{1,39}$'`),
    check(
      'discounts_kind_value',
      sql`(${t.kind} = 'percentage' and ${t.percentBp} between 1 and 10000) or (${t.kind} <> 'percentage' and ${t.percentBp} is null)`,
    ),
    check('discounts_times_used_within_limit', sql`${t.timesUsed} >= 0 and (${t.usageLimit} is null or ${t.timesUsed} <= ${t.usageLimit})`),
    check('discounts_limits_positive', sql`(${t.usageLimit} is null or ${t.usageLimit} >= 0) and (${t.perCustomerLimit} is null or ${t.perCustomerLimit} > 0)`),
    check('discounts_window', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.startsAt} < ${t.endsAt}`),
  ],
);

export interface ShippingMethodSnapshot {
  id: string;
  name: string;
  description: string;
}

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigint('number', { mode: 'number' })
      .notNull()
      .default(sql`nextval('order_number_seq')`),
    status: orderStatus('status').notNull(),
    /** SHA-256 of the cart id it came from (the id itself is a bearer secret): at most one live order per cart */
    cartHash: text('cart_hash').notNull(),
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    email: text('email').notNull(),
    currency: currencyCode('currency').notNull(),
    taxIncluded: boolean('tax_included').notNull(),
    subtotal: money('subtotal').notNull(),
    discountTotal: money('discount_total').notNull(),
    shippingTotal: money('shipping_total').notNull(),
    shippingDiscount: money('shipping_discount').notNull(),
    taxTotal: money('tax_total').notNull(),
    grandTotal: money('grand_total').notNull(),
    discountId: uuid('discount_id').references(() => discounts.id, { onDelete: 'set null' }),
    discountCode: text('discount_code'),
    shippingAddress: jsonb('shipping_address').$type<Address>().notNull(),
    shippingMethod: jsonb('shipping_method').$type<ShippingMethodSnapshot>().notNull(),
    paymentProvider: text('payment_provider').notNull(),
    /** true once the order's units went back to stock (cancel, refund before shipping): never twice */
    restocked: boolean('restocked').notNull().default(false),
    placedAt: ts('placed_at').notNull().defaultNow(),
    paidAt: ts('paid_at'),
    fulfilledAt: ts('fulfilled_at'),
    cancelledAt: ts('cancelled_at'),
    refundedAt: ts('refunded_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    uniqueIndex('orders_live_cart_key').on(t.cartHash).where(sql`${t.status} <> 'cancelled'`),
    index('orders_customer_placed_idx').on(t.customerId, t.placedAt.desc(), t.id.desc()),
    index('orders_pending_idx').on(t.placedAt).where(sql`${t.status} = 'pending_payment'`),
    check(
      'orders_amounts_non_negative',
      sql`${t.subtotal} >= 0 and ${t.discountTotal} >= 0 and ${t.shippingTotal} >= 0 and ${t.shippingDiscount} >= 0 and ${t.taxTotal} >= 0 and ${t.grandTotal} >= 0`,
    ),
    check('orders_discount_within_subtotal', sql`${t.discountTotal} <= ${t.subtotal} and ${t.shippingDiscount} <= ${t.shippingTotal}`),
    check(
      'orders_grand_total',
      sql`${t.grandTotal} = ${t.subtotal} - ${t.discountTotal} + ${t.shippingTotal} - ${t.shippingDiscount} + case when ${t.taxIncluded} then 0 else ${t.taxTotal} end`,
    ),
    check('orders_email_shape', sql`length(${t.email}) between 3 and 254 and position('@' in ${t.email}) > 1`),
  ],
);

/** What was sold, as it was when sold: titles, SKU, prices and tax are snapshots. */
export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    variantId: uuid('variant_id').references(() => variants.id, { onDelete: 'set null' }),
    productId: uuid('product_id'),
    productHandle: text('product_handle').notNull(),
    productTitle: text('product_title').notNull(),
    variantTitle: text('variant_title').notNull(),
    sku: text('sku').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    subtotal: money('subtotal').notNull(),
    discount: money('discount').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    weightGrams: integer('weight_grams').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.position] }),
    index('order_lines_variant_idx').on(t.variantId),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('order_lines_subtotal', sql`${t.subtotal} = ${t.unitPrice} * ${t.quantity} and ${t.unitPrice} >= 0`),
    check('order_lines_discount', sql`${t.discount} >= 0 and ${t.discount} <= ${t.subtotal} and ${t.tax} >= 0`),
  ],
);

/** One row per order that used a code (released when the order is cancelled unpaid). */
export const discountRedemptions = pgTable(
  'discount_redemptions',
  {
    discountId: uuid('discount_id')
      .notNull()
      .references(() => discounts.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id'),
    /** normalised (lower-case) email: per-customer limits apply to guests by email */
    email: text('email').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.discountId, t.orderId] }),
    index('discount_redemptions_customer_idx').on(t.discountId, t.customerId),
    index('discount_redemptions_email_idx').on(t.discountId, t.email),
  ],
);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    status: paymentStatus('status').notNull(),
    amount: money('amount').notNull(),
    currency: currencyCode('currency').notNull(),
    /** the provider's id for the authorization / charge */
    providerReference: text('provider_reference'),
    /** last four digits of a card, never more */
    cardLast4: text('card_last4'),
    failureCode: text('failure_code'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('payments_order_idx').on(t.orderId),
    uniqueIndex('payments_provider_reference_key').on(t.provider, t.providerReference),
    check('payments_amount_non_negative', sql`${t.amount} >= 0`),
    check('payments_card_last4', sql`${t.cardLast4} is null or ${t.cardLast4} ~ '^[0-9]{4}$'`),
  ],
);

/**
 * Idempotency-Key records (Stripe / IETF draft semantics): the first request
 * with a key inserts an in-flight row; its final response is stored in the
 * same transaction that commits the order, and replayed for the same key and
 * body. Kept at least 24 h (expires_at), scoped to a cart or a customer.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and canonical body */
    requestHash: text('request_hash').notNull(),
    /** in_flight | completed */
    state: text('state').notNull(),
    lockedAt: ts('locked_at').notNull().defaultNow(),
    /** recovery point: the order created by this request, once committed */
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index('idempotency_keys_expires_idx').on(t.expiresAt),
    check('idempotency_keys_state', sql`${t.state} in ('in_flight', 'completed')`),
    check('idempotency_keys_completed_has_response', sql`${t.state} = 'in_flight' or (${t.responseStatus} is not null and ${t.responseBody} is not null)`),
  ],
);

/**
 * Messages to shoppers. The dedupe key (e.g. "order_confirmation:<order id>")
 * makes the order.placed consumer idempotent: a redelivered event finds the
 * row already sent. With the `log` provider this table is the record of what
 * would have been sent.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    provider: text('provider').notNull(),
    /** pending | sent */
    status: text('status').notNull().default('pending'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    /** a consumer is sending it (concurrent redeliveries wait for the claim to go stale) */
    claimedAt: ts('claimed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_key').on(t.dedupeKey),
    index('notifications_order_idx').on(t.orderId),
    check('notifications_status', sql`${t.status} in ('pending', 'sent')`),
  ],
);

export type DiscountRow = typeof discounts.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type PaymentRow = typeof payments.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
