/**
 * Algolia index settings, kept in code and applied by `npm run search:configure`.
 *
 * Primary index: relevance (title > collections > tags > options > vendor >
 * description; in-stock and newest break ties). Standard replicas (exhaustive
 * sorts) for price per currency and for newest. Records of one product share
 * `productId` (long descriptions are split, see records.ts): distinct keeps
 * one per product.
 */
import type { IndexSettings } from '@algolia/client-search';
import { CURRENCIES, type Currency } from '../../../domain/money';
import { SEARCH_LIMITS, type SearchSort } from '../../../domain/search/types';
import { SYNONYM_GROUPS } from '../../../domain/search/synonyms';

/** Private highlight delimiters (as InstantSearch does); split into runs, never rendered as markup. */
export const HIGHLIGHT_PRE = '__vitrine_hl__';
export const HIGHLIGHT_POST = '__/vitrine_hl__';

export const FACETS = {
  collections: 'collectionLabels',
  collectionFilter: 'collectionHandles',
  options: 'optionLabels',
  optionFilter: 'optionKeys',
  inStock: 'inStock',
  priceBucket: (c: Currency) => `priceBucket.${c}`,
  price: (c: Currency) => `priceMin.${c}`,
} as const;

export type ReplicaSort = Exclude<SearchSort, 'relevance'>;

/** The index a sort reads: the primary for relevance, a replica otherwise. */
export function indexForSort(primary: string, sort: SearchSort, currency: Currency): string {
  switch (sort) {
    case 'relevance':
      return primary;
    case 'newest':
      return `${primary}_newest`;
    case 'price-asc':
      return `${primary}_price_asc_${currency.toLowerCase()}`;
    case 'price-desc':
      return `${primary}_price_desc_${currency.toLowerCase()}`;
  }
}

const DEFAULT_CRITERIA = ['typo', 'geo', 'words', 'filters', 'proximity', 'attribute', 'exact', 'custom'];

export interface ReplicaSettings {
  indexName: string;
  settings: { ranking: string[] };
}

export function replicaSettings(primary: string): ReplicaSettings[] {
  const out: ReplicaSettings[] = [];
  for (const c of CURRENCIES) {
    out.push({ indexName: indexForSort(primary, 'price-asc', c), settings: { ranking: [`asc(${FACETS.price(c)})`, ...DEFAULT_CRITERIA] } });
    out.push({ indexName: indexForSort(primary, 'price-desc', c), settings: { ranking: [`desc(${FACETS.price(c)})`, ...DEFAULT_CRITERIA] } });
  }
  out.push({ indexName: indexForSort(primary, 'newest', 'USD'), settings: { ranking: ['desc(createdAt)', ...DEFAULT_CRITERIA] } });
  return out;
}

/** Settings of the primary index (forwarded to the replicas, which then get their own ranking). */
export function primarySettings(primary: string): IndexSettings {
  return {
    searchableAttributes: [
      'title,titleExtras',
      'unordered(collections)',
      'unordered(tags)',
      'unordered(options)',
      'unordered(vendor)',
      'unordered(keywords)',
      'unordered(description)',
    ],
    attributesForFaceting: [
      FACETS.collections,
      `filterOnly(${FACETS.collectionFilter})`,
      FACETS.options,
      `filterOnly(${FACETS.optionFilter})`,
      FACETS.inStock,
      ...CURRENCIES.map((c) => FACETS.priceBucket(c)),
      'filterOnly(productId)',
    ],
    numericAttributesForFiltering: [...CURRENCIES.map((c) => FACETS.price(c)), 'createdAt'],
    customRanking: ['desc(inStock)', 'desc(createdAt)'],
    attributeForDistinct: 'productId',
    distinct: true,
    attributesToRetrieve: ['productId', 'summary'],
    attributesToHighlight: ['title'],
    attributesToSnippet: [],
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    typoTolerance: true,
    minWordSizefor1Typo: 4,
    minWordSizefor2Typos: 8,
    ignorePlurals: ['en'],
    removeStopWords: ['en'],
    queryLanguages: ['en'],
    indexLanguages: ['en'],
    removeWordsIfNoResults: 'allOptional',
    maxValuesPerFacet: 100,
    paginationLimitedTo: SEARCH_LIMITS.maxPage * SEARCH_LIMITS.maxPerPage,
    replicas: replicaSettings(primary).map((r) => r.indexName),
  };
}

/** The shared synonym groups as Algolia two-way synonyms. */
export function synonyms() {
  return SYNONYM_GROUPS.map((group) => ({ objectID: `group-${group[0]}`, type: 'synonym' as const, synonyms: [...group] }));
}
