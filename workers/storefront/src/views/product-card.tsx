/**
 * Product card for grids (home page, collections, later search).
 * The title link is stretched over the whole card with CSS, so the card is
 * one click target and one tab stop while the image keeps its alt text.
 */
import type { Child } from 'hono/jsx';
import type { ProductSummary } from '../../../../domain/catalog/documents';
import type { Currency } from '../../../../domain/money';
import { mediaUrl, Price, productPath } from './shared';

export interface ProductCardProps {
  product: ProductSummary;
  currency: Currency;
  mediaBase: string;
  /** Heading level of the product title inside its grid (default 3). */
  headingLevel?: 2 | 3;
  /** Load the image eagerly (first row above the fold). */
  eager?: boolean;
  /** What the title link shows instead of the plain title (search: the title with matches marked). */
  titleContent?: Child;
}

export function ProductCard(props: ProductCardProps) {
  const { product: p, currency, mediaBase } = props;
  const range = p.priceRange[currency];
  const compareAt = p.compareAtMin[currency];
  const onSale = range !== undefined && compareAt !== undefined && compareAt > range.min;
  const href = productPath(p.handle);
  const link = <a href={href}>{props.titleContent ?? p.title}</a>;
  return (
    <article class="card">
      {p.image ? (
        <img
          src={mediaUrl(mediaBase, p.image.key)}
          width={p.image.width}
          height={p.image.height}
          alt={p.image.alt}
          loading={props.eager ? 'eager' : 'lazy'}
          decoding="async"
        />
      ) : (
        <div class="ph" aria-hidden="true" />
      )}
      {!p.inStock || onSale ? (
        <p class="badges">
          {!p.inStock ? <span class="badge">Sold out</span> : null}
          {onSale && p.inStock ? <span class="badge sale">Sale</span> : null}
        </p>
      ) : null}
      {props.headingLevel === 2 ? <h2 class="t">{link}</h2> : <h3 class="t">{link}</h3>}
      {p.vendor ? <p class="muted">{p.vendor}</p> : null}
      <p>
        {range ? (
          <Price amount={range.min} compareAt={onSale ? compareAt : null} currency={currency} from={range.min !== range.max} />
        ) : (
          <span class="muted">Not available in {currency}</span>
        )}
      </p>
    </article>
  );
}
