/** Server-rendered storefront views (hono/jsx). Pure: no Env, no I/O. */
export { Layout, documentTitle, type LayoutProps, type OgImage } from './layout';
export { HomePage, homeJsonLd, type HomePageProps } from './home';
export { ProductCard, type ProductCardProps } from './product-card';
export { CollectionPage, collectionJsonLd, type CollectionPageProps } from './collection';
export {
  collectionHref,
  collectionSearchParams,
  hasActiveFilters,
  parseCollectionSearchParams,
  PARAM as COLLECTION_PARAM,
  SORT_LABELS,
  toWholeUnits,
  type CollectionQuery,
} from './collection-query';
export {
  ProductPage,
  productJsonLd,
  productSelectionFromSearchParams,
  availabilityText,
  VARIANT_PARAM,
  type ProductPageProps,
} from './product';
export { ErrorPage, safeDetail, type ErrorPageProps } from './error';
export { renderSitemap, renderRobots, xmlEscape, type SitemapEntry } from './sitemap';
export { SHOP_NAME, jsonLdString, collectionPath, productPath, mediaUrl, type NavItem } from './shared';
