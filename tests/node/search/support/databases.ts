/**
 * A database of one test file alone, on the test run's Postgres server
 * (migrated, seeded with a generated catalog): other test files add and change
 * products in the run's shared database while search tests compare results.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { NodeDbHandle as DbHandle } from '../../../../dev/node-db';
import { applyMigrations } from '../../../../dev/migrate';
import { createNodeDb } from '../../../../dev/node-db';
import { dropDatabase, ensureDatabase, withDatabase } from '../../../../dev/postgres';
import { seedCatalog } from '../../../../dev/seed/seed';

export interface PrivateCatalog {
  handle: DbHandle;
  url: string;
  drop(): Promise<void>;
}

export async function privateCatalog(products: number): Promise<PrivateCatalog> {
  const base = inject('databaseUrl');
  const name = `vitrine_search_${randomBytes(5).toString('hex')}`;
  const admin = withDatabase(base, 'postgres');
  await ensureDatabase(admin, name);
  const url = withDatabase(base, name);
  const handle = createNodeDb(url, 4);
  await applyMigrations(handle);
  await seedCatalog({ db: handle.db, media: { has: async () => true, put: async () => {} }, products, imageCacheDir: false });
  return {
    handle,
    url,
    async drop() {
      await handle.close();
      await dropDatabase(admin, name);
    },
  };
}
