/**
 * After a catalog batch is projected into KV: which storefront pages to drop
 * from the edge cache — the changed products (current handles, plus the
 * handles they had before a rename or deletion) and the collections whose
 * listings changed (including the collections of the changed products).
 * The deleting itself is the storefront's (CatalogCachePurge entrypoint,
 * reached by a service binding); a failed purge is logged, never retried:
 * the pages still follow within the 5 s freshness of stale-while-revalidate.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { catalogMessage } from '../contracts';

export interface CachePurger {
  purge(req: { productHandles: string[]; collectionHandles: string[]; origins: string[] }): Promise<{ keys: number; deleted: number }>;
}

export interface PurgeTargets {
  productHandles: string[];
  collectionHandles: string[];
}

export async function purgeTargets(db: Pick<Db, 'execute'>, bodies: readonly unknown[]): Promise<PurgeTargets | null> {
  const productIds = new Set<string>();
  const collectionIds = new Set<string>();
  const handles = new Set<string>();
  for (const b of bodies) {
    const m = catalogMessage.safeParse(b);
    if (!m.success) continue;
    if (m.data.type === 'catalog.products.changed') {
      m.data.productIds.forEach((id) => productIds.add(id));
      m.data.collectionIds.forEach((id) => collectionIds.add(id));
      m.data.previousHandles?.forEach((h) => handles.add(h));
    } else if (m.data.type === 'catalog.collections.changed') {
      m.data.collectionIds.forEach((id) => collectionIds.add(id));
    }
  }
  if (productIds.size === 0 && collectionIds.size === 0 && handles.size === 0) return null;
  const pids = [...productIds];
  const [p, c] = await Promise.all([
    pids.length ? db.execute(sql`select handle from products where id = any(${sql.param(pids)}::uuid[])`) : { rows: [] },
    db.execute(sql`select handle from collections where id = any(${sql.param([...collectionIds])}::uuid[])
                    or id in (select collection_id from collection_products where product_id = any(${sql.param(pids)}::uuid[]))`),
  ]);
  for (const r of p.rows as { handle: string }[]) handles.add(r.handle);
  return { productHandles: [...handles], collectionHandles: (c.rows as { handle: string }[]).map((r) => r.handle) };
}

export async function purgeEdgeCache(
  db: Pick<Db, 'execute'>,
  purger: CachePurger,
  origins: string[],
  bodies: readonly unknown[],
  log?: (level: 'info' | 'warn' | 'error', msg: string, f?: Record<string, unknown>) => void,
): Promise<void> {
  try {
    const targets = await purgeTargets(db, bodies);
    if (!targets) return;
    const r = await purger.purge({ ...targets, origins });
    log?.('info', 'edge cache purged', { products: targets.productHandles.length, collections: targets.collectionHandles.length, keys: r.keys, deleted: r.deleted });
  } catch (err) {
    log?.('warn', 'edge cache purge failed (pages follow within the SWR freshness)', { error: err instanceof Error ? err.message.slice(0, 200) : String(err) });
  }
}
