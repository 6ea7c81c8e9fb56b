import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: a row written in the same transaction as the change
 * it announces. The relay (queues/outbox-relay.ts) publishes unpublished rows
 * to Cloudflare Queues; consumers are idempotent, so a row published twice is harmless.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** a relay's lease: claimed rows are skipped by other relays until it ends (no transaction held across the send) */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'string' }),
  },
  (t) => [index('outbox_unpublished_idx').on(t.id).where(sql`${t.publishedAt} is null`)],
);

export type OutboxRow = typeof outbox.$inferSelect;
