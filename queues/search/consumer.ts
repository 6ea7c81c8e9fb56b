/**
 * The search side of the catalog queue: the catalog consumer hands it the
 * valid messages of a batch after the KV projection succeeded.
 * catalog.products.changed re-indexes those products (stock changes arrive
 * this way too), catalog.collections.changed the products of those
 * collections, catalog.rebuild everything.
 */
import type { Db } from '../../db/client';
import type { CatalogMessage } from '../contracts';
import { reindexSearch, type CatalogChange, type SearchIndexTarget, type SearchReindexResult } from './indexer';

export function catalogChangeOf(messages: readonly CatalogMessage[]): CatalogChange {
  const productIds = new Set<string>();
  const collectionIds = new Set<string>();
  let rebuild = false;
  for (const m of messages) {
    if (m.type === 'catalog.rebuild') rebuild = true;
    else if (m.type === 'catalog.products.changed') m.productIds.forEach((id) => productIds.add(id));
    else if (m.type === 'catalog.collections.changed') m.collectionIds.forEach((id) => collectionIds.add(id));
  }
  return { productIds: [...productIds], collectionIds: [...collectionIds], rebuild };
}

export function searchReindexer(db: Db, targets: readonly SearchIndexTarget[]) {
  return (messages: readonly CatalogMessage[]): Promise<SearchReindexResult> => reindexSearch(db, targets, catalogChangeOf(messages));
}
