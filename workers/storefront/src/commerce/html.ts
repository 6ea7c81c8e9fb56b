/** HTML responses of the cart, checkout and order pages: never cached, never indexed. */
import type { Context } from 'hono';
import { readNavigation } from '../catalog/reader';
import type { AppEnv } from '../context';
import type { NavItem } from '../views/shared';

/** Renders through the context, so cookies set during the request (cart, CSRF) are kept. Layout writes the doctype. */
export async function htmlPage(c: Context, node: unknown, status = 200, headers: Record<string, string> = {}): Promise<Response> {
  return c.html(String(await node), status as 200, { 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex', ...headers });
}

/** Collection navigation from KV (best effort, never the database). */
export function navigation(c: Context<AppEnv>): Promise<NavItem[]> {
  return readNavigation({ env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p) });
}

/** 303 after a form POST (keeps cookies set during the request). */
export function seeOther(c: Context, location: string): Response {
  c.header('cache-control', 'private, no-store');
  return c.redirect(location, 303);
}

/** Form fields as strings (files and repeated fields: the last string value). */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const val = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}
