/**
 * An Idempotency-Key belongs to one cart. A signed-in shopper's keys are
 * scoped to the customer, so the same key and body on a second cart used to
 * replay the first cart's order and delete the second cart (issue 9.4): a
 * replay may only ever return the order of the same cart.
 */
import { describe, expect, it } from 'vitest';
import { api, checkout, createProduct, MANUAL, readyCart, stockOf } from './commerce';
import { registerAndLogin, uniqueEmail } from './session-helpers';

describe('Idempotency-Key across carts', () => {
  it('a key reused on another cart of the same customer gets 422 and that cart is kept', async () => {
    const shopper = await registerAndLogin(uniqueEmail('key-scope'));
    const bearer = { authorization: `Bearer ${shopper.sessionId}` };
    const p = await createProduct({ stock: 10, usd: 1200 });
    const first = await readyCart([{ variantId: p.variantId, quantity: 1 }]);
    const second = await readyCart([{ variantId: p.variantId, quantity: 2 }]);
    const key = crypto.randomUUID();

    const a = await checkout(first, key, MANUAL, bearer);
    expect(a.status).toBe(201);
    const order = (await a.json()) as { id: string };

    // same key, same body, other cart: refused, never a replay of the first order
    const b = await checkout(second, key, MANUAL, bearer);
    expect(b.status).toBe(422);
    expect(b.headers.get('Idempotent-Replayed')).toBeNull();
    expect(((await b.json()) as { type: string }).type).toMatch(/idempotency-key-reused$/);

    // the second cart still exists, untouched; only the first order took stock
    const cart = await api('/api/v1/carts/current', { cartId: second });
    expect(cart.status).toBe(200);
    expect(((await cart.json()) as { lines: { variantId: string; quantity: number }[] }).lines).toEqual([expect.objectContaining({ variantId: p.variantId, quantity: 2 })]);
    expect((await stockOf(p.variantId)).onHand).toBe(9);

    // the first cart's retry with its key is still a byte-identical replay
    const again = await checkout(first, key, MANUAL, bearer);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await again.json()) as { id: string }).id).toBe(order.id);

    // and the second cart checks out with a key of its own
    const c = await checkout(second, crypto.randomUUID(), MANUAL, bearer);
    expect(c.status).toBe(201);
    expect((await stockOf(p.variantId)).onHand).toBe(7);
  });
});
