/** Bindings come from `wrangler types` (worker-configuration.d.ts); secrets are declared here. */
export interface StorefrontSecrets {
  /** Neon connection string (`wrangler secret put DATABASE_URL`) */
  DATABASE_URL: string;
  /** Upstash Redis REST endpoint and token (carts, sessions, rate limits); locally the dev bridge */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  /** Algolia search-only key (`wrangler secret put ALGOLIA_SEARCH_API_KEY`); with ALGOLIA_APP_ID set, search uses Algolia */
  ALGOLIA_SEARCH_API_KEY?: string;
  /** ≥ 32 random characters: signs guest order links and keys idempotency fingerprints (`wrangler secret put ORDER_LINK_SECRET`); checkout answers 503 without it */
  ORDER_LINK_SECRET?: string;
  /** verifies the `test` payment provider's webhooks (only where PAYMENT_PROVIDERS includes "test") */
  TEST_PAYMENT_WEBHOOK_SECRET?: string;
}
export type StorefrontEnv = StorefrontBindings & StorefrontSecrets;
