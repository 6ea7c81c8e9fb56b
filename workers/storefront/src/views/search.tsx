/**
 * Search pages: results (facets as links, selected-filter chips, sort,
 * numbered pages, matches marked in titles), a helpful page when nothing
 * matches, and the empty-query landing. Everything works without JavaScript;
 * text is escaped by JSX (highlight runs are text, marked with <mark>).
 */
import type { CollectionIndexEntry } from '../../../../domain/catalog/documents';
import { orderFacetValues, withSelected } from '../../../../domain/search/facets';
import { bucketKey } from '../../../../domain/search/price-buckets';
import { SEARCH_LIMITS, SEARCH_SORTS, type FacetCount, type HighlightPart, type PriceFacetCount, type SearchRequest, type SearchResult } from '../../../../domain/search/types';
import { DEFAULT_CURRENCY, type Currency } from '../../../../domain/money';
import { Layout } from './layout';
import { ProductCard } from './product-card';
import {
  clearFilters,
  hasPageFilters,
  SEARCH_SORT_LABELS,
  searchHref,
  searchParamsOf,
  setPrice,
  stateOf,
  toggleCollection,
  toggleInStock,
  toggleOption,
  type SearchPageState,
} from './search-query';
import { SEARCH_CSS } from './search-styles';
import { capitalize, collectionPath, fmt, plural, type NavItem } from './shared';

export function Highlighted(props: { parts: HighlightPart[] }) {
  return <>{props.parts.map((p) => (p.match ? <mark>{p.text}</mark> : p.text))}</>;
}

export function priceLabel(b: { min: number; max: number | null }, currency: Currency): string {
  if (b.min === 0 && b.max !== null) return `Under ${fmt(b.max, currency)}`;
  if (b.max === null) return `${fmt(b.min, currency)} and up`;
  return `${fmt(b.min, currency)} to ${fmt(b.max, currency)}`;
}

function FacetLink(props: { href: string; selected: boolean; label: string; count: number }) {
  return (
    <li>
      <a href={props.href} rel="nofollow" aria-current={props.selected ? 'true' : undefined}>
        <span>
          <span class="box" aria-hidden="true">
            {props.selected ? '✓' : ''}
          </span>
          <span class="fl">{props.label}</span>
          {props.selected ? <span class="vh"> (selected, select to remove)</span> : null}
        </span>
        <span class="muted">{props.count}</span>
      </a>
    </li>
  );
}

function FacetGroup(props: { title: string; id: string; values: FacetCount[]; selected: string[]; href: (value: string) => string }) {
  const values = withSelected(props.values, props.selected);
  if (values.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      <ul>
        {values.map((v) => (
          <FacetLink href={props.href(v.value)} selected={props.selected.includes(v.value)} label={v.label} count={v.count} />
        ))}
      </ul>
    </section>
  );
}

function Facets(props: { result: SearchResult; state: SearchPageState }) {
  const { result: r, state: s } = props;
  const prices: PriceFacetCount[] = r.facets.price.filter((b) => b.count > 0 || s.price === bucketKey(b));
  const { inStock, outOfStock } = r.facets.availability;
  return (
    <nav class="facets" aria-labelledby="facets-heading">
      <h2 id="facets-heading" class="vh">
        Filter results
      </h2>
      <FacetGroup
        title="Collection"
        id="facet-collection"
        values={r.facets.collections}
        selected={s.collections}
        href={(v) => searchHref(toggleCollection(s, v))}
      />
      {r.facets.options.map((o) => (
        <FacetGroup
          title={capitalize(o.label)}
          id={`facet-${o.name.replace(/[^a-z0-9]+/g, '-')}`}
          values={orderFacetValues(o.name, o.values)}
          selected={s.options[o.name] ?? []}
          href={(v) => searchHref(toggleOption(s, o.name, v))}
        />
      ))}
      {Object.keys(s.options)
        .filter((name) => !r.facets.options.some((o) => o.name === name))
        .map((name) => (
          <FacetGroup
            title={capitalize(name)}
            id={`facet-${name.replace(/[^a-z0-9]+/g, '-')}`}
            values={[]}
            selected={s.options[name] ?? []}
            href={(v) => searchHref(toggleOption(s, name, v))}
          />
        ))}
      {prices.length > 0 ? (
        <section aria-labelledby="facet-price">
          <h3 id="facet-price">Price</h3>
          <ul>
            {prices.map((b) => (
              <FacetLink
                href={searchHref(setPrice(s, bucketKey(b)))}
                selected={s.price === bucketKey(b)}
                label={priceLabel(b, s.currency)}
                count={b.count}
              />
            ))}
          </ul>
        </section>
      ) : null}
      {outOfStock > 0 || s.inStock ? (
        <section aria-labelledby="facet-stock">
          <h3 id="facet-stock">Availability</h3>
          <ul>
            <FacetLink href={searchHref(toggleInStock(s))} selected={s.inStock} label="In stock only" count={inStock} />
          </ul>
        </section>
      ) : null}
    </nav>
  );
}

interface Chip {
  label: string;
  href: string;
}

function chipsOf(r: SearchResult, s: SearchPageState): Chip[] {
  const chips: Chip[] = [];
  const collectionTitle = (h: string) => r.facets.collections.find((c) => c.value === h)?.label ?? h;
  for (const c of s.collections) chips.push({ label: `Collection: ${collectionTitle(c)}`, href: searchHref(toggleCollection(s, c)) });
  for (const [name, values] of Object.entries(s.options)) {
    const facet = r.facets.options.find((o) => o.name === name);
    for (const v of values) {
      const label = facet?.values.find((x) => x.value === v)?.label ?? v;
      chips.push({ label: `${capitalize(facet?.label ?? name)}: ${label}`, href: searchHref(toggleOption(s, name, v)) });
    }
  }
  if (s.price) {
    const b = r.facets.price.find((x) => bucketKey(x) === s.price);
    chips.push({ label: `Price: ${b ? priceLabel(b, s.currency) : s.price}`, href: searchHref(setPrice(s, s.price)) });
  }
  if (s.inStock) chips.push({ label: 'In stock only', href: searchHref(toggleInStock(s)) });
  return chips;
}

function Chips(props: { result: SearchResult; state: SearchPageState }) {
  const chips = chipsOf(props.result, props.state);
  if (chips.length === 0) return null;
  return (
    <ul class="chips" aria-label="Active filters">
      {chips.map((c) => (
        <li>
          <a href={c.href} rel="nofollow">
            <span class="vh">Remove filter </span>
            {c.label} <span aria-hidden="true">×</span>
          </a>
        </li>
      ))}
      <li>
        <a href={searchHref(clearFilters(props.state))} rel="nofollow">
          Clear all
        </a>
      </li>
    </ul>
  );
}

function SortForm(props: { state: SearchPageState }) {
  const s = props.state;
  return (
    <form class="inline" method="get" action="/search">
      {searchParamsOf(s, { page: false })
        .filter(([name]) => name !== 'sort')
        .map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
      <label for="search-sort">Sort by</label>
      <select id="search-sort" name="sort">
        {SEARCH_SORTS.map((x) => (
          <option value={x} selected={x === s.sort}>
            {SEARCH_SORT_LABELS[x]}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        Sort
      </button>
    </form>
  );
}

/** Numbered pages around the current one, with first/last, previous/next. */
export function pageWindow(current: number, last: number): number[] {
  const pages = new Set([1, last, current - 2, current - 1, current, current + 1, current + 2]);
  return [...pages].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
}

function Pagination(props: { state: SearchPageState; pages: number }) {
  const s = props.state;
  const last = Math.min(props.pages, SEARCH_LIMITS.maxPage);
  if (last <= 1) return null;
  const at = (page: number) => searchHref({ ...s, page });
  const list = pageWindow(Math.min(s.page, last), last);
  return (
    <nav aria-label="Pages">
      <ul class="pages">
        {s.page > 1 ? (
          <li>
            <a href={at(Math.min(s.page - 1, last))} rel="prev">
              Previous
            </a>
          </li>
        ) : null}
        {list.map((p, i) => (
          <>
            {i > 0 && p - (list[i - 1] ?? p) > 1 ? (
              <li>
                <span aria-hidden="true">…</span>
              </li>
            ) : null}
            <li>
              <a href={at(p)} aria-current={p === s.page ? 'page' : undefined}>
                <span class="vh">Page </span>
                {p}
              </a>
            </li>
          </>
        ))}
        {s.page < last ? (
          <li>
            <a href={at(s.page + 1)} rel="next">
              Next
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function SearchBox(props: { q: string; currency: Currency; id: string }) {
  return (
    <form class="big-search" role="search" method="get" action="/search">
      <label class="vh" for={props.id}>
        Search products
      </label>
      <input type="search" id={props.id} name="q" value={props.q} maxlength={SEARCH_LIMITS.maxQueryLength} placeholder="Search products" enterkeyhint="search" />
      {props.currency !== DEFAULT_CURRENCY ? <input type="hidden" name="currency" value={props.currency} /> : null}
      <button type="submit">Search</button>
    </form>
  );
}

function PopularCollections(props: { collections: CollectionIndexEntry[] }) {
  const top = [...props.collections].sort((a, b) => b.productCount - a.productCount).slice(0, 8);
  if (top.length === 0) return null;
  return (
    <section aria-labelledby="popular-heading">
      <h2 id="popular-heading">Popular collections</h2>
      <ul class="links">
        {top.map((c) => (
          <li>
            <a href={collectionPath(c.handle)}>
              {c.title} <span class="muted">({c.productCount})</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface SearchPageProps {
  request: SearchRequest;
  result: SearchResult;
  nav: NavItem[];
  /** for the no-results page */
  collections: CollectionIndexEntry[];
  mediaBase: string;
}

function NoResults(props: SearchPageProps & { state: SearchPageState }) {
  const { state: s } = props;
  const filtered = hasPageFilters(s);
  const beyond = props.result.total > 0;
  return (
    <section aria-labelledby="no-results">
      {beyond ? (
        <>
          <h2 id="no-results">There is no page {s.page}</h2>
          <p>
            <a href={searchHref({ ...s, page: 1 })}>Back to the first page of results</a>
          </p>
        </>
      ) : (
        <>
          <h2 id="no-results">Nothing matches “{s.q}”{filtered ? ' with these filters' : ''}</h2>
          <ul>
            {filtered ? (
              <li>
                <a href={searchHref(clearFilters(s))}>Search “{s.q}” without filters</a>
              </li>
            ) : null}
            <li>Check the spelling, or try fewer or more general words (“hoodie” rather than “zip hoodie in olive”).</li>
            <li>Search for a kind of product (“mug”, “sneakers”), a material (“linen”) or a colour.</li>
          </ul>
          <SearchBox q={s.q} currency={s.currency} id="search-again" />
          <PopularCollections collections={props.collections} />
        </>
      )}
    </section>
  );
}

export function SearchPage(props: SearchPageProps) {
  const { request, result: r, mediaBase } = props;
  const s = stateOf(request);
  const currencyParams = searchParamsOf(s, { page: false, currency: false }).filter(([n]) => n !== 'price');
  const title = `Search results for “${s.q}”`;
  return (
    <Layout
      title={title}
      description={`Products matching “${s.q}”.`}
      nav={props.nav}
      currency={s.currency}
      searchQuery={s.q}
      currencyParams={currencyParams}
      noindex
      styles={SEARCH_CSS}
    >
      <h1>
        Results for “{s.q}”
      </h1>
      {r.correctedQuery ? (
        <p class="notice" role="status">
          No exact matches for “{s.q}”. Showing results for “<strong>{r.correctedQuery}</strong>”.
        </p>
      ) : null}
      <div class="listing">
        {r.total > 0 || hasPageFilters(s) ? <Facets result={r} state={s} /> : <div />}
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="vh">
            Products
          </h2>
          <Chips result={r} state={s} />
          <div class="toolbar">
            <p id="results-count" role="status">
              {plural(r.total, 'product', 'products')}
              {r.pages > 1 ? ` · page ${s.page} of ${Math.min(r.pages, SEARCH_LIMITS.maxPage)}` : ''}
            </p>
            {r.total > 1 ? <SortForm state={s} /> : null}
          </div>
          {r.hits.length > 0 ? (
            <ul class="grid">
              {r.hits.map((h, i) => (
                <li>
                  <ProductCard
                    product={h.product}
                    currency={s.currency}
                    mediaBase={mediaBase}
                    eager={s.page === 1 && i < 4}
                    titleContent={<Highlighted parts={h.highlight.title} />}
                  />
                </li>
              ))}
            </ul>
          ) : (
            <NoResults {...props} state={s} />
          )}
          <Pagination state={s} pages={r.pages} />
        </section>
      </div>
    </Layout>
  );
}

export function SearchLanding(props: { nav: NavItem[]; collections: CollectionIndexEntry[]; currency: Currency }) {
  return (
    <Layout title="Search" description="Search the shop." nav={props.nav} currency={props.currency} noindex styles={SEARCH_CSS}>
      <h1>Search the shop</h1>
      <SearchBox q="" currency={props.currency} id="search-landing" />
      <PopularCollections collections={props.collections} />
    </Layout>
  );
}
