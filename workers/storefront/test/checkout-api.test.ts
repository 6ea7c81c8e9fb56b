/**
 * The cart API and checkout against the real stack: Redis carts, prices and
 * stock from Postgres, one transaction per order, Idempotency-Key semantics,
 * the manual and test payment providers.
 */
import { describe, expect, it } from 'vitest';
import { api, CARD, checkout, createDiscount, createProduct, MANUAL, newCart, readyCart, sql, stockOf } from './commerce';

describe('cart API', () => {
  it('creates a cart, adds, changes and removes lines, prices from the catalog', async () => {
    const a = await createProduct({ stock: 10, usd: 1500 });
    const b = await createProduct({ stock: 3, usd: 999 });
    const id = await newCart();
    let r = await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: a.variantId, quantity: 2 } });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    r = await api('/api/v1/carts/current/lines', { method: 'POST', cartId: id, json: { variantId: b.variantId, quantity: 1 } });
    let cart = (await r.json()) as { lines: { variantId: string; quantity: number; unitPrice: number }[]; totals: { subtotal: number } };
    expect(cart.lines.map((l) => [l.variantId, l.quantity, l.unitPrice])).toEqual([[a.variantId, 2, 1500], [b.variantId, 1, 999]]);
    expect(cart.totals.subtotal).toBe(3999);
    r = await api(`/api/v1/carts/current/lines/${a.variantId}`, { method: 'PATCH', cartId: id, json: { quantity: 5 } });
    expect(((await r.json()) as typeof cart).totals.subtotal).toBe(5 * 1500 + 999);
    r = await api(`/api/v1/carts/current/lines/${b.variantId}`, { method: 'DELETE', cartId: id });
    cart = (await r.json()) as typeof cart;
    expect(cart.lines).toHaveLength(1);
    // more than in stock: 409, cart unchanged
    r = await api(`/api/v1/carts/current/lines/${a.variantId}`, { method: 'PATCH', cartId: id, json: { quantity: 11 } });
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    r = await api('/api/v1/carts/current', { cartId: id });
    expect(((await r.json()) as typeof cart).lines[0]!.quantity).toBe(5);
  });

  it('applies and removes discount codes; shipping options follow the address', async () => {
    const p = await createProduct({ stock: 10, usd: 5000 });
    const d = await createDiscount({ percentBp: 1000 });
    const id = await readyCart([{ variantId: p.variantId, quantity: 1 }]);
    let r = await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: d.code.toLowerCase() } });
    expect(r.status).toBe(200);
    const cart = (await r.json()) as { discount: { code: string; amount: number }; totals: { discount: number; shipping: number; tax: number; total: number }; shippingOptions: { id: string }[]; checkout: { ready: boolean } };
    expect(cart.discount.code).toBe(d.code);
    expect(cart.totals.discount).toBe(500);
    expect(cart.totals.shipping).toBe(599);
    expect(cart.totals.tax).toBe(180 + 24); // NY 4 % on 4500, and on the 5.99 shipping (NY taxes shipping)
    expect(cart.totals.total).toBe(4500 + 599 + 204);
    expect(cart.shippingOptions.map((o) => o.id)).toEqual(['us-standard', 'us-express']);
    expect(cart.checkout.ready).toBe(true);
    r = await api('/api/v1/carts/current/discount', { method: 'DELETE', cartId: id });
    expect(((await r.json()) as typeof cart).totals.discount).toBe(0);
  });
});

describe('checkout', () => {
  it('places an order (manual payment): stock taken, snapshot stored, cart consumed', async () => {
    const p = await createProduct({ stock: 5, usd: 2500, title: 'Checkout mug' });
    const id = await readyCart([{ variantId: p.variantId, quantity: 2 }]);
    const key = crypto.randomUUID();
    const r = await checkout(id, key, MANUAL);
    expect(r.status).toBe(201);
    const order = (await r.json()) as { id: string; number: number; status: string; totals: { total: number; subtotal: number }; lines: { sku: string; quantity: number; unitPrice: number }[]; links: { confirmation: string } };
    expect(order.status).toBe('pending_payment');
    expect(order.number).toBeGreaterThanOrEqual(1001);
    expect(order.lines).toEqual([expect.objectContaining({ sku: p.sku, quantity: 2, unitPrice: 2500 })]);
    expect(r.headers.get('location')).toBe(`/api/v1/orders/${order.id}`);
    expect(await stockOf(p.variantId)).toEqual({ onHand: 3, reserved: 0 });
    const outbox = await sql(`select topic from outbox where payload->>'orderId' = $1`, [order.id]);
    expect(outbox.map((o) => o.topic)).toEqual(['order.placed']);
    // the cart is gone; the order is readable with its token only
    expect((await api('/api/v1/carts/current', { cartId: id })).status).toBe(404);
    const token = new URL(order.links.confirmation, 'https://x').searchParams.get('token')!;
    expect((await api(`/api/v1/orders/${order.id}`, { headers: { 'Order-Token': token } })).status).toBe(200);
    expect((await api(`/api/v1/orders/${order.id}`)).status).toBe(404);
    // same key + same body after the cart is gone: the stored response, byte for byte
    const again = await checkout(id, key, MANUAL);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.text()).toBe(JSON.stringify(order));
  });

  it('card payments: approved → paid; declined and timed out → 402 / 504, stock and discount given back', async () => {
    const p = await createProduct({ stock: 4, usd: 1000 });
    const d = await createDiscount({ percentBp: 2000, usageLimit: 5 });
    const approved = await readyCart([{ variantId: p.variantId, quantity: 1 }], { discount: d.code });
    let r = await checkout(approved, crypto.randomUUID(), CARD('4242 4242 4242 4242'));
    expect(r.status).toBe(201);
    const paid = (await r.json()) as { id: string; status: string; payment: { cardLast4: string; status: string } };
    expect(paid.status).toBe('paid');
    expect(paid.payment).toMatchObject({ cardLast4: '4242', status: 'captured' });
    expect(await stockOf(p.variantId)).toMatchObject({ onHand: 3 });

    for (const [card, status, slug] of [
      ['4000000000000002', 402, 'payment-declined'],
      ['4000000000000408', 504, 'payment-timeout'],
    ] as const) {
      const cart = await readyCart([{ variantId: p.variantId, quantity: 2 }], { discount: d.code });
      r = await checkout(cart, crypto.randomUUID(), CARD(card));
      expect(r.status).toBe(status);
      const problem = (await r.json()) as { type: string };
      expect(problem.type).toContain(slug);
      expect(await stockOf(p.variantId)).toMatchObject({ onHand: 3 });
      expect((await api('/api/v1/carts/current', { cartId: cart })).status).toBe(200);
    }
    const [discount] = await sql<{ times_used: number }>(`select times_used from discounts where id = $1`, [d.id]);
    expect(discount!.times_used).toBe(1);
    const orders = await sql<{ status: string }>(`select status from orders where discount_id = $1 order by placed_at`, [d.id]);
    expect(orders.map((o) => o.status)).toEqual(['paid', 'cancelled', 'cancelled']);
    const redemptions = await sql(`select 1 from discount_redemptions where discount_id = $1`, [d.id]);
    expect(redemptions).toHaveLength(1); // the cancelled orders gave their use back
  });
});
