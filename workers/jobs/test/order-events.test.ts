/**
 * The order side of the jobs worker inside workerd: the cron relay routes
 * order.* outbox rows to the order queue (and catalog.* to the catalog
 * queue); the order.placed consumer records and "sends" the confirmation
 * exactly once through the log provider, however often it is delivered;
 * abandoned card payments give their stock back.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPoolDb as createDb } from '../../../tests/support/pool-db';
import { verifyOrderAccessToken } from '../../../domain/order/access-token';
import { enqueueOutbox } from '../../../queues/outbox-relay';
import worker from '../src/index';
import type { JobsEnv } from '../src/env';

const jobsEnv = env as unknown as JobsEnv & { NEON_LOCAL_WS_PROXY: string; ORDER_LINK_SECRET: string };
const db = () => createDb({ databaseUrl: jobsEnv.DATABASE_URL, localWsProxy: jobsEnv.NEON_LOCAL_WS_PROXY, max: 2 });

async function q<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const h = db();
  try {
    return (await h.pool.query(text, params)).rows as T[];
  } finally {
    await h.close();
  }
}

/** A product with stock and an order for `quantity` of it (stock already taken, as checkout does). */
async function placeOrder(opts: { status: string; provider: string; quantity: number; minutesAgo?: number; email?: string }) {
  const sfx = crypto.randomUUID().slice(0, 8);
  const [prod] = await q<{ id: string }>(`insert into products (handle, title, status) values ($1, 'Jobs test mug', 'active') returning id`, [`jobs-${sfx}`]);
  const [variant] = await q<{ id: string }>(`insert into variants (product_id, sku, title) values ($1, $2, 'Blue') returning id`, [prod!.id, `JOBS-${sfx}`]);
  await q(`insert into inventory_levels (variant_id, on_hand) values ($1, 10)`, [variant!.id]);
  const [order] = await q<{ id: string; number: string }>(
    `insert into orders (status, cart_hash, email, currency, tax_included, subtotal, discount_total, shipping_total, shipping_discount, tax_total, grand_total,
       shipping_address, shipping_method, payment_provider, placed_at)
     values ($1, $2, $3, 'USD', false, $4::bigint, 0, 599, 0, 0, $4::bigint + 599, $5, $6, $7, now() - make_interval(mins => $8::int)) returning id, number`,
    [
      opts.status,
      `hash-${sfx}`,
      opts.email ?? `jobs-${sfx}@example.com`,
      1000 * opts.quantity,
      { name: 'Ada', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' },
      { id: 'us-standard', name: 'Standard', description: '3–5 business days' },
      opts.provider,
      opts.minutesAgo ?? 0,
    ],
  );
  await q(
    `insert into order_lines (order_id, position, variant_id, product_id, product_handle, product_title, variant_title, sku, quantity, unit_price, subtotal, discount, tax, total)
     values ($1, 0, $2, $3, $4, 'Jobs test mug', 'Blue', $5, $6, 1000, $7, 0, 0, $7)`,
    [order!.id, variant!.id, prod!.id, `jobs-${sfx}`, `JOBS-${sfx}`, opts.quantity, 1000 * opts.quantity],
  );
  await q(`insert into payments (order_id, provider, status, amount, currency) values ($1, $2, 'pending', $3, 'USD')`, [order!.id, opts.provider, 1000 * opts.quantity + 599]);
  await q(`update inventory_levels set on_hand = on_hand - $2 where variant_id = $1`, [variant!.id, opts.quantity]);
  return { orderId: order!.id, number: Number(order!.number), variantId: variant!.id, productId: prod!.id };
}

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(), cron: '* * * * *' }), jobsEnv, ctx);
  await waitOnExecutionContext(ctx);
}

afterEach(() => vi.restoreAllMocks());

describe('order events in the jobs worker', () => {
  it('the cron relay publishes order.placed to the order queue', async () => {
    const o = await placeOrder({ status: 'paid', provider: 'test', quantity: 1 });
    const h = db();
    let id: number;
    try {
      id = await h.db.transaction((tx) => enqueueOutbox(tx, 'order.placed', { orderId: o.orderId, origin: 'https://shop.test' }));
    } finally {
      await h.close();
    }
    await runCron();
    const [row] = await q<{ published_at: string | null; attempts: number }>(`select published_at, attempts from outbox where id = $1`, [id!]);
    expect(row!.published_at).not.toBeNull();
    expect(row!.attempts).toBe(1);
  });

  it('order.placed → one confirmation, recorded by the log provider, however often it is delivered', async () => {
    const email = `confirm-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const o = await placeOrder({ status: 'pending_payment', provider: 'manual', quantity: 2, email });
    const logged: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)));
    const body = { type: 'order.placed', id: 'outbox-test-confirm', orderId: o.orderId, origin: 'https://shop.test' };
    const batch = createMessageBatch<unknown>('vitrine-order-events', [
      { id: 'c1', timestamp: new Date(), attempts: 1, body },
      { id: 'c2', timestamp: new Date(), attempts: 2, body }, // a redelivery
      { id: 'c3', timestamp: new Date(), attempts: 1, body: { type: 'order.placed', orderId: 'nope' } }, // garbage: dropped
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, jobsEnv, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['c1', 'c2', 'c3']);
    expect(result.retryMessages).toEqual([]);

    // delivered again later: still one
    const again = createMessageBatch('vitrine-order-events', [{ id: 'c4', timestamp: new Date(), attempts: 3, body }]);
    const ctx2 = createExecutionContext();
    await worker.queue(again, jobsEnv, ctx2);
    expect((await getQueueResult(again, ctx2)).explicitAcks).toEqual(['c4']);

    const rows = await q<{ recipient: string; subject: string; body_text: string; status: string; provider: string }>(`select recipient, subject, body_text, status, provider from notifications where order_id = $1`, [o.orderId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ recipient: email, status: 'sent', provider: 'log', subject: `Vitrine: order #${o.number} received — awaiting payment` });
    expect(rows[0]!.body_text).toContain('2 × Jobs test mug (Blue)');
    expect(rows[0]!.body_text).toContain('IBAN');
    const link = /https:\/\/shop\.test\/orders\/([0-9a-f-]{36})\?token=([A-Za-z0-9_-]{43})/.exec(rows[0]!.body_text)!;
    expect(link[1]).toBe(o.orderId);
    expect(await verifyOrderAccessToken(jobsEnv.ORDER_LINK_SECRET, o.orderId, link[2]!)).toBe(true);
    // logs carry ids, never the shopper's email or the message
    expect(logged.some((l) => l.includes('notification recorded'))).toBe(true);
    expect(logged.join('\n')).not.toContain(email);
    expect(logged.join('\n')).not.toContain('IBAN');
  });

  it('concurrent deliveries of one order.placed still send one confirmation', async () => {
    const o = await placeOrder({ status: 'paid', provider: 'test', quantity: 1 });
    const body = { type: 'order.placed', id: 'outbox-race', orderId: o.orderId, origin: 'https://shop.test' };
    const batches = Array.from({ length: 5 }, (_, i) => createMessageBatch('vitrine-order-events', [{ id: `r${i}`, timestamp: new Date(), attempts: 1, body }]));
    await Promise.all(
      batches.map(async (b) => {
        const ctx = createExecutionContext();
        await worker.queue(b, jobsEnv, ctx);
        await waitOnExecutionContext(ctx);
      }),
    );
    const rows = await q<{ status: string; attempts: number }>(`select status, attempts from notifications where order_id = $1`, [o.orderId]);
    expect(rows).toEqual([{ status: 'sent', attempts: 1 }]);
  });

  it('abandoned card payments are cancelled and their stock released; manual orders are left waiting', async () => {
    const stale = await placeOrder({ status: 'pending_payment', provider: 'test', quantity: 3, minutesAgo: 45 });
    const fresh = await placeOrder({ status: 'pending_payment', provider: 'test', quantity: 3, minutesAgo: 1 });
    const manual = await placeOrder({ status: 'pending_payment', provider: 'manual', quantity: 3, minutesAgo: 600 });
    await runCron();
    const status = async (id: string) => (await q<{ status: string }>(`select status from orders where id = $1`, [id]))[0]!.status;
    const onHand = async (variantId: string) => (await q<{ on_hand: number }>(`select on_hand from inventory_levels where variant_id = $1`, [variantId]))[0]!.on_hand;
    expect(await status(stale.orderId)).toBe('cancelled');
    expect(await onHand(stale.variantId)).toBe(10);
    expect((await q<{ status: string; failure_code: string }>(`select status, failure_code from payments where order_id = $1`, [stale.orderId]))[0]).toEqual({ status: 'failed', failure_code: 'abandoned' });
    expect(await status(fresh.orderId)).toBe('pending_payment');
    expect(await onHand(fresh.variantId)).toBe(7);
    expect(await status(manual.orderId)).toBe('pending_payment');
    // running again changes nothing (restocked once)
    await runCron();
    expect(await onHand(stale.variantId)).toBe(10);
  });
});
