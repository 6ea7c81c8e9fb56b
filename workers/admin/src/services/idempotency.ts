/**
 * Idempotency of admin writes that move stock or money (order actions,
 * refunds, inventory adjustments, CSV imports): the caller sends a key — the
 * `Idempotency-Key` header on the JSON API, a hidden `idempotencyKey` field
 * that every such form gets when it renders — and a double submit never
 * applies twice: the second request gets the first one's recorded result
 * (same status, same body, `Idempotent-Replayed: true`).
 *
 *   key rule     8–255 printable ASCII characters (0x20–0x7E); a UUID is ideal.
 *   scope        per principal (the same key from two admins are two keys).
 *   fingerprint  SHA-256 of the action, the record it acts on and its input:
 *                the same key with another request → 422 idempotency-key-reused.
 *   storage      admin_action_keys (key, action, entity id, status, body), written
 *                in the action's own transaction, after claiming the key with a
 *                transaction-scoped advisory lock: a concurrent duplicate waits
 *                for the first to commit, then replays it. Failed attempts
 *                (4xx) record nothing: the change was not applied.
 */
import type { Context } from 'hono';
import { ACTION_KEY_PATTERN, claimActionKey, recordActionKey } from '../../../../db/queries/admin/action-keys';
import type { Executor } from '../../../../db/queries/admin/shared';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';

type C = Context<AdminAppEnv>;

export const IDEMPOTENCY_KEY_RULE = '8–255 printable ASCII characters (a UUID is a good key)';

/** A client's key, scoped to the principal, with the fingerprint of the request it was sent with. */
export interface ActionKey {
  /** stored key: principal + client key */
  key: string;
  action: string;
  entityId: string;
  fingerprint: string;
}

export interface ActionResult<B> {
  status: number;
  body: B;
  replayed: boolean;
}

/** The `Idempotency-Key` header of an API request; missing or malformed → 400 problem. */
export function headerKey(c: C): string {
  const key = c.req.header('idempotency-key');
  if (key === undefined || key === '') throw new AdminError(400, `Send an Idempotency-Key header (${IDEMPOTENCY_KEY_RULE}): a retried request then does nothing twice.`, {}, 'idempotency-key-missing');
  if (!ACTION_KEY_PATTERN.test(key)) throw new AdminError(400, `The Idempotency-Key header must be ${IDEMPOTENCY_KEY_RULE}.`, {}, 'idempotency-key-invalid');
  return key;
}

/** The hidden key of a page form; a form without one is stale (rendered before keys existed): reload. */
export function formKey(value: string): string {
  if (!ACTION_KEY_PATTERN.test(value)) throw new AdminError(400, 'The form is missing its one-time key. Reload the page and submit again.');
  return value;
}

/** A fresh key for a form being rendered. */
export function newFormKey(): string {
  return crypto.randomUUID();
}

/** JSON with object keys sorted, so the fingerprint does not depend on key order. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export async function actionKey(c: C, clientKey: string, action: string, entityId: string, input: unknown): Promise<ActionKey> {
  const p = c.get('principal');
  const scope = p ? `${p.kind}:${p.id}` : 'system';
  return { key: `${scope}:${clientKey}`, action, entityId, fingerprint: await sha256Hex(canonical({ action, entityId, input })) };
}

interface StoredBody {
  fingerprint?: string;
  body?: unknown;
}

/**
 * Claims the key inside the caller's transaction (waits for a concurrent holder): the recorded result when the
 * same request was already applied; null when it is new; 422 idempotency-key-reused when the key was used for
 * another request.
 */
export async function claim<B>(tx: Executor, k: ActionKey): Promise<ActionResult<B> | null> {
  const recorded = await claimActionKey(tx, k.key);
  if (!recorded) return null;
  const stored = (recorded.responseBody ?? {}) as StoredBody;
  if (recorded.action !== k.action || recorded.entityId !== k.entityId || stored.fingerprint !== k.fingerprint) {
    throw new AdminError(422, 'This idempotency key was already used for a different request. Use a new key for a new change.', {}, 'idempotency-key-reused');
  }
  return { status: recorded.responseStatus, body: stored.body as B, replayed: true };
}

/** Records the result in the caller's transaction: it commits (or rolls back) with the change itself. */
export async function record<B>(tx: Executor, k: ActionKey, status: number, body: B): Promise<ActionResult<B>> {
  await recordActionKey(tx, k.key, { action: k.action, entityId: k.entityId, responseStatus: status, responseBody: { fingerprint: k.fingerprint, body } satisfies StoredBody });
  return { status, body, replayed: false };
}

/** Marks a replayed API answer. */
export function markReplay(c: C, r: ActionResult<unknown>): void {
  if (r.replayed) c.header('idempotent-replayed', 'true');
}
