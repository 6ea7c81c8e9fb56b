/** Bindings come from `wrangler types` (worker-configuration.d.ts); secrets are declared here. */
export interface StorefrontSecrets {
  /** Neon connection string (`wrangler secret put DATABASE_URL`) */
  DATABASE_URL: string;
  /** Upstash Redis REST endpoint and token (carts, sessions, rate limits); locally the dev bridge */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}
export type StorefrontEnv = StorefrontBindings & StorefrontSecrets;
