/**
 * Payment provider webhooks (the `test` provider's Stripe-style signatures):
 * verified on the raw body, applied through the order state machine,
 * idempotent for duplicates, and refused when forged or stale.
 */
import { describe, expect, it } from 'vitest';
import { signTestWebhook } from '../src/payments/test-provider';
import { api, CARD, checkout, createProduct, readyCart, sql, stockOf, testEnv } from './commerce';

async function webhook(body: unknown, opts: { secret?: string; t?: number; provider?: string } = {}): Promise<Response> {
  const raw = JSON.stringify(body);
  const t = opts.t ?? Math.floor(Date.now() / 1000);
  const sig = await signTestWebhook(opts.secret ?? testEnv.TEST_PAYMENT_WEBHOOK_SECRET!, raw, t);
  return api(`/api/v1/payments/${opts.provider ?? 'test'}/webhooks`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'Vitrine-Signature': sig } });
}

describe('payment webhooks', () => {
  it('a refund of a paid order: applied once, restocked once; duplicates acknowledged and ignored', async () => {
    const p = await createProduct({ stock: 5, usd: 1000 });
    const cart = await readyCart([{ variantId: p.variantId, quantity: 2 }]);
    const r = await checkout(cart, crypto.randomUUID(), CARD('4242424242424242'));
    expect(r.status).toBe(201);
    const order = (await r.json()) as { id: string };
    expect(await stockOf(p.variantId)).toMatchObject({ onHand: 3 });
    const event = { type: 'payment.refunded', orderId: order.id, reference: 'test_refund_1' };
    let w = await webhook(event);
    expect(w.status).toBe(200);
    expect(await w.json()).toEqual({ received: true, outcome: 'applied' });
    w = await webhook(event);
    expect(await w.json()).toEqual({ received: true, outcome: 'ignored' });
    const [o] = await sql<{ status: string; restocked: boolean }>(`select status, restocked from orders where id = $1`, [order.id]);
    expect(o).toEqual({ status: 'refunded', restocked: true });
    expect(await stockOf(p.variantId)).toMatchObject({ onHand: 5 });
    // a capture for a refunded order is an invalid transition: ignored, nothing changes
    w = await webhook({ type: 'payment.captured', orderId: order.id, reference: 'x' });
    expect(await w.json()).toEqual({ received: true, outcome: 'ignored' });
    expect((await sql<{ status: string }>(`select status from orders where id = $1`, [order.id]))[0]!.status).toBe('refunded');
  });

  it('forged, stale, malformed and misdirected webhooks are refused without effect', async () => {
    const event = { type: 'payment.captured', orderId: crypto.randomUUID(), reference: 'x' };
    expect((await webhook(event, { secret: 'not-the-secret' })).status).toBe(400);
    expect((await webhook(event, { t: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    expect((await webhook({ ...event, type: 'payment.stolen' })).status).toBe(400);
    expect((await webhook(event, { provider: 'manual' })).status).toBe(400);
    expect((await webhook(event, { provider: 'nope' })).status).toBe(404);
    const unsigned = await api('/api/v1/payments/test/webhooks', { method: 'POST', json: event });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('content-type')).toContain('application/problem+json');
    // a genuine event for an unknown order: acknowledged (the provider stops retrying), nothing written
    expect(await (await webhook(event)).json()).toEqual({ received: true, outcome: 'ignored' });
  });
});
