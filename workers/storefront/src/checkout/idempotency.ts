/**
 * Idempotency-Key handling for order-creating requests (see
 * db/queries/idempotency.ts). The request fingerprint is an HMAC over the
 * channel, the scope and the canonical JSON of the validated body (key order
 * does not matter; a card number never appears in clear anywhere, only
 * inside this keyed hash).
 */
import type { IdempotencyRef, StoredResponse } from '../../../../db/queries/idempotency';

/** Completed keys are kept this long (the IETF draft and Stripe: at least 24 h). */
export const IDEMPOTENCY_TTL_SECONDS = 48 * 60 * 60;
/** An in-flight key older than this belonged to a request that died; the next retry takes over. */
export const IDEMPOTENCY_STALE_SECONDS = 120;
export const REPLAYED_HEADER = 'Idempotent-Replayed';

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export async function requestFingerprint(secret: string, channel: string, scope: string, body: unknown): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(`idempotency:${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = await crypto.subtle.sign('HMAC', key, enc.encode(`${channel}\n${scope}\n${canonicalJson(body)}`));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Keys are scoped to the customer when signed in, else to the cart. */
export function idempotencyScope(customerId: string | null, cartHash: string): string {
  return customerId ? `customer:${customerId}` : `cart:${cartHash}`;
}

export function replayResponse(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(REPLAYED_HEADER, 'true');
  headers.set('cache-control', 'private, no-store');
  return new Response(stored.body, { status: stored.status, headers });
}

export type { IdempotencyRef, StoredResponse };
