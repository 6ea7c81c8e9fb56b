/** Bindings come from `wrangler types` (worker-configuration.d.ts); secrets are declared here. */
export interface AdminSecrets {
  /** Neon connection string (`wrangler secret put DATABASE_URL`) */
  DATABASE_URL: string;
  /** Upstash Redis (admin sessions, login rate limits); without them sign-in answers 503 — it never fails open */
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}
export type AdminEnv = AdminBindings & AdminSecrets;
