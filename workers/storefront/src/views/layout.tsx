/**
 * The HTML document shell shared by every storefront page.
 *
 * Pure: receives everything it shows. Route handlers render pages with
 * `c.html(<ProductPage ... />)`; Layout is used by the pages themselves.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { CURRENCIES, type Currency } from '../../../../domain/money';
import { SEARCH_SCRIPT_PATH } from './search-script';
import { CSS } from './styles';
import { collectionPath, JsonLd, SHOP_NAME, THEME_COLOR, type NavItem } from './shared';

export interface OgImage {
  /** absolute URL */
  url: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface LayoutProps {
  /** Page title without the shop name; " | Vitrine" is appended in <title> (not in og:title). */
  title: string;
  description: string;
  /** Absolute canonical URL; omitted on error pages. */
  canonicalUrl?: string | undefined;
  ogImage?: OgImage | undefined;
  ogType?: 'website' | 'product';
  jsonLd?: object | object[] | undefined;
  children?: Child;
  nav: NavItem[];
  currency: Currency;
  /** Pre-fills the header search box. */
  searchQuery?: string | undefined;
  /** Handle of the collection being shown: gets aria-current="page" in the nav. */
  activeNav?: string | undefined;
  /**
   * Query parameters the currency switcher carries over as hidden fields, so
   * switching currency keeps e.g. the selected variant or the active filters.
   */
  currencyParams?: [string, string][] | undefined;
  /** Adds <meta name="robots" content="noindex"> (error pages). */
  noindex?: boolean | undefined;
  /** Extra inline CSS for this page (e.g. cart and checkout). */
  styles?: string | undefined;
  /** Same-origin scripts (progressive enhancement; pages work without them). */
  scripts?: string[] | undefined;
  /** e.g. "no-referrer" on pages whose URL carries a secret (signed order links) */
  referrerPolicy?: 'no-referrer' | undefined;
}

export function documentTitle(title: string): string {
  return title === SHOP_NAME ? SHOP_NAME : `${title} | ${SHOP_NAME}`;
}

export function Layout(props: LayoutProps) {
  const { title, description, canonicalUrl, ogImage, nav, currency } = props;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{documentTitle(title)}</title>
          <meta name="description" content={description} />
          {props.noindex ? <meta name="robots" content="noindex" /> : null}
          {props.referrerPolicy ? <meta name="referrer" content={props.referrerPolicy} /> : null}
          {canonicalUrl ? <link rel="canonical" href={canonicalUrl} /> : null}
          <meta name="theme-color" content={THEME_COLOR} />
          <meta property="og:site_name" content={SHOP_NAME} />
          <meta property="og:type" content={props.ogType ?? 'website'} />
          <meta property="og:title" content={title} />
          <meta property="og:description" content={description} />
          {canonicalUrl ? <meta property="og:url" content={canonicalUrl} /> : null}
          {ogImage ? (
            <>
              <meta property="og:image" content={ogImage.url} />
              {ogImage.width ? <meta property="og:image:width" content={String(ogImage.width)} /> : null}
              {ogImage.height ? <meta property="og:image:height" content={String(ogImage.height)} /> : null}
              {ogImage.alt ? <meta property="og:image:alt" content={ogImage.alt} /> : null}
            </>
          ) : null}
          <meta name="twitter:card" content={ogImage ? 'summary_large_image' : 'summary'} />
          <meta name="twitter:title" content={title} />
          <meta name="twitter:description" content={description} />
          {ogImage ? <meta name="twitter:image" content={ogImage.url} /> : null}
          {ogImage?.alt ? <meta name="twitter:image:alt" content={ogImage.alt} /> : null}
          <style dangerouslySetInnerHTML={{ __html: props.styles ? CSS + props.styles : CSS }} />
          {/* header search box autocomplete (progressive enhancement) */}
          <script src={SEARCH_SCRIPT_PATH} defer />
          {(props.scripts ?? []).map((src) => (
            <script src={src} defer />
          ))}
          <JsonLd data={props.jsonLd} />
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <div class="wrap">
              <a class="brand" href="/">
                {SHOP_NAME}
              </a>
              {nav.length > 0 ? (
                <nav class="site-nav" aria-label="Collections">
                  <ul>
                    {nav.map((n) => (
                      <li>
                        <a
                          href={collectionPath(n.handle)}
                          aria-current={n.handle === props.activeNav ? 'page' : undefined}
                        >
                          {n.title}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
              ) : null}
              <div class="tools">
                <form class="inline" role="search" method="get" action="/search">
                  <label class="vh" for="site-search">
                    Search products
                  </label>
                  <input
                    type="search"
                    id="site-search"
                    name="q"
                    value={props.searchQuery ?? ''}
                    placeholder="Search products"
                    autocomplete="off"
                    enterkeyhint="search"
                  />
                  <button type="submit" class="secondary">
                    Search
                  </button>
                </form>
                {/* No action: submits to the current path with ?currency=… (plus currencyParams). */}
                <form class="inline" method="get">
                  {(props.currencyParams ?? []).map(([name, value]) => (
                    <input type="hidden" name={name} value={value} />
                  ))}
                  <label for="currency-select">Currency</label>
                  <select id="currency-select" name="currency">
                    {CURRENCIES.map((c) => (
                      <option value={c} selected={c === currency}>
                        {c}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    Update
                  </button>
                </form>
                {/* static links only: the header is part of edge-cached pages, so it never shows who is signed in */}
                <a class="btn secondary" href="/account">
                  Account
                </a>
                <a class="btn secondary" href="/cart">
                  Cart
                </a>
              </div>
            </div>
          </header>
          <main id="main" class="wrap">
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <nav aria-label="Footer">
                <ul class="links">
                  <li>
                    <a href="/">Home</a>
                  </li>
                  <li>
                    <a href={collectionPath('all')}>All products</a>
                  </li>
                  <li>
                    <a href="/search">Search</a>
                  </li>
                </ul>
              </nav>
              <p>
                {SHOP_NAME} · Prices shown in {currency}.
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
