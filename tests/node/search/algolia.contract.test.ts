/**
 * The search contract against the Algolia adapter: the real client talks
 * HTTP to the local wire server (support/algolia-wire.ts), which received
 * the index settings (configureAlgolia) and the records (indexInAlgolia)
 * built from the same product documents as the Postgres index.
 */
import { afterAll } from 'vitest';
import type { SearchDocument } from '../../../domain/search/document';
import { createAlgoliaClient } from '../../../queues/search/algolia/client';
import { configureAlgolia } from '../../../queues/search/algolia/configure';
import { createAlgoliaSearchEngine } from '../../../queues/search/algolia/engine';
import { indexInAlgolia } from '../../../queues/search/algolia/indexer';
import { allDocuments } from '../../../queues/search/documents';
import { searchContract } from './contract';
import { startAlgoliaWire, type WireServer } from './support/algolia-wire';
import { privateCatalog, type PrivateCatalog } from './support/databases';

// a database of this file alone: other test files add and change products in the shared one
let cat: PrivateCatalog | undefined;
let wire: WireServer | undefined;
afterAll(async () => {
  await cat?.drop();
  await wire?.close();
});

searchContract('algolia (wire contract)', async () => {
  wire = await startAlgoliaWire();
  const cfg = { appId: 'TESTAPP', apiKey: 'admin-key', indexName: 'vitrine_products', hosts: [wire.host] };
  const admin = createAlgoliaClient(cfg);
  await configureAlgolia(admin, cfg.indexName);
  cat = await privateCatalog(300);
  const docs: SearchDocument[] = [];
  const source = await allDocuments(cat.handle.db);
  for await (const batch of source.batches()) docs.push(...batch);
  await indexInAlgolia(admin, cfg.indexName, docs, [], { wait: true });
  const search = createAlgoliaClient({ ...cfg, apiKey: 'search-key' });
  return { engine: createAlgoliaSearchEngine(search, cfg.indexName), docs };
});
