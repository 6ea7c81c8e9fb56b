/**
 * Outbox relay: publishes committed-but-unpublished outbox rows to the queue.
 * Rows are claimed with FOR UPDATE SKIP LOCKED, so concurrent relays never
 * send the same row at once; a crash after send and before the update may
 * send a row twice, which idempotent consumers absorb (at-least-once).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { isOutboxTopic, OUTBOX_TOPICS } from './contracts';

export interface QueueSender<T = unknown> {
  sendBatch(messages: Iterable<{ body: T; contentType?: 'json' }>): Promise<unknown>;
}

export interface RelayResult {
  published: number;
  failed: number;
  skipped: number;
}

interface OutboxClaim {
  id: number;
  topic: string;
  payload: Record<string, unknown>;
}

/** Writes an outbox row inside the caller's transaction. */
export async function enqueueOutbox(tx: Pick<Database, 'execute'>, topic: keyof typeof OUTBOX_TOPICS, payload: unknown): Promise<void> {
  const body = OUTBOX_TOPICS[topic].parse(payload);
  await tx.execute(sql`insert into outbox (topic, payload) values (${topic}, ${JSON.stringify(body)}::jsonb)`);
}

export async function relayOutbox(db: Database, queue: QueueSender, opts: { limit?: number } = {}): Promise<RelayResult> {
  const limit = Math.min(opts.limit ?? 100, 100); // Queues accept at most 100 messages per sendBatch
  return db.transaction(async (tx) => {
    const claimed = (
      await tx.execute(sql`
        select id, topic, payload from outbox
         where published_at is null and attempts < 20
         order by id
         limit ${limit}
         for update skip locked`)
    ).rows as unknown as OutboxClaim[];
    if (claimed.length === 0) return { published: 0, failed: 0, skipped: 0 };

    const sendable = claimed.filter((r) => isOutboxTopic(r.topic));
    const unknown = claimed.filter((r) => !isOutboxTopic(r.topic));
    if (unknown.length > 0) {
      await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = 'unknown topic'
                            where id = any(${sql.param(unknown.map((r) => r.id))}::bigint[])`);
    }
    if (sendable.length === 0) return { published: 0, failed: 0, skipped: unknown.length };
    try {
      await queue.sendBatch(
        sendable.map((r) => ({ body: { type: r.topic, id: `outbox-${r.id}`, ...r.payload }, contentType: 'json' as const })),
      );
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      await tx.execute(sql`update outbox set attempts = attempts + 1, last_error = ${message}
                            where id = any(${sql.param(sendable.map((r) => r.id))}::bigint[])`);
      return { published: 0, failed: sendable.length, skipped: unknown.length };
    }
    await tx.execute(sql`update outbox set published_at = now(), attempts = attempts + 1, last_error = null
                          where id = any(${sql.param(sendable.map((r) => r.id))}::bigint[])`);
    return { published: sendable.length, failed: 0, skipped: unknown.length };
  });
}
