/** `npm run catalog:publish`: full rebuild of the KV catalog from Postgres, then a catalog version bump. */
import { join } from 'node:path';
import { publishCatalog } from '../queues/catalog/projection';
import { withLocalDatabase } from './local-db';
import { logger } from './log';
import { withPlatform } from './platform';
import { progressReporter } from './seed/progress';
import { ROOT } from './stack';

const say = logger('kv');

await withLocalDatabase(say, (h) =>
  withPlatform(ROOT, join(ROOT, '.wrangler/state'), async (env) => {
    const progress = progressReporter('kv');
    const r = await publishCatalog(h.db, env.CATALOG, progress.update);
    progress.stop();
    say(`published ${r.productsWritten} products and ${r.listingsWritten.length} listings; removed ${r.productsRemoved} products, ${r.listingsRemoved.length} listings; catalog version ${r.version}`);
  }),
);
