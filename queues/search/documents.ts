/**
 * Search documents from the catalog: the same records and the same
 * ProductDocument assembly as the KV projection, then domain/search's
 * toSearchDocument. Inactive or deleted products have no document.
 */
import { toProductDocument } from '../../domain/catalog/assemble';
import { toSearchDocument, type SearchDocument } from '../../domain/search/document';
import type { Db } from '../../db/client';
import { loadProductsByIds } from '../../db/queries/catalog-records';
import { activeProductIds } from '../../db/search/catalog-ids';

export const REBUILD_BATCH = 200;

/** Documents of the active products among `ids`, and the ids that have none (to remove from the index). */
export async function documentsFor(db: Db, ids: readonly string[]): Promise<{ docs: SearchDocument[]; removed: string[] }> {
  const unique = [...new Set(ids)];
  const records = await loadProductsByIds(db, unique);
  const docs = records.map((r) => toSearchDocument(toProductDocument(r)));
  const found = new Set(docs.map((d) => d.id));
  return { docs, removed: unique.filter((id) => !found.has(id)) };
}

/** Every active product, batch by batch (each batch read when it is needed, so it is current). */
export async function allDocuments(db: Db, batchSize = REBUILD_BATCH): Promise<{ total: number; batches: () => AsyncIterable<SearchDocument[]> }> {
  const ids = await activeProductIds(db);
  return {
    total: ids.length,
    async *batches() {
      for (let i = 0; i < ids.length; i += batchSize) {
        yield (await documentsFor(db, ids.slice(i, i + batchSize))).docs;
      }
    },
  };
}
