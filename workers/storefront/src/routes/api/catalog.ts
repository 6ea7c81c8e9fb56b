/** Catalog JSON API (/api/v1): products, collections, listings. */
import { Hono } from 'hono';
import { isHandle } from '../../../../../domain/catalog/keys';
import { CachePolicies } from '../../../../../edge/cache';
import { problemResponse } from '../../../../../edge/problem';
import { edgeRead, waitUntilOf } from '../../catalog/edge-read';
import { readCollectionIndex, readProductText } from '../../catalog/reader';
import type { AppEnv } from '../../context';
import { badRequest } from '../../query/validate';
import { listingJson, parseApiListingQuery } from './listing';

function requireHandle(handle: string): string {
  if (!isHandle(handle)) {
    badRequest('Invalid path parameters.', [
      { path: 'path.handle', message: 'must be a lower-case slug (a-z, 0-9 and single hyphens), at most 120 characters', code: 'invalid_format' },
    ]);
  }
  return handle;
}

function rejectQuery(url: string) {
  const names = [...new URL(url).searchParams.keys()];
  if (names.length > 0) {
    badRequest('This endpoint takes no query parameters.', names.map((n) => ({ path: `query.${n}`, message: 'unknown parameter', code: 'unrecognized_keys' })));
  }
}

export const catalogApi = new Hono<AppEnv>()
  .get('/products', (c) => listingJson(c, 'all', parseApiListingQuery(c)))

  .get('/products/:handle', (c) => {
    const handle = requireHandle(c.req.param('handle'));
    rejectQuery(c.req.url);
    return edgeRead(c, {
      policy: CachePolicies.catalog,
      variant: '',
      load: async (bypass) => {
        const read = await readProductText({ env: c.env, waitUntil: waitUntilOf(c), bypassKv: bypass.kv }, handle);
        if (!read) {
          return { response: problemResponse(404, { detail: `There is no product "${handle}".` }), layer: 'origin', cacheable: false };
        }
        return {
          response: new Response(read.text, { headers: { 'content-type': 'application/json; charset=utf-8' } }),
          layer: read.layer,
          cacheable: true,
        };
      },
    });
  })

  .get('/collections', (c) => {
    rejectQuery(c.req.url);
    return edgeRead(c, {
      policy: CachePolicies.listing,
      variant: '',
      load: async (bypass) => {
        const read = await readCollectionIndex({ env: c.env, waitUntil: waitUntilOf(c), bypassKv: bypass.kv });
        return { response: new Response(read.text, { headers: { 'content-type': 'application/json; charset=utf-8' } }), layer: read.layer, cacheable: true };
      },
    });
  })

  .get('/collections/:handle', (c) => listingJson(c, requireHandle(c.req.param('handle')), parseApiListingQuery(c)));
