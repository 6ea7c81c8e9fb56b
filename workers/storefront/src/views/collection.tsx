/**
 * Collection page: heading, filters (a plain GET form, no JS), active-filter
 * chips, product grid and keyset pagination. See collection-query.ts for the
 * query-parameter contract.
 */
import type { ListingDocument } from '../../../../domain/catalog/documents';
import { LISTING_SORTS, type ListingPage } from '../../../../domain/catalog/listing';
import { DEFAULT_CURRENCY } from '../../../../domain/money';
import {
  collectionHref,
  hasActiveFilters,
  PARAM,
  SORT_LABELS,
  toWholeUnits,
  type CollectionQuery,
} from './collection-query';
import { Layout } from './layout';
import { ProductCard } from './product-card';
import {
  absoluteUrl,
  Breadcrumbs,
  breadcrumbJsonLd,
  capitalize,
  collectionPath,
  fmt,
  mediaUrl,
  originOf,
  paragraphs,
  pathOf,
  plural,
  productPath,
  truncate,
  type Crumb,
  type NavItem,
} from './shared';

export interface CollectionPageProps {
  listing: Pick<ListingDocument, 'handle' | 'title' | 'description' | 'seo'> & Partial<Pick<ListingDocument, 'image'>>;
  page: ListingPage;
  query: CollectionQuery;
  /** absolute, without filter/sort/cursor parameters */
  canonicalUrl: string;
  mediaBase: string;
  nav: NavItem[];
}

interface Chip {
  label: string;
  href: string;
}

function sameValue(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function chipsFor(base: string, q: CollectionQuery): Chip[] {
  const chips: Chip[] = [];
  // removing a filter changes the result set, so the cursor is dropped too
  const reset = { ...q, cursor: undefined };
  if (q.priceMin !== undefined || q.priceMax !== undefined) {
    const label =
      q.priceMin !== undefined && q.priceMax !== undefined
        ? `Price: ${fmt(q.priceMin, q.currency)} to ${fmt(q.priceMax, q.currency)}`
        : q.priceMin !== undefined
          ? `Price: from ${fmt(q.priceMin, q.currency)}`
          : `Price: up to ${fmt(q.priceMax ?? 0, q.currency)}`;
    chips.push({ label, href: collectionHref(base, { ...reset, priceMin: undefined, priceMax: undefined }) });
  }
  for (const [name, values] of Object.entries(q.options)) {
    for (const value of values) {
      const options = { ...q.options, [name]: values.filter((v) => v !== value) };
      if (options[name]!.length === 0) delete options[name];
      chips.push({ label: `${capitalize(name)}: ${value}`, href: collectionHref(base, { ...reset, options }) });
    }
  }
  if (q.inStock) chips.push({ label: 'In stock only', href: collectionHref(base, { ...reset, inStock: undefined }) });
  return chips;
}

/** Facet values in facet order, plus any selected value the facets no longer contain (so it can be unticked). */
function facetValues(counts: Record<string, number>, selected: string[]): [string, number][] {
  const out = Object.entries(counts);
  for (const s of selected) if (!out.some(([v]) => sameValue(v, s))) out.push([s, 0]);
  return out;
}

function Filters(props: { base: string; page: ListingPage; query: CollectionQuery }) {
  const { base, page, query: q } = props;
  const names = [...new Set([...Object.keys(page.facets), ...Object.keys(q.options)])];
  return (
    <form class="filters" method="get" action={base} aria-labelledby="filters-heading">
      <h2 id="filters-heading" class="vh">
        Sort and filter
      </h2>
      {q.currency !== DEFAULT_CURRENCY ? <input type="hidden" name={PARAM.currency} value={q.currency} /> : null}
      <p>
        <label class="lbl" for="sort">
          Sort by
        </label>
        <select id="sort" name={PARAM.sort}>
          {LISTING_SORTS.map((s) => (
            <option value={s} selected={s === q.sort}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </p>
      {/* Whole currency units only (integers); the handler converts to minor units. */}
      <fieldset aria-describedby="price-hint">
        <legend>Price</legend>
        <p id="price-hint" class="muted">
          Whole amounts in {q.currency}
        </p>
        <div class="range">
          <span>
            <label for="price-min">Minimum</label>
            <input
              type="number"
              id="price-min"
              name={PARAM.priceMin}
              min="0"
              step="1"
              inputmode="numeric"
              value={toWholeUnits(q.priceMin, q.currency, 'down')}
            />
          </span>
          <span>
            <label for="price-max">Maximum</label>
            <input
              type="number"
              id="price-max"
              name={PARAM.priceMax}
              min="0"
              step="1"
              inputmode="numeric"
              value={toWholeUnits(q.priceMax, q.currency, 'up')}
            />
          </span>
        </div>
      </fieldset>
      {names.map((name, i) => {
        const selected = q.options[name] ?? [];
        const values = facetValues(page.facets[name] ?? {}, selected);
        if (values.length === 0) return null;
        return (
          <fieldset>
            <legend>{capitalize(name)}</legend>
            {values.map(([value, count], j) => (
              <div class="check">
                <input
                  type="checkbox"
                  id={`f-${i}-${j}`}
                  name={`${PARAM.filterPrefix}${name}`}
                  value={value}
                  checked={selected.some((s) => sameValue(s, value))}
                />
                <label for={`f-${i}-${j}`}>
                  {value} <span class="muted">({count})</span>
                </label>
              </div>
            ))}
          </fieldset>
        );
      })}
      <fieldset>
        <legend class="vh">Availability</legend>
        <div class="check">
          <input type="checkbox" id="in-stock" name={PARAM.inStock} value="1" checked={q.inStock === true} />
          <label for="in-stock">In stock only</label>
        </div>
      </fieldset>
      <button type="submit">Apply</button>
    </form>
  );
}

export function collectionJsonLd(
  origin: string,
  listing: CollectionPageProps['listing'],
  page: ListingPage,
  canonicalUrl: string,
): object[] {
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'CollectionPage',
      name: listing.title,
      description: listing.seo.description || listing.description,
      url: canonicalUrl,
      mainEntity: {
        '@type': 'ItemList',
        numberOfItems: page.items.length,
        itemListElement: page.items.map((p, i) => ({
          '@type': 'ListItem',
          position: i + 1,
          url: absoluteUrl(origin, productPath(p.handle)),
          name: p.title,
        })),
      },
    },
    breadcrumbJsonLd(origin, [
      { name: 'Home', url: '/' },
      { name: listing.title, url: canonicalUrl },
    ]),
  ];
}

export function CollectionPage(props: CollectionPageProps) {
  const { listing, page, query: q, canonicalUrl, mediaBase, nav } = props;
  const origin = originOf(canonicalUrl);
  const base = pathOf(canonicalUrl, collectionPath(listing.handle));
  const chips = chipsFor(base, q);
  const filtered = hasActiveFilters(q);
  const crumbs: Crumb[] = [
    { name: 'Home', url: '/' },
    { name: listing.title, url: base },
  ];
  // the currency switcher keeps sort and option filters; prices and cursors are currency-specific
  const currencyParams: [string, string][] = [];
  if (q.sort !== 'featured') currencyParams.push([PARAM.sort, q.sort]);
  for (const [name, values] of Object.entries(q.options)) {
    for (const v of values) currencyParams.push([`${PARAM.filterPrefix}${name}`, v]);
  }
  if (q.inStock) currencyParams.push([PARAM.inStock, '1']);

  const image = listing.image;
  return (
    <Layout
      title={listing.seo.title || listing.title}
      description={listing.seo.description || truncate(listing.description) || `Shop ${listing.title}.`}
      canonicalUrl={canonicalUrl}
      ogImage={
        image
          ? { url: absoluteUrl(origin, mediaUrl(mediaBase, image.key)), width: image.width, height: image.height, alt: image.alt }
          : undefined
      }
      jsonLd={collectionJsonLd(origin, listing, page, canonicalUrl)}
      nav={nav}
      activeNav={listing.handle}
      currency={q.currency}
      currencyParams={currencyParams}
    >
      <Breadcrumbs crumbs={crumbs} />
      <h1>{listing.title}</h1>
      {paragraphs(listing.description).map((p) => (
        <p>{p}</p>
      ))}
      <div class="listing">
        <Filters base={base} page={page} query={q} />
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="vh">
            Products
          </h2>
          {chips.length > 0 ? (
            <ul class="chips" aria-label="Active filters">
              {chips.map((c) => (
                <li>
                  <a href={c.href}>
                    <span class="vh">Remove filter </span>
                    {c.label} <span aria-hidden="true">×</span>
                  </a>
                </li>
              ))}
              <li>
                <a href={collectionHref(base, { sort: q.sort, currency: q.currency, options: {} })}>Clear all</a>
              </li>
            </ul>
          ) : null}
          <p id="results-count">{plural(page.total, 'product', 'products')}</p>
          {page.items.length > 0 ? (
            <ul class="grid">
              {page.items.map((p, i) => (
                <li>
                  <ProductCard product={p} currency={q.currency} mediaBase={mediaBase} eager={!q.cursor && i < 4} />
                </li>
              ))}
            </ul>
          ) : (
            <p>
              {filtered ? 'No products match these filters. ' : 'There are no products here yet. '}
              {filtered ? (
                <a href={collectionHref(base, { sort: q.sort, currency: q.currency, options: {} })}>Clear all filters</a>
              ) : (
                <a href="/">Back to the home page</a>
              )}
            </p>
          )}
          {q.cursor || page.nextCursor ? (
            <nav class="pager" aria-label="Pagination">
              {q.cursor ? <a href={collectionHref(base, q, { cursor: false })}>Back to first page</a> : <span />}
              {page.nextCursor ? (
                <a class="btn" rel="next" href={collectionHref(base, { ...q, cursor: page.nextCursor })}>
                  Next page
                </a>
              ) : null}
            </nav>
          ) : null}
        </section>
      </div>
    </Layout>
  );
}
