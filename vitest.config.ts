/**
 * Test projects (all run by `npm test`):
 *   unit        pure domain logic and views (Node)
 *   node        Postgres (embedded, through the Neon driver + proxy), the Redis bridge against real Redis, the seed
 *   storefront  the storefront worker inside workerd (real local KV, R2, Cache, Queues) against the test database
 *   jobs        the jobs worker inside workerd
 *   admin       the admin worker inside workerd (route × role matrix, sessions, CSRF, catalog/orders/inventory writes)
 *   outage      runs after the others: stops the database and checks what is still served
 *   browser     headless Debian Chromium (playwright-core) against `wrangler dev`
 */
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { resolveTestEnv } from './tests/setup/test-env.ts';

const t = await resolveTestEnv();

const workerBindings = {
  DATABASE_URL: t.databaseUrl,
  NEON_LOCAL_WS_PROXY: t.wsProxy,
  ALLOW_CACHE_BYPASS: '1',
  TEST_CONTROL_URL: t.controlUrl,
  // the Upstash REST bridge in front of the machine's Redis (started by the global setup)
  UPSTASH_REDIS_REST_URL: t.redisRestUrl,
  UPSTASH_REDIS_REST_TOKEN: t.redisToken,
  // checkout: per-run secrets (never real ones), and a short payment deadline for the timeout card
  ORDER_LINK_SECRET: `test-order-link-secret-${t.runId}-0123456789abcdef`,
  TEST_PAYMENT_WEBHOOK_SECRET: `test-webhook-secret-${t.runId}`,
  PAYMENT_TIMEOUT_MS: '400',
};

process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

/** The jobs worker's STOREFRONT_CACHE service binding needs a worker named vitrine-storefront with this entrypoint. */
const purgeStandIn = {
  name: 'vitrine-storefront',
  modules: true,
  compatibilityDate: '2026-04-01',
  script: `import { WorkerEntrypoint } from 'cloudflare:workers';
export class CatalogCachePurge extends WorkerEntrypoint { async purge() { return { keys: 0, deleted: 0 }; } }
export default { fetch() { return new Response(null, { status: 404 }); } };`,
};

/** The admin worker's JOBS service binding (OutboxRelay entrypoint): publishes nothing here — outbox rows stay for the relay. */
const relayStandIn = {
  name: 'vitrine-jobs',
  modules: true,
  compatibilityDate: '2026-04-01',
  script: `import { WorkerEntrypoint } from 'cloudflare:workers';
export class OutboxRelay extends WorkerEntrypoint { async publish() { return { published: 0, failed: 0, skipped: 0 }; } }
export default { fetch() { return new Response(null, { status: 404 }); } };`,
};

// per project: projects do not inherit the root's test options
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };
// Pre-bundled for workerd projects: Vite's per-module transform turns noble's hot
// `rotl()` calls into namespace property reads, making scrypt ~10x slower than in
// the deployed (esbuild-bundled) worker (~2 s instead of ~0.2 s per password hash).
const workerDeps = { optimizer: { ssr: { enabled: true, include: ['@noble/hashes/scrypt.js'] } } };

export default defineConfig({
  test: {
    globalSetup: ['./tests/setup/global-setup.ts'],
    projects: [
      {
        test: {
          ...timeouts,
          name: 'unit',
          environment: 'node',
          include: ['domain/**/*.test.ts', 'db/schema.test.ts', 'tests/layering.test.ts', 'tests/unit/**/*.test.ts', 'workers/*/src/**/*.test.{ts,tsx}', 'tests/seed/generate.test.ts', 'bench/lib/**/*.test.ts'],
        },
      },
      {
        test: {
          ...timeouts,
          name: 'node',
          environment: 'node',
          include: ['db/**/*.db.test.ts', 'dev/**/*.test.ts', 'queues/**/*.test.ts', 'tests/node/**/*.test.ts', 'tests/redis-bridge/**/*.test.ts', 'tests/seed/seed.db.test.ts'],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: workerBindings },
          }),
        ],
        test: { ...timeouts, deps: workerDeps, name: 'storefront', include: ['workers/storefront/test/**/*.test.ts', 'edge/**/*.test.ts'] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './workers/jobs/wrangler.toml' },
            // the storefront worker is not part of this project: a stand-in with its cache-purge entrypoint that
            // deletes nothing (the real purge runs end to end in tests/browser/admin.test.ts)
            miniflare: { bindings: workerBindings, workers: [purgeStandIn] },
          }),
        ],
        test: { ...timeouts, name: 'jobs', include: ['workers/jobs/test/**/*.test.ts'] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './workers/admin/wrangler.toml' },
            // the jobs worker is not part of this project: a stand-in OutboxRelay (the real one runs in tests/browser/admin.test.ts)
            miniflare: { bindings: workerBindings, workers: [relayStandIn] },
          }),
        ],
        test: { ...timeouts, deps: workerDeps, name: 'admin', include: ['workers/admin/test/**/*.test.ts'] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: workerBindings },
          }),
        ],
        test: { ...timeouts, name: 'outage', include: ['workers/storefront/outage/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
      {
        test: { name: 'browser', environment: 'node', include: ['tests/browser/**/*.test.ts'], sequence: { groupOrder: 2 }, testTimeout: 180_000, hookTimeout: 180_000 },
      },
    ],
  },
});
