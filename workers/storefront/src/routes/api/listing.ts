import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { InvalidCursorError, queryListing } from '../../../../../domain/catalog/listing';
import { isCurrency, type Currency } from '../../../../../domain/money';
import { CachePolicies } from '../../../../../edge/cache';
import { problemResponse } from '../../../../../edge/problem';
import { edgeRead } from '../../catalog/edge-read';
import { readListing } from '../../catalog/reader';
import type { AppEnv } from '../../context';
import {
  canonicalListingQuery,
  listingQuerySchema,
  splitListingParams,
  toListingQuery,
  type ParsedListingQuery,
} from '../../query/listing-query';
import { badRequest, parseOr400 } from '../../query/validate';

export function defaultCurrency(c: Context<AppEnv>): Currency {
  return isCurrency(c.env.DEFAULT_CURRENCY) ? c.env.DEFAULT_CURRENCY : 'USD';
}

/** Strict parsing for the API: unknown or repeated scalar parameters are errors. */
export function parseApiListingQuery(c: Context<AppEnv>): ParsedListingQuery {
  const raw = splitListingParams(new URL(c.req.url).searchParams);
  const issues = [
    ...raw.unknown.map((n) => ({ path: `query.${n}`, message: 'unknown parameter', code: 'unrecognized_keys' })),
    ...raw.duplicated.map((n) => ({ path: `query.${n}`, message: 'given more than once', code: 'duplicate' })),
  ];
  if (issues.length > 0) badRequest('Invalid query parameters.', issues);
  const q = parseOr400(listingQuerySchema, { ...raw.known, filters: raw.filters }, 'query');
  return toListingQuery(q, defaultCurrency(c));
}

/** A page of a listing document (collection or all products) as JSON, through the edge cache. */
export function listingJson(c: Context<AppEnv>, handle: string, q: ParsedListingQuery): Promise<Response> {
  return edgeRead(c, {
    policy: CachePolicies.listing,
    variant: canonicalListingQuery(q),
    load: async (bypass) => {
      const read = await readListing({ env: c.env, waitUntil: (p) => c.executionCtx.waitUntil(p), bypassKv: bypass.kv }, handle);
      if (!read) {
        return { response: problemResponse(404, { detail: `There is no collection "${handle}".` }), layer: 'origin', cacheable: false };
      }
      let page;
      try {
        page = queryListing(read.value.items, q);
      } catch (err) {
        if (err instanceof InvalidCursorError) {
          throw new HTTPException(400, {
            res: problemResponse(400, { detail: err.message, errors: [{ path: 'query.cursor', message: err.message, code: 'invalid_cursor' }] }),
          });
        }
        throw err;
      }
      const { items: _items, ...collection } = read.value;
      const body = {
        collection: { handle: collection.handle, title: collection.title, description: collection.description, seo: collection.seo, image: collection.image, kind: collection.kind },
        sort: q.sort,
        currency: q.currency,
        total: page.total,
        items: page.items,
        facets: page.facets,
        nextCursor: page.nextCursor,
      };
      return { response: Response.json(body), layer: read.layer, cacheable: true };
    },
  });
}
