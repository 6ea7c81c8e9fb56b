/**
 * CSV import/export (validated first, errors by line, all or nothing),
 * discounts CRUD with usage, the audit log (owners only, filterable, never a
 * secret), the dashboard figures and chart, the OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import { signIn, sql } from './helpers';
import { placeOrder } from './fixtures';

const rnd = () => crypto.randomUUID().slice(0, 8);
const HEADER = 'handle,title,status,option1_name,option1_value,variant_sku,price_usd,compare_at_usd,price_eur';

describe('CSV', () => {
  it('imports products with variants in one go, then updates them by handle/SKU; export round-trips', async () => {
    const m = await signIn('manager');
    const h1 = `csv-${rnd()}`;
    const h2 = `csv-${rnd()}`;
    const s = rnd().toUpperCase();
    const csv = [HEADER, `${h1},"Shirt, linen",active,Size,S,${s}-S,12.50,15.00,11.90`, `${h1},,,,M,${s}-M,12.50,,`, `${h2},"Mug ""big""",draft,,,${s}-MUG,8,,`].join('\r\n');
    const res = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf, 'idempotency-key': crypto.randomUUID() } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ products: 2, created: 2, updated: 0, variants: 3 });
    const rows = await sql<{ sku: string; amount: number; compare_at_amount: number | null; option_values: Record<string, string> }>(
      `select v.sku, vp.amount, vp.compare_at_amount, v.option_values from variants v join variant_prices vp on vp.variant_id = v.id and vp.currency = 'USD' where v.sku like $1 order by v.sku`,
      [`${s}-%`],
    );
    expect(rows).toEqual([
      { sku: `${s}-M`, amount: 1250, compare_at_amount: null, option_values: { Size: 'M' } },
      { sku: `${s}-MUG`, amount: 800, compare_at_amount: null, option_values: {} },
      { sku: `${s}-S`, amount: 1250, compare_at_amount: 1500, option_values: { Size: 'S' } },
    ]);
    const [ids] = await sql<{ id: string }>(`select id from variants where sku = $1`, [`${s}-S`]);
    // update by handle: the S variant keeps its id (stock, order history), its price changes
    const again = [HEADER, `${h1},"Shirt, linen",active,Size,S,${s}-S,13.00,,`].join('\n');
    const upd = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: again, headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf, 'idempotency-key': crypto.randomUUID() } });
    expect(await upd.json()).toMatchObject({ created: 0, updated: 1 });
    const [after] = await sql<{ id: string; amount: number }>(`select v.id, vp.amount from variants v join variant_prices vp on vp.variant_id = v.id and vp.currency = 'USD' where v.sku = $1`, [`${s}-S`]);
    expect(after).toEqual({ id: ids!.id, amount: 1300 });
    const exp = await m.fetch('/admin/api/v1/products/export.csv');
    expect(exp.headers.get('content-type')).toContain('text/csv');
    const text = await exp.text();
    expect(text.split('\r\n')[0]).toContain('handle,title,description');
    expect(text).toContain(`${h2},"Mug ""big""",`);
  });

  it('reports every error by line and imports nothing when any row is wrong', async () => {
    const m = await signIn('manager');
    const h = `csv-${rnd()}`;
    const s = rnd().toUpperCase();
    const csv = [HEADER, `${h},Good,active,,,${s}-1,10.00,,`, `Bad Handle,Bad,active,,,${s}-2,10,,`, `${h}-b,Two,active,,,${s}-1,abc,,`, `${h}-c,,active,,,${s}-3,5,4,`].join('\n');
    const res = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: csv, headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf, 'idempotency-key': crypto.randomUUID() } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { line: number; field: string }[] };
    const byLine = body.errors.map((e) => `${e.line}:${e.field}`);
    expect(byLine).toEqual(expect.arrayContaining(['3:handle', '4:variant_sku', '4:price_usd', '5:title']));
    expect(byLine.some((l) => l.startsWith('5:') && l.includes('compare'))).toBe(true);
    expect(await sql(`select 1 from variants where sku like $1`, [`${s}-%`])).toEqual([]);
    // a header it does not know
    const hdr = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: 'handle,variant_sku,price\nx,y,1', headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf, 'idempotency-key': crypto.randomUUID() } });
    expect(hdr.status).toBe(422);
    // an SKU owned by another product: the write fails as a whole
    const other = await placeOrder();
    const [{ sku }] = (await sql<{ sku: string }>(`select sku from variants where id = $1`, [other.variantId])) as [{ sku: string }];
    const clash = [HEADER, `${h}-ok,Fine,active,,,${s}-OK,1,,`, `${h}-x,Clash,active,,,${sku},1,,`].join('\n');
    const r = await m.fetch('/admin/api/v1/products/import', { method: 'POST', body: clash, headers: { 'content-type': 'text/csv', 'x-csrf-token': m.csrf, 'idempotency-key': crypto.randomUUID() } });
    expect(r.status).toBe(422);
    expect(await sql(`select 1 from variants where sku = $1`, [`${s}-OK`])).toEqual([]);
  });

  it('the import page streams progress and the result', async () => {
    const m = await signIn('manager');
    const h = `csv-${rnd()}`;
    const fd = new FormData();
    fd.set('_csrf', m.csrf);
    fd.set('idempotencyKey', crypto.randomUUID());
    fd.set('file', new File([[HEADER, `${h},Paged,draft,,,${h.toUpperCase()},3,,`].join('\n')], 'p.csv', { type: 'text/csv' }));
    const res = await m.fetch('/admin/products/import', { method: 'POST', body: fd });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Checked 1 rows');
    expect(html).toContain('1 / 1 products written');
    expect(html).toContain('Imported: 1 created');
    const s = await signIn('staff');
    expect((await s.fetch('/admin/products/import', { method: 'POST', body: fd })).status).toBe(403);
  });
});

describe('discounts', () => {
  it('CRUD with the pricing rules; usage visible; used codes are deactivated, not deleted', async () => {
    const m = await signIn('manager');
    const code = `D${rnd()}`.toUpperCase();
    let r = await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: code.toLowerCase(), kind: 'percentage', percentBp: 1500, usageLimit: 10 } });
    expect(r.status).toBe(201);
    const d = (await r.json()) as { id: string; code: string; timesUsed: number; redemptions: number };
    expect(d).toMatchObject({ code, timesUsed: 0, redemptions: 0 });
    expect((await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: `F${rnd()}`, kind: 'fixed_amount' } })).status).toBe(422);
    expect((await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: `F${rnd()}`, kind: 'free_shipping', percentBp: 10 } })).status).toBe(422);
    expect((await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: `W${rnd()}`, kind: 'free_shipping', startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' } })).status).toBe(422);
    expect((await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code, kind: 'free_shipping' } })).status).toBe(409);
    await sql(`update discounts set times_used = 3 where id = $1`, [d.id]);
    r = await m.fetch(`/admin/api/v1/discounts/${d.id}`, { method: 'PUT', json: { code, kind: 'percentage', percentBp: 1500, usageLimit: 2 } });
    expect(r.status).toBe(409); // below the uses so far
    r = await m.fetch(`/admin/api/v1/discounts/${d.id}`, { method: 'PUT', json: { code, kind: 'fixed_amount', amounts: { USD: 500, EUR: 450 }, usageLimit: 20 } });
    expect(((await r.json()) as { kind: string; amounts: unknown }).amounts).toEqual({ USD: 500, EUR: 450 });
    r = await m.fetch(`/admin/api/v1/discounts/${d.id}`, { method: 'DELETE' });
    expect(await r.json()).toEqual({ outcome: 'deactivated' });
    const list = (await (await m.fetch('/admin/api/v1/discounts')).json()) as { items: { id: string; active: boolean; timesUsed: number }[] };
    expect(list.items.find((x) => x.id === d.id)).toMatchObject({ active: false, timesUsed: 3 });
    const page = await (await m.fetch('/admin/discounts')).text();
    expect(page).toContain(code);
    expect((await (await signIn('staff')).fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: 'STAFFX', kind: 'free_shipping' } })).status).toBe(403);
  });
});

describe('audit log', () => {
  it('records who, when, what, before/after; owners filter it; never passwords or tokens', async () => {
    const owner = await signIn('owner');
    const email = `new-${rnd()}@admin.test`;
    const secret = 'another long admin passphrase 42';
    const r = await owner.fetch('/admin/api/v1/users', { method: 'POST', json: { email, name: 'New Admin', role: 'staff', password: secret } });
    expect(r.status).toBe(201);
    const weak = await owner.fetch('/admin/api/v1/users', { method: 'POST', json: { email: `w-${email}`, name: 'W', role: 'staff', password: 'password123' } });
    expect(weak.status).toBe(422);
    const log = (await (await owner.fetch(`/admin/api/v1/audit?action=user.&actor=${encodeURIComponent(owner.email!)}`)).json()) as { items: { actorLabel: string; action: string; after: Record<string, unknown>; at: string }[] };
    const entry = log.items.find((i) => i.after?.email === email)!;
    expect(entry).toMatchObject({ actorLabel: owner.email, action: 'user.create' });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    const all = JSON.stringify(await sql(`select before, after from admin_audit_log`));
    expect(all).not.toContain(secret);
    expect(all).not.toMatch(/\$scrypt\$/);
    expect(all).not.toMatch(/vta_[A-Za-z0-9_-]{43}/);
    const page = await (await owner.fetch('/admin/audit?action=user.')).text();
    expect(page).toContain('user.create');
    expect((await (await signIn('manager')).fetch('/admin/api/v1/audit')).status).toBe(403);
    expect((await owner.fetch('/admin/api/v1/audit?from=notadate')).status).toBe(400);
  });
});

describe('dashboard', () => {
  it("shows today's orders and revenue, and an SVG chart over 30 days", async () => {
    const v = await signIn('viewer');
    const before = (await (await v.fetch('/admin/api/v1/dashboard')).json()) as { today: { orders: number; revenue: number }; series: unknown[] };
    const o = await placeOrder({ status: 'paid', quantity: 1, unitPrice: 4321 });
    const after = (await (await v.fetch('/admin/api/v1/dashboard')).json()) as typeof before;
    expect(after.series).toHaveLength(30);
    expect(after.today.orders).toBe(before.today.orders + 1);
    expect(after.today.revenue).toBe(before.today.revenue + o.total);
    const html = await (await v.fetch('/admin')).text();
    expect(html).toContain('<svg');
    expect(html).toContain('Orders and revenue per day');
    expect(html).toContain('Low stock');
  });
});

describe('OpenAPI', () => {
  it('serves the spec and rendered docs', async () => {
    const v = await signIn('viewer');
    const spec = (await (await v.fetch('/admin/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toContain('/orders/{id}/actions');
    expect(spec.components.schemas.ProductInput).toBeTruthy();
    // writes that move stock or money document their Idempotency-Key (the rule: 8–255 printable ASCII characters)
    type Param = { name: string; in: string; required: boolean; schema: { pattern: string; minLength: number; maxLength: number } };
    const paths = spec.paths as Record<string, Record<string, { parameters?: Param[] }>>;
    for (const [p, m] of [['/orders/{id}/actions', 'post'], ['/inventory/{variantId}/adjustments', 'post'], ['/products/import', 'post']] as const) {
      const key = paths[p]![m]!.parameters?.find((x) => x.name === 'Idempotency-Key');
      expect(key, p).toMatchObject({ in: 'header', required: true, schema: { minLength: 8, maxLength: 255 } });
      expect(new RegExp(key!.schema.pattern).test('a UUID-like key 42')).toBe(true);
      expect(new RegExp(key!.schema.pattern).test('short')).toBe(false);
    }
    expect(await (await v.fetch('/admin/api/v1/docs')).text()).toContain('Vitrine admin API');
  });
});

describe('pages: discounts and users', () => {
  it('creates a discount through the form (decimals → minor units) and shows field errors', async () => {
    const m = await signIn('manager');
    const bad = await m.fetch('/admin/discounts', { method: 'POST', form: { code: 'x', kind: 'fixed_amount', amountUSD: '', active: '1' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Enter the amount in at least one currency.');
    const code = `PAGE${rnd()}`.toUpperCase();
    const ok = await m.fetch('/admin/discounts', { method: 'POST', form: { code, kind: 'fixed_amount', amountUSD: '5.50', amountEUR: '5', minUSD: '30', endsAt: '2031-01-01T00:00', usageLimit: '100', active: '1' } });
    expect(ok.status).toBe(303);
    const [row] = await sql<{ amounts: unknown; minimum_subtotal: unknown; usage_limit: number; ends_at: Date }>(`select amounts, minimum_subtotal, usage_limit, ends_at from discounts where code = $1`, [code]);
    expect(row).toMatchObject({ amounts: { USD: 550, EUR: 500 }, minimum_subtotal: { USD: 3000 }, usage_limit: 100 });
    expect(new Date(row!.ends_at).toISOString()).toBe('2031-01-01T00:00:00.000Z');
  });

  it('owners add users, change roles and disable them from the users page', async () => {
    const owner = await signIn('owner');
    const email = `page-${rnd()}@admin.test`;
    let r = await owner.fetch('/admin/users', { method: 'POST', form: { email, name: 'Paged', role: 'viewer', password: 'a fine long passphrase 99' } });
    expect(decodeURIComponent(r.headers.get('location')!)).toContain(`${email} added as viewer`);
    // the same email again (one batch: user + audit entry): 409 through the unique key, nothing half-written
    r = await owner.fetch('/admin/users', { method: 'POST', form: { email, name: 'Twice', role: 'viewer', password: 'a fine long passphrase 99' } });
    expect(decodeURIComponent(r.headers.get('location')!)).toContain('An admin with this email exists');
    const api = await owner.fetch('/admin/api/v1/users', { method: 'POST', json: { email, name: 'Twice', role: 'viewer', password: 'a fine long passphrase 99' } });
    expect(api.status).toBe(409);
    expect(await sql(`select 1 from admin_audit_log where action = 'user.create' and after->>'email' = $1`, [email])).toHaveLength(1);
    const [u] = await sql<{ id: string }>(`select id from admin_users where email = $1`, [email]);
    r = await owner.fetch(`/admin/users/${u!.id}`, { method: 'POST', form: { role: 'staff' } });
    expect(r.status).toBe(303);
    r = await owner.fetch(`/admin/users/${u!.id}`, { method: 'POST', form: { disabled: '1' } });
    expect(decodeURIComponent(r.headers.get('location')!)).toContain('disabled');
    const [after] = await sql<{ role: string; disabled: boolean }>(`select role, disabled from admin_users where id = $1`, [u!.id]);
    expect(after).toEqual({ role: 'staff', disabled: true });
    // an owner cannot disable themselves
    r = await owner.fetch(`/admin/users/${owner.id}`, { method: 'POST', form: { disabled: '1' } });
    expect(decodeURIComponent(r.headers.get('location')!)).toContain('Not changed');
  });
});
