/**
 * Admin sessions and login throttling: the generic pieces from edge/, with
 * admin settings — own cookie and Redis prefix, and much shorter timeouts
 * than shoppers' (30 minutes idle, 12 hours absolute, cookie ends with the
 * browser), stricter login limits.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import { createPasswordHasher, createPasswordPolicy } from '../../../../edge/auth';
import { createSlidingWindowLimiter, type RateLimitRule } from '../../../../edge/rate-limit';
import { redisFromEnv } from '../../../../edge/redis';
import { createSessionStore } from '../../../../edge/session';
import type { AdminAppEnv } from '../context';

export const ADMIN_SESSION_COOKIE = '__Host-vt-admin';
export const ADMIN_IDLE_SECONDS = 30 * 60;
export const ADMIN_ABSOLUTE_SECONDS = 12 * 3600;

export interface AdminSessionData {
  email: string;
}

export const adminSessions = createSessionStore<AdminSessionData>({
  prefix: 'vt:adm',
  cookieName: ADMIN_SESSION_COOKIE,
  idleSeconds: ADMIN_IDLE_SECONDS,
  absoluteSeconds: ADMIN_ABSOLUTE_SECONDS,
  cookieLifetime: 'browser',
  dataSchema: z.object({ email: z.string() }),
});

export const passwords = createPasswordHasher();
export const adminPasswordPolicy = createPasswordPolicy({ minLength: 12 });
export const adminLimiter = createSlidingWindowLimiter({ prefix: 'vt:adm' });

export function redisOf(c: Context<AdminAppEnv>) {
  return redisFromEnv(c.env);
}

export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** 5 attempts per account and 20 per IP per 15 minutes. */
export const adminLoginRules = (ip: string, email: string): RateLimitRule[] => [
  { name: 'login:ip', identifier: ip, limit: 20, windowSeconds: 15 * 60 },
  { name: 'login:account', identifier: email, limit: 5, windowSeconds: 15 * 60 },
];
