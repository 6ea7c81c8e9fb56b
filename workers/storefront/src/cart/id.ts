/**
 * Cart ids: 256 random bits (base64url, 43 characters). The id is a bearer
 * secret — whoever holds it can use a guest cart — so it travels only in a
 * `__Host-` cookie (Secure, HttpOnly, SameSite=Lax, Path=/) for pages, or the
 * `Cart-Id` header for API clients; never in URLs, and Redis keys use its
 * SHA-256 (a key listing yields no usable cart).
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CART_TTL_SECONDS } from '../../../../domain/cart/cart';
import { randomBytes, sha256Base64Url, toBase64Url } from '../../../../edge/auth/bytes';

export const CART_COOKIE = '__Host-vt-cart';
export const CART_HEADER = 'Cart-Id';
const CART_ID = /^[A-Za-z0-9_-]{43}$/;

export function isCartId(v: string | undefined | null): v is string {
  return !!v && CART_ID.test(v);
}

export function newCartId(): string {
  return toBase64Url(randomBytes(32));
}

export type CartIdSource = { id: string; from: 'header' | 'cookie' } | { id: null; from: 'header-malformed' | 'none' };

/** The header wins (API clients); a malformed header is reported, a malformed cookie ignored. */
export function readCartId(c: Context): CartIdSource {
  const header = c.req.header(CART_HEADER);
  if (header !== undefined) return isCartId(header.trim()) ? { id: header.trim(), from: 'header' } : { id: null, from: 'header-malformed' };
  const cookie = getCookie(c, CART_COOKIE);
  return isCartId(cookie) ? { id: cookie, from: 'cookie' } : { id: null, from: 'none' };
}

export function setCartCookie(c: Context, id: string): void {
  setCookie(c, CART_COOKIE, id, { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: CART_TTL_SECONDS });
}

export function clearCartCookie(c: Context): void {
  deleteCookie(c, CART_COOKIE, { path: '/', secure: true });
}

/** What the cart is stored and referenced under (Redis key, orders.cart_hash, idempotency scope). */
export function cartHash(id: string): Promise<string> {
  return sha256Base64Url(`vitrine:cart:${id}`);
}
