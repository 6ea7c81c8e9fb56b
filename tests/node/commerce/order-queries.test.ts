/**
 * Order queries and commerce constraints against real Postgres (embedded,
 * through the Neon driver and the local WebSocket proxy).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createNodeDb } from '../../../dev/node-db';
import { beginIdempotent, completeIdempotent, releaseIdempotent } from '../../../db/queries/idempotency';
import { getOrderForCustomer, InvalidOrderCursorError, listOrdersForCustomer } from '../../../db/queries/orders';
import { insertCustomer } from '../../../db/queries/customers';
import { sumByVariant, takeStockStatement } from '../../../db/queries/checkout';
import { raisedGuard } from '../../../db/errors';

const h = createNodeDb(inject('databaseUrl'), 6);
afterAll(() => h.close());

const HASH = '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const customer = () => insertCustomer(h.db, { email: `orders-${randomUUID().slice(0, 12)}@example.com`, name: 'Orders', passwordHash: HASH });
const ADDRESS = { name: 'Ada', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' };
const METHOD = { id: 'us-standard', name: 'Standard', description: '3–5 business days' };

async function order(customerId: string | null, placedAt: string, total = 1599): Promise<string> {
  const r = await h.pool.query(
    `insert into orders (status, cart_hash, customer_id, email, currency, tax_included, subtotal, discount_total, shipping_total, shipping_discount, tax_total, grand_total,
       shipping_address, shipping_method, payment_provider, placed_at)
     values ('paid', $1, $2, 'o@example.com', 'USD', false, $3::bigint - 599, 0, 599, 0, 0, $3::bigint, $4, $5, 'test', $6) returning id`,
    [randomUUID(), customerId, total, ADDRESS, METHOD, placedAt],
  );
  return r.rows[0].id;
}

describe('listOrdersForCustomer', () => {
  it('pages newest first with a stable keyset cursor, ties on placed_at included', async () => {
    const c = await customer();
    const other = await customer();
    const same = '2026-03-01T10:00:00.000Z';
    const ids = [await order(c.id, '2026-01-01T00:00:00Z'), ...(await Promise.all(Array.from({ length: 5 }, () => order(c.id, same)))), await order(c.id, '2026-05-01T00:00:00Z')];
    await order(other.id, '2026-04-01T00:00:00Z');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listOrdersForCustomer(h.db, c.id, { cursor, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe(ids[6]);
    expect(seen[6]).toBe(ids[0]);
    const first = await listOrdersForCustomer(h.db, c.id, { limit: 1 });
    expect(first.items[0]).toMatchObject({ status: 'paid', currency: 'USD', grandTotal: 1599, itemCount: 0 });
  });

  it('never returns another customer’s order; rejects bad cursors; clamps the limit', async () => {
    const a = await customer();
    const b = await customer();
    const id = await order(a.id, '2026-02-02T00:00:00Z');
    expect(await getOrderForCustomer(h.db, a.id, id)).not.toBeNull();
    expect(await getOrderForCustomer(h.db, b.id, id)).toBeNull();
    expect(await getOrderForCustomer(h.db, b.id, 'not-a-uuid')).toBeNull();
    expect((await listOrdersForCustomer(h.db, b.id)).items).toEqual([]);
    await expect(listOrdersForCustomer(h.db, a.id, { cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidOrderCursorError);
    await expect(listOrdersForCustomer(h.db, a.id, { cursor: btoa('["x","y"]') })).rejects.toBeInstanceOf(InvalidOrderCursorError);
    expect((await listOrdersForCustomer(h.db, a.id, { limit: 0 })).items).toHaveLength(1);
  });
});

describe('commerce constraints', () => {
  it('refuses orders whose totals do not add up, negative stock and over-used codes', async () => {
    await expect(
      h.pool.query(
        `insert into orders (status, cart_hash, email, currency, tax_included, subtotal, discount_total, shipping_total, shipping_discount, tax_total, grand_total, shipping_address, shipping_method, payment_provider)
         values ('paid', 'x', 'a@b.c', 'USD', false, 1000, 0, 0, 0, 80, 1000, '{}', '{}', 'test')`,
      ),
    ).rejects.toThrow(/orders_grand_total/);
    await expect(h.pool.query(`insert into discounts (code, kind, percent_bp, usage_limit, times_used) values ('OVER${Date.now()}', 'percentage', 100, 1, 2)`)).rejects.toThrow(/discounts_times_used_within_limit/);
    await expect(h.pool.query(`insert into discounts (code, kind, percent_bp) values ('lower', 'percentage', 100)`)).rejects.toThrow(/discounts_code_format/);
  });

  it('the stock statement sums lines per variant and never takes more than is available', async () => {
    expect(sumByVariant([{ variantId: 'b', quantity: 1 }, { variantId: 'a', quantity: 2 }, { variantId: 'b', quantity: 3 }])).toEqual([
      { variantId: 'a', quantity: 2 },
      { variantId: 'b', quantity: 4 },
    ]);
    const v = await h.pool.query(`select variant_id from inventory_levels where on_hand > 3 order by variant_id desc limit 1`);
    const variantId = v.rows[0].variant_id as string;
    const before = (await h.pool.query(`select on_hand, reserved from inventory_levels where variant_id = $1`, [variantId])).rows[0];
    const err = await h.db.execute(takeStockStatement([{ variantId, quantity: before.on_hand - before.reserved + 1 }], 5)).catch((e: unknown) => e);
    expect(raisedGuard(err)).toEqual({ reason: 'insufficient_stock', detail: variantId });
    const after = (await h.pool.query(`select on_hand from inventory_levels where variant_id = $1`, [variantId])).rows[0];
    expect(after.on_hand).toBe(before.on_hand);
    // split over two lines of the same variant, exactly what is available: taken, and put back
    const all = before.on_hand - before.reserved;
    const ok = await h.db.execute(takeStockStatement([{ variantId, quantity: all - 1 }, { variantId, quantity: 1 }], 5));
    expect(ok.rows[0]).toMatchObject({ ok: true });
    expect((await h.pool.query(`select on_hand from inventory_levels where variant_id = $1`, [variantId])).rows[0].on_hand).toBe(before.reserved);
    await h.pool.query(`update inventory_levels set on_hand = $2 where variant_id = $1`, [variantId, before.on_hand]);
  });
});

describe('idempotency keys', () => {
  it('start → in flight → completed replay; mismatch; release; stale takeover', async () => {
    const ref = { scope: `cart:${randomUUID()}`, key: randomUUID() };
    const opts = { ...ref, requestHash: 'h1', ttlSeconds: 3600, staleAfterSeconds: 60 };
    expect((await beginIdempotent(h.db, opts)).kind).toBe('started');
    expect((await beginIdempotent(h.db, opts)).kind).toBe('in_flight');
    expect((await beginIdempotent(h.db, { ...opts, requestHash: 'h2' })).kind).toBe('mismatch');
    await completeIdempotent(h.db, ref, { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });
    expect(await beginIdempotent(h.db, opts)).toEqual({ kind: 'replay', response: { status: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' } });

    const ref2 = { scope: ref.scope, key: randomUUID() };
    expect((await beginIdempotent(h.db, { ...opts, ...ref2 })).kind).toBe('started');
    await releaseIdempotent(h.db, ref2);
    expect((await beginIdempotent(h.db, { ...opts, ...ref2 })).kind).toBe('started');
    // a request that died: after the stale window the next one takes over (only one of two racing retries)
    await h.pool.query(`update idempotency_keys set locked_at = now() - interval '5 minutes' where scope = $1 and key = $2`, [ref2.scope, ref2.key]);
    const [x, y] = await Promise.all([beginIdempotent(h.db, { ...opts, ...ref2 }), beginIdempotent(h.db, { ...opts, ...ref2 })]);
    expect([x.kind, y.kind].sort()).toEqual(['in_flight', 'started']);
    // expired keys are forgotten
    await h.pool.query(`update idempotency_keys set expires_at = now() - interval '1 second', state = 'completed', response_status = 201, response_body = '{}' where scope = $1 and key = $2`, [ref2.scope, ref2.key]);
    expect((await beginIdempotent(h.db, { ...opts, ...ref2, requestHash: 'other' })).kind).toBe('started');
  });
});
