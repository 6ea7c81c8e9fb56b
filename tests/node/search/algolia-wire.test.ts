/**
 * Algolia's wire contract: the exact requests the real client sends for
 * search, settings, synonyms, batch indexing and the atomic rebuild (paths,
 * methods, headers, query strings, bodies), and the mapping of real-shaped
 * responses (fields as in Algolia's REST API reference) to our result shape.
 * The local wire server stands in for Algolia's hosts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProductSummary } from '../../../domain/catalog/documents';
import type { SearchDocument } from '../../../domain/search/document';
import { buildSearchRequest, buildSuggestRequest } from '../../../domain/search/request';
import { createAlgoliaClient } from '../../../queues/search/algolia/client';
import { algoliaConfig, parseHosts } from '../../../queues/search/algolia/config';
import { configureAlgolia } from '../../../queues/search/algolia/configure';
import { createAlgoliaSearchEngine } from '../../../queues/search/algolia/engine';
import { indexInAlgolia, rebuildAlgoliaIndex } from '../../../queues/search/algolia/indexer';
import { MAX_PARTS, RECORD_LIMIT_BYTES } from '../../../queues/search/algolia/records';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, primarySettings, replicaSettings, synonyms } from '../../../queues/search/algolia/settings';
import { startAlgoliaWire, type RecordedRequest, type WireServer } from './support/algolia-wire';

const INDEX = 'vitrine_products';
let wire: WireServer;
const client = (apiKey: string) => createAlgoliaClient({ appId: 'TESTAPP', apiKey, indexName: INDEX, hosts: [wire.host] });

beforeAll(async () => {
  wire = await startAlgoliaWire();
});
afterAll(() => wire.close());
beforeEach(() => {
  wire.clear();
  wire.respond = undefined;
});

function expectAuth(r: RecordedRequest, key: string) {
  expect(r.headers['x-algolia-api-key']).toBe(key);
  expect(r.headers['x-algolia-application-id']).toBe('TESTAPP');
  expect(r.headers['content-type']).toBe('text/plain');
  expect(r.headers.accept).toBe('application/json');
  expect(r.query['x-algolia-agent']).toMatch(/^Algolia for JavaScript \(5\.\d+\.\d+\); Search \(5\.\d+\.\d+\); Node\.js/);
}

const summary = (id: string, title: string): ProductSummary => ({
  id,
  handle: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  title,
  vendor: 'Loom Theory',
  image: null,
  priceRange: { USD: { min: 2800, max: 3000 } },
  compareAtMin: {},
  options: { color: ['Black'] },
  inStock: true,
  createdAt: '2025-06-01T10:00:00.000Z',
});

function doc(id: string, title: string, description = 'A soft tee.'): SearchDocument {
  return {
    id,
    handle: summary(id, title).handle,
    title,
    titleExtras: 'tshirt',
    keywords: 'T-Shirts · Black',
    description,
    joinedForms: [{ joined: 'tshirt', form: 't-shirt' }],
    collections: [{ handle: 't-shirts', title: 'T-Shirts' }],
    options: [{ key: 'color:black', name: 'Color', value: 'Black' }],
    priceMin: { USD: 2800, EUR: 2599 },
    priceMax: { USD: 3000, EUR: 2799 },
    inStock: true,
    tags: ['t-shirt'],
    vendor: 'Loom Theory',
    createdAt: '2025-06-01T10:00:00.000Z',
    summary: summary(id, title),
  };
}

describe('configuration', () => {
  it('reads ALGOLIA_* from the environment, with hosts for local testing only', () => {
    expect(algoliaConfig({}, 'search')).toBeNull();
    expect(algoliaConfig({ ALGOLIA_APP_ID: 'A' }, 'search')).toBeNull();
    expect(algoliaConfig({ ALGOLIA_APP_ID: 'A', ALGOLIA_SEARCH_API_KEY: 's', ALGOLIA_ADMIN_API_KEY: 'w' }, 'admin')).toEqual({
      appId: 'A',
      apiKey: 'w',
      indexName: INDEX,
      hosts: undefined,
    });
    expect(parseHosts('http://127.0.0.1:8999, https://eu.example.test')).toEqual([
      { url: '127.0.0.1', port: 8999, protocol: 'http', accept: 'readWrite' },
      { url: 'eu.example.test', port: undefined, protocol: 'https', accept: 'readWrite' },
    ]);
    expect(() => algoliaConfig({ ALGOLIA_APP_ID: 'A', ALGOLIA_SEARCH_API_KEY: 's', ALGOLIA_INDEX_NAME: 'bad name!' }, 'search')).toThrow();
  });
});

describe('search requests', () => {
  it('sends one multi-query: the page with every filter, one query per refined facet without its own filter', async () => {
    const engine = createAlgoliaSearchEngine(client('search-key'), INDEX);
    await engine.search(
      buildSearchRequest({ q: ' Black  TEE ', currency: 'EUR', sort: 'price-asc', page: 2, perPage: 12, collections: ['t-shirts'], options: { Color: ['Black'] }, priceMin: 1000, priceMax: 4999, inStock: true }),
    );
    expect(wire.requests).toHaveLength(1);
    const [r] = wire.requests;
    expect(r!.method).toBe('POST');
    expect(r!.path).toBe('/1/indexes/*/queries');
    expectAuth(r!, 'search-key');
    const common = { query: 'black tee', facetingAfterDistinct: true, clickAnalytics: false };
    const facetQuery = (facet: string, facetFilters: string[][], numeric = ['priceMin.EUR>=1000', 'priceMin.EUR<=4999']) => ({
      indexName: INDEX,
      ...common,
      page: 0,
      hitsPerPage: 0,
      attributesToRetrieve: [],
      facets: [facet],
      maxValuesPerFacet: 120,
      facetFilters,
      ...(numeric.length ? { numericFilters: numeric } : {}),
      analytics: false,
    });
    const col = ['collectionHandles:t-shirts'];
    const color = ['optionKeys:color:black'];
    const stock = ['inStock:true'];
    expect(r!.body).toEqual({
      requests: [
        {
          indexName: `${INDEX}_price_asc_eur`,
          ...common,
          attributesToRetrieve: ['summary', 'title'],
          attributesToHighlight: ['title'],
          highlightPreTag: HIGHLIGHT_PRE,
          highlightPostTag: HIGHLIGHT_POST,
          page: 1,
          hitsPerPage: 12,
          facets: ['collectionLabels', 'optionLabels', 'priceBucket.EUR', 'inStock'],
          maxValuesPerFacet: 120,
          facetFilters: [col, color, stock],
          numericFilters: ['priceMin.EUR>=1000', 'priceMin.EUR<=4999'],
          analytics: true,
        },
        facetQuery('collectionLabels', [color, stock]),
        facetQuery('optionLabels', [col, stock]),
        facetQuery('inStock', [col, color]),
        facetQuery('priceBucket.EUR', [col, color, stock], []),
      ],
    });
  });

  it('asks autocomplete for a few hits and the top collections', async () => {
    await createAlgoliaSearchEngine(client('search-key'), INDEX).suggest(buildSuggestRequest('Hood', 'USD', 5));
    const [r] = wire.requests;
    expect(r!.path).toBe('/1/indexes/*/queries');
    expect(r!.body).toEqual({
      requests: [
        {
          indexName: INDEX,
          query: 'hood',
          attributesToRetrieve: ['summary', 'title'],
          attributesToHighlight: ['title'],
          highlightPreTag: HIGHLIGHT_PRE,
          highlightPostTag: HIGHLIGHT_POST,
          hitsPerPage: 5,
          page: 0,
          facets: ['collectionLabels'],
          maxValuesPerFacet: 3,
          facetingAfterDistinct: true,
          analytics: false,
          clickAnalytics: false,
        },
      ],
    });
  });

  it('maps a real-shaped response to the shared result shape', async () => {
    const tee = summary('8b1f2c9e-0000-4000-8000-000000000001', 'Déjà Vu Graphic T-Shirt');
    const tote = summary('8b1f2c9e-0000-4000-8000-000000000002', 'Harbor & Pine Tote');
    const xss = summary('8b1f2c9e-0000-4000-8000-000000000003', '<script>alert(1)</script> Tee');
    // fields as in Algolia's "Search multiple indices" response reference
    wire.respond = () => [
      200,
      {
        results: [
          {
            hits: [
              {
                summary: tee,
                title: tee.title,
                objectID: tee.id,
                _highlightResult: {
                  title: {
                    value: `Déjà Vu Graphic ${HIGHLIGHT_PRE}T${HIGHLIGHT_POST}-${HIGHLIGHT_PRE}Shirt${HIGHLIGHT_POST}`,
                    matchLevel: 'full',
                    fullyHighlighted: false,
                    matchedWords: ['tshirt'],
                  },
                },
              },
              {
                summary: tote,
                title: tote.title,
                objectID: tote.id,
                _highlightResult: { title: { value: `Harbor &amp; Pine ${HIGHLIGHT_PRE}Tote${HIGHLIGHT_POST}`, matchLevel: 'partial', fullyHighlighted: false, matchedWords: ['tote'] } },
              },
              {
                summary: xss,
                title: xss.title,
                objectID: `${xss.id}#1`,
                _highlightResult: { title: { value: `<script>alert(1)</script> ${HIGHLIGHT_PRE}Tee${HIGHLIGHT_POST}`, matchLevel: 'partial', fullyHighlighted: false, matchedWords: ['tee'] } },
              },
            ],
            nbHits: 31,
            page: 1,
            nbPages: 11,
            hitsPerPage: 3,
            exhaustiveFacetsCount: true,
            exhaustiveNbHits: true,
            exhaustiveTypo: true,
            exhaustive: { facetsCount: true, nbHits: true, typo: true },
            facets: {
              collectionLabels: { 't-shirts:T-Shirts': 31, 'sale:Sale': 7 },
              optionLabels: { 'Color:Black': 9, 'Color:White': 12, 'Size:M': 30, 'Size:XL': 25 },
              'priceBucket.USD': { '2500-5000': 20, '0-2500': 11 },
              inStock: { true: 29, false: 2 },
            },
            facets_stats: { 'priceMin.USD': { min: 1999, max: 4800, avg: 3100, sum: 96100 } },
            query: 'tshirt',
            params: 'query=tshirt&hitsPerPage=3&page=1',
            index: INDEX,
            processingTimeMS: 2,
            processingTimingsMS: { request: { roundTrip: 18 } },
            serverTimeMS: 3,
            renderingContent: {},
          },
          {
            hits: [],
            nbHits: 40,
            page: 0,
            nbPages: 0,
            hitsPerPage: 0,
            exhaustiveNbHits: true,
            facets: { optionLabels: { 'Color:Black': 9, 'Color:White': 12, 'Color:Navy': 12, 'Size:M': 38 } },
            query: 'tshirt',
            params: 'query=tshirt&hitsPerPage=0',
            index: INDEX,
            processingTimeMS: 1,
          },
        ],
      },
    ];
    const r = await createAlgoliaSearchEngine(client('search-key'), INDEX).search(
      buildSearchRequest({ q: 'tshirt', currency: 'USD', page: 2, perPage: 3, options: { color: ['black'] } }),
    );
    expect(r).toEqual({
      engine: 'algolia',
      query: 'tshirt',
      correctedQuery: null,
      total: 31,
      page: 2,
      perPage: 3,
      pages: 11,
      hits: [
        {
          product: tee,
          highlight: {
            title: [
              { text: 'Déjà Vu Graphic ', match: false },
              { text: 'T', match: true },
              { text: '-', match: false },
              { text: 'Shirt', match: true },
            ],
          },
        },
        // an entity-escaped value is not the title: shown plain rather than wrong
        { product: tote, highlight: { title: [{ text: 'Harbor & Pine Tote', match: false }] } },
        // markup in a title stays text (views escape it)
        {
          product: xss,
          highlight: {
            title: [
              { text: '<script>alert(1)</script> ', match: false },
              { text: 'Tee', match: true },
            ],
          },
        },
      ],
      facets: {
        collections: [
          { value: 't-shirts', label: 'T-Shirts', count: 31 },
          { value: 'sale', label: 'Sale', count: 7 },
        ],
        // the refined option (color) is counted without its own filter; size from the main query
        options: [
          {
            name: 'color',
            label: 'Color',
            values: [
              { value: 'navy', label: 'Navy', count: 12 },
              { value: 'white', label: 'White', count: 12 },
              { value: 'black', label: 'Black', count: 9 },
            ],
          },
          {
            name: 'size',
            label: 'Size',
            values: [
              { value: 'm', label: 'M', count: 30 },
              { value: 'xl', label: 'XL', count: 25 },
            ],
          },
        ],
        price: [
          { min: 0, max: 2500, count: 11 },
          { min: 2500, max: 5000, count: 20 },
          { min: 5000, max: 10000, count: 0 },
          { min: 10000, max: 20000, count: 0 },
          { min: 20000, max: null, count: 0 },
        ],
        availability: { inStock: 29, outOfStock: 2 },
      },
    });
  });

  it('surfaces Algolia errors (the storefront then answers from Postgres)', async () => {
    wire.respond = () => [403, { message: 'Invalid Application-ID or API key', status: 403 }];
    await expect(createAlgoliaSearchEngine(client('bad-key'), INDEX).search(buildSearchRequest({ q: 'mug', currency: 'USD' }))).rejects.toThrow(/Invalid Application-ID/);
  });
});

describe('index settings (npm run search:configure)', () => {
  it('sets the primary (forwarded to replicas), each replica ranking, then the synonyms, waiting for every task', async () => {
    await configureAlgolia(client('admin-key'), INDEX);
    const calls = wire.requests.map((r) => `${r.method} ${r.path}${Object.keys(r.query).filter((k) => k !== 'x-algolia-agent').length ? `?${new URLSearchParams(Object.entries(r.query).filter(([k]) => k !== 'x-algolia-agent')).toString()}` : ''}`);
    const replicas = replicaSettings(INDEX).map((x) => x.indexName);
    expect(replicas).toEqual([`${INDEX}_price_asc_usd`, `${INDEX}_price_desc_usd`, `${INDEX}_price_asc_eur`, `${INDEX}_price_desc_eur`, `${INDEX}_newest`]);
    expect(calls).toEqual([
      `PUT /1/indexes/${INDEX}/settings?forwardToReplicas=true`,
      expect.stringMatching(new RegExp(`^GET /1/indexes/${INDEX}/task/\\d+$`)),
      ...replicas.flatMap((name) => [`PUT /1/indexes/${name}/settings`, expect.stringMatching(new RegExp(`^GET /1/indexes/${name}/task/\\d+$`))]),
      `POST /1/indexes/${INDEX}/synonyms/batch?forwardToReplicas=true&replaceExistingSynonyms=true`,
      expect.stringMatching(new RegExp(`^GET /1/indexes/${INDEX}/task/\\d+$`)),
    ]);
    for (const r of wire.requests) expectAuth(r, 'admin-key');
    expect(wire.requests[0]!.body).toEqual(primarySettings(INDEX));
    expect(wire.requests[0]!.body).toMatchObject({
      searchableAttributes: ['title,titleExtras', 'unordered(collections)', 'unordered(tags)', 'unordered(options)', 'unordered(vendor)', 'unordered(keywords)', 'unordered(description)'],
      customRanking: ['desc(inStock)', 'desc(createdAt)'],
      attributeForDistinct: 'productId',
      distinct: true,
      typoTolerance: true,
      replicas,
    });
    expect(wire.requests[2]!.body).toEqual({ ranking: ['asc(priceMin.USD)', 'typo', 'geo', 'words', 'filters', 'proximity', 'attribute', 'exact', 'custom'] });
    expect(wire.requests[wire.requests.length - 2]!.body).toEqual(synonyms());
  });
});

describe('indexing', () => {
  it('replaces a product with its records, deletes parts it no longer has and removed products', async () => {
    const long = doc('8b1f2c9e-0000-4000-8000-0000000000aa', 'Long Story Tee', 'Once upon a time. '.repeat(1500));
    const short = doc('8b1f2c9e-0000-4000-8000-0000000000bb', 'Short Tee');
    const res = await indexInAlgolia(client('admin-key'), INDEX, [long, short], ['8b1f2c9e-0000-4000-8000-0000000000cc'], { wait: true });
    const batches = wire.requests.filter((r) => r.path === `/1/indexes/${INDEX}/batch`);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.method).toBe('POST');
    expectAuth(batches[0]!, 'admin-key');
    const ops = (batches[0]!.body as { requests: { action: string; body: Record<string, unknown> }[] }).requests;
    expect(res.operations).toBe(ops.length);
    const summaryOf = ops.map((o) => `${o.action} ${String(o.body.objectID)}`);
    const longParts = ops.filter((o) => o.action === 'updateObject' && o.body.productId === long.id);
    expect(longParts.length).toBeGreaterThan(1);
    expect(longParts.length).toBeLessThanOrEqual(MAX_PARTS);
    expect(summaryOf).toEqual([
      ...longParts.map((_, i) => `updateObject ${i === 0 ? long.id : `${long.id}#${i}`}`),
      ...Array.from({ length: MAX_PARTS - longParts.length }, (_, i) => `deleteObject ${long.id}#${longParts.length + i}`),
      `updateObject ${short.id}`,
      ...Array.from({ length: MAX_PARTS - 1 }, (_, i) => `deleteObject ${short.id}#${i + 1}`),
      ...Array.from({ length: MAX_PARTS }, (_, i) => `deleteObject 8b1f2c9e-0000-4000-8000-0000000000cc${i === 0 ? '' : `#${i}`}`),
    ]);
    for (const o of ops.filter((x) => x.action === 'updateObject')) {
      expect(new TextEncoder().encode(JSON.stringify(o.body)).length).toBeLessThanOrEqual(RECORD_LIMIT_BYTES);
    }
    expect(ops.find((o) => o.body.objectID === short.id)!.body).toEqual({
      objectID: short.id,
      productId: short.id,
      part: 0,
      handle: 'short-tee',
      title: 'Short Tee',
      titleExtras: 'tshirt',
      collections: ['T-Shirts'],
      collectionHandles: ['t-shirts'],
      collectionLabels: ['t-shirts:T-Shirts'],
      options: ['Black'],
      optionKeys: ['color:black'],
      optionLabels: ['Color:Black'],
      tags: ['t-shirt'],
      vendor: 'Loom Theory',
      keywords: 'T-Shirts · Black',
      description: 'A soft tee.',
      priceMin: { USD: 2800, EUR: 2599 },
      priceBucket: { USD: '2500-5000', EUR: '2500-5000' },
      inStock: true,
      createdAt: 1748772000000,
      summary: short.summary,
    });
    // waited for the task
    expect(wire.requests.at(-1)!.path).toMatch(new RegExp(`^/1/indexes/${INDEX}/task/\\d+$`));
  });

  it('rebuilds atomically: copy settings to a temporary index, fill it, move it over the primary', async () => {
    const docs = [doc('8b1f2c9e-0000-4000-8000-0000000000d1', 'One Tee'), doc('8b1f2c9e-0000-4000-8000-0000000000d2', 'Two Tee')];
    const progress: [number, number][] = [];
    const r = await rebuildAlgoliaIndex(
      client('admin-key'),
      INDEX,
      {
        total: 2,
        async *batches() {
          yield [docs[0]!];
          yield [docs[1]!];
        },
      },
      { stamp: '20260101T000000', onProgress: (d, t) => progress.push([d, t]) },
    );
    const tmp = `${INDEX}_reindex_20260101T000000`;
    expect(r).toEqual({ records: 2, temporaryIndex: tmp });
    expect(progress).toEqual([
      [0, 2],
      [1, 2],
      [2, 2],
    ]);
    const calls = wire.requests.map((x) => `${x.method} ${x.path}`);
    const task = (index: string) => expect.stringMatching(new RegExp(`^GET /1/indexes/${index}/task/\\d+$`));
    expect(calls).toEqual([
      `POST /1/indexes/${INDEX}/operation`,
      task(tmp),
      `POST /1/indexes/${tmp}/batch`,
      `POST /1/indexes/${tmp}/batch`,
      task(tmp),
      task(tmp),
      `POST /1/indexes/${tmp}/operation`,
      task(tmp),
    ]);
    expect(wire.requests[0]!.body).toEqual({ operation: 'copy', destination: tmp, scope: ['settings', 'synonyms', 'rules'] });
    expect(wire.requests[6]!.body).toEqual({ operation: 'move', destination: INDEX });
    expect([...wire.indexes.get(INDEX)!.records.keys()].sort()).toEqual(docs.map((d) => d.id));
    expect(wire.indexes.has(tmp)).toBe(false);
  });

  it('leaves the primary untouched and drops the temporary index when a rebuild fails', async () => {
    const before = [...(wire.indexes.get(INDEX)?.records.keys() ?? [])];
    wire.respond = (req) => (req.path.endsWith('/batch') ? [400, { message: 'Record is too big', status: 400 }] : undefined);
    await expect(
      rebuildAlgoliaIndex(client('admin-key'), INDEX, { total: 1, async *batches() { yield [doc('8b1f2c9e-0000-4000-8000-0000000000e1', 'Bad Tee')]; } }, { stamp: 'fail' }),
    ).rejects.toThrow(/Record is too big/);
    expect(wire.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/1/indexes/${INDEX}_reindex_fail` });
    expect(wire.requests.some((x) => (x.body as { operation?: string } | undefined)?.operation === 'move')).toBe(false);
    expect([...(wire.indexes.get(INDEX)?.records.keys() ?? [])]).toEqual(before);
  });
});
