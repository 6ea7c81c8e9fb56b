/**
 * Small pure helpers and components shared by the storefront views.
 * Nothing here touches Env, I/O or the clock.
 */
import { formatMoney, toDecimalString, type Currency } from '../../../../domain/money';

export const SHOP_NAME = 'Vitrine';
export const SHOP_TAGLINE = 'Everyday goods, thoughtfully made.';
export const THEME_COLOR = '#1a1a1a';

/** A link in the collection navigation. */
export interface NavItem {
  handle: string;
  title: string;
}

export const collectionPath = (handle: string): string => `/collections/${encodeURIComponent(handle)}`;
export const productPath = (handle: string): string => `/products/${encodeURIComponent(handle)}`;

/** `mediaBase + '/' + key`, tolerating a trailing slash on mediaBase. */
export function mediaUrl(mediaBase: string, key: string): string {
  return `${mediaBase.replace(/\/+$/, '')}/${key.replace(/^\/+/, '')}`;
}

/** Resolves a path (or an already absolute URL) against an origin. */
export function absoluteUrl(origin: string, url: string): string {
  if (/^https?:\/\//i.test(url)) return url;
  try {
    return new URL(url, origin).href;
  } catch {
    return url;
  }
}

/** Origin of an absolute URL, '' when it is not one. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** Path of an absolute URL (or the fallback when it is not one). */
export function pathOf(url: string, fallback: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return fallback;
  }
}

/**
 * JSON for a `<script type="application/ld+json">` body. `<`, `>` and `&`
 * become \u003c/\u003e/\u0026 so data can never close the script element or
 * open a comment; U+2028/2029 are escaped for old JS parsers. The result is
 * still valid JSON that parses to the same value.
 */
export function jsonLdString(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Shortens text on a word boundary for meta descriptions. */
export function truncate(text: string, max = 160): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/** Plain text split into paragraphs on blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

export const fmt = (amount: number, currency: Currency): string => formatMoney({ amount, currency });
export const decimal = (amount: number, currency: Currency): string => toDecimalString({ amount, currency });

/** Minor units per major unit, derived from the domain's own formatting (USD/EUR: 100). */
export function minorUnitFactor(currency: Currency): number {
  const s = toDecimalString({ amount: 0, currency });
  const dot = s.indexOf('.');
  return dot === -1 ? 1 : 10 ** (s.length - dot - 1);
}

export const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A price for humans and screen readers. With a compare-at price above the
 * price, the sale price comes first and the struck-through regular price is
 * labelled, since `<s>` is not announced by most screen readers.
 */
export function Price(props: { amount: number; compareAt?: number | null | undefined; currency: Currency; from?: boolean }) {
  const { amount, compareAt, currency, from } = props;
  const text = `${from ? 'From ' : ''}${fmt(amount, currency)}`;
  if (compareAt === null || compareAt === undefined || compareAt <= amount) {
    return <span class="price">{text}</span>;
  }
  return (
    <span class="price">
      <span class="vh">Sale price </span>
      <span class="sale">{text}</span>{' '}
      <s>
        <span class="vh">Regular price </span>
        {fmt(compareAt, currency)}
      </s>
    </span>
  );
}

/** One JSON-LD script per object, escaped with jsonLdString. */
export function JsonLd(props: { data: object | object[] | undefined }) {
  if (!props.data) return null;
  const list = Array.isArray(props.data) ? props.data : [props.data];
  return (
    <>
      {list.map((d) => (
        <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdString(d) }} />
      ))}
    </>
  );
}

export interface Crumb {
  name: string;
  /** absolute or root-relative; the last crumb is the current page */
  url: string;
}

export function breadcrumbJsonLd(origin: string, crumbs: Crumb[]): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: c.name,
      item: absoluteUrl(origin, c.url),
    })),
  };
}

export function Breadcrumbs(props: { crumbs: Crumb[] }) {
  const last = props.crumbs.length - 1;
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      <ol>
        {props.crumbs.map((c, i) =>
          i === last ? (
            <li>
              <a href={c.url} aria-current="page">
                {c.name}
              </a>
            </li>
          ) : (
            <li>
              <a href={c.url}>{c.name}</a>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
