/**
 * Outbox relay: publishes committed-but-unpublished outbox rows to the queue
 * their topic routes to (`catalog.*` → CATALOG_EVENTS, `order.*` →
 * ORDER_EVENTS, …). Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * concurrent relays never send the same row at once; a crash after send and
 * before the update may send a row twice, which idempotent consumers absorb
 * (at-least-once).
 *
 * The same function publishes right after a commit (`ids`: just the rows the
 * request wrote); whatever that misses — a failed send, a crash between
 * commit and publish — the cron relay picks up.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { isOutboxTopic, OUTBOX_TOPICS } from './contracts';

export interface QueueSender<T = unknown> {
  sendBatch(messages: Iterable<{ body: T; contentType?: 'json' }>): Promise<unknown>;
}

/** Topic prefix → queue; the longest matching prefix wins (e.g. { 'catalog.': CATALOG_EVENTS, 'order.': ORDER_EVENTS }). */
export type QueueRoutes = Readonly<Record<string, QueueSender>>;

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

/** Writes an outbox row inside the caller's transaction; returns its id. */
export async function enqueueOutbox(tx: Pick<Db, 'execute'>, topic: keyof typeof OUTBOX_TOPICS, payload: unknown): Promise<number> {
  const body = OUTBOX_TOPICS[topic].parse(payload);
  const res = await tx.execute(sql`insert into outbox (topic, payload) values (${topic}, ${JSON.stringify(body)}::jsonb) returning id`);
  return Number((res.rows[0] as { id: number | string }).id);
}

export function routeTopic(routes: QueueRoutes, topic: string): QueueSender | undefined {
  let best: string | undefined;
  for (const prefix of Object.keys(routes)) {
    if (topic.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? undefined : routes[best];
}

function isSender(q: QueueSender | QueueRoutes): q is QueueSender {
  return typeof (q as QueueSender).sendBatch === 'function';
}

/**
 * Publishes rows a request wrote and leased to itself (their payloads in hand:
 * no claim round trip), then marks them published — or releases the lease with
 * the error, for the cron relay to retry. One UPDATE after the send.
 */
export async function publishWritten(
  db: Db,
  queues: QueueRoutes,
  rows: readonly { id: number; topic: string; payload: Record<string, unknown> }[],
): Promise<RelayResult> {
  if (rows.length === 0) return { published: 0, failed: 0, skipped: 0 };
  const groups = new Map<QueueSender, typeof rows[number][]>();
  const unroutable: number[] = [];
  for (const r of rows) {
    const q = isOutboxTopic(r.topic) ? routeTopic(queues, r.topic) : undefined;
    if (!q) unroutable.push(r.id);
    else groups.set(q, [...(groups.get(q) ?? []), r]);
  }
  const sent: number[] = [];
  const failed: { ids: number[]; message: string }[] = [];
  await Promise.all(
    [...groups].map(async ([queue, rs]) => {
      try {
        await queue.sendBatch(rs.map((r) => ({ body: { type: r.topic, id: `outbox-${r.id}`, ...r.payload }, contentType: 'json' as const })));
        sent.push(...rs.map((r) => r.id));
      } catch (err) {
        failed.push({ ids: rs.map((r) => r.id), message: (err instanceof Error ? err.message : String(err)).slice(0, 500) });
      }
    }),
  );
  if (unroutable.length > 0) failed.push({ ids: unroutable, message: 'unknown topic or no queue for it' });
  const marks: Promise<unknown>[] = [];
  if (sent.length > 0) {
    marks.push(db.execute(sql`update outbox set published_at = now(), attempts = attempts + 1, locked_until = null, last_error = null where id = any(${sql.param(sent)}::bigint[])`));
  }
  for (const f of failed) {
    marks.push(db.execute(sql`update outbox set attempts = attempts + 1, locked_until = null, last_error = ${f.message} where id = any(${sql.param(f.ids)}::bigint[])`));
  }
  await Promise.all(marks);
  return { published: sent.length, failed: failed.reduce((n, f) => n + f.ids.length, 0) - unroutable.length, skipped: unroutable.length };
}

/**
 * One relay pass over HTTP, without a transaction held across the send:
 *   1. claim — one statement takes a lease (locked_until) on up to `limit`
 *      unpublished rows nobody else holds (FOR UPDATE SKIP LOCKED inside);
 *   2. send each topic's rows to its queue;
 *   3. mark — one statement per queue: published, or the error and the lease released.
 * A relay that dies after sending leaves rows whose lease expires and which are
 * sent again (at-least-once; consumers are idempotent).
 */
export async function relayOutbox(
  db: Db,
  queues: QueueSender | QueueRoutes,
  opts: { limit?: number; ids?: readonly number[]; leaseSeconds?: number } = {},
): Promise<RelayResult> {
  const limit = Math.min(opts.limit ?? 100, 100); // Queues accept at most 100 messages per sendBatch
  const route = (topic: string) => (isSender(queues) ? queues : routeTopic(queues, topic));
  if (opts.ids && opts.ids.length === 0) return { published: 0, failed: 0, skipped: 0 };
  const claimed = (
    await db.execute(sql`
      update outbox o set locked_until = now() + make_interval(secs => ${opts.leaseSeconds ?? 60}), attempts = o.attempts + 1
       where o.id in (
         select id from outbox
          where published_at is null and attempts < 20 and (locked_until is null or locked_until < now())
            ${opts.ids ? sql`and id = any(${sql.param([...opts.ids])}::bigint[])` : sql``}
          order by id
          limit ${limit}
          for update skip locked)
      returning o.id, o.topic, o.payload`)
  ).rows as unknown as OutboxClaim[];
  if (claimed.length === 0) return { published: 0, failed: 0, skipped: 0 };
  claimed.sort((a, b) => Number(a.id) - Number(b.id));

  const groups = new Map<QueueSender, OutboxClaim[]>();
  const unroutable: OutboxClaim[] = [];
  for (const r of claimed) {
    const q = isOutboxTopic(r.topic) ? route(r.topic) : undefined;
    if (!q) unroutable.push(r);
    else groups.set(q, [...(groups.get(q) ?? []), r]);
  }
  const ids = (rows: OutboxClaim[]) => sql.param(rows.map((r) => Number(r.id)));
  const marks: Promise<unknown>[] = [];
  if (unroutable.length > 0) {
    marks.push(
      db.execute(sql`update outbox set locked_until = null, last_error = 'unknown topic or no queue for it'
                      where id = any(${ids(unroutable)}::bigint[])`),
    );
  }
  let published = 0;
  let failed = 0;
  await Promise.all(
    [...groups].map(async ([queue, rows]) => {
      try {
        await queue.sendBatch(rows.map((r) => ({ body: { type: r.topic, id: `outbox-${r.id}`, ...r.payload }, contentType: 'json' as const })));
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        marks.push(db.execute(sql`update outbox set locked_until = null, last_error = ${message} where id = any(${ids(rows)}::bigint[])`));
        failed += rows.length;
        return;
      }
      marks.push(
        db.execute(sql`update outbox set published_at = now(), locked_until = null, last_error = null
                        where id = any(${ids(rows)}::bigint[])`),
      );
      published += rows.length;
    }),
  );
  await Promise.all(marks);
  return { published, failed, skipped: unroutable.length };
}
