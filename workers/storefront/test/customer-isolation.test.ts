/**
 * A customer can never read another customer's cart or order — through the
 * API, the pages, with the other's cart id, or with the other's order link.
 * Uses the accounts API (registration + login) for real sessions.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_US, createProduct, MANUAL, sql } from './commerce';
import { ORIGIN, registerAndLogin, uniqueEmail, type TestCustomer } from './session-helpers';

let alice: TestCustomer;
let mallory: TestCustomer;

function as(who: TestCustomer | null, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = who ? who.headers(Object.fromEntries(new Headers(init.headers).entries())) : new Headers(init.headers);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: 'manual' });
}

beforeAll(async () => {
  [alice, mallory] = await Promise.all([registerAndLogin(uniqueEmail('iso-a')), registerAndLogin(uniqueEmail('iso-m'))]);
});

describe("customers cannot read each other's carts or orders", () => {
  it('carts: a signed-in customer’s cart is theirs alone, even to someone holding its id', async () => {
    const p = await createProduct({ stock: 5 });
    const created = await as(alice, '/api/v1/carts', { method: 'POST', json: { lines: [{ variantId: p.variantId, quantity: 1 }] } });
    expect(created.status).toBe(201);
    const cartId = created.headers.get('Cart-Id')!;
    expect((await as(alice, '/api/v1/carts/current', { headers: { 'Cart-Id': cartId } })).status).toBe(200);
    for (const who of [mallory, null]) {
      const r = await as(who, '/api/v1/carts/current', { headers: { 'Cart-Id': cartId } });
      expect(r.status).toBe(404);
      const w = await as(who, '/api/v1/carts/current/lines', { method: 'POST', headers: { 'Cart-Id': cartId }, json: { variantId: p.variantId, quantity: 1 } });
      expect(w.status).toBe(404);
      const co = await as(who, '/api/v1/checkout', { method: 'POST', headers: { 'Cart-Id': cartId, 'Idempotency-Key': crypto.randomUUID() }, json: { ...MANUAL, email: 'x@example.com', shippingAddress: ADDRESS_US, shippingMethod: 'us-standard' } });
      expect(co.status).toBe(404);
    }
    // the cart page with Alice's cart cookie but Mallory's session shows an empty cart, not Alice's items
    const page = await as(mallory, '/cart', { headers: { cookie: `${mallory.cookie}; __Host-vt-cart=${cartId}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(p.handle);
    // Alice's cart is untouched
    const mine = (await (await as(alice, '/api/v1/carts/current', { headers: { 'Cart-Id': cartId } })).json()) as { lines: { quantity: number }[] };
    expect(mine.lines.map((l) => l.quantity)).toEqual([1]);
  });

  it("orders: Alice's order is readable by Alice only — not by Mallory, not by a guest, not with its link token alone", async () => {
    const p = await createProduct({ stock: 5 });
    const created = await as(alice, '/api/v1/carts', { method: 'POST', json: { lines: [{ variantId: p.variantId, quantity: 1 }] } });
    const cartId = created.headers.get('Cart-Id')!;
    const r = await as(alice, '/api/v1/checkout', {
      method: 'POST',
      headers: { 'Cart-Id': cartId, 'Idempotency-Key': crypto.randomUUID() },
      json: { ...MANUAL, email: alice.email, shippingAddress: ADDRESS_US, shippingMethod: 'us-standard' },
    });
    expect(r.status).toBe(201);
    const order = (await r.json()) as { id: string; accessToken: string; links: { confirmation: string } };
    expect((await sql<{ customer_id: string }>(`select customer_id from orders where id = $1`, [order.id]))[0]!.customer_id).toBe(alice.id);

    expect((await as(alice, `/api/v1/orders/${order.id}`)).status).toBe(200);
    expect((await as(alice, order.links.confirmation, { headers: { accept: 'text/html' } })).status).toBe(200);
    // Mallory: 404 with or without the token, API and page
    expect((await as(mallory, `/api/v1/orders/${order.id}`)).status).toBe(404);
    expect((await as(mallory, `/api/v1/orders/${order.id}`, { headers: { 'Order-Token': order.accessToken } })).status).toBe(404);
    const mp = await as(mallory, order.links.confirmation, { headers: { accept: 'text/html' } });
    expect(mp.status).toBe(404);
    expect(await mp.text()).not.toContain(alice.email);
    // a guest: 404 without the token; with it, only "log in" (nothing of the order)
    expect((await as(null, `/api/v1/orders/${order.id}`)).status).toBe(404);
    const guest = await as(null, `/api/v1/orders/${order.id}`, { headers: { 'Order-Token': order.accessToken } });
    expect(guest.status).toBe(401);
    expect(await guest.text()).not.toContain(alice.email);
    const guestPage = await as(null, order.links.confirmation, { headers: { accept: 'text/html' } });
    expect(guestPage.status).toBe(303);
    expect(guestPage.headers.get('location')).toBe(`/account/login?next=${encodeURIComponent(`/orders/${order.id}`)}`);
    // Mallory's own history never lists it
    const h = await as(mallory, '/api/v1/customers/me/orders');
    if (h.status === 200) expect(JSON.stringify(await h.json())).not.toContain(order.id);
  });

  it('a signed-in customer’s checkout starts from their email and default address', async () => {
    const p = await createProduct({ stock: 5 });
    const saved = await as(alice, '/api/v1/customers/me/addresses', { method: 'POST', json: { name: 'Alice Liddell', line1: '7 Rabbit Hole Rd', city: 'Oxford', postalCode: 'OX1 1DP', country: 'GB', isDefault: true } });
    expect(saved.status).toBe(201);
    const add = await as(alice, '/cart/lines', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ variant_id: p.variantId, quantity: '1' }).toString() });
    expect(add.status).toBe(303);
    const cartCookie = add.headers.getSetCookie().find((l) => l.startsWith('__Host-vt-cart='))!.split(';')[0]!;
    const page = await as(alice, '/checkout', { headers: { cookie: `${alice.cookie}; ${cartCookie}`, accept: 'text/html' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain(`value="${alice.email}"`);
    expect(html).toContain('value="7 Rabbit Hole Rd"');
    expect(html).toContain('<option value="GB" selected="">');
  });
});
