/** OpenAPI 3.1 description of the storefront API, built from the same constants the validators use. */
import { LISTING_SORTS } from '../../../../../domain/catalog/listing';
import { CURRENCIES } from '../../../../../domain/money';
import { searchPaths, searchSchemas } from '../search-openapi';
import { accountPaths, accountSchemas, accountSecuritySchemes } from './accounts-openapi';
import { commercePaths, commerceSchemas } from './commerce-openapi';

const money = { type: 'integer', minimum: 0, description: 'integer minor units (cents)' };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const cacheHeader = {
  'x-cache': {
    description: 'Which layer served the response: hit | stale (edge cache), kv, origin (Postgres)',
    schema: { type: 'string', enum: ['hit', 'stale', 'kv', 'origin'] },
  },
};

const listingParams = [
  { name: 'sort', in: 'query', schema: { type: 'string', enum: [...LISTING_SORTS], default: 'featured' } },
  { name: 'currency', in: 'query', schema: { type: 'string', enum: [...CURRENCIES] }, description: 'Currency for price sort and filters (default: the shop currency)' },
  { name: 'price_min', in: 'query', schema: money, description: 'Lowest price, integer minor units' },
  { name: 'price_max', in: 'query', schema: money, description: 'Highest price, integer minor units; must not be below price_min' },
  { name: 'in_stock', in: 'query', schema: { type: 'string', enum: ['1', '0', 'true', 'false'] } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 24 } },
  { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 300 }, description: 'nextCursor of the previous page' },
  {
    name: 'filter.{option}',
    in: 'query',
    schema: { type: 'string', maxLength: 60 },
    description: 'Option filter, repeatable, e.g. filter.size=M&filter.size=L&filter.color=Black (OR within an option, AND across options)',
  },
];

const handleParam = {
  name: 'handle',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 },
};

const listingResponse = {
  description: 'A page of products',
  headers: cacheHeader,
  content: { 'application/json': { schema: ref('ListingPage') } },
};

export const openApiSpec = {
  openapi: '3.1.0',
  info: {
    title: 'Vitrine Storefront API',
    version: '1.0.0',
    description:
      'Read-only catalog API served at the edge. Prices are integer minor units per currency. Errors are RFC 9457 problem+json.',
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    '/products': {
      get: {
        summary: 'List active products',
        operationId: 'listProducts',
        parameters: listingParams,
        responses: { '200': listingResponse, '400': problem('Invalid query parameters (every zod issue is listed in errors)') },
      },
    },
    '/products/{handle}': {
      get: {
        summary: 'Get a product by handle',
        operationId: 'getProduct',
        parameters: [handleParam],
        responses: {
          '200': { description: 'The product document', headers: cacheHeader, content: { 'application/json': { schema: ref('Product') } } },
          '400': problem('Malformed handle'),
          '404': problem('No active product with this handle'),
          '503': problem('Not in KV or cache and the database is unreachable'),
        },
      },
    },
    '/collections': {
      get: {
        summary: 'List published collections',
        operationId: 'listCollections',
        responses: { '200': { description: 'Collection index', headers: cacheHeader, content: { 'application/json': { schema: ref('CollectionIndex') } } } },
      },
    },
    '/collections/{handle}': {
      get: {
        summary: 'List the products of a collection',
        operationId: 'listCollectionProducts',
        parameters: [handleParam, ...listingParams],
        responses: { '200': listingResponse, '400': problem('Invalid parameters'), '404': problem('Unknown collection') },
      },
    },
    ...searchPaths,
    ...accountPaths,
    ...commercePaths,
  },
  components: {
    securitySchemes: { ...accountSecuritySchemes },
    schemas: {
      ...searchSchemas,
      ...accountSchemas,
      ...commerceSchemas,
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } } },
          },
        },
      },
      Prices: {
        type: 'object',
        description: 'currency → price',
        additionalProperties: { type: 'object', properties: { amount: money, compareAt: { oneOf: [money, { type: 'null' }] } } },
      },
      PriceRange: { type: 'object', additionalProperties: { type: 'object', properties: { min: money, max: money } } },
      Media: {
        type: 'object',
        properties: { key: { type: 'string' }, alt: { type: 'string' }, width: { type: 'integer' }, height: { type: 'integer' }, contentType: { type: 'string' } },
      },
      Variant: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          sku: { type: 'string' },
          title: { type: 'string' },
          options: { type: 'object', additionalProperties: { type: 'string' } },
          prices: ref('Prices'),
          weightGrams: { type: 'integer' },
          available: { type: 'integer', minimum: 0 },
          inStock: { type: 'boolean' },
        },
      },
      Product: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          handle: { type: 'string' },
          title: { type: 'string' },
          description: { type: 'string' },
          vendor: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          seo: { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' } } },
          options: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } } } },
          variants: { type: 'array', items: ref('Variant') },
          media: { type: 'array', items: ref('Media') },
          collections: { type: 'array', items: { type: 'object', properties: { handle: { type: 'string' }, title: { type: 'string' } } } },
          priceRange: ref('PriceRange'),
          inStock: { type: 'boolean' },
          createdAt: { type: 'string', format: 'date-time' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      ProductSummary: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          handle: { type: 'string' },
          title: { type: 'string' },
          vendor: { type: 'string' },
          image: { oneOf: [ref('Media'), { type: 'null' }] },
          priceRange: ref('PriceRange'),
          compareAtMin: { type: 'object', additionalProperties: money },
          options: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
          inStock: { type: 'boolean' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      ListingPage: {
        type: 'object',
        properties: {
          collection: { type: 'object', properties: { handle: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, kind: { type: 'string', enum: ['collection', 'all'] } } },
          sort: { type: 'string', enum: [...LISTING_SORTS] },
          currency: { type: 'string', enum: [...CURRENCIES] },
          total: { type: 'integer' },
          items: { type: 'array', items: ref('ProductSummary') },
          facets: { type: 'object', description: 'option → value → count', additionalProperties: { type: 'object', additionalProperties: { type: 'integer' } } },
          nextCursor: { type: ['string', 'null'] },
        },
      },
      CollectionIndex: {
        type: 'object',
        properties: {
          collections: {
            type: 'array',
            items: { type: 'object', properties: { handle: { type: 'string' }, title: { type: 'string' }, productCount: { type: 'integer' }, image: { oneOf: [ref('Media'), { type: 'null' }] } } },
          },
        },
      },
    },
  },
} as const;
