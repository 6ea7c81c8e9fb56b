/**
 * Job contracts: every message on a Vitrine queue is one of these, validated
 * with zod on both ends. `id` is the outbox row id (or a random id for ad-hoc
 * jobs) so consumers can recognise redeliveries; consumers are idempotent anyway.
 */
import * as z from 'zod';

const uuid = z.uuid();

export const catalogProductsChanged = z.object({
  type: z.literal('catalog.products.changed'),
  id: z.string().min(1).max(64),
  productIds: z.array(uuid).max(1000),
  /** collections the products were in before the change (memberships may have been removed) */
  collectionIds: z.array(uuid).max(1000).default([]),
  /** handles the products had before the change (renamed or deleted products): their cached pages are purged too */
  previousHandles: z.array(z.string().min(1).max(120)).max(1000).optional(),
});

export const catalogCollectionsChanged = z.object({
  type: z.literal('catalog.collections.changed'),
  id: z.string().min(1).max(64),
  collectionIds: z.array(uuid).min(1).max(1000),
});

export const catalogRebuild = z.object({
  type: z.literal('catalog.rebuild'),
  id: z.string().min(1).max(64),
});

export const catalogMessage = z.discriminatedUnion('type', [catalogProductsChanged, catalogCollectionsChanged, catalogRebuild]);
export type CatalogMessage = z.infer<typeof catalogMessage>;

/** An order was placed (paid, or awaiting a manual payment): send the confirmation. */
export const orderPlaced = z.object({
  type: z.literal('order.placed'),
  id: z.string().min(1).max(64),
  orderId: uuid,
  /** the storefront origin the order was placed on (for links in the confirmation) */
  origin: z.url({ protocol: /^https?$/ }).max(200),
});

export const orderMessage = z.discriminatedUnion('type', [orderPlaced]);
export type OrderMessage = z.infer<typeof orderMessage>;

/** Outbox topics and the queue message they become. */
export const OUTBOX_TOPICS = {
  'catalog.products.changed': catalogProductsChanged.omit({ type: true, id: true }),
  'catalog.collections.changed': catalogCollectionsChanged.omit({ type: true, id: true }),
  'catalog.rebuild': catalogRebuild.omit({ type: true, id: true }),
  'order.placed': orderPlaced.omit({ type: true, id: true }),
} as const;
export type OutboxTopic = keyof typeof OUTBOX_TOPICS;

export function isOutboxTopic(t: string): t is OutboxTopic {
  return Object.hasOwn(OUTBOX_TOPICS, t);
}
