/**
 * Reads catalog records (domain/catalog/assemble.ts types) from Postgres in
 * one round trip per call: Postgres assembles the nested JSON. Only active
 * products and published collections are returned. All inputs are bound
 * parameters.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { CollectionRecord, ProductRecord } from '../../domain/catalog/assemble';
import type { Db } from '../client';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const productSelect = (where: SQL) => sql`
  select p.id, p.handle, p.title, p.description, p.vendor, p.tags,
    p.seo_title as "seoTitle", p.seo_description as "seoDescription",
    to_char(p.created_at at time zone 'UTC', ${sql.raw(ISO)}) as "createdAt",
    to_char(p.updated_at at time zone 'UTC', ${sql.raw(ISO)}) as "updatedAt",
    coalesce((select json_agg(json_build_object('name', o.name, 'values', o.values) order by o.position, o.name)
       from product_options o where o.product_id = p.id), '[]'::json) as options,
    coalesce((select json_agg(json_build_object(
        'id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.option_values,
        'weightGrams', v.weight_grams,
        'onHand', coalesce(i.on_hand, 0), 'reserved', coalesce(i.reserved, 0),
        'prices', coalesce((select json_object_agg(vp.currency, json_build_object('amount', vp.amount, 'compareAt', vp.compare_at_amount))
                   from variant_prices vp where vp.variant_id = v.id), '{}'::json)
      ) order by v.position, v.sku)
       from variants v left join inventory_levels i on i.variant_id = v.id
      where v.product_id = p.id), '[]'::json) as variants,
    coalesce((select json_agg(json_build_object('key', m.r2_key, 'alt', m.alt, 'width', m.width, 'height', m.height, 'contentType', m.content_type)
              order by m.position, m.created_at)
       from media m where m.product_id = p.id), '[]'::json) as media,
    coalesce((select json_agg(json_build_object('handle', c.handle, 'title', c.title) order by c.position, c.handle)
       from collection_products cp join collections c on c.id = cp.collection_id
      where cp.product_id = p.id and c.published), '[]'::json) as collections
  from products p
  where p.status = 'active' and ${where}`;

async function products(db: Db, query: SQL): Promise<ProductRecord[]> {
  const res = await db.execute(query);
  return res.rows as unknown as ProductRecord[];
}

export async function loadProductByHandle(db: Db, handle: string): Promise<ProductRecord | null> {
  const rows = await products(db, productSelect(sql`p.handle = ${handle}`));
  return rows[0] ?? null;
}

export async function loadProductsByIds(db: Db, ids: readonly string[]): Promise<ProductRecord[]> {
  if (ids.length === 0) return [];
  return products(db, sql`${productSelect(sql`p.id = any(${sql.param([...ids])}::uuid[])`)} order by p.created_at desc, p.id`);
}

export async function loadAllProducts(db: Db): Promise<ProductRecord[]> {
  return products(db, sql`${productSelect(sql`true`)} order by p.created_at desc, p.id`);
}

/** Handles a product id was stored under, for any status (to unpublish drafts/archived ones). */
export async function loadProductHandles(db: Db, ids: readonly string[]): Promise<{ id: string; handle: string; status: string }[]> {
  if (ids.length === 0) return [];
  const res = await db.execute(sql`select id, handle, status from products where id = any(${sql.param([...ids])}::uuid[])`);
  return res.rows as unknown as { id: string; handle: string; status: string }[];
}

const collectionSelect = (where: SQL) => sql`
  select c.id, c.handle, c.title, c.description, c.seo_title as "seoTitle", c.seo_description as "seoDescription",
    to_char(c.updated_at at time zone 'UTC', ${sql.raw(ISO)}) as "updatedAt",
    coalesce((select array_agg(cp.product_id order by cp.position, cp.product_id)
       from collection_products cp join products p on p.id = cp.product_id and p.status = 'active'
      where cp.collection_id = c.id), '{}'::uuid[]) as "productIds"
  from collections c
  where c.published and ${where}
  order by c.position, c.handle`;

async function collections(db: Db, query: SQL): Promise<CollectionRecord[]> {
  const res = await db.execute(query);
  return res.rows as unknown as CollectionRecord[];
}

export async function loadAllCollections(db: Db): Promise<CollectionRecord[]> {
  return collections(db, collectionSelect(sql`true`));
}

export async function loadCollectionsByIds(db: Db, ids: readonly string[]): Promise<CollectionRecord[]> {
  if (ids.length === 0) return [];
  return collections(db, collectionSelect(sql`c.id = any(${sql.param([...ids])}::uuid[])`));
}

export async function loadCollectionByHandle(db: Db, handle: string): Promise<CollectionRecord | null> {
  const rows = await collections(db, collectionSelect(sql`c.handle = ${handle}`));
  return rows[0] ?? null;
}

/** Collections (published or not) that contain any of the products. */
export async function collectionIdsOfProducts(db: Db, productIds: readonly string[]): Promise<string[]> {
  if (productIds.length === 0) return [];
  const res = await db.execute(
    sql`select distinct collection_id as id from collection_products where product_id = any(${sql.param([...productIds])}::uuid[])`,
  );
  return (res.rows as { id: string }[]).map((r) => r.id);
}

/** Handles of unpublished/removed collections, so their KV listings can be dropped. */
export async function loadCollectionHandles(db: Db, ids: readonly string[]): Promise<{ id: string; handle: string; published: boolean }[]> {
  if (ids.length === 0) return [];
  const res = await db.execute(sql`select id, handle, published from collections where id = any(${sql.param([...ids])}::uuid[])`);
  return res.rows as unknown as { id: string; handle: string; published: boolean }[];
}
