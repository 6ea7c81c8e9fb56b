/**
 * `npm run search:configure`: applies the Algolia index settings kept in code
 * (queues/search/algolia/settings.ts): searchable attributes, facets, custom
 * ranking, typo tolerance, the price and newest replicas, synonyms. Needs
 * ALGOLIA_APP_ID and ALGOLIA_ADMIN_API_KEY (ALGOLIA_INDEX_NAME optional).
 * Postgres needs no configuration: its index comes with the migrations.
 */
import { logger } from './log';
import { createAlgoliaClient } from '../queues/search/algolia/client';
import { algoliaConfig } from '../queues/search/algolia/config';
import { configureAlgolia } from '../queues/search/algolia/configure';

const say = logger('search');
const cfg = algoliaConfig(process.env, 'admin');
if (!cfg) {
  say('Algolia is not configured: set ALGOLIA_APP_ID and ALGOLIA_ADMIN_API_KEY (search uses Postgres until then; nothing to configure there)');
  process.exit(1);
}
try {
  say(`configuring ${cfg.indexName} on application ${cfg.appId}`);
  await configureAlgolia(createAlgoliaClient(cfg), cfg.indexName, (s) => say(`${s.indexName}: ${s.what} applied (task ${s.taskID})`));
  say('done: run `npm run search:reindex` to (re)fill the index');
} catch (err) {
  say(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
