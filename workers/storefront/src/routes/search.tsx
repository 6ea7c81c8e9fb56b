/**
 * Search pages and the autocomplete script:
 *
 *   GET /search                      results page (lenient parameters; q over 200 characters: 400 page),
 *                                    the search landing when q is empty; through the edge cache
 *   GET /assets/search-<hash>.js     the header autocomplete script, immutable; an old hash redirects
 *
 * The JSON API lives in search-api.ts (mounted under /api/v1).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { CollectionIndexEntry } from '../../../../domain/catalog/documents';
import { isCurrency, type Currency } from '../../../../domain/money';
import { buildSearchRequest, canonicalSearchParams } from '../../../../domain/search/request';
import { CachePolicies, IMMUTABLE } from '../../../../edge/cache';
import { edgeRead, waitUntilOf, type Bypass } from '../catalog/edge-read';
import { readCollectionIndex, type ReadDeps } from '../catalog/reader';
import type { AppEnv } from '../context';
import { SEARCH_SCRIPT, SEARCH_SCRIPT_PATH } from '../views/search-script';
import { SearchLanding, SearchPage } from '../views/search';
import { defaultCurrency } from './api/listing';
import { withSearch } from './search-engine';
import { pageSearchInput } from './search-params';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

function currencyOf(c: Context<AppEnv>): Currency {
  const q = c.req.query('currency');
  return q && isCurrency(q) ? q : defaultCurrency(c);
}

/** Collections for navigation and suggestions: from KV (or Postgres); an empty list rather than a failed page. */
async function collectionsOf(c: Context<AppEnv>, bypass: Bypass): Promise<CollectionIndexEntry[]> {
  const deps: ReadDeps = { env: c.env, waitUntil: waitUntilOf(c), bypassKv: bypass.kv };
  try {
    return (await readCollectionIndex(deps)).value.collections;
  } catch {
    return [];
  }
}

const nav = (collections: CollectionIndexEntry[]) => collections.map((x) => ({ handle: x.handle, title: x.title }));

export const searchPages = new Hono<AppEnv>()
  .get('/search', (c) => {
    const currency = currencyOf(c);
    const { input, tooLong } = pageSearchInput(new URL(c.req.url).searchParams, currency);
    if (tooLong) throw new HTTPException(400, { message: 'Searches are limited to 200 characters. Please use fewer words.' });
    if (!input.q) {
      return edgeRead(c, {
        policy: CachePolicies.search,
        variant: `landing&currency=${currency}`,
        load: async (bypass) => {
          const collections = await collectionsOf(c, bypass);
          const body = String(await (<SearchLanding nav={nav(collections)} collections={collections} currency={currency} />));
          return { response: new Response(body, { headers: HTML }), layer: 'origin', cacheable: true };
        },
      });
    }
    const request = buildSearchRequest(input);
    return edgeRead(c, {
      policy: CachePolicies.search,
      variant: canonicalSearchParams(request),
      load: async (bypass) => {
        const [result, collections] = await Promise.all([withSearch(c, (engine) => engine.search(request)), collectionsOf(c, bypass)]);
        const body = String(
          await (<SearchPage request={request} result={result} nav={nav(collections)} collections={collections} mediaBase="" />),
        );
        return { response: new Response(body, { headers: HTML }), layer: 'origin', cacheable: true };
      },
    });
  })

  .get(SEARCH_SCRIPT_PATH, () => new Response(SEARCH_SCRIPT, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': IMMUTABLE } }))

  // pages cached before a deploy name the previous version: send them to the current one
  .get('/assets/:name{search-[0-9a-f]{8}\\.js}', (c) => {
    c.header('cache-control', 'no-store');
    return c.redirect(SEARCH_SCRIPT_PATH, 302);
  });
