/**
 * Idempotency-Key storage (see db/schema/commerce.ts idempotency_keys).
 *
 * begin():  the first request with a key inserts an in-flight row and runs;
 *           a later one gets the stored response (same body), `mismatch`
 *           (different body → 422) or `in_flight` (→ 409). An in-flight row
 *           older than `staleAfterSeconds` belonged to a request that died:
 *           the next request takes it over (compare-and-set on locked_at) and
 *           resumes from its recovery point (`orderId`).
 * complete(): stores the final response — inside the transaction that
 *           commits the order, so the order and its replayable response
 *           exist together or not at all.
 * release(): drops an in-flight row when the request did nothing that must
 *           be remembered (validation errors, out of stock), so a retry runs again.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

type Executor = Pick<Db, 'execute'>;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type BeginResult =
  | { kind: 'started'; orderId: string | null; lockedAt: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

export interface IdempotencyRef {
  scope: string;
  key: string;
}

export async function beginIdempotent(
  db: Executor,
  ref: IdempotencyRef & { requestHash: string; ttlSeconds: number; staleAfterSeconds: number },
): Promise<BeginResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const ins = await db.execute(sql`
      insert into idempotency_keys (scope, key, request_hash, state, expires_at)
      values (${ref.scope}, ${ref.key}, ${ref.requestHash}, 'in_flight', now() + make_interval(secs => ${ref.ttlSeconds}))
      on conflict (scope, key) do nothing
      returning locked_at::text as "lockedAt"`);
    const inserted = ins.rows[0] as { lockedAt: string } | undefined;
    if (inserted) return { kind: 'started', orderId: null, lockedAt: inserted.lockedAt };

    const cur = await db.execute(sql`
      select request_hash as "requestHash", state, order_id as "orderId", locked_at::text as "lockedAt",
        response_status as "status", response_headers as "headers", response_body as "body",
        expires_at < now() as expired,
        locked_at < now() - make_interval(secs => ${ref.staleAfterSeconds}) as stale
      from idempotency_keys where scope = ${ref.scope} and key = ${ref.key}`);
    const row = cur.rows[0] as
      | { requestHash: string; state: string; orderId: string | null; lockedAt: string; status: number | null; headers: Record<string, string> | null; body: string | null; expired: boolean; stale: boolean }
      | undefined;
    if (!row) continue; // deleted in between: insert again
    if (row.expired) {
      await db.execute(sql`delete from idempotency_keys where scope = ${ref.scope} and key = ${ref.key} and expires_at < now()`);
      continue;
    }
    if (row.requestHash !== ref.requestHash) return { kind: 'mismatch' };
    if (row.state === 'completed') return { kind: 'replay', response: { status: row.status!, headers: row.headers ?? {}, body: row.body! } };
    if (!row.stale) return { kind: 'in_flight' };
    const took = await db.execute(sql`
      update idempotency_keys set locked_at = now()
       where scope = ${ref.scope} and key = ${ref.key} and state = 'in_flight' and locked_at::text = ${row.lockedAt}
      returning locked_at::text as "lockedAt"`);
    const won = took.rows[0] as { lockedAt: string } | undefined;
    if (!won) return { kind: 'in_flight' };
    return { kind: 'started', orderId: row.orderId, lockedAt: won.lockedAt };
  }
  return { kind: 'in_flight' };
}

/** Records the recovery point (inside the transaction that created the order). */
export async function attachOrder(tx: Executor, ref: IdempotencyRef, orderId: string): Promise<void> {
  await tx.execute(sql`update idempotency_keys set order_id = ${orderId} where scope = ${ref.scope} and key = ${ref.key}`);
}

export async function completeIdempotent(tx: Executor, ref: IdempotencyRef, response: StoredResponse, orderId?: string | null): Promise<void> {
  await tx.execute(sql`
    update idempotency_keys
       set state = 'completed', response_status = ${response.status}, response_headers = ${JSON.stringify(response.headers)}::jsonb,
           response_body = ${response.body}
           ${orderId ? sql`, order_id = ${orderId}` : sql``}
     where scope = ${ref.scope} and key = ${ref.key}`);
}

export async function releaseIdempotent(db: Executor, ref: IdempotencyRef): Promise<void> {
  await db.execute(sql`delete from idempotency_keys where scope = ${ref.scope} and key = ${ref.key} and state = 'in_flight'`);
}

/** Housekeeping (cron): forget completed keys past their retention. */
export async function purgeExpiredIdempotencyKeys(db: Executor, limit = 1000): Promise<number> {
  const res = await db.execute(sql`
    delete from idempotency_keys where ctid in (
      select ctid from idempotency_keys where expires_at < now() limit ${limit})`);
  return res.rowCount ?? 0;
}
