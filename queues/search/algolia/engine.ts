/**
 * The Algolia search adapter: one multi-query request per search — the page
 * of hits with every filter, plus one hits-less query per refined facet
 * without that facet's own filter (disjunctive faceting, as InstantSearch
 * does) — mapped to the shared SearchResult shape.
 */
import type { SearchClient, SearchForHits, SearchResponse } from '@algolia/client-search';
import type { ProductSummary } from '../../../domain/catalog/documents';
import { partsText, plainParts, splitHighlighted } from '../../../domain/search/highlight';
import { bucketKey } from '../../../domain/search/price-buckets';
import { emptySearchResult } from '../../../domain/search/results';
import type {
  FacetCount,
  HighlightPart,
  OptionFacet,
  SearchEngine,
  SearchFacets,
  SearchRequest,
  SearchResult,
  SuggestResult,
} from '../../../domain/search/types';
import { FACETS, HIGHLIGHT_POST, HIGHLIGHT_PRE, indexForSort } from './settings';

interface Retrieved {
  summary: ProductSummary;
  title?: string;
}

type Facet = 'collections' | 'options' | 'price' | 'stock';
type Facets = Record<string, Record<string, number>>;

const MAX_FACET_VALUES = 30;

/** facetFilters value: a leading "-" would mean negation */
const fv = (attribute: string, value: string) => `${attribute}:${value.startsWith('-') ? `\\${value}` : value}`;

interface FilterGroups {
  /** facet → OR group (facetFilters) */
  groups: { facet: Facet; optionName?: string; values: string[] }[];
  numeric: string[];
}

function filterGroups(r: SearchRequest): FilterGroups {
  const f = r.filters;
  const groups: FilterGroups['groups'] = [];
  if (f.collections.length > 0) groups.push({ facet: 'collections', values: f.collections.map((c) => fv(FACETS.collectionFilter, c)) });
  for (const [name, values] of Object.entries(f.options)) {
    groups.push({ facet: 'options', optionName: name, values: values.map((v) => fv(FACETS.optionFilter, `${name}:${v}`)) });
  }
  if (f.inStock) groups.push({ facet: 'stock', values: [`${FACETS.inStock}:true`] });
  const numeric: string[] = [];
  if (f.priceMin !== undefined) numeric.push(`${FACETS.price(r.currency)}>=${f.priceMin}`);
  if (f.priceMax !== undefined) numeric.push(`${FACETS.price(r.currency)}<=${f.priceMax}`);
  return { groups, numeric };
}

const facetAttribute = (facet: Facet, r: SearchRequest): string =>
  facet === 'collections' ? FACETS.collections : facet === 'options' ? FACETS.options : facet === 'price' ? FACETS.priceBucket(r.currency) : FACETS.inStock;

function title(hit: Retrieved & { _highlightResult?: { title?: { value?: string } } }): HighlightPart[] {
  const plain = hit.summary.title;
  const value = hit._highlightResult?.title?.value;
  if (typeof value !== 'string') return plainParts(plain);
  const parts = splitHighlighted(value, HIGHLIGHT_PRE, HIGHLIGHT_POST);
  // anything but the title itself (e.g. entity-escaped text) is not shown: fall back to the plain title
  return partsText(parts) === plain ? parts : plainParts(plain);
}

const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** "handle:Title" / "Color:Black" facet values → [key, display] pairs */
function splitLabel(label: string): [string, string] {
  const i = label.indexOf(':');
  return i === -1 ? [label, label] : [label.slice(0, i), label.slice(i + 1)];
}

function collectionFacet(counts: Record<string, number> = {}): FacetCount[] {
  return Object.entries(counts)
    .map(([label, count]) => {
      const [handle, title] = splitLabel(label);
      return { value: handle, label: title, count };
    })
    .sort(byCount)
    .slice(0, MAX_FACET_VALUES);
}

function optionFacets(counts: Record<string, number>, only?: string): OptionFacet[] {
  const byName = new Map<string, OptionFacet>();
  for (const [label, count] of Object.entries(counts)) {
    const [name, value] = splitLabel(label);
    const key = name.toLowerCase();
    if (only !== undefined && key !== only) continue;
    let facet = byName.get(key);
    if (!facet) byName.set(key, (facet = { name: key, label: name, values: [] }));
    facet.values.push({ value: value.toLowerCase(), label: value, count });
  }
  for (const f of byName.values()) f.values = f.values.sort(byCount).slice(0, MAX_FACET_VALUES);
  return [...byName.values()];
}

function facetsOf(r: SearchRequest, main: Facets, disjunctive: Map<string, Facets>): SearchFacets {
  const pick = (facet: Facet) => disjunctive.get(facet) ?? main;
  // options: a refined option is counted from its own query, the others from the main one
  const options = new Map<string, OptionFacet>();
  for (const f of optionFacets(main[FACETS.options] ?? {})) options.set(f.name, f);
  for (const name of Object.keys(r.filters.options)) {
    options.delete(name);
    for (const f of optionFacets(disjunctive.get(`options:${name}`)?.[FACETS.options] ?? {}, name)) options.set(f.name, f);
  }
  const price = pick('price')[FACETS.priceBucket(r.currency)] ?? {};
  const stock = pick('stock')[FACETS.inStock] ?? {};
  return {
    collections: collectionFacet(pick('collections')[FACETS.collections]),
    options: [...options.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
    price: r.priceBuckets.map((b) => ({ ...b, count: price[bucketKey(b)] ?? 0 })),
    availability: { inStock: stock.true ?? 0, outOfStock: stock.false ?? 0 },
  };
}

export function createAlgoliaSearchEngine(client: SearchClient, indexName: string): SearchEngine {
  const highlighting = {
    attributesToRetrieve: ['summary', 'title'],
    attributesToHighlight: ['title'],
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
  };
  return {
    name: 'algolia',

    async search(r) {
      if (r.terms.length === 0) return emptySearchResult(r, 'algolia');
      const { groups, numeric } = filterGroups(r);
      const base = { query: r.query, facetingAfterDistinct: true, clickAnalytics: false };
      const main: SearchForHits = {
        indexName: indexForSort(indexName, r.sort, r.currency),
        ...base,
        ...highlighting,
        page: r.page - 1,
        hitsPerPage: r.perPage,
        facets: [FACETS.collections, FACETS.options, FACETS.priceBucket(r.currency), FACETS.inStock],
        maxValuesPerFacet: MAX_FACET_VALUES * 4,
        facetFilters: groups.map((g) => g.values),
        numericFilters: numeric,
        analytics: true,
      };
      // one query per refined facet, without that facet's own filter
      const refined: { key: string; query: SearchForHits }[] = [];
      const without = (skip: (g: FilterGroups['groups'][number]) => boolean) => groups.filter((g) => !skip(g)).map((g) => g.values);
      for (const g of groups) {
        const key = g.facet === 'options' ? `options:${g.optionName}` : g.facet;
        refined.push({
          key,
          query: {
            indexName,
            ...base,
            page: 0,
            hitsPerPage: 0,
            attributesToRetrieve: [],
            facets: [facetAttribute(g.facet, r)],
            maxValuesPerFacet: MAX_FACET_VALUES * 4,
            facetFilters: without((x) => x === g),
            numericFilters: numeric,
            analytics: false,
          },
        });
      }
      if (numeric.length > 0) {
        refined.push({
          key: 'price',
          query: {
            indexName,
            ...base,
            page: 0,
            hitsPerPage: 0,
            attributesToRetrieve: [],
            facets: [FACETS.priceBucket(r.currency)],
            maxValuesPerFacet: MAX_FACET_VALUES * 4,
            facetFilters: groups.map((g) => g.values),
            analytics: false,
          },
        });
      }
      const res = await client.search<Retrieved>({ requests: [main, ...refined.map((x) => x.query)] });
      const [first, ...others] = res.results as SearchResponse<Retrieved>[];
      if (!first) throw new Error('Algolia answered without results');
      const disjunctive = new Map<string, Facets>();
      refined.forEach((x, i) => disjunctive.set(x.key, (others[i]?.facets ?? {}) as Facets));
      const result: SearchResult = {
        engine: 'algolia',
        query: r.query,
        correctedQuery: null,
        total: first.nbHits ?? 0,
        page: r.page,
        perPage: r.perPage,
        pages: first.nbPages ?? Math.ceil((first.nbHits ?? 0) / r.perPage),
        hits: first.hits.map((h) => ({ product: h.summary, highlight: { title: title(h) } })),
        facets: facetsOf(r, (first.facets ?? {}) as Facets, disjunctive),
      };
      return result;
    },

    async suggest(r) {
      if (r.terms.length === 0) return { engine: 'algolia', query: r.query, correctedQuery: null, products: [], collections: [] };
      const res = await client.search<Retrieved>({
        requests: [
          {
            indexName,
            query: r.query,
            ...highlighting,
            hitsPerPage: r.limit,
            page: 0,
            facets: [FACETS.collections],
            maxValuesPerFacet: 3,
            facetingAfterDistinct: true,
            analytics: false,
            clickAnalytics: false,
          },
        ],
      });
      const first = res.results[0] as SearchResponse<Retrieved> | undefined;
      const out: SuggestResult = {
        engine: 'algolia',
        query: r.query,
        correctedQuery: null,
        products: (first?.hits ?? []).map((h) => ({ product: h.summary, highlight: { title: title(h) } })),
        collections: collectionFacet(((first?.facets ?? {}) as Facets)[FACETS.collections])
          .slice(0, 3)
          .map((c) => ({ handle: c.value, title: c.label, count: c.count })),
      };
      return out;
    },
  };
}
