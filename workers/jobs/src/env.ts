/** Bindings come from `wrangler types` (worker-configuration.d.ts); secrets are declared here. */
export interface JobsSecrets {
  /** Neon connection string (`wrangler secret put DATABASE_URL`) */
  DATABASE_URL: string;
}
export type JobsEnv = JobsBindings & JobsSecrets;
