/** Idempotency of admin actions (see db/schema/admin.ts: admin_action_keys; the rules in workers/admin/src/services/idempotency.ts). */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from './shared';

/** A client's idempotency key: 8–255 printable ASCII characters (stored prefixed with the principal). */
export const ACTION_KEY_PATTERN = /^[\x20-\x7E]{8,255}$/;

export interface RecordedAction {
  action: string;
  entityId: string;
  responseStatus: number;
  responseBody: unknown;
}

/** Locks the key for this transaction (concurrent duplicates wait) and returns the recorded outcome, if any. Needs an interactive transaction. */
export async function claimActionKey(tx: Executor, key: string): Promise<RecordedAction | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`admin-action:${key}`}, 0))`);
  const r = await tx.execute(sql`select action, entity_id as "entityId", response_status as "responseStatus", response_body as "responseBody" from admin_action_keys where key = ${key}`);
  return rows<RecordedAction>(r)[0] ?? null;
}

export async function recordActionKey(tx: Executor, key: string, a: RecordedAction): Promise<void> {
  await tx.execute(sql`insert into admin_action_keys (key, action, entity_id, response_status, response_body)
    values (${key}, ${a.action}, ${a.entityId}, ${a.responseStatus}, ${JSON.stringify(a.responseBody)}::jsonb)`);
}
