/**
 * Search JSON API (/api/v1/search, /api/v1/search/suggest): strict zod
 * validation (problem+json 400 listing every issue), answers through the
 * edge cache keyed by the normalised request (search policy: 30 s fresh).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { formatMoney, type Currency } from '../../../../domain/money';
import { buildSearchRequest, buildSuggestRequest, canonicalSearchParams, canonicalSuggestParams } from '../../../../domain/search/request';
import type { SearchResult, SuggestResult } from '../../../../domain/search/types';
import { CachePolicies } from '../../../../edge/cache';
import { edgeRead } from '../catalog/edge-read';
import type { AppEnv } from '../context';
import { badRequest, parseOr400 } from '../query/validate';
import { defaultCurrency } from './api/listing';
import { withSearch } from './search-engine';
import {
  API_SEARCH_PARAMS,
  API_SUGGEST_PARAMS,
  apiSearchInput,
  apiSearchSchema,
  apiSuggestSchema,
  splitSearchParams,
  strayIssues,
} from './search-params';

function strictParams(c: Context<AppEnv>, allowed: readonly string[]) {
  const raw = splitSearchParams(new URL(c.req.url).searchParams, allowed);
  const issues = strayIssues(raw);
  if (issues.length > 0) badRequest('Invalid query parameters.', issues);
  return raw;
}

export function searchBody(r: SearchResult, sort: string, currency: Currency) {
  return {
    query: r.query,
    correctedQuery: r.correctedQuery,
    engine: r.engine,
    sort,
    currency,
    total: r.total,
    page: r.page,
    perPage: r.perPage,
    pages: r.pages,
    hits: r.hits,
    facets: r.facets,
  };
}

/** Autocomplete entries carry what the header script shows, ready to display (price formatted, URLs). */
export function suggestBody(r: SuggestResult, currency: Currency) {
  return {
    query: r.query,
    correctedQuery: r.correctedQuery,
    engine: r.engine,
    products: r.products.map(({ product: p, highlight }) => {
      const range = p.priceRange[currency];
      return {
        handle: p.handle,
        title: p.title,
        url: `/products/${encodeURIComponent(p.handle)}`,
        image: p.image ? { url: `/${p.image.key}`, alt: p.image.alt, width: p.image.width, height: p.image.height } : null,
        price: range ? `${range.min !== range.max ? 'From ' : ''}${formatMoney({ amount: range.min, currency })}` : null,
        inStock: p.inStock,
        highlight,
      };
    }),
    collections: r.collections.map((col) => ({ ...col, url: `/collections/${encodeURIComponent(col.handle)}` })),
  };
}

export const searchApi = new Hono<AppEnv>()
  .get('/search', (c) => {
    const raw = strictParams(c, API_SEARCH_PARAMS);
    const parsed = parseOr400(apiSearchSchema, { ...raw.scalars, collection: raw.collections, filters: raw.filters }, 'query');
    const request = buildSearchRequest(apiSearchInput(parsed, defaultCurrency(c)));
    return edgeRead(c, {
      policy: CachePolicies.search,
      variant: canonicalSearchParams(request),
      load: async () => {
        const result = await withSearch(c, (engine) => engine.search(request));
        return { response: Response.json(searchBody(result, request.sort, request.currency)), layer: 'origin', cacheable: true };
      },
    });
  })

  .get('/search/suggest', (c) => {
    const raw = strictParams(c, API_SUGGEST_PARAMS);
    const parsed = parseOr400(apiSuggestSchema, raw.scalars, 'query');
    const currency = parsed.currency ?? defaultCurrency(c);
    const request = buildSuggestRequest(parsed.q, currency, parsed.limit);
    return edgeRead(c, {
      policy: CachePolicies.search,
      variant: canonicalSuggestParams(request),
      load: async () => {
        const result = await withSearch(c, (engine) => engine.suggest(request));
        return { response: Response.json(suggestBody(result, currency)), layer: 'origin', cacheable: true };
      },
    });
  });
