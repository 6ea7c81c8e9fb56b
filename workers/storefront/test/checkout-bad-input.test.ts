/**
 * Bad input never produces a 500 or a write: each case gets a clear 4xx
 * problem+json (or a form error on pages) and the cart, the stock and the
 * orders stay exactly as they were.
 */
import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_US, api, CARD, checkout, createDiscount, createProduct, MANUAL, newCart, ORIGIN, readyCart, sql, stockOf, type TestVariant } from './commerce';

let p: TestVariant;
let archived: TestVariant;

beforeAll(async () => {
  [p, archived] = await Promise.all([createProduct({ stock: 5, usd: 1000 }), createProduct({ stock: 5, status: 'archived' })]);
});

async function expectProblem(r: Response, status: number, typeSuffix?: string): Promise<{ type: string; errors?: { path: string }[]; detail: string }> {
  const text = await r.text();
  expect(r.status, text).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(text).not.toMatch(/\n\s+at |stack|Failed query|select |insert /i);
  const body = JSON.parse(text) as { type: string; errors?: { path: string }[]; detail: string };
  if (typeSuffix) expect(body.type).toBe(`https://vitrine.dev/problems/${typeSuffix}`);
  return body;
}

async function cartLines(id: string): Promise<[string, number][]> {
  const r = await api('/api/v1/carts/current', { cartId: id });
  return ((await r.json()) as { lines: { variantId: string; quantity: number }[] }).lines.map((l) => [l.variantId, l.quantity]);
}

describe('bad cart input', () => {
  it('negative, zero, fractional, huge, non-numeric quantities: 422/400 and the cart unchanged', async () => {
    const id = await newCart([{ variantId: p.variantId, quantity: 1 }]);
    for (const quantity of [-1, 0, 1.5, 100, 1e9, 1e300]) {
      await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: p.variantId, quantity } }), 422, 'validation-failed');
    }
    for (const quantity of ['2', null, true, [1]]) {
      await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: p.variantId, quantity } }), 422);
    }
    for (const quantity of [-1, 1.5, 100]) {
      await expectProblem(await api(`/api/v1/carts/current/lines/${p.variantId}`, { method: 'PATCH', cartId: id, json: { quantity } }), 422);
    }
    expect(await cartLines(id)).toEqual([[p.variantId, 1]]);
  });

  it('unknown, archived and malformed variants', async () => {
    const id = await newCart();
    await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: crypto.randomUUID(), quantity: 1 } }), 422, 'variant-unavailable');
    await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: archived.variantId, quantity: 1 } }), 422, 'variant-unavailable');
    await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: 'nope', quantity: 1 } }), 422);
    await expectProblem(await api('/api/v1/carts/current/lines/nope', { method: 'PATCH', cartId: id, json: { quantity: 1 } }), 400);
    await expectProblem(await api(`/api/v1/carts/current/lines/${p.variantId}`, { method: 'PATCH', cartId: id, json: { quantity: 1 } }), 404, 'line-not-found');
    await expectProblem(await api('/api/v1/carts', { method: 'POST', json: { lines: [{ variantId: archived.variantId, quantity: 1 }] } }), 422, 'variant-unavailable');
    expect(await cartLines(id)).toEqual([]);
  });

  it('tampered prices and unknown fields are refused, never applied', async () => {
    const id = await newCart();
    const r = await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: p.variantId, quantity: 1, price: 1 } }), 400);
    expect(r.errors?.[0]?.path).toBe('body');
    await expectProblem(await api('/api/v1/carts', { method: 'POST', json: { lines: [{ variantId: p.variantId, quantity: 1, unitPrice: 1 }] } }), 400);
    const ready = await readyCart([{ variantId: p.variantId, quantity: 1 }]);
    await expectProblem(await checkout(ready, crypto.randomUUID(), { ...MANUAL, total: 1 }), 400);
    await expectProblem(await checkout(ready, crypto.randomUUID(), { ...MANUAL, lines: [{ variantId: p.variantId, unitPrice: 1 }] }), 400);
    // a stale or forged expected total: refused with the real totals, nothing charged or written
    const before = await stockOf(p.variantId);
    const stale = await expectProblem(await checkout(ready, crypto.randomUUID(), { ...MANUAL, expectedTotal: 1 }), 409, 'price-changed');
    expect((stale as unknown as { totals: { total: number } }).totals.total).toBeGreaterThan(1000);
    expect(await stockOf(p.variantId)).toEqual(before);
    expect(await cartLines(ready)).toEqual([[p.variantId, 1]]);
  });

  it('expired, unknown and malformed carts', async () => {
    const fake = 'A'.repeat(43);
    await expectProblem(await api('/api/v1/carts/current', { cartId: fake }), 404, 'cart-not-found');
    await expectProblem(await api('/api/v1/carts/current/lines', { method: 'POST', cartId: fake, json: { variantId: p.variantId, quantity: 1 } }), 404, 'cart-not-found');
    await expectProblem(await checkout(fake, crypto.randomUUID()), 404, 'cart-not-found');
    await expectProblem(await api('/api/v1/carts/current', { headers: { 'Cart-Id': 'short' } }), 400);
    await expectProblem(await api('/api/v1/carts/current'), 404, 'cart-not-found');
    // a cart that expired: gone from Redis after its TTL — simulated by deleting it
    const id = await newCart([{ variantId: p.variantId, quantity: 1 }]);
    expect((await api('/api/v1/carts/current', { method: 'DELETE', cartId: id })).status).toBe(204);
    await expectProblem(await checkout(id, crypto.randomUUID()), 404, 'cart-not-found');
  });

  it('malformed addresses and emails', async () => {
    const id = await newCart([{ variantId: p.variantId, quantity: 1 }]);
    const cases: [unknown, string][] = [
      [{ ...ADDRESS_US, city: '' }, 'body.shippingAddress.city'],
      [{ ...ADDRESS_US, postalCode: 'ABCDE' }, 'body.shippingAddress.postalCode'],
      [{ ...ADDRESS_US, region: undefined }, 'body.shippingAddress.region'],
      [{ ...ADDRESS_US, region: 'ZZ' }, 'body.shippingAddress.region'],
      [{ ...ADDRESS_US, country: 'XX' }, 'body.shippingAddress.country'],
      [{ ...ADDRESS_US, country: 'USA' }, 'body.shippingAddress.country'],
      [{ ...ADDRESS_US, name: 'x'.repeat(101) }, 'body.shippingAddress.name'],
      [{ ...ADDRESS_US, line1: 'Main St\u0000' }, 'body.shippingAddress.line1'],
      [{ ...ADDRESS_US, phone: 'call me' }, 'body.shippingAddress.phone'],
    ];
    for (const [shippingAddress, path] of cases) {
      const body = await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: { shippingAddress } }), 422);
      expect(body.errors?.map((e) => e.path)).toContain(path);
    }
    await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: { shippingAddress: { ...ADDRESS_US, extra: 1 } } }), 400);
    for (const email of ['not-an-email', 'a@', '@b.c', `${'x'.repeat(250)}@example.com`, 'a b@example.com']) {
      const body = await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: { email } }), 422);
      expect(body.errors?.map((e) => e.path)).toContain('body.email');
    }
    await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: { shippingMethod: 'us-standard' } }), 422, 'shipping-address-required');
    await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: { shippingAddress: ADDRESS_US, shippingMethod: 'eu-standard' } }), 422, 'shipping-method-unavailable');
    await expectProblem(await api('/api/v1/carts/current', { method: 'PATCH', cartId: id, json: {} }), 422);
    const cart = (await (await api('/api/v1/carts/current', { cartId: id })).json()) as { email: unknown; shippingAddress: unknown };
    expect(cart).toMatchObject({ email: null, shippingAddress: null });
    // the same rules at checkout
    await expectProblem(await checkout(id, crypto.randomUUID(), { ...MANUAL, email: 'nope', shippingAddress: ADDRESS_US, shippingMethod: 'us-standard' }), 422);
    await expectProblem(await checkout(id, crypto.randomUUID(), MANUAL), 422, 'validation-failed'); // email, address, method missing
  });

  it('unknown, exhausted, expired, not-yet-applicable discount codes', async () => {
    const id = await newCart([{ variantId: p.variantId, quantity: 1 }]);
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: 'NOSUCHCODE' } }), 422, 'discount-not-found');
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: '!!' } }), 422);
    const exhausted = await createDiscount({ usageLimit: 1 });
    await sql('update discounts set times_used = 1 where id = $1', [exhausted.id]);
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: exhausted.code } }), 422, 'discount-exhausted');
    const expired = await createDiscount({ endsAt: '2020-01-01T00:00:00Z' });
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: expired.code } }), 422, 'discount-expired');
    const minimum = await createDiscount({ minimum: { USD: 100_000 } });
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: minimum.code } }), 422, 'discount-minimum-not-met');
    const eurOnly = await createDiscount({ kind: 'fixed_amount', amounts: { EUR: 500 } });
    await expectProblem(await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: eurOnly.code } }), 422, 'discount-currency');
    const cart = (await (await api('/api/v1/carts/current', { cartId: id })).json()) as { discount: unknown };
    expect(cart.discount).toBeNull();
    // a code that ran out after it was applied: checkout refuses with 409 and writes nothing
    const last = await createDiscount({ usageLimit: 1 });
    const ready = await readyCart([{ variantId: p.variantId, quantity: 1 }], { discount: last.code });
    await sql('update discounts set times_used = 1 where id = $1', [last.id]);
    const before = await stockOf(p.variantId);
    await expectProblem(await checkout(ready, crypto.randomUUID()), 409, 'discount-exhausted');
    expect(await stockOf(p.variantId)).toEqual(before);
  });
});

describe('bad checkout requests', () => {
  it('Idempotency-Key missing, malformed or reused with another body; bad JSON; bad payment input', async () => {
    const id = await readyCart([{ variantId: p.variantId, quantity: 1 }]);
    const before = await stockOf(p.variantId);
    await expectProblem(await api('/api/v1/checkout', { method: 'POST', cartId: id, json: MANUAL }), 400, 'idempotency-key-missing');
    await expectProblem(await checkout(id, 'short'), 400, 'idempotency-key-invalid');
    await expectProblem(await api('/api/v1/checkout', { method: 'POST', cartId: id, key: crypto.randomUUID(), body: '{"payment":', headers: { 'content-type': 'application/json' } }), 400, 'malformed-json');
    await expectProblem(await api('/api/v1/checkout', { method: 'POST', cartId: id, key: crypto.randomUUID(), body: 'payment=manual', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    await expectProblem(await checkout(id, crypto.randomUUID(), { payment: { provider: 'bitcoin' } }), 422, 'payment-provider-unavailable');
    await expectProblem(await checkout(id, crypto.randomUUID(), { payment: { provider: 'test' } }), 422);
    await expectProblem(await checkout(id, crypto.randomUUID(), CARD('4242424242424241')), 422); // fails the Luhn check
    await expectProblem(await checkout(id, crypto.randomUUID(), CARD('12ab')), 422);
    await expectProblem(await checkout(id, crypto.randomUUID(), { payment: { provider: 'manual', card: { number: '4242424242424242' } } }), 422);
    const big = await api('/api/v1/checkout', { method: 'POST', cartId: id, key: crypto.randomUUID(), json: { ...MANUAL, pad: 'x'.repeat(70_000) } });
    expect(big.status).toBe(413);
    expect(await stockOf(p.variantId)).toEqual(before);
    expect(await cartLines(id)).toEqual([[p.variantId, 1]]);

    // same key, different body → 422; same key, same body → the same order
    const key = crypto.randomUUID();
    expect((await checkout(id, key, MANUAL)).status).toBe(201);
    await expectProblem(await checkout(id, key, { ...MANUAL, email: 'other@example.com' }), 422, 'idempotency-key-reused');
  });

  it('an empty cart and items that went out of stock or off sale: the cart is kept intact', async () => {
    const empty = await newCart();
    await expectProblem(await checkout(empty, crypto.randomUUID(), { ...MANUAL, email: 'a@example.com', shippingAddress: ADDRESS_US, shippingMethod: 'us-standard' }), 422, 'cart-empty');
    const q = await createProduct({ stock: 2 });
    const id = await readyCart([{ variantId: q.variantId, quantity: 2 }, { variantId: p.variantId, quantity: 1 }]);
    await sql('update inventory_levels set on_hand = 1 where variant_id = $1', [q.variantId]);
    const body = (await expectProblem(await checkout(id, crypto.randomUUID()), 409, 'insufficient-stock')) as unknown as { lines: { variantId: string; available: number; requested: number }[] };
    expect(body.lines).toEqual([expect.objectContaining({ variantId: q.variantId, available: 1, requested: 2 })]);
    await sql(`update products set status = 'archived' where id = $1`, [q.productId]);
    await expectProblem(await checkout(id, crypto.randomUUID()), 409, 'items-unavailable');
    expect(await cartLines(id)).toEqual([[q.variantId, 2], [p.variantId, 1]]);
    const view = (await (await api('/api/v1/carts/current', { cartId: id })).json()) as { lines: { issue: { code: string } | null }[]; checkout: { ready: boolean } };
    expect(view.lines[0]!.issue?.code).toBe('unavailable');
    expect(view.checkout.ready).toBe(false);
  });
});

describe('bad input on pages', () => {
  it('the add-to-cart form with bad fields answers a form error page, never a 500', async () => {
    for (const [variant, quantity] of [[p.variantId, 'abc'], [p.variantId, '-2'], [p.variantId, '2.5'], [p.variantId, '1000'], ['nope', '1'], [crypto.randomUUID(), '1'], [archived.variantId, '1']] as const) {
      const r = await SELF.fetch(`${ORIGIN}/cart/lines`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ variant_id: variant, quantity }).toString(),
        redirect: 'manual',
      });
      expect(r.status).toBe(422);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(await r.text()).toContain('class="alert"');
      // no cart was created for a failed add
      expect(r.headers.getSetCookie().some((l) => l.startsWith('__Host-vt-cart='))).toBe(false);
    }
  });

  it('cross-site form posts are refused', async () => {
    const r = await SELF.fetch(`${ORIGIN}/cart/lines`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ variant_id: p.variantId, quantity: '1' }).toString(),
      redirect: 'manual',
    });
    expect(r.status).toBe(403);
  });
});
