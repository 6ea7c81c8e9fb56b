/**
 * The shopper's path through the server-rendered pages with forms only (no
 * JavaScript): product page form → cart → checkout details → review → place
 * order → confirmation. Cookies are carried like a browser would.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createDiscount, createProduct, ORIGIN, sql, stockOf } from './commerce';

class Browser {
  private jar = new Map<string, string>();

  async request(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers({ accept: 'text/html' });
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      headers.set('origin', ORIGIN);
    }
    const res = await SELF.fetch(`${ORIGIN}${path}`, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body: init.form ? new URLSearchParams(init.form).toString() : undefined, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired) this.jar.delete(name);
      else this.jar.set(name, pair!.slice(eq + 1));
    }
    return res;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }
}

const field = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no field ${name}`);
  return m[1]!;
};

describe('cart and checkout pages without JavaScript', () => {
  it('product form → cart → details → review → place order → confirmation', async () => {
    const p = await createProduct({ stock: 6, usd: 2400, title: 'Page Flow Lamp' });
    const d = await createDiscount({ percentBp: 1000 });
    const b = new Browser();

    // the product page's add-to-cart form (no CSRF token: that page is edge-cached)
    let r = await b.request('/cart/lines', { form: { variant_id: p.variantId, quantity: '2' } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/cart?added=1');
    const cartCookie = r.headers.getSetCookie().find((l) => l.startsWith('__Host-vt-cart='))!;
    expect(cartCookie).toMatch(/; Path=\//);
    expect(cartCookie).toMatch(/; Secure/);
    expect(cartCookie).toMatch(/; HttpOnly/);
    expect(cartCookie).toMatch(/; SameSite=Lax/);
    expect(cartCookie).not.toMatch(/Domain=/i);

    r = await b.request('/cart?added=1');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    let html = await r.text();
    expect(html).toContain('Page Flow Lamp');
    expect(html).toContain('Added to your cart.');
    expect(html).toContain('$48.00');
    const csrf = field(html, '_csrf');

    // change quantity (needs the token; without it: 403)
    expect((await b.request(`/cart/lines/${p.variantId}`, { form: { quantity: '3' } })).status).toBe(403);
    r = await b.request(`/cart/lines/${p.variantId}`, { form: { quantity: '3', _csrf: csrf } });
    expect(r.status).toBe(303);
    // too many: the cart page again, with the error at the line, nothing changed
    r = await b.request(`/cart/lines/${p.variantId}`, { form: { quantity: '7', _csrf: csrf } });
    expect(r.status).toBe(409);
    expect(await r.text()).toContain('Only 6 of this item are available');
    // a discount code, then a wrong one
    expect((await b.request('/cart/discount', { form: { code: d.code.toLowerCase(), _csrf: csrf } })).status).toBe(303);
    r = await b.request('/cart');
    html = await r.text();
    expect(html).toContain(d.code);
    expect(html).toContain('$72.00');
    expect(html).toContain('−$7.20');

    // checkout, step 1: details (errors first)
    r = await b.request('/checkout');
    html = await r.text();
    expect(html).toContain('action="/checkout/details"');
    r = await b.request('/checkout/details', { form: { _csrf: csrf, email: 'nope', country: 'US', name: 'Ada', line1: '1 Main St', city: 'Albany', region: '', postalCode: '1' } });
    expect(r.status).toBe(422);
    html = await r.text();
    expect(html).toContain('Enter a valid email address.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('value="1 Main St"'); // what was typed is kept
    r = await b.request('/checkout/details', { form: { _csrf: csrf, email: 'ada@example.com', country: 'US', name: 'Ada Lovelace', line1: '1 Main St', line2: '', city: 'Albany', region: 'NY', postalCode: '12207', phone: '' } });
    expect(r.status).toBe(303);

    // step 2: review with shipping methods, payment, the idempotency key and the total shown
    r = await b.request('/checkout');
    html = await r.text();
    expect(html).toContain('name="shipping_method" value="us-standard" checked');
    const key = field(html, 'idempotency_key');
    const expected = field(html, 'expected_total');
    // 72.00 − 7.20 = 64.80 (< 75: standard shipping 5.99); NY 4 % on 64.80 (2.59) and on shipping (0.24)
    expect(Number(expected)).toBe(6480 + 599 + 259 + 24);
    expect(html).toContain('Place order · $73.62');

    // place it — twice at once, as a double click would: one order, both land on it
    const form = { _csrf: csrf, idempotency_key: key, expected_total: expected, payment_provider: 'manual' };
    const [first, second] = await Promise.all([b.request('/checkout/place', { form }), b.request('/checkout/place', { form })]);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const location = first.headers.get('location')!;
    expect(second.headers.get('location')).toBe(location);
    expect(location).toMatch(/^\/orders\/[0-9a-f-]{36}\?token=[A-Za-z0-9_-]{43}$/);
    expect(b.cookie('__Host-vt-cart')).toBeUndefined();
    expect(await stockOf(p.variantId)).toEqual({ onHand: 3, reserved: 0 });
    const orderId = location.split('/')[2]!.split('?')[0]!;
    expect(await sql(`select 1 from orders where id = $1`, [orderId])).toHaveLength(1);

    r = await b.request(location);
    expect(r.status).toBe(200);
    // the URL carries the token: the page tells the browser never to send it on as a Referer
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    html = await r.text();
    expect(html).toContain('<meta name="referrer" content="no-referrer"/>');
    expect(html).toContain('Thank you for your order!');
    const [{ number }] = (await sql<{ number: string }>(`select number from orders where id = $1`, [orderId])) as [{ number: string }];
    expect(html).toContain(`Order #${number}`);
    expect(html).toContain('Awaiting payment');
    expect(html).toContain('IBAN');
    expect(html).toContain('$73.62');
    // a wrong token: the friendly 404 page
    r = await b.request(location.replace(/token=./, 'token=x'));
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('text/html');
    // the cart is empty now
    expect(await (await b.request('/cart')).text()).toContain('Your cart is empty');
  });

  it('a declined card shows the reason on the checkout page, with a fresh key, and keeps the cart', async () => {
    const p = await createProduct({ stock: 3, usd: 1000 });
    const b = new Browser();
    await b.request('/cart/lines', { form: { variant_id: p.variantId, quantity: '1' } });
    let html = await (await b.request('/checkout')).text();
    const csrf = field(html, '_csrf');
    await b.request('/checkout/details', { form: { _csrf: csrf, email: 'grace@example.com', country: 'DE', name: 'Grace Hopper', line1: 'Unter den Linden 1', city: 'Berlin', region: '', postalCode: '10117', phone: '' } });
    html = await (await b.request('/checkout')).text();
    const key = field(html, 'idempotency_key');
    expect(html).toContain('eu-standard');
    const r = await b.request('/checkout/place', { form: { _csrf: csrf, idempotency_key: key, expected_total: field(html, 'expected_total'), payment_provider: 'test', card_number: '4000 0000 0000 0002' } });
    expect(r.status).toBe(402);
    html = await r.text();
    expect(html).toContain('The card was declined.');
    expect(field(html, 'idempotency_key')).not.toBe(key);
    expect(await stockOf(p.variantId)).toEqual({ onHand: 3, reserved: 0 });
    expect(b.cookie('__Host-vt-cart')).toBeDefined();
    // an invalid card number is a form error, before anything runs
    const bad = await b.request('/checkout/place', { form: { _csrf: csrf, idempotency_key: field(html, 'idempotency_key'), payment_provider: 'test', card_number: '1234' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter the card number');
  });
});
