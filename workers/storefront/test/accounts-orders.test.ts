/**
 * Order history on the account page and API. Orders are inserted straight
 * into the colleague-owned `orders` table (the checkout has its own tests);
 * what is tested here is what a customer sees, and what they never see.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from './helpers';
import { ORIGIN, registerAndLogin, uniqueEmail, type TestCustomer } from './session-helpers';

let alice: TestCustomer;
let mallory: TestCustomer;
const aliceNumbers: number[] = []; // oldest first
let malloryNumber: number;

async function insertOrder(customer: TestCustomer, minutesAgo: number, status: string): Promise<number> {
  const h = testDb();
  try {
    const r = await h.pool.query(
      `insert into orders (status, cart_hash, customer_id, email, currency, tax_included, subtotal, discount_total, shipping_total,
         shipping_discount, tax_total, grand_total, shipping_address, shipping_method, payment_provider, placed_at)
       values ($1, 'test-' || gen_random_uuid(), $2, $3, 'USD', false, 2000, 0, 500, 0, 100, 2600, $4, $5, 'manual', now() - make_interval(mins => $6))
       returning id, number`,
      [status, customer.id, customer.email, { name: 'Ada', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }, { id: 'us-standard', name: 'Standard', description: '3–5 days' }, minutesAgo],
    );
    const { id, number } = r.rows[0] as { id: string; number: string };
    await h.pool.query(
      `insert into order_lines (order_id, position, product_handle, product_title, variant_title, sku, quantity, unit_price, subtotal, discount, tax, total)
       values ($1, 0, 'secret-widget', 'Secret Widget', 'Blue', 'SW-BLUE', 2, 1000, 2000, 0, 100, 2100)`,
      [id],
    );
    return Number(number);
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  [alice, mallory] = await Promise.all([registerAndLogin(uniqueEmail('orders-a')), registerAndLogin(uniqueEmail('orders-m'))]);
  for (let i = 0; i < 12; i++) aliceNumbers.push(await insertOrder(alice, 120 - i, i % 3 === 0 ? 'fulfilled' : 'paid'));
  malloryNumber = await insertOrder(mallory, 5, 'pending_payment');
});

const page = (who: TestCustomer | null, path: string) =>
  SELF.fetch(`${ORIGIN}${path}`, { headers: who ? who.headers({ accept: 'text/html' }) : { accept: 'text/html' }, redirect: 'manual' });
const api = (who: TestCustomer | null, path: string) => SELF.fetch(`${ORIGIN}/api/v1/customers/me${path}`, { headers: who ? who.headers() : {} });

describe('order history', () => {
  it('lists the customer’s own orders on the account page, newest first, 10 per page', async () => {
    const res = await page(alice, '/account');
    expect(res.status).toBe(200);
    const html = await res.text();
    const shown = [...html.matchAll(/href="\/account\/orders\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toEqual([...aliceNumbers].reverse().slice(0, 10));
    expect(html).toContain('$26.00');
    expect(html).toContain('Shipped');
    expect(html).not.toContain(`/account/orders/${malloryNumber}"`);
    const older = /href="(\/account\?orders=[^"#]+)#orders"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const next = await (await page(alice, older)).text();
    expect([...next.matchAll(/href="\/account\/orders\/(\d+)"/g)].map((m) => Number(m[1]))).toEqual([aliceNumbers[1], aliceNumbers[0]]);
    expect((await page(alice, '/account?orders=not-a-cursor')).status).toBe(400);
  });

  it('pages through the API with a cursor and validates the query', async () => {
    const first = (await (await api(alice, '/orders?limit=5')).json()) as { items: { number: number; grandTotal: number; itemCount: number }[]; nextCursor: string };
    expect(first.items.map((o) => o.number)).toEqual([...aliceNumbers].reverse().slice(0, 5));
    expect(first.items[0]).toMatchObject({ grandTotal: 2600, itemCount: 2 });
    const second = (await (await api(alice, `/orders?limit=5&cursor=${encodeURIComponent(first.nextCursor)}`)).json()) as { items: { number: number }[] };
    expect(second.items.map((o) => o.number)).toEqual([...aliceNumbers].reverse().slice(5, 10));
    for (const q of ['?limit=0', '?limit=1000', '?limit=abc', '?cursor=broken', '?sort=asc']) {
      const res = await api(alice, `/orders${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('shows an order’s details to its customer only: another customer gets a 404, a guest is sent to log in', async () => {
    const mine = await page(alice, `/account/orders/${aliceNumbers[0]}`);
    expect(mine.status).toBe(200);
    const html = await mine.text();
    expect(html).toContain(`Order #${aliceNumbers[0]}`);
    expect(html).toContain('Secret Widget');

    const theirs = await page(mallory, `/account/orders/${aliceNumbers[0]}`);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain('Secret Widget');
    expect((await api(mallory, `/orders/${aliceNumbers[0]}`)).status).toBe(404);
    const list = (await (await api(mallory, '/orders')).json()) as { items: { number: number }[] };
    expect(list.items.map((o) => o.number)).toEqual([malloryNumber]);

    const guest = await page(null, `/account/orders/${aliceNumbers[0]}`);
    expect(guest.status).toBe(303);
    expect(guest.headers.get('location')).toBe(`/account/login?next=${encodeURIComponent(`/account/orders/${aliceNumbers[0]}`)}`);
    expect((await api(null, '/orders')).status).toBe(401);
    expect((await page(alice, '/account/orders/99999999999')).status).toBe(404);
  });
});
