/**
 * The merchant admin: admin users (separate from customers), API tokens for
 * automation (only a SHA-256 of the secret is stored), the audit log, stock
 * adjustment history, fulfilments and refunds recorded by admin actions, and
 * the idempotency keys of those actions (a double click does nothing twice).
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AdminRole } from '../../domain/admin/roles';
import type { AdjustmentReason } from '../../domain/admin/inventory';
import { variants } from './catalog';
import { orders } from './commerce';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const adminRole = pgEnum('admin_role', ['owner', 'manager', 'staff', 'viewer'] as const satisfies readonly AdminRole[]);
export const adjustmentReason = pgEnum('inventory_adjustment_reason', ['received', 'correction', 'damaged', 'returned', 'refund_restock'] as const satisfies readonly (AdjustmentReason | 'refund_restock')[]);

export const adminUsers = pgTable(
  'admin_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** normalised (domain/customers/email.ts) */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: adminRole('role').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: ts('last_login_at'),
    passwordChangedAt: ts('password_changed_at').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('admin_users_email_lower_key').on(sql`lower(${t.email})`),
    check('admin_users_email_shape', sql`length(${t.email}) between 3 and 254 and position('@' in ${t.email}) > 1`),
    check('admin_users_name_length', sql`length(${t.name}) between 1 and 200`),
    check('admin_users_password_hash_not_blank', sql`length(${t.passwordHash}) > 20`),
  ],
);

export const adminApiTokens = pgTable(
  'admin_api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** SHA-256 (base64url) of the secret; the secret itself is shown once and never stored */
    tokenHash: text('token_hash').notNull(),
    /** first characters of the secret ("vta_AbCd"), to recognise it in lists */
    prefix: text('prefix').notNull(),
    role: adminRole('role').notNull(),
    createdBy: uuid('created_by').references(() => adminUsers.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('admin_api_tokens_hash_key').on(t.tokenHash), check('admin_api_tokens_name_length', sql`length(${t.name}) between 1 and 100`)],
);

export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    /** user | token | system */
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    before: jsonb('before').$type<unknown>(),
    after: jsonb('after').$type<unknown>(),
    requestId: text('request_id'),
  },
  (t) => [
    index('admin_audit_log_at_idx').on(t.at.desc(), t.id.desc()),
    index('admin_audit_log_entity_idx').on(t.entityType, t.entityId, t.at.desc()),
    index('admin_audit_log_actor_idx').on(t.actorId, t.at.desc()),
    check('admin_audit_log_actor_kind', sql`${t.actorKind} in ('user', 'token', 'system')`),
  ],
);

/** Every stock movement made by the admin (and refund restocks), with the level after it. */
export const inventoryAdjustments = pgTable(
  'inventory_adjustments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    delta: integer('delta').notNull(),
    reason: adjustmentReason('reason').notNull(),
    note: text('note'),
    onHandAfter: integer('on_hand_after').notNull(),
    actorLabel: text('actor_label').notNull(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('inventory_adjustments_variant_idx').on(t.variantId, t.createdAt.desc()),
    check('inventory_adjustments_delta_non_zero', sql`${t.delta} <> 0`),
    check('inventory_adjustments_after_non_negative', sql`${t.onHandAfter} >= 0`),
  ],
);

export const orderFulfillments = pgTable(
  'order_fulfillments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    carrier: text('carrier').notNull(),
    trackingNumber: text('tracking_number').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_fulfillments_order_idx').on(t.orderId)],
);

/** Money returned to a shopper; partial refunds keep the order's status, the last one (reaching the total) moves it to refunded. */
export const orderRefunds = pgTable(
  'order_refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** [{ position, quantity }] of lines put back into stock */
    restockLines: jsonb('restock_lines').$type<{ position: number; quantity: number }[]>().notNull().default([]),
    reason: text('reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('order_refunds_order_idx').on(t.orderId), check('order_refunds_amount_positive', sql`${t.amount} > 0`)],
);

/**
 * Idempotency of admin actions: the form (or API client) sends a key with
 * the action; the first request records it with its outcome in the action's
 * transaction, a repeat answers the recorded outcome without doing anything.
 */
export const adminActionKeys = pgTable(
  'admin_action_keys',
  {
    key: text('key').primaryKey(),
    action: text('action').notNull(),
    entityId: text('entity_id').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: jsonb('response_body').$type<unknown>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('admin_action_keys_created_idx').on(t.createdAt)],
);

export type AdminUserRow = typeof adminUsers.$inferSelect;
export type AdminApiTokenRow = typeof adminApiTokens.$inferSelect;
export type AdminAuditRow = typeof adminAuditLog.$inferSelect;
