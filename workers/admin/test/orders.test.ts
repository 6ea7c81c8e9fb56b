/**
 * Order actions through the state machine: mark paid, fulfil with tracking,
 * cancel (restocks once), full and partial refunds with optional restock;
 * invalid transitions → 409; every action idempotent by key (a double click
 * does nothing twice); list filters; stock adjustments atomic, never negative.
 */
import { describe, expect, it } from 'vitest';
import { signIn, sql } from './helpers';
import { onHand, placeOrder } from './fixtures';

type OrderBody = { order: { status: string; payment: { status: string } | null }; replayed: boolean; message: string };

const act = (c: Awaited<ReturnType<typeof signIn>>, orderId: string, body: unknown, key: string = crypto.randomUUID()) =>
  c.fetch(`/admin/api/v1/orders/${orderId}/actions`, { method: 'POST', json: body, headers: { 'idempotency-key': key } });

describe('order actions', () => {
  it('mark paid → fulfil with carrier and tracking; an invalid transition is 409', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'pending_payment' });
    let r = await act(s, o.orderId, { action: 'fulfil', carrier: 'UPS', trackingNumber: '1Z' });
    expect(r.status).toBe(409);
    r = await act(s, o.orderId, { action: 'mark_paid' });
    expect(r.status).toBe(200);
    expect(((await r.json()) as OrderBody).order).toMatchObject({ status: 'paid', payment: { status: 'captured' } });
    const [ev] = await sql<{ topic: string }>(`select topic from outbox where payload->>'orderId' = $1`, [o.orderId]);
    expect(ev!.topic).toBe('order.placed'); // the confirmation follows through the order queue
    r = await act(s, o.orderId, { action: 'fulfil', carrier: 'UPS', trackingNumber: '1Z999AA10123456784' });
    expect(((await r.json()) as OrderBody).order.status).toBe('fulfilled');
    const detail = (await (await s.fetch(`/admin/api/v1/orders/${o.orderId}`)).json()) as { fulfillments: { carrier: string; trackingNumber: string }[] };
    expect(detail.fulfillments).toEqual([expect.objectContaining({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784' })]);
    expect((await act(s, o.orderId, { action: 'mark_paid' })).status).toBe(409);
    expect((await act(s, o.orderId, { action: 'cancel' })).status).toBe(409);
  });

  it('cancel restocks exactly once, and a double click (same key) does nothing twice', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'pending_payment', quantity: 3, stock: 10 });
    expect(await onHand(o.variantId)).toBe(7);
    const key = crypto.randomUUID();
    const [a, b] = await Promise.all([act(s, o.orderId, { action: 'cancel' }, key), act(s, o.orderId, { action: 'cancel' }, key)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].sort()).toEqual(['true', null].sort());
    expect(await onHand(o.variantId)).toBe(10);
    // a new click (new key) on a cancelled order: 409, stock unchanged
    expect((await act(s, o.orderId, { action: 'cancel' })).status).toBe(409);
    expect(await onHand(o.variantId)).toBe(10);
    // the same key for another action is refused
    expect((await act(s, o.orderId, { action: 'mark_paid' }, key)).status).toBe(422);
  });

  it('partial refund keeps the order paid; the refund reaching the total refunds it; a double click refunds once', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 2, unitPrice: 1500, stock: 10 });
    const key = crypto.randomUUID();
    const first = await act(s, o.orderId, { action: 'refund', amount: 1000, restockLines: [{ position: 0, quantity: 1 }] }, key);
    expect(first.status).toBe(200);
    expect(((await first.json()) as OrderBody).order.status).toBe('paid');
    const dup = await act(s, o.orderId, { action: 'refund', amount: 1000, restockLines: [{ position: 0, quantity: 1 }] }, key);
    expect(dup.headers.get('idempotent-replayed')).toBe('true');
    const refunds = await sql<{ amount: string }>(`select amount from order_refunds where order_id = $1`, [o.orderId]);
    expect(refunds.map((r) => Number(r.amount))).toEqual([1000]);
    expect(await onHand(o.variantId)).toBe(9);
    // more than what is left: 422
    expect((await act(s, o.orderId, { action: 'refund', amount: 2001 })).status).toBe(422);
    // restocking more than sold: 422
    expect((await act(s, o.orderId, { action: 'refund', amount: 1, restockLines: [{ position: 0, quantity: 2 }] })).status).toBe(422);
    const last = await act(s, o.orderId, { action: 'refund', amount: 2000 });
    expect(((await last.json()) as OrderBody).order).toMatchObject({ status: 'refunded', payment: { status: 'refunded' } });
    // unshipped: the unit not yet restocked goes back too, once
    expect(await onHand(o.variantId)).toBe(10);
    expect((await act(s, o.orderId, { action: 'refund', amount: 1 })).status).toBe(409);
    const history = await sql<{ reason: string; delta: number }>(`select reason, delta from inventory_adjustments where variant_id = $1 order by id`, [o.variantId]);
    expect(history).toEqual([{ reason: 'refund_restock', delta: 1 }, { reason: 'refund_restock', delta: 1 }]);
  });

  it('cancelling a paid order after a partial refund with restock returns only the rest to stock', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 3, unitPrice: 1000, stock: 10 });
    expect(await onHand(o.variantId)).toBe(7);
    expect((await act(s, o.orderId, { action: 'refund', amount: 1000, restockLines: [{ position: 0, quantity: 1 }] })).status).toBe(200);
    expect(await onHand(o.variantId)).toBe(8);
    const r = await act(s, o.orderId, { action: 'cancel' });
    expect(((await r.json()) as OrderBody).order.status).toBe('refunded');
    expect(await onHand(o.variantId)).toBe(10);
    const refunds = await sql<{ amount: string }>(`select amount from order_refunds where order_id = $1 order by created_at`, [o.orderId]);
    expect(refunds.map((x) => Number(x.amount))).toEqual([1000, 2000]);
  });

  it('needs an Idempotency-Key; viewers cannot act; lists filter by status, number, email, dates', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid' });
    expect((await s.fetch(`/admin/api/v1/orders/${o.orderId}/actions`, { method: 'POST', json: { action: 'cancel' } })).status).toBe(400);
    const v = await signIn('viewer');
    expect((await act(v, o.orderId, { action: 'cancel' })).status).toBe(403);
    const byNumber = (await (await v.fetch(`/admin/api/v1/orders?number=${o.number}`)).json()) as { items: { id: string }[]; total: number };
    expect(byNumber.items.map((i) => i.id)).toEqual([o.orderId]);
    const [{ email }] = (await sql<{ email: string }>(`select email from orders where id = $1`, [o.orderId])) as [{ email: string }];
    const byEmail = (await (await v.fetch(`/admin/api/v1/orders?email=${encodeURIComponent(email.toUpperCase())}&status=paid`)).json()) as { items: { id: string }[] };
    expect(byEmail.items.map((i) => i.id)).toEqual([o.orderId]);
    const today = new Date().toISOString().slice(0, 10);
    const bySearch = (await (await v.fetch(`/admin/api/v1/orders?q=%23${o.number}&from=${today}&to=${today}`)).json()) as { items: { id: string }[] };
    expect(bySearch.items.map((i) => i.id)).toEqual([o.orderId]);
    expect((await v.fetch('/admin/api/v1/orders?status=shipped')).status).toBe(400);
    expect((await v.fetch('/admin/api/v1/orders?from=yesterday')).status).toBe(400);
    const page = await v.fetch(`/admin/orders?q=${o.number}`);
    expect(await page.text()).toContain(`#${o.number}`);
  });

  it('order page actions carry a one-time key: the same form posted twice acts once', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const html = await (await s.fetch(`/admin/orders/${o.orderId}`)).text();
    const key = /name="action" value="cancel"\/?><input type="hidden" name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(key).toBeTruthy();
    const post = () => s.fetch(`/admin/orders/${o.orderId}/actions`, { method: 'POST', form: { action: 'cancel', idempotencyKey: key! } });
    const r1 = await post();
    const r2 = await post();
    expect([r1.status, r2.status]).toEqual([303, 303]);
    expect(decodeURIComponent(r2.headers.get('location')!)).toContain('Already done');
    expect(await onHand(o.variantId)).toBe(5);
  });
});

describe('inventory', () => {
  it('adjusts with a reason, keeps history, never goes negative (409), refuses wrong directions (422)', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 3 });
    const adj = (body: unknown) => s.fetch(`/admin/api/v1/inventory/${o.variantId}/adjustments`, { method: 'POST', json: body, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect((await adj({ reason: 'received', delta: 10, note: 'PO 42' })).status).toBe(201);
    expect((await adj({ reason: 'damaged', delta: 3 })).status).toBe(422);
    expect((await adj({ reason: 'correction', delta: -100 })).status).toBe(409);
    expect((await adj({ reason: 'correction', delta: 0 })).status).toBe(422);
    expect((await adj({ reason: 'damaged', delta: -2, onHand: 5 })).status).toBe(422); // mass assignment
    const [a, b] = await Promise.all([adj({ reason: 'damaged', delta: -7 }), adj({ reason: 'damaged', delta: -7 })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]); // 12 on hand: only one of two concurrent −7 fits
    expect(await onHand(o.variantId)).toBe(5);
    const detail = (await (await s.fetch(`/admin/api/v1/inventory/${o.variantId}`)).json()) as { history: { reason: string; delta: number; onHandAfter: number }[] };
    expect(detail.history.map((h) => [h.reason, h.delta, h.onHandAfter])).toEqual([['damaged', -7, 5], ['received', 10, 12]]);
    const low = (await (await s.fetch('/admin/api/v1/inventory/low-stock?threshold=5')).json()) as { items: { variantId: string }[] };
    expect(low.items.map((i) => i.variantId)).toContain(o.variantId);
    const v = await signIn('viewer');
    expect((await v.fetch(`/admin/api/v1/inventory/${o.variantId}/adjustments`, { method: 'POST', json: { reason: 'received', delta: 1 }, headers: { 'idempotency-key': crypto.randomUUID() } })).status).toBe(403);
    const [audit] = await sql<{ after: { delta: number } }>(`select after from admin_audit_log where entity_id = $1 and action = 'inventory.adjust' order by id limit 1`, [o.variantId]);
    expect(audit!.after.delta).toBe(10);
  });
});
