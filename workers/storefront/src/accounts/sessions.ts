/**
 * Customer sessions and login throttling for the storefront, built on the
 * generic pieces in edge/ (the admin worker configures its own: other prefix,
 * cookie and much shorter timeouts).
 *
 * Timeouts: a shopper stays signed in across visits (the cookie survives
 * browser restarts) but a session unused for 7 days ends, and every session
 * ends 30 days after login whatever happens.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { redisFromEnv } from '../../../../edge/redis';
import { createSlidingWindowLimiter, type RateLimitRule } from '../../../../edge/rate-limit';
import { createSessionStore } from '../../../../edge/session';
import { createPasswordHasher, createPasswordPolicy } from '../../../../edge/auth';
import type { AppEnv } from '../context';

export const CUSTOMER_SESSION_COOKIE = '__Host-vt-session';
export const CUSTOMER_IDLE_SECONDS = 7 * 24 * 3600;
export const CUSTOMER_ABSOLUTE_SECONDS = 30 * 24 * 3600;

export interface CustomerSessionData {
  email: string;
}

export const customerSessions = createSessionStore<CustomerSessionData>({
  prefix: 'vt:cust',
  cookieName: CUSTOMER_SESSION_COOKIE,
  idleSeconds: CUSTOMER_IDLE_SECONDS,
  absoluteSeconds: CUSTOMER_ABSOLUTE_SECONDS,
  dataSchema: z.object({ email: z.string() }),
});

export const passwords = createPasswordHasher();
export const passwordPolicy = createPasswordPolicy({ minLength: 10 });
export const limiter = createSlidingWindowLimiter({ prefix: 'vt:cust' });

/** One Upstash client per request (env may differ between requests in tests). */
export function redisOf(c: Context<AppEnv>) {
  return redisFromEnv(c.env);
}

/** The client's IP as Cloudflare reports it (cannot be forged through Cloudflare); a shared bucket when absent. */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

const MIN = 60;
/**
 * Login: 10 attempts per account per 15 min stops online guessing of one
 * password; 30 per IP per 15 min bounds one client spraying many accounts
 * while leaving room for a household or office behind one address.
 */
export const loginRules = (ip: string, email: string): RateLimitRule[] => [
  { name: 'login:ip', identifier: ip, limit: 30, windowSeconds: 15 * MIN },
  { name: 'login:account', identifier: email, limit: 10, windowSeconds: 15 * MIN },
];
/** Registration: 10 accounts per IP per hour (slows account farming and email probing). */
export const registerRules = (ip: string): RateLimitRule[] => [{ name: 'register:ip', identifier: ip, limit: 10, windowSeconds: 60 * MIN }];
/** Changing the password checks the current one: throttled like a login. */
export const passwordChangeRules = (ip: string, customerId: string): RateLimitRule[] => [
  { name: 'login:ip', identifier: ip, limit: 30, windowSeconds: 15 * MIN },
  { name: 'password:account', identifier: customerId, limit: 5, windowSeconds: 15 * MIN },
];
