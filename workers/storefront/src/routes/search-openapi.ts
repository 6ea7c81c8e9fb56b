/** OpenAPI description of the search endpoints (merged into api/openapi-spec.ts), from the validators' constants. */
import { CURRENCIES } from '../../../../domain/money';
import { SEARCH_LIMITS, SEARCH_SORTS } from '../../../../domain/search/types';

const L = SEARCH_LIMITS;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const money = { type: 'integer', minimum: 0, description: 'integer minor units (cents)' };
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const cacheHeader = {
  'x-cache': { description: 'hit | stale (edge cache, 30 s fresh) or origin (the search engine)', schema: { type: 'string', enum: ['hit', 'stale', 'origin'] } },
};

const q = {
  name: 'q',
  in: 'query',
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: L.maxQueryLength },
  description: `What to search for (at most ${L.maxQueryLength} characters; control characters are removed, case and extra spaces ignored). Words match as prefixes, accents are ignored, misspellings are corrected when too little matches.`,
};
const currency = { name: 'currency', in: 'query', schema: { type: 'string', enum: [...CURRENCIES] }, description: 'Currency of prices, price filters and price sorts (default: the shop currency)' };

export const searchPaths = {
  '/search': {
    get: {
      summary: 'Search products (full text, typo-tolerant, faceted)',
      operationId: 'searchProducts',
      parameters: [
        q,
        currency,
        { name: 'sort', in: 'query', schema: { type: 'string', enum: [...SEARCH_SORTS], default: 'relevance' } },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: L.maxPage, default: 1 } },
        { name: 'per_page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: L.maxPerPage, default: L.defaultPerPage } },
        {
          name: 'collection',
          in: 'query',
          schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 },
          description: `Collection handle, repeatable (OR), at most ${L.maxCollectionFilters}`,
        },
        {
          name: 'filter.{option}',
          in: 'query',
          schema: { type: 'string', maxLength: L.maxFilterValueLength },
          description: `Option value, repeatable, e.g. filter.size=m&filter.size=l&filter.color=black (OR within an option, AND across options; case-insensitive; at most ${L.maxOptionFilters} options). An option or value no product has matches nothing.`,
        },
        { name: 'price_min', in: 'query', schema: money, description: "Lowest 'from' price (the product's lowest variant price), inclusive" },
        { name: 'price_max', in: 'query', schema: money, description: "Highest 'from' price, inclusive; must not be below price_min" },
        { name: 'in_stock', in: 'query', schema: { type: 'string', enum: ['1', '0', 'true', 'false'] } },
      ],
      responses: {
        '200': { description: 'A page of results with facet counts', headers: cacheHeader, content: { 'application/json': { schema: ref('SearchResults') } } },
        '400': problem('Invalid parameters: empty or too long query, unknown or repeated parameter, page out of range… (every issue is listed in errors)'),
        '503': problem('The search engine cannot answer right now'),
      },
    },
  },
  '/search/suggest': {
    get: {
      summary: 'Autocomplete: the best few products and matching collections (a query with fewer than 2 letters or digits gets none)',
      operationId: 'suggestProducts',
      parameters: [q, currency, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: L.maxSuggestions, default: L.defaultSuggestions } }],
      responses: {
        '200': { description: 'Suggestions', headers: cacheHeader, content: { 'application/json': { schema: ref('Suggestions') } } },
        '400': problem('Invalid parameters'),
        '503': problem('The search engine cannot answer right now'),
      },
    },
  },
} as const;

const facetCount = {
  type: 'object',
  properties: { value: { type: 'string', description: 'what the filter parameter takes' }, label: { type: 'string' }, count: { type: 'integer' } },
};

export const searchSchemas = {
  HighlightPart: {
    type: 'object',
    description: 'A run of text; match: true when it matched the query. Plain text, never markup: escape it when rendering.',
    properties: { text: { type: 'string' }, match: { type: 'boolean' } },
  },
  SearchResults: {
    type: 'object',
    properties: {
      query: { type: 'string', description: 'the query as understood (normalised)' },
      correctedQuery: { type: ['string', 'null'], description: 'set when too little matched and a corrected spelling was searched instead' },
      engine: { type: 'string', enum: ['postgres', 'algolia'] },
      sort: { type: 'string', enum: [...SEARCH_SORTS] },
      currency: { type: 'string', enum: [...CURRENCIES] },
      total: { type: 'integer' },
      page: { type: 'integer' },
      perPage: { type: 'integer' },
      pages: { type: 'integer' },
      hits: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            product: ref('ProductSummary'),
            highlight: { type: 'object', properties: { title: { type: 'array', items: ref('HighlightPart') } } },
          },
        },
      },
      facets: {
        type: 'object',
        description: 'Disjunctive counts: each facet counted with every other facet filter applied',
        properties: {
          collections: { type: 'array', items: facetCount },
          options: {
            type: 'array',
            items: { type: 'object', properties: { name: { type: 'string' }, label: { type: 'string' }, values: { type: 'array', items: facetCount } } },
          },
          price: {
            type: 'array',
            items: { type: 'object', properties: { min: money, max: { oneOf: [money, { type: 'null' }] }, count: { type: 'integer' } } },
          },
          availability: { type: 'object', properties: { inStock: { type: 'integer' }, outOfStock: { type: 'integer' } } },
        },
      },
    },
  },
  Suggestions: {
    type: 'object',
    properties: {
      query: { type: 'string' },
      correctedQuery: { type: ['string', 'null'] },
      engine: { type: 'string', enum: ['postgres', 'algolia'] },
      products: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            handle: { type: 'string' },
            title: { type: 'string' },
            url: { type: 'string' },
            image: { oneOf: [{ type: 'object', properties: { url: { type: 'string' }, alt: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' } } }, { type: 'null' }] },
            price: { type: ['string', 'null'], description: 'formatted, e.g. "From $24.00"' },
            inStock: { type: 'boolean' },
            highlight: { type: 'object', properties: { title: { type: 'array', items: ref('HighlightPart') } } },
          },
        },
      },
      collections: {
        type: 'array',
        items: { type: 'object', properties: { handle: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, count: { type: 'integer' } } },
      },
    },
  },
} as const;
