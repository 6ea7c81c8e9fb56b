/**
 * Faults around the checkout transaction, on the real stack:
 *   - the database connection is killed in the middle of the transaction
 *     (deterministically: the test holds the discount row's lock, so the
 *     checkout stops right after it has taken the stock, inside its
 *     transaction; the test then terminates exactly that backend);
 *   - the queue send after commit fails: the relay still publishes exactly
 *     one order.placed.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { relayOutbox, type QueueSender } from '../../../queues/outbox-relay';
import { createApp } from '../src/app';
import type { StorefrontEnv } from '../src/env';
import { eventually, testDb } from './helpers';
import { checkout, createDiscount, createProduct, MANUAL, ORIGIN, readyCart, sql, stockOf } from './commerce';

describe('checkout faults', { timeout: 120_000 }, () => {
  it('a connection killed mid-transaction leaves no partial order and stock unchanged; the same key then succeeds', async () => {
    const p = await createProduct({ stock: 10, usd: 1500 });
    const d = await createDiscount({ percentBp: 500, usageLimit: 100 });
    const cart = await readyCart([{ variantId: p.variantId, quantity: 2 }], { discount: d.code });
    const key = crypto.randomUUID();

    // hold the discount row: the checkout locks inventory, takes the stock, then waits here
    const h = testDb();
    const blocker = await h.pool.connect();
    let victim: number;
    let pending: Promise<Response>;
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from discounts where id = $1 for update', [d.id]);
      const me = (await blocker.query('select pg_backend_pid() as pid')).rows[0].pid as number;
      pending = checkout(cart, key, MANUAL);
      victim = await eventually(
        async () => {
          const rows = await sql<{ pid: number }>('select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [me]);
          if (!rows[0]) throw new Error('the checkout is not waiting yet');
          return rows[0].pid;
        },
        { tries: 200, delayMs: 25 },
      );
      // it is mid-transaction: it holds the inventory row it updated, uncommitted
      const held = await sql<{ n: number }>(
        `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation where l.pid = $1 and c.relname = 'inventory_levels' and l.mode = 'RowExclusiveLock'`,
        [victim],
      );
      expect(held[0]!.n).toBeGreaterThan(0);
      const [{ xact }] = (await sql<{ xact: boolean }>(`select backend_xid is not null as xact from pg_stat_activity where pid = $1`, [victim])) as [{ xact: boolean }];
      expect(xact).toBe(true); // it has written (a transaction id was assigned)
      await sql('select pg_terminate_backend($1)', [victim]);
    } finally {
      await blocker.query('rollback').catch(() => {});
      blocker.release();
      await h.close();
    }

    const res = await pending!;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://vitrine.dev/problems/unavailable');
    expect(problem.detail).not.toMatch(/terminat|sql|at /i);

    // nothing partial: stock, orders, discount use, outbox, the key
    expect(await stockOf(p.variantId)).toEqual({ onHand: 10, reserved: 0 });
    expect(await sql(`select 1 from order_lines where variant_id = $1`, [p.variantId])).toHaveLength(0);
    expect((await sql<{ times_used: number }>(`select times_used from discounts where id = $1`, [d.id]))[0]!.times_used).toBe(0);
    expect(await sql(`select 1 from discount_redemptions where discount_id = $1`, [d.id])).toHaveLength(0);
    expect(await sql(`select 1 from idempotency_keys where key = $1`, [key])).toHaveLength(0);

    // the client retries with the same key: it runs (it was never recorded) and succeeds once
    const retry = await checkout(cart, key, MANUAL);
    expect(retry.status).toBe(201);
    expect(await stockOf(p.variantId)).toEqual({ onHand: 8, reserved: 0 });
    expect((await sql<{ times_used: number }>(`select times_used from discounts where id = $1`, [d.id]))[0]!.times_used).toBe(1);
  });

  it('the queue send failing after commit: the order stands, and the relay publishes exactly one order.placed', async () => {
    const p = await createProduct({ stock: 5, usd: 1000 });
    const cart = await readyCart([{ variantId: p.variantId, quantity: 1 }]);
    const sfEnv = env as unknown as StorefrontEnv;
    const brokenQueue = {
      send: async () => {
        throw new Error('queue unavailable');
      },
      sendBatch: async () => {
        throw new Error('queue unavailable');
      },
    } as unknown as Queue;

    // the storefront with its order queue failing (every other binding real)
    const ctx = createExecutionContext();
    const res = await createApp().fetch(
      new Request(`${ORIGIN}/api/v1/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Cart-Id': cart, 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(MANUAL),
      }),
      { ...sfEnv, ORDER_EVENTS: brokenQueue },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: string };
    const [row] = await sql<{ id: string; published_at: string | null; attempts: number; last_error: string | null }>(
      `select id, published_at, attempts, last_error from outbox where topic = 'order.placed' and payload->>'orderId' = $1`,
      [order.id],
    );
    expect(row).toMatchObject({ published_at: null, attempts: 1, last_error: 'queue unavailable' });

    // the relay (as the jobs worker's cron runs it), twice at once and once more: one message, ever
    const sent: unknown[] = [];
    const counting: QueueSender = {
      sendBatch: async (messages) => {
        const list = [...messages];
        sent.push(...list.map((m) => m.body).filter((b) => (b as { orderId?: string }).orderId === order.id));
        return sfEnv.ORDER_EVENTS.sendBatch(list);
      },
    };
    const relay = async () => {
      const h = testDb();
      try {
        return await relayOutbox(h.db, { 'order.': counting, 'catalog.': sfEnv.CATALOG_EVENTS });
      } finally {
        await h.close();
      }
    };
    await Promise.all([relay(), relay()]);
    await relay();
    expect(sent).toEqual([{ type: 'order.placed', id: `outbox-${row!.id}`, orderId: order.id, origin: ORIGIN }]);
    const [after] = await sql<{ published_at: string | null; attempts: number; last_error: string | null }>(`select published_at, attempts, last_error from outbox where id = $1`, [row!.id]);
    expect(after!.published_at).not.toBeNull();
    expect(after).toMatchObject({ attempts: 2, last_error: null });
  });
});
