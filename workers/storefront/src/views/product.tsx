/**
 * Product page. Works without any client JavaScript: the variant picker is a
 * GET form back to the product URL (one radio group per option, parameter
 * name = option name, e.g. ?Size=M&Color=Black) and "Add to cart" is a POST
 * form to /cart/lines.
 */
import type { ProductDocument, VariantDoc } from '../../../../domain/catalog/documents';
import { DEFAULT_CURRENCY, type Currency } from '../../../../domain/money';
import { Layout } from './layout';
import {
  absoluteUrl,
  Breadcrumbs,
  breadcrumbJsonLd,
  collectionPath,
  decimal,
  mediaUrl,
  originOf,
  paragraphs,
  Price,
  productPath,
  truncate,
  type Crumb,
  type NavItem,
} from './shared';

export interface ProductPageProps {
  product: ProductDocument;
  /** usually selectVariant(product, productSelectionFromSearchParams(product, url.searchParams)) */
  selected: VariantDoc;
  currency: Currency;
  /** absolute product URL without selection parameters */
  canonicalUrl: string;
  mediaBase: string;
  nav: NavItem[];
}

/** Query parameter carrying a variant id (used in JSON-LD offer URLs). */
export const VARIANT_PARAM = 'variant';
export const LOW_STOCK_THRESHOLD = 5;
export const MAX_LINE_QUANTITY = 99;

/**
 * Reads the picker's parameters (one per option name, values checked against
 * the product's options) and ?variant=<id>, in the shape selectVariant takes.
 */
export function productSelectionFromSearchParams(
  product: ProductDocument,
  sp: URLSearchParams,
): { variantId?: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  for (const o of product.options) {
    const v = sp.get(o.name);
    if (v !== null && o.values.includes(v)) options[o.name] = v;
  }
  const variantId = sp.get(VARIANT_PARAM);
  return variantId ? { variantId, options } : { options };
}

export function availabilityText(v: VariantDoc): { text: string; level: 'in' | 'low' | 'out' } {
  if (!v.inStock) return { text: 'Sold out', level: 'out' };
  if (v.available > 0 && v.available <= LOW_STOCK_THRESHOLD) return { text: `Only ${v.available} left`, level: 'low' };
  return { text: 'In stock', level: 'in' };
}

const SCHEMA_IN_STOCK = 'https://schema.org/InStock';
const SCHEMA_OUT_OF_STOCK = 'https://schema.org/OutOfStock';

/**
 * schema.org Product with one Offer per variant priced in `currency`.
 * `origin` makes URLs absolute; `mediaBase` may be absolute or root-relative.
 */
export function productJsonLd(
  product: ProductDocument,
  currency: Currency,
  origin: string,
  mediaBase: string,
  selected?: VariantDoc,
): Record<string, unknown> {
  const url = absoluteUrl(origin, productPath(product.handle));
  const currencyQuery = currency === DEFAULT_CURRENCY ? '' : `&currency=${currency}`;
  const offers = product.variants.flatMap((v) => {
    const price = v.prices[currency];
    if (!price) return [];
    return [
      {
        '@type': 'Offer',
        sku: v.sku,
        name: v.title,
        price: decimal(price.amount, currency),
        priceCurrency: currency,
        availability: v.inStock ? SCHEMA_IN_STOCK : SCHEMA_OUT_OF_STOCK,
        itemCondition: 'https://schema.org/NewCondition',
        url: `${url}?${VARIANT_PARAM}=${encodeURIComponent(v.id)}${currencyQuery}`,
      },
    ];
  });
  const sku = (selected ?? product.variants[0])?.sku;
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description || product.seo.description,
    url,
    image: product.media.map((m) => absoluteUrl(origin, mediaUrl(mediaBase, m.key))),
  };
  if (sku) data.sku = sku;
  if (product.vendor) data.brand = { '@type': 'Brand', name: product.vendor };
  if (offers.length > 0) data.offers = offers;
  return data;
}

/** The variant reached by changing one option of `selected`, if any. */
function neighbour(product: ProductDocument, selected: VariantDoc, name: string, value: string): VariantDoc | undefined {
  return product.variants.find((v) =>
    product.options.every((o) => v.options[o.name] === (o.name === name ? value : selected.options[o.name])),
  );
}

function Gallery(props: { product: ProductDocument; mediaBase: string }) {
  const { product, mediaBase } = props;
  const media = product.media;
  const first = media[0];
  if (!first) return <div class="ph" aria-hidden="true" />;
  const altOf = (i: number) => media[i]?.alt || `${product.title}, image ${i + 1} of ${media.length}`;
  return (
    <section class="gallery" aria-label="Product images">
      <img
        src={mediaUrl(mediaBase, first.key)}
        width={first.width}
        height={first.height}
        alt={first.alt || product.title}
        loading="eager"
        fetchPriority="high"
        decoding="async"
      />
      {media.length > 1 ? (
        <ul class="thumbs">
          {media.map((m, i) => (
            <li>
              <a href={mediaUrl(mediaBase, m.key)}>
                <img
                  src={mediaUrl(mediaBase, m.key)}
                  width={m.width}
                  height={m.height}
                  alt={altOf(i)}
                  loading="lazy"
                  decoding="async"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function VariantPicker(props: { product: ProductDocument; selected: VariantDoc; currency: Currency }) {
  const { product, selected, currency } = props;
  return (
    <form class="picker" method="get" action={productPath(product.handle)}>
      {currency !== DEFAULT_CURRENCY ? <input type="hidden" name="currency" value={currency} /> : null}
      {product.options.map((o) => (
        <fieldset>
          <legend>{o.name}</legend>
          <div class="opts">
            {o.values.map((value) => {
              const n = neighbour(product, selected, o.name, value);
              const note = !n ? 'unavailable' : n.inStock ? '' : 'sold out';
              return (
                <label class={note ? 'opt out' : 'opt'}>
                  <input type="radio" name={o.name} value={value} checked={selected.options[o.name] === value} />
                  <span class="vh">{o.name}: </span>
                  {value}
                  {note ? <span class="vh"> ({note})</span> : null}
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <button type="submit" class="secondary">
        Update selection
      </button>
    </form>
  );
}

export function ProductPage(props: ProductPageProps) {
  const { product, selected, currency, canonicalUrl, mediaBase, nav } = props;
  const origin = originOf(canonicalUrl);
  const price = selected.prices[currency];
  const stock = availabilityText(selected);
  const canBuy = selected.inStock && price !== undefined;
  const showPicker = product.options.some((o) => o.values.length > 1);
  const collection = product.collections[0];
  const path = productPath(product.handle);
  const crumbs: Crumb[] = [{ name: 'Home', url: '/' }];
  if (collection) crumbs.push({ name: collection.title, url: collectionPath(collection.handle) });
  crumbs.push({ name: product.title, url: path });
  const image = product.media[0];
  const currencyParams: [string, string][] = showPicker
    ? product.options.flatMap((o) => {
        const v = selected.options[o.name];
        return v === undefined ? [] : [[o.name, v] as [string, string]];
      })
    : [];

  return (
    <Layout
      title={product.seo.title || product.title}
      description={product.seo.description || truncate(product.description) || product.title}
      canonicalUrl={canonicalUrl}
      ogType="product"
      ogImage={
        image
          ? {
              url: absoluteUrl(origin, mediaUrl(mediaBase, image.key)),
              width: image.width,
              height: image.height,
              alt: image.alt || product.title,
            }
          : undefined
      }
      jsonLd={[productJsonLd(product, currency, origin, mediaBase, selected), breadcrumbJsonLd(origin, crumbs)]}
      nav={nav}
      currency={currency}
      currencyParams={currencyParams}
    >
      <Breadcrumbs crumbs={crumbs} />
      <div class="product">
        <Gallery product={product} mediaBase={mediaBase} />
        <section aria-labelledby="product-title">
          <h1 id="product-title">{product.title}</h1>
          {product.vendor ? <p class="muted">{product.vendor}</p> : null}
          <p>
            {price ? (
              <Price amount={price.amount} compareAt={price.compareAt} currency={currency} />
            ) : (
              <span class="muted">Not available in {currency}</span>
            )}
          </p>
          <p id="availability" class={`stock ${stock.level}`}>
            {stock.text}
          </p>
          {showPicker ? <VariantPicker product={product} selected={selected} currency={currency} /> : null}
          <form class="add" method="post" action="/cart/lines">
            <input type="hidden" name="variant_id" value={selected.id} />
            {currency !== DEFAULT_CURRENCY ? <input type="hidden" name="currency" value={currency} /> : null}
            <p>
              <label for="quantity">Quantity</label>
              <input
                type="number"
                id="quantity"
                name="quantity"
                value="1"
                min="1"
                max={String(MAX_LINE_QUANTITY)}
                step="1"
                inputmode="numeric"
                required
                disabled={!canBuy}
              />
            </p>
            <button type="submit" disabled={!canBuy} aria-describedby="availability">
              {canBuy ? 'Add to cart' : selected.inStock ? 'Unavailable' : 'Sold out'}
            </button>
          </form>
          {selected.sku ? <p class="muted">SKU: {selected.sku}</p> : null}
          <div class="description">
            {paragraphs(product.description).map((p) => (
              <p>{p}</p>
            ))}
          </div>
        </section>
      </div>
    </Layout>
  );
}
