/**
 * Server-rendered pages. Each page's HTML goes through the edge cache
 * (named policies, stale-while-revalidate); below it the documents come from
 * KV, then Postgres. Shopper-facing errors are friendly HTML pages.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { selectVariant } from '../../../../../domain/catalog/documents';
import { isHandle } from '../../../../../domain/catalog/keys';
import { InvalidCursorError, queryListing } from '../../../../../domain/catalog/listing';
import { isCurrency, type Currency } from '../../../../../domain/money';
import { CachePolicies, type Loaded } from '../../../../../edge/cache';
import { edgeRead, waitUntilOf, type Bypass } from '../../catalog/edge-read';
import { readCollectionIndex, readListing, readNavigation, readProduct, type ReadDeps } from '../../catalog/reader';
import type { AppEnv } from '../../context';
import {
  CollectionPage,
  collectionSearchParams,
  ErrorPage,
  HomePage,
  parseCollectionSearchParams,
  productSelectionFromSearchParams,
  ProductPage,
  renderRobots,
  renderSitemap,
} from '../../views';
import { defaultCurrency } from '../api/listing';

const HTML = 'text/html; charset=utf-8';

function origin(c: Context<AppEnv>): string {
  return c.env.PUBLIC_ORIGIN || new URL(c.req.url).origin;
}

function currencyOf(c: Context<AppEnv>): Currency {
  const q = c.req.query('currency');
  return q && isCurrency(q) ? q : defaultCurrency(c);
}

function deps(c: Context<AppEnv>, bypass: Bypass): ReadDeps {
  return { env: c.env, waitUntil: waitUntilOf(c), bypassKv: bypass.kv };
}

async function html(node: unknown, status = 200): Promise<Response> {
  // the Layout emits the doctype itself
  const body = String(await node);
  return new Response(body, { status, headers: { 'content-type': HTML } });
}

/** The friendly error page used by the app-wide error and not-found handlers. */
export async function renderErrorPage(c: Context, status: number, _title: string, detail?: string): Promise<Response> {
  const env = c.env as AppEnv['Bindings'];
  let nav: { handle: string; title: string }[] = [];
  if (status !== 503) {
    // best effort: navigation from KV only, never the database on an error path
    nav = await readNavigation({ env, waitUntil: (p) => c.executionCtx.waitUntil(p) }).catch(() => []);
  }
  const res = await html(<ErrorPage status={status} detail={status < 500 ? detail : undefined} nav={nav} />, status);
  res.headers.set('cache-control', 'no-store');
  if (status === 503) res.headers.set('retry-after', '30');
  return res;
}

function notFound(detail: string): never {
  throw new HTTPException(404, { message: detail });
}

function page(loaded: Promise<Response>, layer: Loaded['layer']): Promise<Loaded> {
  return loaded.then((response) => ({ response, layer, cacheable: response.status === 200 }));
}

export const pages = new Hono<AppEnv>()
  .get('/', (c) => {
    const currency = currencyOf(c);
    return edgeRead(c, {
      policy: CachePolicies.listing,
      variant: `currency=${currency}`,
      load: async (bypass) => {
        const d = deps(c, bypass);
        const [index, all] = await Promise.all([readCollectionIndex(d), readListing(d, 'all')]);
        const featured = (all?.value.items ?? []).filter((p) => p.inStock).slice(0, 12);
        const layer = index.layer === 'origin' || all?.layer === 'origin' ? 'origin' : 'kv';
        return page(
          html(
            <HomePage
              collections={index.value.collections}
              featured={featured}
              currency={currency}
              canonicalUrl={`${origin(c)}/`}
              mediaBase=""
            />,
          ),
          layer,
        );
      },
    });
  })

  .get('/collections/:handle', (c) => {
    const handle = c.req.param('handle');
    if (!isHandle(handle)) notFound('There is no such collection.');
    const currency = currencyOf(c);
    const query = parseCollectionSearchParams(new URL(c.req.url).searchParams, currency);
    return edgeRead(c, {
      policy: CachePolicies.listing,
      variant: `${collectionSearchParams(query).toString()}&currency=${currency}`,
      load: async (bypass) => {
        const d = deps(c, bypass);
        const [listing, nav] = await Promise.all([readListing(d, handle), readNavigation(d)]);
        if (!listing) notFound('There is no such collection.');
        let result;
        try {
          result = queryListing(listing.value.items, { ...query, limit: 24 });
        } catch (err) {
          if (err instanceof InvalidCursorError) throw new HTTPException(400, { message: 'That page link is no longer valid.' });
          throw err;
        }
        return page(
          html(
            <CollectionPage
              listing={listing.value}
              page={result}
              query={query}
              canonicalUrl={`${origin(c)}/collections/${handle}`}
              mediaBase=""
              nav={nav}
            />,
          ),
          listing.layer,
        );
      },
    });
  })

  .get('/products/:handle', (c) => {
    const handle = c.req.param('handle');
    if (!isHandle(handle)) notFound('There is no such product.');
    const currency = currencyOf(c);
    const sp = new URL(c.req.url).searchParams;
    return edgeRead(c, {
      policy: CachePolicies.catalog,
      // every parameter shapes the page (variant selection); unknown ones are dropped after resolving
      variant: [...sp.entries()].filter(([k]) => k !== 'currency').sort().map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).concat(`currency=${currency}`).join('&'),
      load: async (bypass) => {
        const d = deps(c, bypass);
        const [product, nav] = await Promise.all([readProduct(d, handle), readNavigation(d)]);
        if (!product) notFound('There is no such product.');
        const selected = selectVariant(product.value, productSelectionFromSearchParams(product.value, sp));
        if (!selected) notFound('This product has no variants for sale.');
        return page(
          html(
            <ProductPage
              product={product.value}
              selected={selected}
              currency={currency}
              canonicalUrl={`${origin(c)}/products/${handle}`}
              mediaBase=""
              nav={nav}
            />,
          ),
          product.layer,
        );
      },
    });
  })

  .get('/sitemap.xml', (c) =>
    edgeRead(c, {
      policy: CachePolicies.seo,
      variant: '',
      load: async (bypass) => {
        const d = deps(c, bypass);
        const [index, all] = await Promise.all([readCollectionIndex(d), readListing(d, 'all')]);
        const o = origin(c);
        const xml = renderSitemap(o, [
          { loc: `${o}/` },
          ...index.value.collections.map((col) => ({ loc: `${o}/collections/${col.handle}` })),
          ...(all?.value.items ?? []).map((p) => ({ loc: `${o}/products/${p.handle}` })),
        ]);
        return {
          response: new Response(xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } }),
          layer: index.layer,
          cacheable: true,
        };
      },
    }),
  )

  .get('/robots.txt', (c) =>
    c.text(renderRobots(origin(c)), 200, { 'cache-control': CachePolicies.seo.browser }),
  );
