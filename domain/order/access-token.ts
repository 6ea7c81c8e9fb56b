/**
 * Guest order links: /orders/<order id>?token=<HMAC-SHA256(secret, order id)>.
 * The token is 256 bits derived from a server secret (ORDER_LINK_SECRET), so
 * it cannot be guessed or forged, needs no storage, and is checked in
 * constant time. Rotating the secret invalidates every link.
 * Uses Web Crypto (the same in Workers and Node); no I/O.
 */
const PURPOSE = 'vitrine:order-link:v1:';
const encoder = new TextEncoder();

/** Minimum secret length: 32 characters (≥ 128 bits of entropy when random). */
export const MIN_ORDER_LINK_SECRET_LENGTH = 32;

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function hmac(secret: string, message: string): Promise<Uint8Array> {
  if (secret.length < MIN_ORDER_LINK_SECRET_LENGTH) throw new Error('ORDER_LINK_SECRET is missing or too short');
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
}

export async function orderAccessToken(secret: string, orderId: string): Promise<string> {
  return base64url(await hmac(secret, PURPOSE + orderId));
}

export async function verifyOrderAccessToken(secret: string, orderId: string, token: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  const expected = await orderAccessToken(secret, orderId);
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ token.charCodeAt(i);
  return diff === 0;
}

export function orderPath(orderId: string, token: string): string {
  return `/orders/${encodeURIComponent(orderId)}?token=${encodeURIComponent(token)}`;
}
