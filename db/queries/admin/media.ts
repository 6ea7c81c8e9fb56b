/** Product media rows (the bytes live in R2 under content-addressed keys). */
import { sql } from 'drizzle-orm';
import { rows, UUID, type Executor } from './shared';

export interface NewMedia {
  productId: string;
  r2Key: string;
  alt: string;
  width: number;
  height: number;
  contentType: string;
  byteSize: number;
}

export async function insertMedia(tx: Executor, m: NewMedia): Promise<{ id: string; created: boolean }> {
  const r = await tx.execute(sql`insert into media (product_id, r2_key, alt, width, height, content_type, byte_size, position)
    values (${m.productId}, ${m.r2Key}, ${m.alt}, ${m.width}, ${m.height}, ${m.contentType}, ${m.byteSize},
            (select coalesce(max(position), -1) + 1 from media where product_id = ${m.productId}))
    on conflict (product_id, r2_key) do nothing returning id`);
  const id = (r.rows[0] as { id: string } | undefined)?.id;
  if (id) return { id, created: true };
  const existing = await tx.execute(sql`select id from media where product_id = ${m.productId} and r2_key = ${m.r2Key}`);
  return { id: (existing.rows[0] as { id: string }).id, created: false };
}

export async function getMedia(db: Executor, id: string): Promise<{ id: string; productId: string; r2Key: string; alt: string; position: number } | null> {
  if (!UUID.test(id)) return null;
  return rows<{ id: string; productId: string; r2Key: string; alt: string; position: number }>(
    await db.execute(sql`select id, product_id as "productId", r2_key as "r2Key", alt, position from media where id = ${id}`),
  )[0] ?? null;
}

export async function updateMediaAlt(tx: Executor, id: string, alt: string): Promise<void> {
  await tx.execute(sql`update media set alt = ${alt} where id = ${id}`);
}

/** Sets the order of a product's media (ids must be exactly the product's media). Returns false when they are not. */
export async function reorderMedia(tx: Executor, productId: string, ids: string[]): Promise<boolean> {
  const current = rows<{ id: string }>(await tx.execute(sql`select id from media where product_id = ${productId} for update`)).map((x) => x.id);
  if (current.length !== ids.length || !ids.every((i) => current.includes(i))) return false;
  await tx.execute(sql`update media m set position = x.ord - 1 from unnest(${sql.param(ids)}::uuid[]) with ordinality as x(id, ord) where m.id = x.id`);
  return true;
}

/** Deletes the row; returns whether any other row still references the same R2 object. */
export async function deleteMedia(tx: Executor, id: string): Promise<{ r2Key: string; stillReferenced: boolean } | null> {
  const r = await tx.execute(sql`delete from media where id = ${id} returning r2_key as "r2Key"`);
  const key = (r.rows[0] as { r2Key: string } | undefined)?.r2Key;
  if (!key) return null;
  const other = await tx.execute(sql`select 1 from media where r2_key = ${key} limit 1`);
  return { r2Key: key, stillReferenced: other.rows.length > 0 };
}
