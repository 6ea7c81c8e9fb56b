/**
 * Catalog writes through the admin: validation with field errors, mass
 * assignment refused, every change committed with its outbox row (published
 * to the catalog queue right away) and its audit entry; collections ordered;
 * images sniffed, sized and stored content-addressed in R2.
 */
import { describe, expect, it } from 'vitest';
import { signIn, sql, testEnv } from './helpers';
import { outboxFor, productInput } from './fixtures';

type Product = { id: string; handle: string; status: string; variants: { id: string; sku: string; prices: Record<string, { amount: number; compareAtAmount: number | null }>; onHand: number }[]; collectionIds: string[]; media: { id: string; r2Key: string; width: number; height: number; alt: string }[] };

describe('products', () => {
  it('creates a product with options, variants and prices per currency; the change goes through the outbox; audited', async () => {
    const m = await signIn('manager');
    const input = productInput({
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: `S-${crypto.randomUUID().slice(0, 6)}`, title: 'S', optionValues: { Size: 'S' }, prices: { USD: { amount: 1000, compareAtAmount: 1500 } } },
        { sku: `M-${crypto.randomUUID().slice(0, 6)}`, title: 'M', optionValues: { Size: 'M' }, prices: { USD: { amount: 1100 }, EUR: { amount: 990 } } },
      ],
      seoTitle: 'SEO title',
    });
    const res = await m.fetch('/admin/api/v1/products', { method: 'POST', json: input });
    expect(res.status).toBe(201);
    const p = (await res.json()) as Product;
    expect(p.variants.map((v) => v.prices)).toEqual([{ USD: { amount: 1000, compareAtAmount: 1500 } }, { USD: { amount: 1100, compareAtAmount: null }, EUR: { amount: 990, compareAtAmount: null } }]);
    expect(p.variants.every((v) => v.onHand === 0)).toBe(true);
    const rows = await sql<{ topic: string }>(`select topic from outbox where payload->'productIds' ? $1`, [p.id]);
    expect(rows).toEqual([{ topic: 'catalog.products.changed' }]); // committed with the product; the jobs worker publishes it
    const [a] = await sql<{ actor_label: string; action: string; before: unknown; after: { handle: string } }>(`select actor_label, action, before, after from admin_audit_log where entity_id = $1`, [p.id]);
    expect(a).toMatchObject({ actor_label: m.email, action: 'product.create', before: null });
    expect(a!.after.handle).toBe(input.handle);
  });

  it('reports every invalid field (422 problem+json with paths), and refuses unknown fields (mass assignment)', async () => {
    const m = await signIn('manager');
    const bad = await m.fetch('/admin/api/v1/products', { method: 'POST', json: { handle: 'Not A Handle!', title: '', variants: [{ sku: 'X', prices: { USD: { amount: 10.5, compareAtAmount: 5 } } }] } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.handle', 'body.title', 'body.variants.0.prices.USD.amount']));
    for (const extra of [{ id: crypto.randomUUID() }, { createdAt: '2020-01-01T00:00:00Z' }, { publishedAt: '2020-01-01T00:00:00Z' }]) {
      const r = await m.fetch('/admin/api/v1/products', { method: 'POST', json: { ...productInput(), ...extra } });
      expect(r.status).toBe(422);
    }
    // stock cannot be set through the product (only adjustments move it)
    const withStock = productInput();
    (withStock.variants[0] as Record<string, unknown>).onHand = 500;
    expect((await m.fetch('/admin/api/v1/products', { method: 'POST', json: withStock })).status).toBe(422);
    // order totals / status cannot be set through an action
    const r = await m.fetch(`/admin/api/v1/orders/${crypto.randomUUID()}/actions`, { method: 'POST', json: { action: 'mark_paid', status: 'refunded', grandTotal: 0 }, headers: { 'idempotency-key': crypto.randomUUID() } });
    expect(r.status).toBe(422);
    // discount usage cannot be set
    expect((await m.fetch('/admin/api/v1/discounts', { method: 'POST', json: { code: 'MASSX', kind: 'free_shipping', timesUsed: 0 } })).status).toBe(422);
    // malformed JSON → 400, not 500
    expect((await m.fetch('/admin/api/v1/products', { method: 'POST', body: '{"handle":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  it('a taken handle or SKU is a 409 naming the field', async () => {
    const m = await signIn('manager');
    const a = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput() })).json()) as Product;
    const dupHandle = await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput({ handle: a.handle }) });
    expect(dupHandle.status).toBe(409);
    expect(JSON.stringify(await dupHandle.json())).toContain('body.handle');
    const dupSku = productInput();
    dupSku.variants[0]!.sku = a.variants[0]!.sku;
    const r = await m.fetch('/admin/api/v1/products', { method: 'POST', json: dupSku });
    expect(r.status).toBe(409);
    expect(JSON.stringify(await r.json())).toContain('body.variants.0.sku');
  });

  it('changes a price: old and new collections are re-projected; the audit entry has before and after', async () => {
    const m = await signIn('manager');
    const [col] = await sql<{ id: string }>(`select id from collections order by position limit 1`);
    const input = productInput({ collectionIds: [col!.id] });
    const p = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: input })).json()) as Product;
    const update = { ...input, collectionIds: [], variants: [{ ...input.variants[0]!, id: p.variants[0]!.id, prices: { USD: { amount: 1999, compareAtAmount: 2500 } } }] };
    const res = await m.fetch(`/admin/api/v1/products/${p.id}`, { method: 'PUT', json: update });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Product;
    expect(after.variants[0]!.id).toBe(p.variants[0]!.id);
    expect(after.variants[0]!.prices).toEqual({ USD: { amount: 1999, compareAtAmount: 2500 } });
    expect(after.collectionIds).toEqual([]);
    const events = await outboxFor(p.id);
    expect(events.at(-1)!.payload.collectionIds).toEqual([col!.id]); // the listing it left is re-projected too
    const [a] = await sql<{ before: Product; after: Product }>(`select before, after from admin_audit_log where entity_id = $1 and action = 'product.update'`, [p.id]);
    expect(a!.before.variants[0]!.prices.USD!.amount).toBe(2500);
    expect(a!.after.variants[0]!.prices.USD!.amount).toBe(1999);
  });

  it('publishes, unpublishes and archives; viewers cannot', async () => {
    const m = await signIn('manager');
    const p = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput({ status: 'draft' }) })).json()) as Product;
    expect(p.status).toBe('draft');
    const pub = await m.fetch(`/admin/api/v1/products/${p.id}/status`, { method: 'POST', json: { status: 'active' } });
    expect(((await pub.json()) as Product).status).toBe('active');
    expect((await outboxFor(p.id)).length).toBe(2);
    const v = await signIn('viewer');
    expect((await v.fetch(`/admin/api/v1/products/${p.id}/status`, { method: 'POST', json: { status: 'archived' } })).status).toBe(403);
    expect((await m.fetch(`/admin/api/v1/products/${p.id}/status`, { method: 'POST', json: { status: 'gone' } })).status).toBe(422);
  });

  it('creates a product through the page form, with field errors shown beside the inputs on bad input', async () => {
    const m = await signIn('manager');
    const bad = await m.fetch('/admin/products', { method: 'POST', form: { title: 'Form product', handle: 'Bad Handle', status: 'draft', 'v0.sku': 'FORM-1', 'v0.USD': '12.3x' } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Use lower-case letters');
    expect(html).toContain('value="Form product"'); // what was typed is kept
    const handle = `form-${crypto.randomUUID().slice(0, 8)}`;
    const ok = await m.fetch('/admin/products', { method: 'POST', form: { title: 'Form product', handle, status: 'active', 'v0.sku': `F-${handle}`, 'v0.title': 'Default', 'v0.USD': '12.30', 'v0.USD.compare': '', 'v0.EUR': '11', 'v0.weight': '200' } });
    expect(ok.status).toBe(303);
    const rows = await sql<{ amount: number; currency: string }>(`select vp.amount, vp.currency::text as currency from variant_prices vp join variants v on v.id = vp.variant_id where v.sku = $1 order by 2`, [`F-${handle}`]);
    expect(rows).toEqual([{ amount: 1100, currency: 'EUR' }, { amount: 1230, currency: 'USD' }]);
  });
});

describe('collections', () => {
  it('creates a collection and orders its products; members are re-projected', async () => {
    const m = await signIn('manager');
    const a = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput() })).json()) as Product;
    const b = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput() })).json()) as Product;
    const handle = `col-${crypto.randomUUID().slice(0, 8)}`;
    const res = await m.fetch('/admin/api/v1/collections', { method: 'POST', json: { handle, title: 'Test collection', productIds: [b.id, a.id] } });
    expect(res.status).toBe(201);
    const col = (await res.json()) as { id: string; products: { id: string }[] };
    expect(col.products.map((p) => p.id)).toEqual([b.id, a.id]);
    const re = await m.fetch(`/admin/api/v1/collections/${col.id}`, { method: 'PUT', json: { handle, title: 'Test collection', productIds: [a.id, b.id] } });
    expect(((await re.json()) as typeof col).products.map((p) => p.id)).toEqual([a.id, b.id]);
    const events = await sql<{ topic: string }>(`select topic from outbox where payload->'collectionIds' ? $1`, [col.id]);
    expect(events.map((e) => e.topic)).toContain('catalog.collections.changed');
    expect((await m.fetch('/admin/api/v1/collections', { method: 'POST', json: { handle, title: 'Dup' } })).status).toBe(409);
  });
});

/** A real 3×2 PNG (IHDR says so) with a .txt name and a wrong declared type. */
function tinyPng(): Uint8Array {
  const b64 = 'iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMDAAAANAAEMbgxyAAAAAElFTkSuQmCC';
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

describe('media', () => {
  it('sniffs the type from the bytes, records width/height, stores content-addressed in R2; alt, reorder, delete', async () => {
    const m = await signIn('manager');
    const p = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput() })).json()) as Product;
    const upload = (bytes: Uint8Array, name: string, type: string) => {
      const fd = new FormData();
      fd.set('file', new File([bytes], name, { type }));
      fd.set('alt', 'A tiny test image');
      return m.fetch(`/admin/api/v1/products/${p.id}/media`, { method: 'POST', body: fd, headers: { 'x-csrf-token': m.csrf } });
    };
    const res = await upload(tinyPng(), 'notes.txt', 'text/plain');
    expect(res.status).toBe(201);
    const media = (await res.json()) as { id: string; r2Key: string; width: number; height: number; contentType: string };
    expect(media).toMatchObject({ width: 3, height: 2, contentType: 'image/png' });
    expect(media.r2Key).toMatch(/^media\/[a-f0-9]{64}\.png$/);
    const obj = await testEnv.MEDIA.get(media.r2Key);
    expect(obj?.httpMetadata?.contentType).toBe('image/png');
    await obj?.arrayBuffer();
    // not an image, whatever the name says
    const fake = await upload(new TextEncoder().encode('<svg onload=alert(1)>'), 'evil.png', 'image/png');
    expect(fake.status).toBe(415);
    // the same bytes again: same key, same row
    const again = (await (await upload(tinyPng(), 'x.png', 'image/png')).json()) as { id: string };
    expect(again.id).toBe(media.id);
    expect((await m.fetch(`/admin/api/v1/media/${media.id}`, { method: 'PATCH', json: { alt: 'New alt' } })).status).toBe(200);
    const detail = (await (await m.fetch(`/admin/api/v1/products/${p.id}`)).json()) as Product;
    expect(detail.media[0]!.alt).toBe('New alt');
    expect((await m.fetch(`/admin/api/v1/products/${p.id}/media/order`, { method: 'PUT', json: { ids: [crypto.randomUUID()] } })).status).toBe(422);
    expect((await m.fetch(`/admin/api/v1/media/${media.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = (await (await m.fetch(`/admin/api/v1/products/${p.id}`)).json()) as Product;
    expect(gone.media.find((x) => x.id === media.id)).toBeUndefined();
    // staff cannot upload
    const s = await signIn('staff');
    const fd = new FormData();
    fd.set('file', new File([tinyPng()], 'a.png'));
    expect((await s.fetch(`/admin/api/v1/products/${p.id}/media`, { method: 'POST', body: fd, headers: { 'x-csrf-token': s.csrf } })).status).toBe(403);
  });

  it('refuses images over the size limit (413)', async () => {
    const m = await signIn('manager');
    const p = (await (await m.fetch('/admin/api/v1/products', { method: 'POST', json: productInput() })).json()) as Product;
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(tinyPng());
    const fd = new FormData();
    fd.set('file', new File([big], 'big.png'));
    const res = await m.fetch(`/admin/api/v1/products/${p.id}/media`, { method: 'POST', body: fd, headers: { 'x-csrf-token': m.csrf } });
    expect(res.status).toBe(413);
  });
});
