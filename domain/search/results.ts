/** Results that need no engine. */
import type { SearchEngineName, SearchRequest, SearchResult } from './types';

/** What a query without a single searchable word ("%%%") gets from every engine: nothing. */
export function emptySearchResult(r: SearchRequest, engine: SearchEngineName): SearchResult {
  return {
    engine,
    query: r.query,
    correctedQuery: null,
    total: 0,
    page: r.page,
    perPage: r.perPage,
    pages: 0,
    hits: [],
    facets: { collections: [], options: [], price: r.priceBuckets.map((b) => ({ ...b, count: 0 })), availability: { inStock: 0, outOfStock: 0 } },
  };
}
