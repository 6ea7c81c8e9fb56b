/**
 * Test projects (all run by `npm test`):
 *   unit        pure domain logic and views (Node)
 *   node        Postgres (embedded, through the Neon driver + proxy), the Redis bridge against real Redis, the seed
 *   storefront  the storefront worker inside workerd (real local KV, R2, Cache, Queues) against the test database
 *   jobs        the jobs worker inside workerd
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
};

process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false';

// per project: projects do not inherit the root's test options
const timeouts = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    globalSetup: ['./tests/setup/global-setup.ts'],
    projects: [
      {
        test: {
          ...timeouts,
          name: 'unit',
          environment: 'node',
          include: ['domain/**/*.test.ts', 'db/schema.test.ts', 'tests/layering.test.ts', 'tests/unit/**/*.test.ts', 'workers/*/src/**/*.test.{ts,tsx}', 'tests/seed/generate.test.ts'],
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
        test: { ...timeouts, name: 'storefront', include: ['workers/storefront/test/**/*.test.ts', 'edge/**/*.test.ts'] },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './workers/jobs/wrangler.toml' },
            miniflare: { bindings: workerBindings },
          }),
        ],
        test: { ...timeouts, name: 'jobs', include: ['workers/jobs/test/**/*.test.ts'] },
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
