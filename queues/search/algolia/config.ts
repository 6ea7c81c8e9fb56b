/**
 * Algolia configuration from the environment. Algolia is used when
 * ALGOLIA_APP_ID and the key the caller needs are set; otherwise search
 * stays on Postgres.
 *
 *   ALGOLIA_APP_ID            application id (var)
 *   ALGOLIA_SEARCH_API_KEY    search-only key (secret; storefront)
 *   ALGOLIA_ADMIN_API_KEY     write key (secret; jobs worker, search:configure, search:reindex)
 *   ALGOLIA_INDEX_NAME        primary index (var, default "vitrine_products"); replicas derive from it
 *   ALGOLIA_HOSTS             local testing only: comma-separated base URLs (e.g. http://127.0.0.1:8999)
 *                             replacing Algolia's hosts; empty in production
 */
/** The shape the Algolia client takes in its `hosts` option. */
export interface AlgoliaHost {
  url: string;
  port?: number | undefined;
  protocol: 'http' | 'https';
  accept: 'read' | 'write' | 'readWrite';
}

export const DEFAULT_INDEX_NAME = 'vitrine_products';

export interface AlgoliaEnv {
  ALGOLIA_APP_ID?: string | undefined;
  ALGOLIA_SEARCH_API_KEY?: string | undefined;
  ALGOLIA_ADMIN_API_KEY?: string | undefined;
  ALGOLIA_INDEX_NAME?: string | undefined;
  ALGOLIA_HOSTS?: string | undefined;
}

export interface AlgoliaConfig {
  appId: string;
  apiKey: string;
  indexName: string;
  /** undefined: Algolia's own hosts */
  hosts?: AlgoliaHost[] | undefined;
}

const INDEX_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export function parseHosts(value: string | undefined): AlgoliaHost[] | undefined {
  const list = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) return undefined;
  return list.map((raw) => {
    const u = new URL(raw);
    const protocol = u.protocol === 'http:' ? 'http' : 'https';
    return { url: u.hostname, port: u.port ? Number(u.port) : undefined, protocol, accept: 'readWrite' } satisfies AlgoliaHost;
  });
}

/** The configuration for `key` ("search" in the storefront, "admin" for indexing), or null when Algolia is not configured. */
export function algoliaConfig(env: AlgoliaEnv, key: 'search' | 'admin'): AlgoliaConfig | null {
  const appId = env.ALGOLIA_APP_ID?.trim();
  const apiKey = (key === 'search' ? env.ALGOLIA_SEARCH_API_KEY : env.ALGOLIA_ADMIN_API_KEY)?.trim();
  if (!appId || !apiKey) return null;
  const indexName = env.ALGOLIA_INDEX_NAME?.trim() || DEFAULT_INDEX_NAME;
  if (!INDEX_NAME.test(indexName)) throw new Error(`ALGOLIA_INDEX_NAME "${indexName}" is not a valid index name`);
  return { appId, apiKey, indexName, hosts: parseHosts(env.ALGOLIA_HOSTS) };
}
