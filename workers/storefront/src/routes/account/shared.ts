/** Small helpers for the account page handlers. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readNavigation } from '../../catalog/reader';
import type { AppEnv } from '../../context';
import type { NavItem } from '../../views';
import { defaultCurrency } from '../api/listing';

/** Renders a page (Layout writes the doctype); account pages are never stored by any cache. */
export async function page(c: Context<AppEnv>, node: unknown, status: ContentfulStatusCode = 200, headers: Record<string, string> = {}): Promise<Response> {
  // through c.html so cookies set on the context (CSRF token, session) are sent
  return c.html(String(await node), status, { 'cache-control': 'private, no-store', ...headers });
}

/** Navigation (KV only, best effort) and currency for the page frame. */
export async function frame(c: Context<AppEnv>): Promise<{ nav: NavItem[]; currency: ReturnType<typeof defaultCurrency> }> {
  const nav = await readNavigation({ env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p) }).catch(() => []);
  return { nav, currency: defaultCurrency(c) };
}

/** A submitted form as plain strings (files and repeated fields ignored: first value wins). */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

/** Fixed flash messages, chosen by key (the query never carries text to show). */
export const NOTICES: Record<string, string> = {
  welcome: 'Welcome! Your account is ready.',
  name: 'Your name has been saved.',
  password: 'Your password has been changed, and every other device has been signed out.',
  sessions: 'You have been logged out everywhere else.',
  added: 'Address saved.',
  updated: 'Address updated.',
  deleted: 'Address deleted.',
  default: 'Default address changed.',
  'logged-out': 'You have been logged out.',
};

export const noticeOf = (c: Context<AppEnv>): string | undefined => NOTICES[c.req.query('done') ?? ''];
