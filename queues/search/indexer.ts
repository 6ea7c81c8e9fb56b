/**
 * Keeps the search indexes in step with the catalog. The Postgres index is
 * always maintained (it is the default engine and the fallback when Algolia
 * is unreachable); Algolia is written too when its admin key is configured.
 *
 *   reindexSearch   catalog events: only the changed products (a product
 *                   change, including stock, re-indexes that product; a
 *                   collection change re-indexes its products); a
 *                   catalog.rebuild rebuilds everything
 *   rebuildSearch   everything, per target: Postgres in one transaction,
 *                   Algolia through a temporary index and a move
 */
import type { SearchDocument } from '../../domain/search/document';
import type { Db, Transactor } from '../../db/client';
import { productIdsInCollections } from '../../db/search/catalog-ids';
import { rebuildSearchIndex, removeSearchDocuments, upsertSearchDocuments } from '../../db/search/index-writer';
import { createAlgoliaClient, type SearchClient } from './algolia/client';
import { algoliaConfig, type AlgoliaEnv } from './algolia/config';
import { indexInAlgolia, rebuildAlgoliaIndex, type IndexLog } from './algolia/indexer';
import { allDocuments, documentsFor } from './documents';

export interface DocumentSource {
  total: number;
  batches: () => AsyncIterable<SearchDocument[]>;
}

export type Progress = (done: number, total: number) => void;

export interface SearchIndexTarget {
  readonly name: 'postgres' | 'algolia';
  apply(docs: readonly SearchDocument[], removed: readonly string[]): Promise<void>;
  rebuild(source: DocumentSource, onProgress?: Progress): Promise<Record<string, unknown>>;
}

/** `transactor`: where the full rebuild's transaction runs (defaults to `db`; a Worker passes its Database). */
export function postgresTarget(db: Db, transactor: Transactor = db): SearchIndexTarget {
  return {
    name: 'postgres',
    async apply(docs, removed) {
      await upsertSearchDocuments(db, docs);
      await removeSearchDocuments(db, removed);
    },
    async rebuild(source, onProgress) {
      let done = 0;
      onProgress?.(0, source.total);
      const r = await rebuildSearchIndex(
        db,
        async (w) => {
          for await (const docs of source.batches()) {
            await w.write(docs);
            done += docs.length;
            onProgress?.(done, source.total);
          }
        },
        transactor,
      );
      return { ...r };
    },
  };
}

export function algoliaTarget(client: SearchClient, indexName: string, opts: { log?: IndexLog; wait?: boolean; stamp?: string } = {}): SearchIndexTarget {
  return {
    name: 'algolia',
    async apply(docs, removed) {
      await indexInAlgolia(client, indexName, docs, removed, { ...(opts.log ? { log: opts.log } : {}), wait: opts.wait ?? false });
    },
    async rebuild(source, onProgress) {
      const r = await rebuildAlgoliaIndex(client, indexName, source, {
        ...(onProgress ? { onProgress } : {}),
        ...(opts.log ? { log: opts.log } : {}),
        ...(opts.stamp ? { stamp: opts.stamp } : {}),
      });
      return { ...r };
    },
  };
}

/** Postgres, plus Algolia when ALGOLIA_APP_ID and ALGOLIA_ADMIN_API_KEY are set. */
export function searchTargets(db: Db, env: AlgoliaEnv, opts: { log?: IndexLog; wait?: boolean; transactor?: Transactor } = {}): SearchIndexTarget[] {
  const targets = [postgresTarget(db, opts.transactor)];
  const cfg = algoliaConfig(env, 'admin');
  if (cfg) targets.push(algoliaTarget(createAlgoliaClient(cfg), cfg.indexName, opts));
  return targets;
}

export interface CatalogChange {
  /** products whose data changed (title, prices, stock, status, memberships…) */
  productIds: readonly string[];
  /** collections that changed themselves (title, published): their products are re-indexed */
  collectionIds: readonly string[];
  rebuild: boolean;
}

export interface SearchReindexResult {
  targets: string[];
  indexed: number;
  removed: number;
  rebuilt: boolean;
}

export async function rebuildSearch(db: Db, targets: readonly SearchIndexTarget[], onProgress?: (target: string, done: number, total: number) => void) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const t of targets) {
    const source = await allDocuments(db);
    out[t.name] = await t.rebuild(source, onProgress ? (d, n) => onProgress(t.name, d, n) : undefined);
  }
  return out;
}

export async function reindexSearch(db: Db, targets: readonly SearchIndexTarget[], change: CatalogChange): Promise<SearchReindexResult> {
  const names = targets.map((t) => t.name);
  if (change.rebuild) {
    await rebuildSearch(db, targets);
    return { targets: names, indexed: 0, removed: 0, rebuilt: true };
  }
  const ids = new Set(change.productIds);
  for (const id of await productIdsInCollections(db, change.collectionIds)) ids.add(id);
  if (ids.size === 0) return { targets: names, indexed: 0, removed: 0, rebuilt: false };
  const { docs, removed } = await documentsFor(db, [...ids]);
  for (const t of targets) await t.apply(docs, removed);
  return { targets: names, indexed: docs.length, removed: removed.length, rebuilt: false };
}
