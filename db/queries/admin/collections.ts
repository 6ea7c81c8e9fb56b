/** Collections for the admin: list, read with ordered products, save (and reorder) inside the caller's transaction. */
import { sql } from 'drizzle-orm';
import type { CollectionInput } from '../../../domain/admin/catalog-input';
import { iso, isUniqueViolation, rows, UUID, type Executor } from './shared';

export interface AdminCollection {
  id: string;
  handle: string;
  title: string;
  description: string;
  seoTitle: string | null;
  seoDescription: string | null;
  published: boolean;
  position: number;
  updatedAt: string;
  products: { id: string; handle: string; title: string; status: string }[];
}

export interface CollectionListItem {
  id: string;
  handle: string;
  title: string;
  published: boolean;
  productCount: number;
}

export class CollectionHandleTakenError extends Error {
  override name = 'CollectionHandleTakenError';
}
export class UnknownProductError extends Error {
  override name = 'UnknownProductError';
}

export async function listAdminCollections(db: Executor): Promise<CollectionListItem[]> {
  return rows<CollectionListItem>(
    await db.execute(sql`select c.id, c.handle, c.title, c.published,
      (select count(*)::int from collection_products cp where cp.collection_id = c.id) as "productCount"
      from collections c order by c.position, c.title`),
  );
}

export async function getAdminCollection(db: Executor, id: string): Promise<AdminCollection | null> {
  if (!UUID.test(id)) return null;
  const r = await db.execute(sql`
    select c.id, c.handle, c.title, c.description, c.seo_title as "seoTitle", c.seo_description as "seoDescription", c.published, c.position,
      ${iso('c.updated_at')} as "updatedAt",
      coalesce((select json_agg(json_build_object('id', p.id, 'handle', p.handle, 'title', p.title, 'status', p.status) order by cp.position, p.handle)
        from collection_products cp join products p on p.id = cp.product_id where cp.collection_id = c.id), '[]') as products
    from collections c where c.id = ${id}`);
  return rows<AdminCollection>(r)[0] ?? null;
}

/** Creates or updates a collection; returns its id and the products whose membership changed (their documents list collections). */
export async function saveCollection(tx: Executor, id: string | null, input: CollectionInput): Promise<{ id: string; changedProductIds: string[] }> {
  let cid = id;
  try {
    if (cid === null) {
      const r = await tx.execute(sql`insert into collections (handle, title, description, seo_title, seo_description, published, position)
        values (${input.handle}, ${input.title}, ${input.description}, ${input.seoTitle}, ${input.seoDescription}, ${input.published},
                (select coalesce(max(position), -1) + 1 from collections)) returning id`);
      cid = (r.rows[0] as { id: string }).id;
    } else {
      await tx.execute(sql`select 1 from collections where id = ${cid} for update`);
      await tx.execute(sql`update collections set handle = ${input.handle}, title = ${input.title}, description = ${input.description},
        seo_title = ${input.seoTitle}, seo_description = ${input.seoDescription}, published = ${input.published}, updated_at = now() where id = ${cid}`);
    }
  } catch (err) {
    if (isUniqueViolation(err, 'collections_handle_key')) throw new CollectionHandleTakenError('handle taken');
    throw err;
  }
  const changed = new Set<string>();
  if (input.productIds) {
    const ids = input.productIds;
    if (ids.length) {
      const known = rows<{ id: string }>(await tx.execute(sql`select id from products where id = any(${sql.param(ids)}::uuid[])`));
      if (known.length !== ids.length) throw new UnknownProductError('unknown product');
    }
    const before = rows<{ id: string }>(await tx.execute(sql`select product_id as id from collection_products where collection_id = ${cid}`)).map((x) => x.id);
    for (const p of before) if (!ids.includes(p)) changed.add(p);
    for (const p of ids) if (!before.includes(p)) changed.add(p);
    await tx.execute(sql`delete from collection_products where collection_id = ${cid}`);
    if (ids.length) {
      await tx.execute(sql`insert into collection_products (collection_id, product_id, position)
        select ${cid}, x.id, x.ord - 1 from unnest(${sql.param(ids)}::uuid[]) with ordinality as x(id, ord)`);
    }
  }
  return { id: cid, changedProductIds: [...changed] };
}

export async function deleteCollection(tx: Executor, id: string): Promise<string[]> {
  const members = rows<{ id: string }>(await tx.execute(sql`select product_id as id from collection_products where collection_id = ${id}`)).map((x) => x.id);
  await tx.execute(sql`delete from collections where id = ${id}`);
  return members;
}
