/**
 * The search contract shared by every adapter (Postgres full-text, Algolia):
 * what a search is asked (SearchRequest, prepared by request.ts from validated
 * parameters) and what it answers (SearchResult). Pure types and constants.
 */
import type { ProductSummary } from '../catalog/documents';
import type { Currency } from '../money';

export const SEARCH_SORTS = ['relevance', 'price-asc', 'price-desc', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_LIMITS = {
  /** characters of the raw query (after trimming); longer queries are rejected */
  maxQueryLength: 200,
  /** words searched; extra words are ignored */
  maxTerms: 10,
  /** hard cap on any one word (longer words are cut) */
  maxTermLength: 40,
  defaultPerPage: 24,
  maxPerPage: 48,
  /** deep pages are not useful to shoppers and costly to compute (Algolia caps at 1,000 hits too) */
  maxPage: 40,
  maxCollectionFilters: 10,
  maxOptionFilters: 5,
  maxValuesPerOption: 20,
  maxFilterValueLength: 60,
  /** autocomplete */
  minSuggestChars: 2,
  defaultSuggestions: 6,
  maxSuggestions: 10,
} as const;

/** Filters: OR within one facet, AND across facets. */
export interface SearchFilters {
  /** collection handles */
  collections: string[];
  /** lower-cased option name → lower-cased values */
  options: Record<string, string[]>;
  /** inclusive, integer minor units, applied to the product's lowest price ("from" price) in the request currency */
  priceMin?: number | undefined;
  priceMax?: number | undefined;
  /** only products with at least one variant in stock */
  inStock?: boolean | undefined;
}

/** A price facet bucket in minor units: min inclusive, max exclusive (null: no upper bound). */
export interface PriceBucket {
  min: number;
  max: number | null;
}

export interface SearchRequest {
  /** the query as typed, cleaned (NFKC, no control characters, single spaces, trimmed, lower-cased) */
  query: string;
  /** words to match (letters and digits only, accents kept, stop words dropped); empty: match every product */
  terms: string[];
  filters: SearchFilters;
  sort: SearchSort;
  currency: Currency;
  /** 1-based */
  page: number;
  perPage: number;
  /** buckets of the price facet, in the request currency */
  priceBuckets: PriceBucket[];
}

/** A run of text, marked when it matched the query. Views escape `text`; there is never markup in it. */
export interface HighlightPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  product: ProductSummary;
  /** the product title, split into matched and unmatched runs */
  highlight: { title: HighlightPart[] };
}

export interface FacetCount {
  /** what a filter parameter takes (collection handle, lower-cased option value) */
  value: string;
  /** what a shopper reads */
  label: string;
  count: number;
}

export interface OptionFacet {
  /** lower-cased option name (filter.<name>) */
  name: string;
  label: string;
  values: FacetCount[];
}

export interface PriceFacetCount extends PriceBucket {
  count: number;
}

/**
 * Facet counts (disjunctive: each facet is counted over the products matching
 * the query and every *other* facet's filters, so a shopper can widen a
 * selection). Values are ordered by count (descending), then label.
 */
export interface SearchFacets {
  collections: FacetCount[];
  options: OptionFacet[];
  price: PriceFacetCount[];
  availability: { inStock: number; outOfStock: number };
}

export type SearchEngineName = 'postgres' | 'algolia';

export interface SearchResult {
  engine: SearchEngineName;
  /** the query that was asked */
  query: string;
  /** when too little matched and the engine searched a corrected spelling instead, that spelling */
  correctedQuery: string | null;
  total: number;
  page: number;
  perPage: number;
  pages: number;
  hits: SearchHit[];
  facets: SearchFacets;
}

export interface SuggestRequest {
  query: string;
  terms: string[];
  currency: Currency;
  limit: number;
}

export interface ProductSuggestion {
  product: ProductSummary;
  highlight: { title: HighlightPart[] };
}

export interface CollectionSuggestion {
  handle: string;
  title: string;
  /** matching products in the collection */
  count: number;
}

export interface SuggestResult {
  engine: SearchEngineName;
  query: string;
  correctedQuery: string | null;
  products: ProductSuggestion[];
  collections: CollectionSuggestion[];
}

/** The one search interface; adapters: Postgres (db/search), Algolia (queues/search). */
export interface SearchEngine {
  readonly name: SearchEngineName;
  search(request: SearchRequest): Promise<SearchResult>;
  suggest(request: SuggestRequest): Promise<SuggestResult>;
}

