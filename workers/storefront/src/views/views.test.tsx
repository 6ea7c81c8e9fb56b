import { describe, expect, it } from 'vitest';
import { queryListing, type ListingPage } from '../../../../domain/catalog/listing';
import { summarize } from '../../../../domain/catalog/documents';
import type { Currency } from '../../../../domain/money';
import { CollectionPage } from './collection';
import {
  collectionHref,
  collectionSearchParams,
  parseCollectionSearchParams,
  toWholeUnits,
  type CollectionQuery,
} from './collection-query';
import { ErrorPage } from './error';
import { collectionsIndex, evil, MEDIA_BASE, nav, ORIGIN, tee, topsListing, tote, XSS } from './fixtures';
import { HomePage } from './home';
import { Layout } from './layout';
import { ProductCard } from './product-card';
import { ProductPage, productJsonLd, productSelectionFromSearchParams } from './product';
import { jsonLdString } from './shared';
import { renderRobots, renderSitemap } from './sitemap';
import { selectVariant, type ProductDocument, type VariantDoc } from '../../../../domain/catalog/documents';
import { SEARCH_SCRIPT_PATH } from './search-script';

// ---------------------------------------------------------------- helpers

/** hono/jsx nodes stringify synchronously (or to a Promise for async components). */
async function render(node: unknown): Promise<string> {
  return (await (node as Promise<string> | string)).toString();
}

function unescapeAttr(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function meta(html: string, attr: 'name' | 'property', key: string): string | undefined {
  const re = new RegExp(`<meta ${attr}="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" content="([^"]*)"/>`);
  const m = re.exec(html);
  return m ? unescapeAttr(m[1]!) : undefined;
}

function jsonLdBlocks(html: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    out.push(JSON.parse(m[1]!));
  }
  return out;
}

/** href of the <a> whose content contains `text`. */
function hrefOf(html: string, text: string): string | undefined {
  for (const chunk of html.split('<a ').slice(1)) {
    const end = chunk.indexOf('</a>');
    if (end !== -1 && chunk.slice(0, end).includes(text)) {
      const m = /href="([^"]*)"/.exec(chunk);
      return m ? unescapeAttr(m[1]!) : undefined;
    }
  }
  return undefined;
}

function paramsOf(href: string): URLSearchParams {
  return new URL(href, ORIGIN).searchParams;
}

/** the <form ...>...</form> starting with the given opening-tag fragment */
function formHtml(html: string, opening: string): string {
  const start = html.indexOf(opening);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</form>', start) + 7);
}

const productUrl = (p: ProductDocument) => `${ORIGIN}/products/${p.handle}`;

function renderProduct(product: ProductDocument, selected: VariantDoc, currency: Currency = 'USD') {
  return render(
    <ProductPage
      product={product}
      selected={selected}
      currency={currency}
      canonicalUrl={productUrl(product)}
      mediaBase={MEDIA_BASE}
      nav={nav}
    />,
  );
}

const byId = (p: ProductDocument, id: string) => p.variants.find((v) => v.id === id)!;

// ---------------------------------------------------------------- layout

describe('Layout', () => {
  it('renders a complete document head and landmarks', async () => {
    const html = await render(
      <Layout
        title="Hello"
        description="A page"
        canonicalUrl={`${ORIGIN}/hello`}
        ogImage={{ url: `${MEDIA_BASE}/x.jpg`, width: 800, height: 600, alt: 'An image' }}
        jsonLd={[{ '@type': 'Thing', name: 'a' }, { '@type': 'Thing', name: 'b' }]}
        nav={nav}
        activeNav="bags"
        currency="EUR"
        searchQuery={'tee "quoted"'}
      >
        <p>Body</p>
      </Layout>,
    );
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).toContain('<title>Hello | Vitrine</title>');
    expect(meta(html, 'name', 'description')).toBe('A page');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/hello"/>`);
    expect(meta(html, 'name', 'viewport')).toBe('width=device-width, initial-scale=1');
    expect(meta(html, 'name', 'theme-color')).toBeTruthy();
    expect(meta(html, 'property', 'og:title')).toBe('Hello');
    expect(meta(html, 'property', 'og:type')).toBe('website');
    expect(meta(html, 'property', 'og:image:width')).toBe('800');
    expect(meta(html, 'property', 'og:image:height')).toBe('600');
    expect(meta(html, 'property', 'og:image:alt')).toBe('An image');
    expect(meta(html, 'name', 'twitter:card')).toBe('summary_large_image');
    expect(jsonLdBlocks(html).map((b) => b.name)).toEqual(['a', 'b']);
    expect(html).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(html).toContain('<main id="main"');
    expect(html).toContain('<footer');
    expect(html).toContain('<a href="/collections/bags" aria-current="page">Bags &amp; Totes</a>');
    expect(html).toContain('<a href="/collections/tops">Tops</a>');
    // search box: GET /search?q=, labelled, pre-filled and escaped
    const search = formHtml(html, '<form class="inline" role="search"');
    expect(search).toContain('method="get" action="/search"');
    expect(search).toContain('<label class="vh" for="site-search">');
    expect(search).toContain('name="q" value="tee &quot;quoted&quot;"');
    // currency switcher: GET form with a labelled select, current currency selected
    expect(html).toContain('<label for="currency-select">Currency</label>');
    expect(html).toContain('<option value="EUR" selected="">EUR</option>');
    expect(html).toContain('<option value="USD">USD</option>');
    // the only script file: the search box's autocomplete, same-origin (progressive enhancement)
    expect([...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1])).toEqual([SEARCH_SCRIPT_PATH]);
    expect(html).not.toContain('noindex');
  });

  it('keeps the inline CSS small', async () => {
    const html = await render(<Layout title="x" description="y" nav={[]} currency="USD" />);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(css.length).toBeGreaterThan(3000);
    expect(css.length).toBeLessThan(6500);
    expect(css).toContain(':focus-visible');
  });
});

// ---------------------------------------------------------------- product

describe('ProductPage', () => {
  it('renders meta, canonical and Open Graph tags', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-m-black'));
    expect(html).toContain('<title>Merino Crew Tee – lightweight merino | Vitrine</title>');
    expect(meta(html, 'name', 'description')).toBe('Lightweight merino tee in Black and Oat.');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/products/merino-crew-tee"/>`);
    expect(meta(html, 'property', 'og:type')).toBe('product');
    expect(meta(html, 'property', 'og:url')).toBe(`${ORIGIN}/products/merino-crew-tee`);
    expect(meta(html, 'property', 'og:site_name')).toBe('Vitrine');
    expect(meta(html, 'property', 'og:image')).toBe(`${MEDIA_BASE}/${tee.media[0]!.key}`);
    expect(meta(html, 'property', 'og:image:width')).toBe('1200');
    expect(meta(html, 'property', 'og:image:height')).toBe('1500');
    expect(html).toContain('<h1 id="product-title">Merino Crew Tee</h1>');
  });

  it('emits Product and BreadcrumbList JSON-LD with decimal prices and availability', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-m-black'));
    const [product, crumbs] = jsonLdBlocks(html);
    expect(product!['@type']).toBe('Product');
    expect(product!.name).toBe('Merino Crew Tee');
    expect(product!.sku).toBe('TEE-M-BLK');
    expect(product!.brand).toEqual({ '@type': 'Brand', name: 'Northfield Knits' });
    expect(product!.image).toEqual(tee.media.map((m) => `${MEDIA_BASE}/${m.key}`));
    const offers = product!.offers as Record<string, string>[];
    expect(offers).toHaveLength(5);
    const first = offers.find((o) => o.sku === 'TEE-S-BLK')!;
    expect(first.price).toBe('19.99');
    expect(first.priceCurrency).toBe('USD');
    expect(first.availability).toBe('https://schema.org/InStock');
    expect(first.url).toBe(`${ORIGIN}/products/merino-crew-tee?variant=v-tee-s-black`);
    const soldOut = offers.find((o) => o.sku === 'TEE-L-OAT')!;
    expect(soldOut.price).toBe('21.99');
    expect(soldOut.availability).toBe('https://schema.org/OutOfStock');
    expect(crumbs!['@type']).toBe('BreadcrumbList');
    expect(crumbs!.itemListElement.map((i: { item: string }) => i.item)).toEqual([
      `${ORIGIN}/`,
      `${ORIGIN}/collections/tops`,
      `${ORIGIN}/products/merino-crew-tee`,
    ]);
  });

  it('productJsonLd prices in the requested currency and makes relative media absolute', () => {
    const ld = productJsonLd(tee, 'EUR', ORIGIN, '/media/');
    const offers = ld.offers as Record<string, string>[];
    expect(offers[0]!.price).toBe('18.99');
    expect(offers[0]!.priceCurrency).toBe('EUR');
    expect(offers[0]!.url).toContain('currency=EUR');
    expect((ld.image as string[])[0]).toBe(`${ORIGIN}/media/${tee.media[0]!.key}`);
    // a currency the product has no price in yields no offers rather than wrong ones
    expect(productJsonLd(evil, 'EUR', ORIGIN, MEDIA_BASE).offers).toBeUndefined();
  });

  it('has a no-JS variant picker with the selected values checked', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-l-black'));
    const picker = formHtml(html, '<form class="picker"');
    expect(picker).toContain('method="get" action="/products/merino-crew-tee"');
    expect(picker.match(/<fieldset>/g)).toHaveLength(2);
    expect(picker).toContain('<legend>Size</legend>');
    expect(picker).toContain('<legend>Color</legend>');
    expect(picker).toContain('<input type="radio" name="Size" value="L" checked=""/>');
    expect(picker).toContain('<input type="radio" name="Size" value="M"/>');
    expect(picker).toContain('<input type="radio" name="Color" value="Black" checked=""/>');
    expect(picker).toContain('<input type="radio" name="Color" value="Oat"/>');
    expect(picker.match(/checked=""/g)).toHaveLength(2);
    expect(picker).toContain('<button type="submit" class="secondary">Update selection</button>');
    // L/Oat exists but is sold out: announced to screen readers
    expect(picker).toMatch(/Oat<span class="vh"> \(sold out\)<\/span>/);
    // default currency is not repeated in the URL
    expect(picker).not.toContain('name="currency"');
  });

  it('carries a non-default currency through the picker and the currency switcher keeps the selection', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-m-oat'), 'EUR');
    expect(formHtml(html, '<form class="picker"')).toContain('<input type="hidden" name="currency" value="EUR"/>');
    expect(html).toContain('<input type="hidden" name="Size" value="M"/><input type="hidden" name="Color" value="Oat"/>');
    expect(html).toContain('€18.99');
  });

  it('renders an add-to-cart POST form for an available variant', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-m-black'));
    const form = formHtml(html, '<form class="add"');
    expect(form).toContain('method="post" action="/cart/lines"');
    expect(form).toContain('<input type="hidden" name="variant_id" value="v-tee-m-black"/>');
    expect(form).toMatch(/<label for="quantity">Quantity<\/label><input type="number" id="quantity" name="quantity" value="1" min="1" max="99"/);
    expect(form).toContain('<button type="submit" aria-describedby="availability">Add to cart</button>');
    expect(form).not.toContain('disabled');
    expect(html).toContain('<p id="availability" class="stock in">In stock</p>');
  });

  it('shows low stock and the sale price with labelled compare-at', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-s-black'));
    expect(html).toContain('Only 3 left');
    expect(html).toContain('<span class="vh">Sale price </span><span class="sale">$19.99</span>');
    expect(html).toMatch(/<s><span class="vh">Regular price <\/span>\$29\.99<\/s>/);
  });

  it('disables add-to-cart when the selected variant is sold out', async () => {
    const html = await renderProduct(tee, byId(tee, 'v-tee-l-oat'));
    const form = formHtml(html, '<form class="add"');
    expect(form).toMatch(/<button type="submit" disabled="" aria-describedby="availability">Sold out<\/button>/);
    expect(html).toContain('<p id="availability" class="stock out">Sold out</p>');
  });

  it('omits the picker for single-variant products and handles sold-out ones', async () => {
    const html = await renderProduct(tote, tote.variants[0]!);
    expect(html).not.toContain('class="picker"');
    expect(formHtml(html, '<form class="add"')).toContain('disabled=""');
    expect(jsonLdBlocks(html)[0]!.offers[0].availability).toBe('https://schema.org/OutOfStock');
  });

  it('escapes malicious product data everywhere, including JSON-LD', async () => {
    const html = await renderProduct(evil, evil.variants[0]!);
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>alert(2)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // every inline <script> in the document is a JSON-LD block (the one script file is the same-origin autocomplete)
    const scripts = html.match(/<script(?! src="\/assets\/search-[0-9a-f]{8}\.js")/g)!.length;
    const blocks = jsonLdBlocks(html);
    expect(blocks).toHaveLength(scripts);
    for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
      expect(m[1]).not.toMatch(/[<>]/);
    }
    // ...and still round-trips to the original text
    expect(blocks[0]!.name).toBe(XSS);
    expect(blocks[0]!.description).toBe(evil.description);
    expect(blocks[1]!.itemListElement[1].name).toBe(XSS);
  });

  it('reads the picker parameters back into a selection', () => {
    const sp = new URLSearchParams('Size=L&Color=Oat&Bogus=1');
    const sel = productSelectionFromSearchParams(tee, sp);
    expect(sel).toEqual({ options: { Size: 'L', Color: 'Oat' } });
    expect(selectVariant(tee, sel)!.id).toBe('v-tee-l-oat');
    expect(productSelectionFromSearchParams(tee, new URLSearchParams('Size=XXL'))).toEqual({ options: {} });
    expect(productSelectionFromSearchParams(tee, new URLSearchParams('variant=v-tee-m-oat')).variantId).toBe('v-tee-m-oat');
  });
});

// ---------------------------------------------------------------- product card & home

describe('ProductCard', () => {
  it('renders image, link, price range with compare-at and badges', async () => {
    const html = await render(<ProductCard product={summarize(tee)} currency="USD" mediaBase={MEDIA_BASE} />);
    const img = tee.media[0]!;
    expect(html).toContain(
      `<img src="${MEDIA_BASE}/${img.key}" width="1200" height="1500" alt="Merino Crew Tee in black, front" loading="lazy" decoding="async"/>`,
    );
    expect(html).toContain('<h3 class="t"><a href="/products/merino-crew-tee">Merino Crew Tee</a></h3>');
    expect(html).toContain('<span class="sale">From $19.99</span>');
    expect(html).toContain('<span class="vh">Regular price </span>$29.99</s>');
    expect(html).toContain('<span class="badge sale">Sale</span>');
    expect(html).not.toContain('Sold out');

    const sold = await render(<ProductCard product={summarize(tote)} currency="EUR" mediaBase={MEDIA_BASE} />);
    expect(sold).toContain('<span class="badge">Sold out</span>');
    expect(sold).toContain('<span class="price">€42.00</span>');
    expect(sold).not.toContain('From');
  });
});

describe('HomePage', () => {
  it('renders hero, collections and featured products', async () => {
    const html = await render(
      <HomePage
        collections={collectionsIndex}
        featured={[tee, tote].map(summarize)}
        currency="USD"
        canonicalUrl={`${ORIGIN}/`}
        mediaBase={MEDIA_BASE}
      />,
    );
    expect(html).toContain('<title>Vitrine</title>');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/"/>`);
    expect(meta(html, 'name', 'description')).toContain('Tops, Bags & Totes');
    expect(html).toContain('class="hero"');
    expect(html).toContain('<a href="/collections/tops">Tops</a>');
    expect(html).toContain('alt="Folded tees"');
    expect(html).toContain('<div class="ph" aria-hidden="true"></div>');
    expect(html).toContain('2 products');
    expect(html).toContain('1 product<');
    expect(html).toContain('<a href="/products/canvas-tote">Canvas Tote</a>');
    const [site] = jsonLdBlocks(html);
    expect(site!['@type']).toBe('WebSite');
    expect(site!.potentialAction.target.urlTemplate).toBe(`${ORIGIN}/search?q={search_term_string}`);
  });
});

// ---------------------------------------------------------------- collection

describe('CollectionPage', () => {
  const baseQuery: CollectionQuery = {
    sort: 'price-asc',
    currency: 'USD',
    priceMin: 1000,
    priceMax: 8000,
    options: { color: ['Black'] },
    inStock: true,
  };

  async function renderCollection(query: CollectionQuery, page?: ListingPage) {
    const p = page ?? queryListing(topsListing.items, { ...query, limit: 1 });
    const html = await render(
      <CollectionPage
        listing={topsListing}
        page={p}
        query={query}
        canonicalUrl={`${ORIGIN}/collections/tops`}
        mediaBase={MEDIA_BASE}
        nav={nav}
      />,
    );
    return { html, page: p };
  }

  it('renders heading, meta, JSON-LD and the active nav item', async () => {
    const { html } = await renderCollection(baseQuery);
    expect(html).toContain('<title>Tops – tees &amp; hoodies | Vitrine</title>');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/collections/tops"/>`);
    expect(html).toContain('<h1>Tops</h1>');
    expect(html).toContain('<a href="/collections/tops" aria-current="page">Tops</a>');
    const [coll, crumbs] = jsonLdBlocks(html);
    expect(coll!['@type']).toBe('CollectionPage');
    expect(coll!.mainEntity['@type']).toBe('ItemList');
    expect(coll!.mainEntity.itemListElement[0]).toEqual({
      '@type': 'ListItem',
      position: 1,
      url: `${ORIGIN}/products/merino-crew-tee`,
      name: 'Merino Crew Tee',
    });
    expect(crumbs!['@type']).toBe('BreadcrumbList');
  });

  it('renders a GET filter form with sort, price, facets and in-stock', async () => {
    const { html } = await renderCollection(baseQuery);
    const form = formHtml(html, '<form class="filters"');
    expect(form).toContain('method="get" action="/collections/tops"');
    expect(form).toContain('<label class="lbl" for="sort">Sort by</label><select id="sort" name="sort">');
    for (const label of ['Featured', 'Price, low to high', 'Price, high to low', 'Newest first', 'Alphabetically, A to Z', 'Alphabetically, Z to A']) {
      expect(form).toContain(`>${label}</option>`);
    }
    expect(form).toContain('<option value="price-asc" selected="">');
    expect(form.match(/selected=""/g)).toHaveLength(1);
    expect(form).toMatch(/<label for="price-min">Minimum<\/label><input type="number" id="price-min" name="price_min" min="0" step="1" inputmode="numeric" value="10"\/>/);
    expect(form).toMatch(/name="price_max"[^>]*value="80"/);
    expect(form).toContain('<legend>Color</legend>');
    expect(form).toMatch(/name="filter\.color" value="Black" checked=""\/><label for="f-\d-\d">Black <span class="muted">\(2\)<\/span>/);
    expect(form).toMatch(/name="filter\.color" value="Oat"\/>/);
    expect(form).toContain('<legend>Size</legend>');
    expect(form).toContain('<input type="checkbox" id="in-stock" name="in_stock" value="1" checked=""/>');
    expect(form).toContain('<button type="submit">Apply</button>');
    // every form control is labelled
    for (const m of form.matchAll(/<(?:input|select) [^>]*id="([^"]+)"/g)) {
      expect(form).toContain(`for="${m[1]}"`);
    }
  });

  it('renders removable filter chips that keep the other parameters', async () => {
    const cursor = queryListing(topsListing.items, { ...baseQuery, limit: 1 }).nextCursor!;
    const { html } = await renderCollection({ ...baseQuery, cursor });
    expect(html).toContain('Back to first page');
    const color = paramsOf(hrefOf(html, 'Color: Black')!);
    expect(color.get('filter.color')).toBeNull();
    expect(color.get('sort')).toBe('price-asc');
    expect(color.get('price_min')).toBe('10');
    expect(color.get('price_max')).toBe('80');
    expect(color.get('in_stock')).toBe('1');
    expect(color.get('cursor')).toBeNull();

    const price = paramsOf(hrefOf(html, 'Price: $10.00 to $80.00')!);
    expect(price.get('price_min')).toBeNull();
    expect(price.get('price_max')).toBeNull();
    expect(price.getAll('filter.color')).toEqual(['Black']);

    const stock = paramsOf(hrefOf(html, 'In stock only')!);
    expect(stock.get('in_stock')).toBeNull();
    expect(stock.get('sort')).toBe('price-asc');

    const clear = hrefOf(html, 'Clear all')!;
    expect(clear).toBe('/collections/tops?sort=price-asc');
    expect(html).toContain('<span class="vh">Remove filter </span>Color: Black');
  });

  it('paginates with a cursor link that preserves the other parameters', async () => {
    const { html, page } = await renderCollection(baseQuery);
    expect(page.total).toBe(2);
    expect(page.nextCursor).toBeTruthy();
    expect(html).toContain('<p id="results-count">2 products</p>');
    const next = paramsOf(hrefOf(html, 'Next page')!);
    expect(next.get('cursor')).toBe(page.nextCursor);
    expect(next.get('sort')).toBe('price-asc');
    expect(next.getAll('filter.color')).toEqual(['Black']);
    expect(next.get('price_min')).toBe('10');
    expect(next.get('in_stock')).toBe('1');
    expect(html).not.toContain('Back to first page');

    // follow the link: parse it as the route would and render page two
    const q2 = parseCollectionSearchParams(next, 'USD');
    const { html: html2, page: page2 } = await renderCollection(q2);
    expect(page2.items[0]!.handle).toBe('loopback-hoodie');
    expect(page2.nextCursor).toBeNull();
    expect(html2).not.toContain('Next page');
    const first = paramsOf(hrefOf(html2, 'Back to first page')!);
    expect(first.get('cursor')).toBeNull();
    expect(first.get('sort')).toBe('price-asc');
    expect(first.getAll('filter.color')).toEqual(['Black']);
  });

  it('keeps a non-default currency in the form and links, and shows an empty state', async () => {
    const q: CollectionQuery = { sort: 'featured', currency: 'EUR', options: { color: ['Purple'] } };
    const { html } = await renderCollection(q);
    expect(formHtml(html, '<form class="filters"')).toContain('<input type="hidden" name="currency" value="EUR"/>');
    expect(html).toContain('No products match these filters.');
    expect(html).toContain('<p id="results-count">0 products</p>');
    // a selected value absent from the facets can still be unticked
    expect(html).toMatch(/name="filter\.color" value="Purple" checked=""/);
    expect(paramsOf(hrefOf(html, 'Color: Purple')!).get('currency')).toBe('EUR');
  });

  it('escapes listing and facet text', async () => {
    const listing = { ...topsListing, title: XSS, description: XSS, seo: { title: XSS, description: XSS } };
    const page = queryListing([summarize(evil)], { sort: 'featured', currency: 'USD', limit: 10 });
    const html = await render(
      <CollectionPage
        listing={listing}
        page={page}
        query={{ sort: 'featured', currency: 'USD', options: { size: [XSS] } }}
        canonicalUrl={`${ORIGIN}/collections/tops`}
        mediaBase={MEDIA_BASE}
        nav={nav}
      />,
    );
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>');
    expect(jsonLdBlocks(html)[0]!.name).toBe(XSS);
  });
});

describe('collection query parameters', () => {
  it('parses whole-unit prices into minor units and drops invalid values', () => {
    const q = parseCollectionSearchParams(
      new URLSearchParams('sort=bogus&price_min=10.5&price_max=25&filter.Color=Black&filter.color=black&filter.size=M&in_stock=1&cursor=xyz'),
      'USD',
    );
    expect(q).toEqual({
      sort: 'featured',
      currency: 'USD',
      priceMin: undefined,
      priceMax: 2500,
      options: { color: ['Black'], size: ['M'] },
      inStock: true,
      cursor: 'xyz',
    });
    const swapped = parseCollectionSearchParams(new URLSearchParams('price_min=50&price_max=10'), 'EUR');
    expect([swapped.priceMin, swapped.priceMax]).toEqual([1000, 5000]);
  });

  it('round-trips through the URL', () => {
    const sp = new URLSearchParams('sort=title-desc&currency=EUR&price_min=5&price_max=40&filter.color=Black&filter.color=Oat&in_stock=1&cursor=c1');
    const q = parseCollectionSearchParams(sp, 'EUR');
    expect(collectionSearchParams(q).toString()).toBe(sp.toString());
    expect(collectionHref('/collections/all', { sort: 'featured', currency: 'USD', options: {} })).toBe('/collections/all');
  });

  it('converts minor units back to whole units without floats', () => {
    expect(toWholeUnits(1999, 'USD', 'down')).toBe('19');
    expect(toWholeUnits(1999, 'USD', 'up')).toBe('20');
    expect(toWholeUnits(2000, 'USD', 'up')).toBe('20');
    expect(toWholeUnits(undefined, 'USD', 'up')).toBe('');
  });
});

// ---------------------------------------------------------------- errors

describe('ErrorPage', () => {
  it('renders a friendly, non-indexable 404 with ways out', async () => {
    const html = await render(<ErrorPage status={404} nav={nav} />);
    expect(html).toContain('<title>We couldn&#39;t find that page | Vitrine</title>');
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).not.toContain('rel="canonical"');
    expect(html).toContain('<a href="/">Go to the home page</a>');
    expect(html).toContain('<a href="/collections/all">Browse all products</a>');
    expect(html).toContain('<a href="/collections/bags">Bags &amp; Totes</a>');
  });

  it('has copy for 400, 503 and anything else', async () => {
    expect(await render(<ErrorPage status={400} />)).toContain('Something&#39;s not right with that request');
    expect(await render(<ErrorPage status={503} />)).toContain('We&#39;ll be right back');
    expect(await render(<ErrorPage status={500} />)).toContain('Something went wrong');
  });

  it('never shows stack traces and escapes details', async () => {
    const err = new Error(`bad ${XSS}`);
    const html = await render(<ErrorPage status={500} detail={err.stack} />);
    expect(html).not.toMatch(/\bat .*views\.test/);
    expect(html).not.toContain(XSS);
    expect(html).toContain('Error: bad &lt;script&gt;');
    const onlyFrames = await render(<ErrorPage status={500} detail={'    at foo (x.js:1:1)\n    at bar (y.js:2:2)'} />);
    expect(onlyFrames).not.toContain('x.js');
    expect(onlyFrames).toContain('Please try again in a moment.');
  });
});

// ---------------------------------------------------------------- sitemap & robots

describe('sitemap and robots', () => {
  it('renders escaped sitemap XML', () => {
    const xml = renderSitemap('https://shop.vitrine.test/', [
      { loc: '/', lastmod: '2026-06-20T08:30:00.000Z' },
      { loc: '/products/a?x=1&y="2"', lastmod: undefined },
      { loc: "https://shop.vitrine.test/collections/<tops>'\u0001" },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    expect(xml).toContain('<url><loc>https://shop.vitrine.test/</loc><lastmod>2026-06-20T08:30:00.000Z</lastmod></url>');
    expect(xml).toContain('<loc>https://shop.vitrine.test/products/a?x=1&amp;y=&quot;2&quot;</loc>');
    expect(xml).toContain('<loc>https://shop.vitrine.test/collections/&lt;tops&gt;&apos;</loc>');
    expect(xml).not.toContain('\u0001');
    expect(xml.trimEnd().endsWith('</urlset>')).toBe(true);
    expect(xml.match(/<url>/g)).toHaveLength(3);
  });

  it('renders robots.txt', () => {
    const txt = renderRobots('https://shop.vitrine.test');
    expect(txt).toBe(
      'User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /cart\n\nSitemap: https://shop.vitrine.test/sitemap.xml\n',
    );
  });
});

describe('jsonLdString', () => {
  it('cannot close a script element and still parses', () => {
    const value = { a: '</script><!-- & \u2028' };
    const s = jsonLdString(value);
    expect(s).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(s)).toEqual(value);
  });
});

