/**
 * `npm run search:reindex`: rebuilds the search index from the catalog, with
 * a progress bar. Postgres always (one transaction: searches keep using the
 * previous index until it commits, never an empty one); Algolia too when
 * ALGOLIA_APP_ID and ALGOLIA_ADMIN_API_KEY are set (temporary index, then an
 * atomic move over the primary).
 *
 *   npm run search:reindex                  both (Algolia only when configured)
 *   npm run search:reindex -- --only=postgres|algolia
 */
import { withLocalDatabase } from './local-db';
import { logger } from './log';
import { progressReporter } from './seed/progress';
import { createAlgoliaClient } from '../queues/search/algolia/client';
import { algoliaConfig } from '../queues/search/algolia/config';
import { algoliaTarget, postgresTarget, rebuildSearch, type SearchIndexTarget } from '../queues/search/indexer';

const say = logger('search');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
if (only && only !== 'postgres' && only !== 'algolia') {
  say(`unknown --only=${only} (use postgres or algolia)`);
  process.exit(2);
}
const algolia = algoliaConfig(process.env, 'admin');
if (only === 'algolia' && !algolia) {
  say('Algolia is not configured: set ALGOLIA_APP_ID and ALGOLIA_ADMIN_API_KEY (and ALGOLIA_INDEX_NAME)');
  process.exit(1);
}

await withLocalDatabase(say, async (h) => {
  const targets: SearchIndexTarget[] = [];
  if (only !== 'algolia') targets.push(postgresTarget(h.db));
  if (only !== 'postgres' && algolia) {
    targets.push(algoliaTarget(createAlgoliaClient(algolia), algolia.indexName, { log: (level, msg, f) => say(`${level}: ${msg} ${JSON.stringify(f ?? {})}`) }));
  }
  if (!algolia && only !== 'postgres') say('Algolia is not configured: rebuilding the Postgres index only');
  const started = Date.now();
  const progress = progressReporter('search');
  const results = await rebuildSearch(h.db, targets, (target, done, total) => progress.update(done, total, target));
  progress.stop();
  for (const [target, r] of Object.entries(results)) say(`${target}: ${JSON.stringify(r)}`);
  say(`search index rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
