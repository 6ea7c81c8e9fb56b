/**
 * Named cache policies (as in Hydrogen): how long an edge-cached response is
 * fresh, how long it may be served stale while it is revalidated in the
 * background, and what browsers are told.
 */
export interface CachePolicy {
  name: string;
  /** served without revalidation for this long */
  freshSeconds: number;
  /** then served stale (revalidated via waitUntil) for this long */
  staleSeconds: number;
  /** Cache-Control sent to browsers and shared caches */
  browser: string;
}

export const CachePolicies = {
  /** product documents and pages: short freshness, long stale window */
  catalog: {
    name: 'catalog',
    freshSeconds: 5,
    staleSeconds: 86_400,
    browser: 'public, max-age=0, must-revalidate',
  },
  /** listings: same freshness; many key variants, shorter stale window */
  listing: {
    name: 'listing',
    freshSeconds: 5,
    staleSeconds: 3_600,
    browser: 'public, max-age=0, must-revalidate',
  },
  /**
   * search results and autocomplete: one entry per normalised query (see
   * domain/search/request.ts), so many variants; short-lived so that price
   * and stock changes show within a minute even without a catalog version bump
   */
  search: {
    name: 'search',
    freshSeconds: 30,
    staleSeconds: 60,
    browser: 'public, max-age=30',
  },
  /** sitemap, robots */
  seo: {
    name: 'seo',
    freshSeconds: 300,
    staleSeconds: 86_400,
    browser: 'public, max-age=300',
  },
} as const satisfies Record<string, CachePolicy>;

/** Content-addressed assets never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
