/**
 * Every admin route × every kind of caller: anonymous, each role, a disabled
 * user. The expected status comes from the permission matrix in domain/admin:
 * anonymous and disabled → 401 (API) or a redirect to the login page (pages);
 * a role without the permission → 403; with it → anything but 401/403/5xx
 * (writes send empty or invalid bodies and unknown ids, so nothing changes).
 * The table must list exactly the routes the app has.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROLES, can, type AdminRole, type Permission } from '../../../domain/admin/roles';
import { createApp } from '../src/app';
import { client, createAdmin, login, setCookieValue, signIn, sql, type Client } from './helpers';

const X = '00000000-0000-4000-8000-000000000000';
type Need = Permission | 'signed-in' | 'public';
type Row = [method: string, path: string, need: Need, sample?: string];

const ROUTES: Row[] = [
  ['GET', '/healthz', 'public'],
  ['GET', '/', 'public'],
  ['GET', '/admin/api/v1/openapi.json', 'public'],
  ['GET', '/admin/api/v1/docs', 'public'],
  ['POST', '/admin/api/v1/session', 'public'],
  ['GET', '/admin/api/v1/session', 'signed-in'],
  ['DELETE', '/admin/api/v1/session', 'signed-in'],
  ['GET', '/admin/api/v1/dashboard', 'dashboard:read'],
  ['GET', '/admin/api/v1/products/export.csv', 'catalog:read'],
  ['POST', '/admin/api/v1/products/import', 'catalog:write'],
  ['GET', '/admin/api/v1/products', 'catalog:read'],
  ['POST', '/admin/api/v1/products', 'catalog:write'],
  ['GET', '/admin/api/v1/products/:id', 'catalog:read', `/admin/api/v1/products/${X}`],
  ['PUT', '/admin/api/v1/products/:id', 'catalog:write', `/admin/api/v1/products/${X}`],
  ['POST', '/admin/api/v1/products/:id/status', 'catalog:write', `/admin/api/v1/products/${X}/status`],
  ['DELETE', '/admin/api/v1/products/:id', 'catalog:write', `/admin/api/v1/products/${X}`],
  ['GET', '/admin/api/v1/collections', 'catalog:read'],
  ['POST', '/admin/api/v1/collections', 'catalog:write'],
  ['GET', '/admin/api/v1/collections/:id', 'catalog:read', `/admin/api/v1/collections/${X}`],
  ['PUT', '/admin/api/v1/collections/:id', 'catalog:write', `/admin/api/v1/collections/${X}`],
  ['DELETE', '/admin/api/v1/collections/:id', 'catalog:write', `/admin/api/v1/collections/${X}`],
  ['POST', '/admin/api/v1/products/:id/media', 'media:write', `/admin/api/v1/products/${X}/media`],
  ['PUT', '/admin/api/v1/products/:id/media/order', 'media:write', `/admin/api/v1/products/${X}/media/order`],
  ['PATCH', '/admin/api/v1/media/:id', 'media:write', `/admin/api/v1/media/${X}`],
  ['DELETE', '/admin/api/v1/media/:id', 'media:write', `/admin/api/v1/media/${X}`],
  ['GET', '/admin/api/v1/orders', 'orders:read'],
  ['GET', '/admin/api/v1/orders/:id', 'orders:read', `/admin/api/v1/orders/${X}`],
  ['POST', '/admin/api/v1/orders/:id/actions', 'orders:write', `/admin/api/v1/orders/${X}/actions`],
  ['GET', '/admin/api/v1/inventory/low-stock', 'inventory:read'],
  ['GET', '/admin/api/v1/inventory/:variantId', 'inventory:read', `/admin/api/v1/inventory/${X}`],
  ['POST', '/admin/api/v1/inventory/:variantId/adjustments', 'inventory:write', `/admin/api/v1/inventory/${X}/adjustments`],
  ['GET', '/admin/api/v1/discounts', 'discounts:read'],
  ['POST', '/admin/api/v1/discounts', 'discounts:write'],
  ['GET', '/admin/api/v1/discounts/:id', 'discounts:read', `/admin/api/v1/discounts/${X}`],
  ['PUT', '/admin/api/v1/discounts/:id', 'discounts:write', `/admin/api/v1/discounts/${X}`],
  ['DELETE', '/admin/api/v1/discounts/:id', 'discounts:write', `/admin/api/v1/discounts/${X}`],
  ['GET', '/admin/api/v1/users', 'users:manage'],
  ['POST', '/admin/api/v1/users', 'users:manage'],
  ['PATCH', '/admin/api/v1/users/:id', 'users:manage', `/admin/api/v1/users/${X}`],
  ['GET', '/admin/api/v1/tokens', 'tokens:manage'],
  ['POST', '/admin/api/v1/tokens', 'tokens:manage'],
  ['DELETE', '/admin/api/v1/tokens/:id', 'tokens:manage', `/admin/api/v1/tokens/${X}`],
  ['GET', '/admin/api/v1/audit', 'audit:read'],
  // pages
  ['GET', '/admin/login', 'public'],
  ['POST', '/admin/login', 'public'],
  ['POST', '/admin/logout', 'public'],
  ['GET', '/admin/products/import', 'catalog:write'],
  ['POST', '/admin/products/import', 'catalog:write'],
  ['GET', '/admin/products', 'catalog:read'],
  ['GET', '/admin/products/new', 'catalog:write'],
  ['POST', '/admin/products', 'catalog:write'],
  ['GET', '/admin/products/:id', 'catalog:read', `/admin/products/${X}`],
  ['POST', '/admin/products/:id', 'catalog:write', `/admin/products/${X}`],
  ['POST', '/admin/products/:id/status', 'catalog:write', `/admin/products/${X}/status`],
  ['POST', '/admin/products/:id/media', 'media:write', `/admin/products/${X}/media`],
  ['POST', '/admin/media/:id/alt', 'media:write', `/admin/media/${X}/alt`],
  ['POST', '/admin/media/:id/delete', 'media:write', `/admin/media/${X}/delete`],
  ['GET', '/admin/collections', 'catalog:read'],
  ['GET', '/admin/collections/new', 'catalog:write'],
  ['GET', '/admin/collections/:id', 'catalog:read', `/admin/collections/${X}`],
  ['POST', '/admin/collections', 'catalog:write'],
  ['POST', '/admin/collections/:id', 'catalog:write', `/admin/collections/${X}`],
  ['GET', '/admin/orders', 'orders:read'],
  ['GET', '/admin/orders/:id', 'orders:read', `/admin/orders/${X}`],
  ['POST', '/admin/orders/:id/actions', 'orders:write', `/admin/orders/${X}/actions`],
  ['GET', '/admin', 'dashboard:read'],
  ['GET', '/admin/inventory', 'inventory:read'],
  ['GET', '/admin/inventory/:variantId', 'inventory:read', `/admin/inventory/${X}`],
  ['POST', '/admin/inventory/:variantId', 'inventory:write', `/admin/inventory/${X}`],
  ['GET', '/admin/discounts', 'discounts:read'],
  ['GET', '/admin/discounts/new', 'discounts:write'],
  ['POST', '/admin/discounts', 'discounts:write'],
  ['GET', '/admin/discounts/:id', 'discounts:read', `/admin/discounts/${X}`],
  ['POST', '/admin/discounts/:id', 'discounts:write', `/admin/discounts/${X}`],
  ['POST', '/admin/discounts/:id/delete', 'discounts:write', `/admin/discounts/${X}/delete`],
  ['POST', '/admin/products/:id/media/order', 'media:write', `/admin/products/${X}/media/order`],
  ['POST', '/admin/users', 'users:manage'],
  ['POST', '/admin/users/:id', 'users:manage', `/admin/users/${X}`],
  ['GET', '/admin/tokens', 'tokens:manage'],
  ['POST', '/admin/tokens', 'tokens:manage'],
  ['POST', '/admin/tokens/:id/revoke', 'tokens:manage', `/admin/tokens/${X}/revoke`],
  ['GET', '/admin/users', 'users:manage'],
  ['GET', '/admin/audit', 'audit:read'],
  ['GET', '/admin/media-files/:name', 'catalog:read', `/admin/media-files/${'0'.repeat(64)}.png`],
];

const isApi = (p: string) => p.startsWith('/admin/api/');

describe('route table', () => {
  it('lists exactly the routes the app serves', () => {
    const app = createApp();
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    const listed = new Set(ROUTES.map(([m, p]) => `${m} ${p}`));
    expect([...served].filter((r) => !listed.has(r)).sort()).toEqual([]);
    expect([...listed].filter((r) => !served.has(r)).sort()).toEqual([]);
  });
});

describe('route × role matrix', () => {
  const callers: Record<string, Client> = {};
  beforeAll(async () => {
    callers.anonymous = client(null);
    for (const role of ADMIN_ROLES) callers[role] = await signIn(role);
    // a user who signed in, then was disabled: the live session must stop working at once
    const d = await createAdmin('owner');
    const session = setCookieValue(await login(d.email), '__Host-vt-admin');
    await sql(`update admin_users set disabled = true where id = $1`, [d.id]);
    callers.disabled = client(session);
  });

  const kinds = ['anonymous', ...ADMIN_ROLES, 'disabled'] as const;
  for (const [method, path, need, sample] of ROUTES.filter(([, , n]) => n !== 'public')) {
    it(`${method} ${path}`, async () => {
      const url = sample ?? path;
      const results: string[] = [];
      const expected: string[] = [];
      // logging out ends the caller's session: that row gets fresh callers of its own
      const logout = method === 'DELETE' && path === '/admin/api/v1/session';
      for (const kind of kinds) {
        const c = logout && kind !== 'anonymous' && kind !== 'disabled' ? await signIn(kind) : callers[kind]!;
        const init = method === 'GET' ? {} : isApi(url) ? { method, json: {} } : { method, form: {} };
        const res = await c.fetch(url, init);
        const s = res.status;
        const loc = res.headers.get('location') ?? '';
        let got: string;
        if (s === 401 || (s === 303 && loc.startsWith('/admin/login'))) got = 'unauthenticated';
        else if (s === 403) got = 'forbidden';
        else if (s >= 500) got = `error ${s}`;
        else got = 'allowed';
        if (got === 'unauthenticated' && !isApi(url)) expect(s).toBe(303);
        if (got === 'unauthenticated' && isApi(url)) expect(res.headers.get('content-type')).toContain('application/problem+json');
        results.push(`${kind}: ${got}`);
        const role = kind as AdminRole;
        const want = kind === 'anonymous' || kind === 'disabled' ? 'unauthenticated' : need === 'signed-in' || can(role, need as Permission) ? 'allowed' : 'forbidden';
        expected.push(`${kind}: ${want}`);
      }
      expect(results).toEqual(expected);
    });
  }
});
