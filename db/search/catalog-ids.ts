/** Product ids the search indexers walk: every active product, or the products of some collections. */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export async function activeProductIds(db: Db): Promise<string[]> {
  const res = await db.execute(sql`select id from products where status = 'active' order by id`);
  return (res.rows as { id: string }[]).map((r) => r.id);
}

/** Products in any of the collections (published or not, active or not: the indexer sorts that out). */
export async function productIdsInCollections(db: Db, collectionIds: readonly string[]): Promise<string[]> {
  if (collectionIds.length === 0) return [];
  const res = await db.execute(
    sql`select distinct product_id as id from collection_products where collection_id = any(${sql.param([...collectionIds])}::uuid[])`,
  );
  return (res.rows as { id: string }[]).map((r) => r.id);
}
