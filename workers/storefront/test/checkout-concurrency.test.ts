/**
 * Concurrency: many checkouts at once through the real storefront worker
 * (workerd) → Neon driver → WebSocket proxy → Postgres, carts in Redis.
 * Each checkout holds exactly one database connection; Postgres is started
 * with max_connections=1000 (dev/postgres.ts) so 500 at once fit.
 *
 * "Can this test fail?" — the last test runs a naive read-then-write stock
 * update (read on_hand, check it in code, write the new value) with the same
 * concurrency and asserts that the very same oversell check rejects it.
 */
import { describe, expect, it } from 'vitest';
import { testDb } from './helpers';
import { ADDRESS_US, api, checkout, createDiscount, createProduct, newCart, sql, stockOf } from './commerce';

const body = (i: number) => ({
  email: `load-${i}@example.com`,
  shippingAddress: ADDRESS_US,
  shippingMethod: 'us-standard',
  payment: { provider: 'manual' },
});

async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < n; start += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - start) }, (_, k) => fn(start + k)))));
  }
  return out;
}

interface Outcome {
  status: number;
  type: string | null;
  orderId: string | null;
  quantity: number;
}

async function fire(carts: { id: string; quantity: number }[], payload: (i: number) => unknown = body): Promise<Outcome[]> {
  return Promise.all(
    carts.map(async (cart, i) => {
      const r = await checkout(cart.id, crypto.randomUUID(), payload(i));
      const json = (await r.json()) as { id?: string; type?: string };
      return { status: r.status, type: json.type ?? null, orderId: r.status === 201 ? json.id! : null, quantity: cart.quantity };
    }),
  );
}

/** The oversell invariants, checked against Postgres: used on the real checkout and on the naive version. */
async function assertNoOversell(variantId: string, initial: number, soldByResponses: number): Promise<void> {
  const stock = await stockOf(variantId);
  const [fromOrders] = await sql<{ sold: number }>(
    `select coalesce(sum(l.quantity), 0)::int as sold from order_lines l join orders o on o.id = l.order_id where l.variant_id = $1 and o.status <> 'cancelled'`,
    [variantId],
  );
  expect(stock.onHand).toBeGreaterThanOrEqual(0);
  expect(fromOrders!.sold).toBe(soldByResponses);
  expect(soldByResponses).toBeLessThanOrEqual(initial);
  expect(stock.onHand).toBe(initial - soldByResponses);
}

describe('concurrent checkouts', { timeout: 240_000 }, () => {
  it('500 checkouts for 37 units: exactly 37 orders, 463 clean 409s, stock 0', async () => {
    const p = await createProduct({ stock: 37, usd: 1200 });
    const carts = await inBatches(500, 50, async () => ({ id: await newCart([{ variantId: p.variantId, quantity: 1 }]), quantity: 1 }));
    const results = await fire(carts);
    const tally: Record<string, number> = {};
    for (const r of results) tally[`${r.status} ${r.type ?? ''}`.trim()] = (tally[`${r.status} ${r.type ?? ''}`.trim()] ?? 0) + 1;
    expect(tally).toEqual({ '201': 37, '409 https://vitrine.dev/problems/insufficient-stock': 463 });
    const created = results.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.orderId)).size).toBe(37);
    expect(await stockOf(p.variantId)).toEqual({ onHand: 0, reserved: 0 });
    await assertNoOversell(p.variantId, 37, 37);
    // the 463 losers kept their carts
    const sample = carts[results.findIndex((r) => r.status === 409)]!;
    expect((await api('/api/v1/carts/current', { cartId: sample.id })).status).toBe(200);
  });

  it('random quantities 1–5 under concurrency: sold ≤ stock and stock = initial − sold', async () => {
    const initial = 120;
    const p = await createProduct({ stock: initial, usd: 800 });
    const carts = await inBatches(300, 50, async () => {
      const quantity = 1 + Math.floor(Math.random() * 5);
      return { id: await newCart([{ variantId: p.variantId, quantity }]), quantity };
    });
    const results = await fire(carts);
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.type?.endsWith('/insufficient-stock')))).toBe(true);
    const sold = results.filter((r) => r.status === 201).reduce((a, r) => a + r.quantity, 0);
    await assertNoOversell(p.variantId, initial, sold);
    // every request that lost wanted more than what was left when it ran
    const left = initial - sold;
    expect(results.filter((r) => r.status === 409).every((r) => r.quantity > left)).toBe(true);
  });

  it('a discount limited to 10 uses under 100 concurrent checkouts: exactly 10 uses', async () => {
    const p = await createProduct({ stock: 1000, usd: 3000 });
    const d = await createDiscount({ percentBp: 1500, usageLimit: 10 });
    const carts = await inBatches(100, 50, async () => {
      const id = await newCart([{ variantId: p.variantId, quantity: 1 }]);
      const r = await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: d.code } });
      expect(r.status).toBe(200);
      return { id, quantity: 1 };
    });
    const results = await fire(carts);
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(90);
    expect(refused.every((r) => r.status === 409 && r.type === 'https://vitrine.dev/problems/discount-exhausted')).toBe(true);
    const [row] = await sql<{ times_used: number; n: number }>(
      `select times_used, (select count(*)::int from discount_redemptions where discount_id = d.id) as n from discounts d where id = $1`,
      [d.id],
    );
    expect(row).toEqual({ times_used: 10, n: 10 });
    expect(await stockOf(p.variantId)).toMatchObject({ onHand: 990 });
  });

  it('50 concurrent requests with one Idempotency-Key: one order, the same order id in every 2xx', async () => {
    const p = await createProduct({ stock: 100, usd: 4200 });
    const cart = await newCart([{ variantId: p.variantId, quantity: 2 }]);
    const key = crypto.randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const r = await checkout(cart, key, body(0));
        return { status: r.status, replayed: r.headers.get('Idempotent-Replayed'), json: (await r.json()) as { id?: string; type?: string } };
      }),
    );
    const ok = responses.filter((r) => r.status >= 200 && r.status < 300);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.json.id)).size).toBe(1);
    // the others were told the key is in flight (409), never a second order
    expect(responses.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.json.type?.endsWith('/idempotency-key-in-flight'))).toBe(true);
    const orders = await sql(`select o.id from orders o join order_lines l on l.order_id = o.id where l.variant_id = $1`, [p.variantId]);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.id).toBe(ok[0]!.json.id);
    expect(await stockOf(p.variantId)).toMatchObject({ onHand: 98 });
    // afterwards, every retry gets the same order, replayed
    const later = await checkout(cart, key, body(0));
    expect(later.status).toBe(201);
    expect(later.headers.get('Idempotent-Replayed')).toBe('true');
    expect(((await later.json()) as { id: string }).id).toBe(ok[0]!.json.id);
  });

  it('the same oversell check catches a naive read-then-write stock update (the test can fail)', async () => {
    const initial = 37;
    const p = await createProduct({ stock: initial, usd: 1200 });
    // naive: read on_hand, decide in code, write the computed value — no lock, no conditional update
    const naiveTakeOne = async (): Promise<boolean> => {
      const h = testDb();
      try {
        const { rows } = await h.pool.query('select on_hand from inventory_levels where variant_id = $1', [p.variantId]);
        const onHand = rows[0].on_hand as number;
        if (onHand < 1) return false;
        await new Promise((r) => setTimeout(r, 5)); // the time a real checkout spends pricing between read and write
        await h.pool.query('update inventory_levels set on_hand = $2 where variant_id = $1', [p.variantId, onHand - 1]);
        return true;
      } finally {
        await h.close();
      }
    };
    const outcomes = await Promise.all(Array.from({ length: 200 }, naiveTakeOne));
    const sold = outcomes.filter(Boolean).length;
    // lost updates: far more "sales" than units, while stock still shows units left
    expect(sold).toBeGreaterThan(initial);
    await expect(assertNoOversell(p.variantId, initial, sold)).rejects.toThrow();
  });
});
