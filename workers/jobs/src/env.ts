/** Bindings come from `wrangler types` (worker-configuration.d.ts); secrets are declared here. */
export interface JobsSecrets {
  /** Neon connection string (`wrangler secret put DATABASE_URL`) */
  DATABASE_URL: string;
  /** Algolia write key (`wrangler secret put ALGOLIA_ADMIN_API_KEY`); with ALGOLIA_APP_ID set, the search index is mirrored to Algolia */
  ALGOLIA_ADMIN_API_KEY?: string;
  /** the storefront's order-link secret: signed links in order confirmations */
  ORDER_LINK_SECRET?: string;
}
export type JobsEnv = JobsBindings & JobsSecrets;
