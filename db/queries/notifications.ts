/**
 * Notification records: insert-once by dedupe key, claim for sending (one
 * sender at a time; a stale claim can be taken over), mark sent.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

type Executor = Pick<Db, 'execute'>;

export interface NewNotification {
  dedupeKey: string;
  kind: string;
  channel: 'email';
  orderId: string | null;
  recipient: string;
  subject: string;
  bodyText: string;
  provider: string;
}

export type ClaimResult = { kind: 'claimed'; id: string } | { kind: 'already_sent' } | { kind: 'busy' };

/** Records the message (once) and claims it for sending. */
export async function claimNotification(db: Executor, n: NewNotification, staleAfterSeconds = 300): Promise<ClaimResult> {
  await db.execute(sql`
    insert into notifications (dedupe_key, kind, channel, order_id, recipient, subject, body_text, provider)
    values (${n.dedupeKey}, ${n.kind}, ${n.channel}, ${n.orderId}, ${n.recipient}, ${n.subject}, ${n.bodyText}, ${n.provider})
    on conflict (dedupe_key) do nothing`);
  const claimed = await db.execute(sql`
    update notifications set claimed_at = now(), attempts = attempts + 1
     where dedupe_key = ${n.dedupeKey} and status = 'pending'
       and (claimed_at is null or claimed_at < now() - make_interval(secs => ${staleAfterSeconds}))
    returning id`);
  const row = claimed.rows[0] as { id: string } | undefined;
  if (row) return { kind: 'claimed', id: row.id };
  const cur = await db.execute(sql`select status from notifications where dedupe_key = ${n.dedupeKey}`);
  return (cur.rows[0] as { status: string } | undefined)?.status === 'sent' ? { kind: 'already_sent' } : { kind: 'busy' };
}

export async function markNotificationSent(db: Executor, id: string, providerMessageId: string): Promise<void> {
  await db.execute(sql`update notifications set status = 'sent', sent_at = now(), claimed_at = null, provider_message_id = ${providerMessageId} where id = ${id}`);
}

/** Gives a failed send back (the queue retries the message). */
export async function unclaimNotification(db: Executor, id: string): Promise<void> {
  await db.execute(sql`update notifications set claimed_at = null where id = ${id} and status = 'pending'`);
}
