/**
 * Friendly error page. Never renders stack traces: `detail` is reduced to its
 * first line, and lines that look like stack frames are dropped. Still, pass
 * only messages meant for shoppers (not raw exception messages).
 *
 * Render with the matching status: c.html(<ErrorPage status={404} />, 404)
 */
import { DEFAULT_CURRENCY, type Currency } from '../../../../domain/money';
import { Layout } from './layout';
import { collectionPath, type NavItem } from './shared';

export interface ErrorPageProps {
  status: number;
  /** defaults to a friendly title for the status */
  title?: string | undefined;
  /** one short sentence for the shopper; defaults per status */
  detail?: string | undefined;
  nav?: NavItem[] | undefined;
  currency?: Currency | undefined;
}

const DEFAULTS: Record<number, { title: string; detail: string }> = {
  400: {
    title: "Something's not right with that request",
    detail: 'Please check the address or the form you sent and try again.',
  },
  404: {
    title: "We couldn't find that page",
    detail: 'The link may be out of date, or the page may have moved.',
  },
  503: {
    title: "We'll be right back",
    detail: 'The shop is taking a short break. Please try again in a few minutes.',
  },
};

const GENERIC = { title: 'Something went wrong', detail: 'Please try again in a moment.' };

/** First non-stack-frame line of a message, capped in length. */
export function safeDetail(detail: string | undefined): string | undefined {
  if (!detail) return undefined;
  const line = detail
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^at\s/.test(l));
  if (!line) return undefined;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export function ErrorPage(props: ErrorPageProps) {
  const defaults = DEFAULTS[props.status] ?? GENERIC;
  const title = props.title || defaults.title;
  const detail = safeDetail(props.detail) ?? defaults.detail;
  const nav = props.nav ?? [];
  return (
    <Layout title={title} description={detail} nav={nav} currency={props.currency ?? DEFAULT_CURRENCY} noindex>
      <section class="error" aria-labelledby="error-title">
        <p class="muted">Error {props.status}</p>
        <h1 id="error-title">{title}</h1>
        <p>{detail}</p>
        <ul class="links">
          <li>
            <a href="/">Go to the home page</a>
          </li>
          <li>
            <a href={collectionPath('all')}>Browse all products</a>
          </li>
          {props.status === 404 || props.status === 400 ? (
            <li>
              <a href="/search">Search the shop</a>
            </li>
          ) : null}
        </ul>
        {props.status === 404 && nav.length > 0 ? (
          <nav aria-labelledby="error-collections">
            <h2 id="error-collections">Collections</h2>
            <ul class="links">
              {nav.map((n) => (
                <li>
                  <a href={collectionPath(n.handle)}>{n.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </section>
    </Layout>
  );
}
