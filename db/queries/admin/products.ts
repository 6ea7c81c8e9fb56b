/**
 * Products for the admin: list, full read (the audit "before/after" shape),
 * and save (product, options, variants, prices, memberships) inside the
 * caller's transaction. Stock is never written here except 0 for new variants
 * (inventory.ts moves stock).
 */
import { sql } from 'drizzle-orm';
import type { ProductInput } from '../../../domain/admin/catalog-input';
import type { Currency } from '../../../domain/money';
import { escapeLike, iso, isUniqueViolation, rows, UUID, type Executor } from './shared';

export interface AdminVariant {
  id: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  weightGrams: number;
  position: number;
  prices: Partial<Record<Currency, { amount: number; compareAtAmount: number | null }>>;
  onHand: number;
  reserved: number;
}

export interface AdminMedia {
  id: string;
  r2Key: string;
  alt: string;
  width: number;
  height: number;
  contentType: string;
  byteSize: number;
  position: number;
}

export interface AdminProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  tags: string[];
  status: 'draft' | 'active' | 'archived';
  seoTitle: string | null;
  seoDescription: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  options: { name: string; values: string[] }[];
  variants: AdminVariant[];
  collectionIds: string[];
  media: AdminMedia[];
}

const productSelect = sql`
  select p.id, p.handle, p.title, p.description, p.vendor, p.tags, p.status, p.seo_title as "seoTitle", p.seo_description as "seoDescription",
    ${iso('p.published_at')} as "publishedAt", ${iso('p.created_at')} as "createdAt", ${iso('p.updated_at')} as "updatedAt",
    coalesce((select json_agg(json_build_object('name', o.name, 'values', o.values) order by o.position, o.name) from product_options o where o.product_id = p.id), '[]') as options,
    coalesce((select json_agg(json_build_object(
        'id', v.id, 'sku', v.sku, 'title', v.title, 'optionValues', v.option_values, 'weightGrams', v.weight_grams, 'position', v.position,
        'prices', coalesce((select json_object_agg(vp.currency, json_build_object('amount', vp.amount, 'compareAtAmount', vp.compare_at_amount)) from variant_prices vp where vp.variant_id = v.id), '{}'),
        'onHand', coalesce(i.on_hand, 0), 'reserved', coalesce(i.reserved, 0)) order by v.position, v.sku)
      from variants v left join inventory_levels i on i.variant_id = v.id where v.product_id = p.id), '[]') as variants,
    coalesce((select json_agg(cp.collection_id order by cp.collection_id) from collection_products cp where cp.product_id = p.id), '[]') as "collectionIds",
    coalesce((select json_agg(json_build_object('id', m.id, 'r2Key', m.r2_key, 'alt', m.alt, 'width', m.width, 'height', m.height,
        'contentType', m.content_type, 'byteSize', m.byte_size, 'position', m.position) order by m.position, m.created_at) from media m where m.product_id = p.id), '[]') as media
  from products p`;

export async function getAdminProduct(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<AdminProduct | null> {
  if (!UUID.test(id)) return null;
  if (opts.forUpdate) await db.execute(sql`select 1 from products where id = ${id} for update`);
  const r = await db.execute(sql`${productSelect} where p.id = ${id}`);
  return rows<AdminProduct>(r)[0] ?? null;
}

export async function getAdminProductByHandle(db: Executor, handle: string): Promise<AdminProduct | null> {
  const r = await db.execute(sql`${productSelect} where p.handle = ${handle}`);
  return rows<AdminProduct>(r)[0] ?? null;
}

export interface ProductListItem {
  id: string;
  handle: string;
  title: string;
  status: string;
  variantCount: number;
  totalStock: number;
  minPrice: number | null;
  updatedAt: string;
  thumbKey: string | null;
}

export async function listAdminProducts(
  db: Executor,
  f: { q?: string | undefined; status?: string | undefined; page?: number | undefined; perPage?: number | undefined },
): Promise<{ items: ProductListItem[]; total: number }> {
  const perPage = Math.min(Math.max(f.perPage ?? 50, 1), 200);
  const page = Math.max(f.page ?? 1, 1);
  const where = sql`where true
    ${f.q ? sql`and (p.title ilike ${`%${escapeLike(f.q)}%`} or p.handle ilike ${`%${escapeLike(f.q)}%`} or exists (select 1 from variants v where v.product_id = p.id and v.sku ilike ${`%${escapeLike(f.q)}%`}))` : sql``}
    ${f.status ? sql`and p.status = ${f.status}::product_status` : sql``}`;
  const [list, count] = await Promise.all([
    db.execute(sql`
      select p.id, p.handle, p.title, p.status, ${iso('p.updated_at')} as "updatedAt",
        (select count(*)::int from variants v where v.product_id = p.id) as "variantCount",
        (select coalesce(sum(i.on_hand - i.reserved), 0)::int from variants v join inventory_levels i on i.variant_id = v.id where v.product_id = p.id) as "totalStock",
        (select min(vp.amount)::int from variants v join variant_prices vp on vp.variant_id = v.id and vp.currency = 'USD' where v.product_id = p.id) as "minPrice",
        (select m.r2_key from media m where m.product_id = p.id order by m.position, m.created_at limit 1) as "thumbKey"
      from products p ${where}
      order by p.updated_at desc, p.id limit ${perPage} offset ${(page - 1) * perPage}`),
    db.execute(sql`select count(*)::int as n from products p ${where}`),
  ]);
  return { items: rows<ProductListItem>(list), total: (count.rows[0] as { n: number }).n };
}

export class HandleTakenError extends Error {
  override name = 'HandleTakenError';
}
export class SkuTakenError extends Error {
  override name = 'SkuTakenError';
  constructor(readonly sku: string) {
    super(`SKU ${sku} is taken`);
  }
}
export class VariantNotOfProductError extends Error {
  override name = 'VariantNotOfProductError';
}
export class UnknownCollectionError extends Error {
  override name = 'UnknownCollectionError';
}

/**
 * Creates (id null) or replaces a product inside the caller's transaction.
 * Returns the product id and the collections it was in before (the catalog
 * event must re-project listings it left as well as those it joined).
 */
export async function saveProduct(tx: Executor, id: string | null, input: ProductInput): Promise<{ id: string; previousCollectionIds: string[] }> {
  let productId = id;
  let previousCollectionIds: string[] = [];
  try {
    if (productId === null) {
      const r = await tx.execute(sql`
        insert into products (handle, title, description, vendor, tags, status, seo_title, seo_description, published_at)
        values (${input.handle}, ${input.title}, ${input.description}, ${input.vendor}, ${sql.param(input.tags)}::text[], ${input.status}::product_status,
                ${input.seoTitle}, ${input.seoDescription}, ${input.status === 'active' ? sql`now()` : sql`null`})
        returning id`);
      productId = (r.rows[0] as { id: string }).id;
    } else {
      previousCollectionIds = rows<{ id: string }>(await tx.execute(sql`select collection_id as id from collection_products where product_id = ${productId}`)).map((x) => x.id);
      await tx.execute(sql`
        update products set handle = ${input.handle}, title = ${input.title}, description = ${input.description}, vendor = ${input.vendor},
          tags = ${sql.param(input.tags)}::text[], status = ${input.status}::product_status, seo_title = ${input.seoTitle}, seo_description = ${input.seoDescription},
          published_at = case when ${input.status} = 'active' then coalesce(published_at, now()) else published_at end, updated_at = now()
        where id = ${productId}`);
    }
  } catch (err) {
    if (isUniqueViolation(err, 'products_handle_key')) throw new HandleTakenError('handle taken');
    throw err;
  }
  const pid = productId;

  // options: replaced as a whole
  await tx.execute(sql`delete from product_options where product_id = ${pid}`);
  for (const [position, o] of input.options.entries()) {
    await tx.execute(sql`insert into product_options (product_id, name, position, values) values (${pid}, ${o.name}, ${position}, ${sql.param(o.values)}::text[])`);
  }

  // variants: update those named by id, insert new ones, delete the rest (order lines keep their snapshots)
  const existing = rows<{ id: string }>(await tx.execute(sql`select id from variants where product_id = ${pid} for update`)).map((x) => x.id);
  for (const v of input.variants) if (v.id && !existing.includes(v.id)) throw new VariantNotOfProductError(v.id);
  const keep = input.variants.map((v) => v.id).filter((x): x is string => !!x);
  const doomed = existing.filter((x) => !keep.includes(x));
  if (doomed.length) await tx.execute(sql`delete from variants where id = any(${sql.param(doomed)}::uuid[])`);
  for (const [position, v] of input.variants.entries()) {
    let variantId = v.id;
    try {
      if (variantId) {
        await tx.execute(sql`update variants set sku = ${v.sku}, title = ${v.title}, option_values = ${JSON.stringify(v.optionValues)}::jsonb,
          weight_grams = ${v.weightGrams}, position = ${position}, updated_at = now() where id = ${variantId}`);
      } else {
        const r = await tx.execute(sql`insert into variants (product_id, sku, title, option_values, weight_grams, position)
          values (${pid}, ${v.sku}, ${v.title}, ${JSON.stringify(v.optionValues)}::jsonb, ${v.weightGrams}, ${position}) returning id`);
        variantId = (r.rows[0] as { id: string }).id;
        await tx.execute(sql`insert into inventory_levels (variant_id, on_hand) values (${variantId}, 0) on conflict do nothing`);
      }
    } catch (err) {
      if (isUniqueViolation(err, 'variants_sku_key')) throw new SkuTakenError(v.sku);
      throw err;
    }
    await tx.execute(sql`delete from variant_prices where variant_id = ${variantId}`);
    for (const [currency, p] of Object.entries(v.prices)) {
      if (!p) continue;
      await tx.execute(sql`insert into variant_prices (variant_id, currency, amount, compare_at_amount) values (${variantId}, ${currency}::currency_code, ${p.amount}, ${p.compareAtAmount})`);
    }
  }

  // collections: keep positions of memberships that stay, append new ones at the end
  const wanted = [...new Set(input.collectionIds)];
  if (wanted.length) {
    const known = rows<{ id: string }>(await tx.execute(sql`select id from collections where id = any(${sql.param(wanted)}::uuid[])`)).map((x) => x.id);
    if (known.length !== wanted.length) throw new UnknownCollectionError('unknown collection');
  }
  await tx.execute(sql`delete from collection_products where product_id = ${pid} and not (collection_id = any(${sql.param(wanted)}::uuid[]))`);
  for (const cid of wanted) {
    await tx.execute(sql`insert into collection_products (collection_id, product_id, position)
      values (${cid}, ${pid}, (select coalesce(max(position), -1) + 1 from collection_products where collection_id = ${cid}))
      on conflict do nothing`);
  }
  return { id: pid, previousCollectionIds };
}

export async function setProductStatus(tx: Executor, id: string, status: 'draft' | 'active' | 'archived'): Promise<void> {
  await tx.execute(sql`update products set status = ${status}::product_status, updated_at = now(),
    published_at = case when ${status} = 'active' then coalesce(published_at, now()) else published_at end where id = ${id}`);
}

export async function deleteProduct(tx: Executor, id: string): Promise<void> {
  await tx.execute(sql`delete from products where id = ${id}`);
}

export async function collectionIdsOf(db: Executor, productId: string): Promise<string[]> {
  return rows<{ id: string }>(await db.execute(sql`select collection_id as id from collection_products where product_id = ${productId}`)).map((x) => x.id);
}

/** Every product with its variants and prices, for the CSV export (ordered, streamed by the caller in pages). */
export async function exportProductsPage(db: Executor, afterHandle: string | null, limit: number): Promise<AdminProduct[]> {
  const r = await db.execute(sql`${productSelect} where ${afterHandle === null ? sql`true` : sql`p.handle > ${afterHandle}`} order by p.handle limit ${limit}`);
  return rows<AdminProduct>(r);
}

/** Product ids by handle (the collection form lists products by handle); unknown handles are absent from the map. */
export async function productIdsByHandle(db: Executor, handles: string[]): Promise<Map<string, string>> {
  if (handles.length === 0) return new Map();
  const r = await db.execute(sql`select id, handle from products where handle = any(${sql.param(handles)}::text[])`);
  return new Map(rows<{ id: string; handle: string }>(r).map((x) => [x.handle, x.id]));
}
