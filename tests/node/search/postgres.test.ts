/**
 * The Postgres adapter over the demo seed catalog, on a database of this file
 * alone (other test files change products of the shared one): the search
 * contract (contract.ts) and the relevance set (relevance-set.ts: every listed
 * product must be in the first five results of its query; the score is printed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSearchEngine } from '../../../db/search/postgres-engine';
import type { SearchDocument } from '../../../domain/search/document';
import { buildSearchRequest } from '../../../domain/search/request';
import type { SearchEngine } from '../../../domain/search/types';
import { DEFAULT_PRODUCT_COUNT } from '../../../dev/seed/generate';
import { allDocuments } from '../../../queues/search/documents';
import { postgresTarget, rebuildSearch } from '../../../queues/search/indexer';
import { searchContract } from './contract';
import { RELEVANCE_SET } from './relevance-set';
import { privateCatalog, type PrivateCatalog } from './support/databases';

let cat: PrivateCatalog | undefined;
const ready = (async () => {
  cat = await privateCatalog(DEFAULT_PRODUCT_COUNT);
  await rebuildSearch(cat.handle.db, [postgresTarget(cat.handle.db)]);
  const docs: SearchDocument[] = [];
  for await (const batch of (await allDocuments(cat.handle.db)).batches()) docs.push(...batch);
  return { engine: createPostgresSearchEngine(cat.handle.db), docs };
})();
ready.catch(() => {});
afterAll(async () => {
  await cat?.drop();
});

searchContract('postgres', () => ready);

let engine: SearchEngine;
let found = 0;
const expected = RELEVANCE_SET.reduce((n, c) => n + c.top5.length, 0);

describe('relevance (Postgres adapter, seed catalog)', () => {
  beforeAll(async () => {
    ({ engine } = await ready);
  });
  afterAll(() => {
    process.stdout.write(`[search] relevance: ${found}/${expected} expected products in the top 5 over ${RELEVANCE_SET.length} queries\n`);
  });

  it('has at least 30 queries, covering misspellings and accents', () => {
    expect(RELEVANCE_SET.length).toBeGreaterThanOrEqual(30);
    expect(RELEVANCE_SET.filter((c) => c.kind === 'typo').length).toBeGreaterThanOrEqual(5);
    expect(RELEVANCE_SET.filter((c) => c.kind === 'accents').length).toBeGreaterThanOrEqual(5);
  });

  it.each(RELEVANCE_SET.map((c) => [c.kind, c.query, c.top5] as const))('%s: %j has %j in its top 5', async (_kind, query, top5) => {
    const r = await engine.search(buildSearchRequest({ q: query, currency: 'USD', perPage: 5 }));
    const handles = r.hits.map((x) => x.product.handle);
    found += top5.filter((x) => handles.includes(x)).length;
    expect(handles).toEqual(expect.arrayContaining([...top5]));
  });
});
