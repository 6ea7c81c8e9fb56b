/** Test data written straight to Postgres (products, orders as checkout leaves them), each test with its own rows. */
import { sql } from './helpers';

const rnd = () => crypto.randomUUID().slice(0, 8);

export function productInput(over: Record<string, unknown> = {}) {
  const h = `adm-${rnd()}-${rnd()}`;
  return {
    handle: h,
    title: `Admin test ${h}`,
    description: 'Made in a test.',
    status: 'active',
    variants: [{ sku: `ADM-${rnd()}`.toUpperCase(), title: 'Default', prices: { USD: { amount: 2500, compareAtAmount: null }, EUR: { amount: 2300 } } }],
    ...over,
  };
}

/** An order as checkout leaves it: stock taken, lines and a pending payment (manual) or a captured one (paid). */
export async function placeOrder(opts: { status?: 'pending_payment' | 'paid'; quantity?: number; unitPrice?: number; stock?: number } = {}) {
  const q = opts.quantity ?? 2;
  const unit = opts.unitPrice ?? 1500;
  const handle = `ord-${rnd()}-${rnd()}`;
  const sku = `ORD-${rnd()}`.toUpperCase();
  const [p] = await sql<{ id: string }>(`insert into products (handle, title, status) values ($1, $2, 'active') returning id`, [handle, `Order test ${handle}`]);
  const [v] = await sql<{ id: string }>(`insert into variants (product_id, sku, title) values ($1, $2, 'Default') returning id`, [p!.id, sku]);
  await sql(`insert into variant_prices (variant_id, currency, amount) values ($1, 'USD', $2)`, [v!.id, unit]);
  await sql(`insert into inventory_levels (variant_id, on_hand) values ($1, $2)`, [v!.id, (opts.stock ?? 10) - q]);
  const total = unit * q;
  const status = opts.status ?? 'paid';
  const [o] = await sql<{ id: string; number: string }>(
    `insert into orders (status, cart_hash, email, currency, tax_included, subtotal, discount_total, shipping_total, shipping_discount, tax_total, grand_total,
       shipping_address, shipping_method, payment_provider, paid_at)
     values ($1::order_status, $2, $3, 'USD', false, $4, 0, 0, 0, 0, $4, $5::jsonb, $6::jsonb, 'manual', case when $1::text = 'paid' then now() end) returning id, number`,
    [status, `cart-${crypto.randomUUID()}`, `buyer-${rnd()}@example.com`, total, JSON.stringify({ name: 'Ada Buyer', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' }), JSON.stringify({ id: 'us-standard', name: 'Standard', description: '' })],
  );
  await sql(
    `insert into order_lines (order_id, position, variant_id, product_id, product_handle, product_title, variant_title, sku, quantity, unit_price, subtotal, discount, tax, total)
     values ($1, 0, $2, $3, $4, 'Order test', 'Default', $5, $6, $7, $8, 0, 0, $8)`,
    [o!.id, v!.id, p!.id, handle, sku, q, unit, total],
  );
  await sql(`insert into payments (order_id, provider, status, amount, currency) values ($1, 'manual', $2::payment_status, $3, 'USD')`, [o!.id, status === 'paid' ? 'captured' : 'pending', total]);
  return { orderId: o!.id, number: Number(o!.number), productId: p!.id, variantId: v!.id, total, quantity: q };
}

export async function onHand(variantId: string): Promise<number> {
  const [r] = await sql<{ on_hand: number }>(`select on_hand from inventory_levels where variant_id = $1`, [variantId]);
  return r!.on_hand;
}

export async function outboxFor(productId: string): Promise<{ topic: string; payload: { productIds?: string[]; collectionIds?: string[] } }[]> {
  return sql(`select topic, payload from outbox where payload->'productIds' ? $1 order by id`, [productId]);
}
