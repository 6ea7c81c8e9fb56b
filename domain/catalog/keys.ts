/**
 * Names of catalog documents in KV. One key per product and per collection,
 * so a change rewrites (and invalidates) only what it touches; the catalog
 * version key invalidates every cached copy at once.
 */
export const CATALOG_VERSION_KEY = 'catalog:version';
export const COLLECTION_INDEX_KEY = 'catalog:collections';
export const ALL_PRODUCTS_LISTING = 'all';

export const productKey = (handle: string) => `product:${handle}`;
/** Remembers which handle a product id was last published under (to drop the old key on a rename). */
export const productIdKey = (id: string) => `product-id:${id}`;
export const listingKey = (handle: string) => `listing:${handle}`;

/** Handles are lower-case slugs; anything else cannot name a product or collection. */
export const HANDLE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const HANDLE_MAX_LENGTH = 120;

export function isHandle(s: string): boolean {
  return s.length > 0 && s.length <= HANDLE_MAX_LENGTH && HANDLE_PATTERN.test(s);
}

export function slugify(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, HANDLE_MAX_LENGTH);
}
