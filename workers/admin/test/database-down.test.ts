/**
 * The admin through the database seam when Postgres cannot be reached: API calls answer 503 problem+json with
 * Retry-After, pages a friendly 503 page with Retry-After — never a 500, never a driver message.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { createAdmin, login, ORIGIN, setCookieValue, testEnv } from './helpers';

describe('database unavailable', () => {
  // the same server, a database that does not exist: every connection attempt fails (SQLSTATE 3D000)
  const url = new URL(testEnv.DATABASE_URL);
  url.pathname = `/vitrine_missing_${crypto.randomUUID().slice(0, 8)}`;
  const down = { ...testEnv, DATABASE_URL: url.toString() };
  const app = createApp();
  const call = async (path: string, init: RequestInit = {}) => {
    const ctx = createExecutionContext();
    const res = await app.request(`${ORIGIN}${path}`, init, down, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  };

  it('API token requests: 503 problem+json with Retry-After, no driver text', async () => {
    const res = await call('/admin/api/v1/orders', { headers: { authorization: `Bearer vta_${'A'.repeat(43)}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const text = await res.text();
    expect(text).not.toMatch(/vitrine_missing|does not exist|127\.0\.0\.1|password/);
  });

  it('a signed-in merchant (session in Redis, user re-read from Postgres) gets a 503 page with Retry-After', async () => {
    const u = await createAdmin('staff');
    const session = setCookieValue(await login(u.email), '__Host-vt-admin')!;
    const res = await call('/admin/orders', { headers: { cookie: `__Host-vt-admin=${session}`, accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).not.toMatch(/vitrine_missing|does not exist/);
  });
});
