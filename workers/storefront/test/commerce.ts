/**
 * Helpers for the cart / checkout tests: each test creates its own products,
 * variants, stock and discount codes in the shared test database (never
 * touching seed rows other tests read), and talks to the worker over HTTP
 * (SELF: the real storefront inside workerd, real Redis via the bridge).
 */
import { SELF } from 'cloudflare:test';
import { testDb, testEnv } from './helpers';

export const ORIGIN = 'https://shop.test';
export const ADDRESS_US = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' };
export const ADDRESS_DE = { name: 'Grace Hopper', line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' };

export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const h = testDb();
  try {
    return (await h.pool.query(text, params)).rows as T[];
  } finally {
    await h.close();
  }
}

const rnd = () => crypto.randomUUID().slice(0, 8);

export interface TestVariant {
  productId: string;
  variantId: string;
  handle: string;
  sku: string;
}

/** A fresh active product with one variant, priced in USD and EUR, with `stock` units on hand. */
export async function createProduct(opts: { stock: number; usd?: number; eur?: number; weightGrams?: number; status?: 'active' | 'archived' | 'draft'; title?: string } ): Promise<TestVariant> {
  const handle = `test-${rnd()}-${rnd()}`;
  const sku = `T-${rnd()}-${rnd()}`.toUpperCase();
  const h = testDb();
  try {
    const client = await h.pool.connect();
    try {
      await client.query('begin');
      const p = await client.query(`insert into products (handle, title, status) values ($1, $2, $3) returning id`, [handle, opts.title ?? `Test product ${handle}`, opts.status ?? 'active']);
      const productId = p.rows[0].id as string;
      const v = await client.query(`insert into variants (product_id, sku, title, weight_grams) values ($1, $2, 'Default', $3) returning id`, [productId, sku, opts.weightGrams ?? 250]);
      const variantId = v.rows[0].id as string;
      await client.query(`insert into variant_prices (variant_id, currency, amount) values ($1, 'USD', $2), ($1, 'EUR', $3)`, [variantId, opts.usd ?? 2000, opts.eur ?? 1900]);
      await client.query(`insert into inventory_levels (variant_id, on_hand) values ($1, $2)`, [variantId, opts.stock]);
      await client.query('commit');
      return { productId, variantId, handle, sku };
    } finally {
      client.release();
    }
  } finally {
    await h.close();
  }
}

export async function stockOf(variantId: string): Promise<{ onHand: number; reserved: number }> {
  const [r] = await sql<{ on_hand: number; reserved: number }>(`select on_hand, reserved from inventory_levels where variant_id = $1`, [variantId]);
  return { onHand: r!.on_hand, reserved: r!.reserved };
}

export async function createDiscount(opts: {
  kind?: 'percentage' | 'fixed_amount' | 'free_shipping';
  percentBp?: number | null;
  amounts?: Record<string, number>;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
  endsAt?: string | null;
  minimum?: Record<string, number>;
}): Promise<{ id: string; code: string }> {
  const code = `T${rnd()}`.toUpperCase();
  const kind = opts.kind ?? 'percentage';
  const [r] = await sql<{ id: string }>(
    `insert into discounts (code, kind, percent_bp, amounts, minimum_subtotal, usage_limit, per_customer_limit, ends_at)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8) returning id`,
    [code, kind, kind === 'percentage' ? (opts.percentBp ?? 1000) : null, JSON.stringify(opts.amounts ?? {}), JSON.stringify(opts.minimum ?? {}), opts.usageLimit ?? null, opts.perCustomerLimit ?? null, opts.endsAt ?? null],
  );
  return { id: r!.id, code };
}

export function api(path: string, init: RequestInit & { cartId?: string; json?: unknown; key?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cartId) headers.set('Cart-Id', init.cartId);
  if (init.key) headers.set('Idempotency-Key', init.key);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return SELF.fetch(`${ORIGIN}${path}`, { ...init, headers, body, redirect: 'manual' });
}

export async function newCart(lines: { variantId: string; quantity: number }[] = [], currency?: 'USD' | 'EUR'): Promise<string> {
  const r = await api('/api/v1/carts', { method: 'POST', json: { lines, ...(currency ? { currency } : {}) } });
  if (r.status !== 201) throw new Error(`cart create ${r.status}: ${await r.text()}`);
  return r.headers.get('Cart-Id')!;
}

/** A cart with lines, an email, a US address and standard shipping: ready to check out. */
export async function readyCart(lines: { variantId: string; quantity: number }[], opts: { address?: object; method?: string; currency?: 'USD' | 'EUR'; discount?: string } = {}): Promise<string> {
  const id = await newCart(lines, opts.currency);
  const r = await api('/api/v1/carts/current', {
    method: 'PATCH',
    cartId: id,
    json: { email: `buyer-${rnd()}@example.com`, shippingAddress: opts.address ?? ADDRESS_US, shippingMethod: opts.method ?? 'us-standard' },
  });
  if (r.status !== 200) throw new Error(`cart details ${r.status}: ${await r.text()}`);
  if (opts.discount) {
    const d = await api('/api/v1/carts/current/discount', { method: 'PUT', cartId: id, json: { code: opts.discount } });
    if (d.status !== 200) throw new Error(`discount ${d.status}: ${await d.text()}`);
  }
  return id;
}

export const MANUAL = { payment: { provider: 'manual' } };
export const CARD = (number: string) => ({ payment: { provider: 'test', card: { number } } });

export function checkout(cartId: string, key: string, body: unknown = MANUAL, headers: Record<string, string> = {}): Promise<Response> {
  return api('/api/v1/checkout', { method: 'POST', cartId, key, json: body, headers });
}

export { testEnv };
