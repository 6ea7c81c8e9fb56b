/** Home page: hero, collections grid, featured products. */
import type { CollectionIndexEntry, ProductSummary } from '../../../../domain/catalog/documents';
import type { Currency } from '../../../../domain/money';
import { Layout } from './layout';
import { ProductCard } from './product-card';
import {
  absoluteUrl,
  collectionPath,
  mediaUrl,
  originOf,
  plural,
  SHOP_NAME,
  SHOP_TAGLINE,
  type NavItem,
} from './shared';

export interface HomePageProps {
  collections: CollectionIndexEntry[];
  featured: ProductSummary[];
  currency: Currency;
  /** absolute URL of the home page */
  canonicalUrl: string;
  mediaBase: string;
  /** defaults to the collections */
  nav?: NavItem[];
}

export function homeJsonLd(origin: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: SHOP_NAME,
    url: `${origin}/`,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${origin}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

function homeDescription(collections: CollectionIndexEntry[]): string {
  const names = collections.slice(0, 3).map((c) => c.title);
  const more = collections.length > 3 ? ' and more' : '';
  return names.length > 0
    ? `${SHOP_NAME}: ${SHOP_TAGLINE} Shop ${names.join(', ')}${more}.`
    : `${SHOP_NAME}: ${SHOP_TAGLINE}`;
}

export function HomePage(props: HomePageProps) {
  const { collections, featured, currency, canonicalUrl, mediaBase } = props;
  const origin = originOf(canonicalUrl);
  const nav = props.nav ?? collections.map((c) => ({ handle: c.handle, title: c.title }));
  const ogSource = collections.find((c) => c.image)?.image ?? featured.find((p) => p.image)?.image ?? null;
  return (
    <Layout
      title={SHOP_NAME}
      description={homeDescription(collections)}
      canonicalUrl={canonicalUrl}
      ogImage={
        ogSource
          ? {
              url: absoluteUrl(origin, mediaUrl(mediaBase, ogSource.key)),
              width: ogSource.width,
              height: ogSource.height,
              alt: ogSource.alt,
            }
          : undefined
      }
      jsonLd={homeJsonLd(origin)}
      nav={nav}
      currency={currency}
    >
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{SHOP_TAGLINE}</h1>
        <p>Fresh from the workshop, delivered fast.</p>
        <a class="btn" href={collectionPath('all')}>
          Shop all products
        </a>
      </section>
      {collections.length > 0 ? (
        <section aria-labelledby="collections-title">
          <h2 id="collections-title">Shop by collection</h2>
          <ul class="grid">
            {collections.map((c, i) => (
              <li class="card">
                {c.image ? (
                  <img
                    src={mediaUrl(mediaBase, c.image.key)}
                    width={c.image.width}
                    height={c.image.height}
                    alt={c.image.alt}
                    loading={i < 4 ? 'eager' : 'lazy'}
                    decoding="async"
                  />
                ) : (
                  <div class="ph" aria-hidden="true" />
                )}
                <h3 class="t">
                  <a href={collectionPath(c.handle)}>{c.title}</a>
                </h3>
                <p class="muted">{plural(c.productCount, 'product', 'products')}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {featured.length > 0 ? (
        <section aria-labelledby="featured-title">
          <h2 id="featured-title">Featured products</h2>
          <ul class="grid">
            {featured.map((p) => (
              <li>
                <ProductCard product={p} currency={currency} mediaBase={mediaBase} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}
