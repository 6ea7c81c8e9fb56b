/**
 * Admin writes that move stock or money take an idempotency key (issue 9, point 8): the same key twice applies
 * once and answers the first result again (same status, same body, `Idempotent-Replayed: true`); the same key with
 * another request is 422 idempotency-key-reused and changes nothing; a missing or malformed key is a 400 problem.
 * Covered here: inventory adjustments (API and page), refunds, CSV imports (API, NDJSON stream and page).
 */
import { describe, expect, it } from 'vitest';
import { signIn, sql, type Client } from './helpers';
import { onHand, placeOrder } from './fixtures';

const rnd = () => crypto.randomUUID().slice(0, 8);
const HEADER = 'handle,title,status,option1_name,option1_value,variant_sku,price_usd,compare_at_usd,price_eur';

const adjust = (c: Client, variantId: string, body: unknown, key?: string) =>
  c.fetch(`/admin/api/v1/inventory/${variantId}/adjustments`, { method: 'POST', json: body, headers: key === undefined ? {} : { 'idempotency-key': key } });

const importCsv = (c: Client, csv: string, key: string, accept = 'application/json') =>
  c.fetch('/admin/api/v1/products/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv', accept, 'x-csrf-token': c.csrf, 'idempotency-key': key } });

async function problemType(res: Response): Promise<string> {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return ((await res.json()) as { type: string }).type;
}

describe('inventory adjustments', () => {
  it('the same key twice adjusts once; the replay answers the same status and body', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    expect(await onHand(o.variantId)).toBe(4);
    const key = crypto.randomUUID();
    const body = { reason: 'received', delta: 6, note: 'PO 7' };
    const first = await adjust(s, o.variantId, body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBody = await first.json();
    const second = await adjust(s, o.variantId, body, key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(firstBody);
    expect(await onHand(o.variantId)).toBe(10);
    const history = await sql<{ delta: number }>(`select delta from inventory_adjustments where variant_id = $1`, [o.variantId]);
    expect(history.map((h) => h.delta)).toEqual([6]);
    const audits = await sql(`select 1 from admin_audit_log where entity_id = $1 and action = 'inventory.adjust'`, [o.variantId]);
    expect(audits).toHaveLength(1);
  });

  it('a concurrent double submit adjusts once: the second waits for the first and replays it', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 10 });
    const key = crypto.randomUUID();
    const body = { reason: 'damaged', delta: -3 };
    const [a, b] = await Promise.all([adjust(s, o.variantId, body, key), adjust(s, o.variantId, body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([a.headers.get('idempotent-replayed'), b.headers.get('idempotent-replayed')].sort()).toEqual(['true', null].sort());
    expect(await a.json()).toEqual(await b.json());
    expect(await onHand(o.variantId)).toBe(6);
  });

  it('the same key with another body (or another variant) is 422 idempotency-key-reused and changes nothing', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const other = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const key = crypto.randomUUID();
    expect((await adjust(s, o.variantId, { reason: 'received', delta: 2 }, key)).status).toBe(201);
    const changed = await adjust(s, o.variantId, { reason: 'received', delta: 3 }, key);
    expect(changed.status).toBe(422);
    expect(await problemType(changed)).toBe('https://vitrine.dev/problems/idempotency-key-reused');
    const elsewhere = await adjust(s, other.variantId, { reason: 'received', delta: 2 }, key);
    expect(elsewhere.status).toBe(422);
    expect(await onHand(o.variantId)).toBe(6);
    expect(await onHand(other.variantId)).toBe(4);
  });

  it('keys are per principal: another admin with the same key makes their own adjustment', async () => {
    const a = await signIn('staff');
    const b = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const key = crypto.randomUUID();
    const body = { reason: 'received', delta: 1 };
    expect((await adjust(a, o.variantId, body, key)).headers.get('idempotent-replayed')).toBeNull();
    expect((await adjust(b, o.variantId, body, key)).headers.get('idempotent-replayed')).toBeNull();
    expect(await onHand(o.variantId)).toBe(6);
  });

  it('a missing or malformed key is a 400 problem and changes nothing', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const body = { reason: 'received', delta: 1 };
    const missing = await adjust(s, o.variantId, body);
    expect(missing.status).toBe(400);
    expect(await problemType(missing)).toBe('https://vitrine.dev/problems/idempotency-key-missing');
    for (const bad of ['short', 'x'.repeat(256), 'tab\tinside-the-key']) {
      const r = await adjust(s, o.variantId, body, bad);
      expect(r.status, bad).toBe(400);
    }
    // the rule's edges: 8 and 255 printable ASCII characters (spaces and punctuation included)
    expect((await adjust(s, o.variantId, body, `k ${rnd().slice(0, 6)}`)).status).toBe(201);
    expect((await adjust(s, o.variantId, body, `~!${'a'.repeat(245)}${rnd()}`)).status).toBe(201);
    expect(await onHand(o.variantId)).toBe(6);
  });

  it('the inventory page form carries a one-time key: posted twice, the stock moves once', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 1, stock: 5 });
    const html = await (await s.fetch(`/admin/inventory/${o.variantId}`)).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(key).toBeTruthy();
    const post = () => s.fetch(`/admin/inventory/${o.variantId}`, { method: 'POST', form: { reason: 'received', delta: '4', note: '', idempotencyKey: key! } });
    const r1 = await post();
    const r2 = await post();
    expect([r1.status, r2.status]).toEqual([303, 303]);
    expect(decodeURIComponent(r1.headers.get('location')!)).toContain('Stock adjusted.');
    expect(decodeURIComponent(r2.headers.get('location')!)).toContain('Already done');
    expect(await onHand(o.variantId)).toBe(8);
    // a form without its key (stale page): 400, nothing changed
    expect((await s.fetch(`/admin/inventory/${o.variantId}`, { method: 'POST', form: { reason: 'received', delta: '4' } })).status).toBe(400);
    expect(await onHand(o.variantId)).toBe(8);
  });
});

describe('refunds', () => {
  it('the same key with another amount is 422 and refunds nothing more; the same request replays the first result', async () => {
    const s = await signIn('staff');
    const o = await placeOrder({ status: 'paid', quantity: 2, unitPrice: 1500, stock: 10 });
    const key = crypto.randomUUID();
    const refund = (body: unknown) => s.fetch(`/admin/api/v1/orders/${o.orderId}/actions`, { method: 'POST', json: body, headers: { 'idempotency-key': key } });
    const first = await refund({ action: 'refund', amount: 500 });
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as Record<string, unknown>;
    const other = await refund({ action: 'refund', amount: 700 });
    expect(other.status).toBe(422);
    expect(await problemType(other)).toBe('https://vitrine.dev/problems/idempotency-key-reused');
    const again = await refund({ action: 'refund', amount: 500 });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual({ ...firstBody, replayed: true });
    const refunds = await sql<{ amount: string }>(`select amount from order_refunds where order_id = $1`, [o.orderId]);
    expect(refunds.map((r) => Number(r.amount))).toEqual([500]);
  });
});

describe('CSV imports', () => {
  it('the same file with the same key imports once and replays the summary; another file with that key is 422', async () => {
    const m = await signIn('manager');
    const h = `idem-${rnd()}`;
    const sku = `IDEM-${rnd()}`.toUpperCase();
    const csv = [HEADER, `${h},Once,active,,,${sku},10.00,,`].join('\n');
    const key = crypto.randomUUID();
    const first = await importCsv(m, csv, key);
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    expect(firstBody).toMatchObject({ products: 1, created: 1, updated: 0, variants: 1, rows: 1 });
    const second = await importCsv(m, csv, key);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(firstBody); // not "updated: 1": nothing ran again
    const audits = await sql(`select 1 from admin_audit_log a join products p on p.id::text = a.entity_id where p.handle = $1`, [h]);
    expect(audits).toHaveLength(1);
    // the streamed variant replays too
    const streamed = await importCsv(m, csv, key, 'application/x-ndjson');
    const events = (await streamed.text()).trim().split('\n').map((l) => JSON.parse(l) as { phase: string; replayed?: boolean; summary?: unknown });
    expect(events.at(-1)).toEqual({ phase: 'done', summary: firstBody, replayed: true });
    // the same key with another file: refused, nothing written
    const changed = await importCsv(m, [HEADER, `${h},Twice,active,,,${sku},11.00,,`].join('\n'), key);
    expect(changed.status).toBe(422);
    expect(await problemType(changed)).toBe('https://vitrine.dev/problems/idempotency-key-reused');
    const [row] = await sql<{ title: string }>(`select title from products where handle = $1`, [h]);
    expect(row!.title).toBe('Once');
    // no key: 400
    const none = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf } });
    expect(none.status).toBe(400);
  });

  it('the import page form carries a one-time key: the same upload posted twice imports once', async () => {
    const m = await signIn('manager');
    const h = `idem-page-${rnd()}`;
    const html = await (await m.fetch('/admin/products/import')).text();
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];
    expect(key).toBeTruthy();
    const post = () => {
      const fd = new FormData();
      fd.set('_csrf', m.csrf);
      fd.set('idempotencyKey', key!);
      fd.set('file', new File([[HEADER, `${h},Paged,draft,,,${h.toUpperCase()},3,,`].join('\n')], 'p.csv', { type: 'text/csv' }));
      return m.fetch('/admin/products/import', { method: 'POST', body: fd });
    };
    expect(await (await post()).text()).toContain('Imported: 1 created');
    expect(await (await post()).text()).toContain('Already imported');
    const audits = await sql(`select 1 from admin_audit_log a join products p on p.id::text = a.entity_id where p.handle = $1`, [h]);
    expect(audits).toHaveLength(1);
  });
});
