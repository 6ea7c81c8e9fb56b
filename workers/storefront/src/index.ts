import { WorkerEntrypoint } from 'cloudflare:workers';
import { CATALOG_VERSION_KEY, isHandle } from '../../../domain/catalog/keys';
import { CURRENCIES } from '../../../domain/money';
import { createApp } from './app';
import type { StorefrontEnv } from './env';
import { canonicalListingQuery, listingQuerySchema, splitListingParams, toListingQuery } from './query/listing-query';
import { collectionSearchParams, parseCollectionSearchParams } from './views/collection-query';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<StorefrontEnv>;

export interface CachePurgeRequest {
  /** handles of the changed products (old and new handles after a rename or a deletion) */
  productHandles: string[];
  /** handles of the collections whose listings changed */
  collectionHandles: string[];
  /** storefront origins whose entries to delete (PUBLIC_ORIGIN is always included when set) */
  origins: string[];
}

/**
 * Edge-cache invalidation of exactly the pages a catalog change touched,
 * called by the jobs worker (service binding) once the documents in KV are
 * rewritten: each product's page (both currencies) and JSON, the first page of
 * each affected collection (page and JSON, both currencies), the home page and
 * the all-products listing. Keys are built exactly as the read path builds
 * them (edge-read.ts: origin, catalog version, path, canonical query). Other
 * entries are left alone; filtered/sorted/later pages follow through
 * stale-while-revalidate (5 s fresh).
 *
 * Cache API deletes act in the data center this runs in; a multi-colo
 * production purge would also call the zone's purge-by-URL API with the same keys.
 */
export class CatalogCachePurge extends WorkerEntrypoint<StorefrontEnv> {
  async purge(req: CachePurgeRequest): Promise<{ keys: number; deleted: number }> {
    const origins = new Set<string>();
    for (const o of [this.env.PUBLIC_ORIGIN, ...(req.origins ?? [])]) {
      if (!o) continue;
      try {
        origins.add(new URL(o).origin);
      } catch {
        // not an origin
      }
    }
    if (origins.size === 0) return { keys: 0, deleted: 0 };
    const version = (await this.env.CATALOG.get(CATALOG_VERSION_KEY, 'text')) ?? '0';
    const products = [...new Set(req.productHandles ?? [])].filter(isHandle).slice(0, 1000);
    const collections = [...new Set(req.collectionHandles ?? [])].filter(isHandle).slice(0, 1000);
    const paths: string[] = [];
    const listingDefault = (currency: (typeof CURRENCIES)[number], explicit: boolean) => {
      const raw = splitListingParams(new URLSearchParams(explicit ? { currency } : {}));
      return canonicalListingQuery(toListingQuery(listingQuerySchema.parse({ ...raw.known, filters: raw.filters }), currency));
    };
    for (const h of products) {
      paths.push(`/api/v1/products/${h}`);
      for (const cur of CURRENCIES) paths.push(`/products/${h}?currency=${cur}`);
    }
    for (const cur of CURRENCIES) {
      const listingVariants = [...new Set([listingDefault(cur, false), listingDefault(cur, true)])];
      for (const h of collections) {
        paths.push(`/collections/${h}?${collectionSearchParams(parseCollectionSearchParams(new URLSearchParams(), cur)).toString()}&currency=${cur}`);
        for (const v of listingVariants) paths.push(`/api/v1/collections/${h}?${v}`);
      }
      if (products.length || collections.length) {
        paths.push(`/?currency=${cur}`);
        for (const v of listingVariants) paths.push(`/api/v1/products?${v}`);
      }
    }
    if (collections.length) paths.push('/api/v1/collections');
    const cache = caches.default;
    const keys = [...origins].flatMap((o) => paths.map((p) => `${o}/__edge/${version}${p}`));
    const deleted = (await Promise.all(keys.map((k) => cache.delete(k)))).filter(Boolean).length;
    return { keys: keys.length, deleted };
  }
}
