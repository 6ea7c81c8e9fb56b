/**
 * Cart page. Works without JavaScript: every change is a small POST form
 * (with the CSRF token) that redirects back here; /assets/commerce.js only
 * makes quantity changes submit by themselves.
 */
import { DEFAULT_CURRENCY } from '../../../../domain/money';
import type { CartView } from '../cart/view';
import { COMMERCE_CSS } from './commerce-styles';
import { Layout } from './layout';
import { fmt, plural, productPath, type NavItem } from './shared';

export const COMMERCE_SCRIPT = '/assets/commerce.js';

export interface CartPageProps {
  cart: CartView | null;
  csrf: string;
  nav: NavItem[];
  notice?: string | undefined;
  errors?: { general?: string[] | undefined; lines?: Record<string, string> | undefined; discount?: string | undefined } | undefined;
}

export function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export function Alert(props: { messages: string[] | undefined; title?: string }) {
  if (!props.messages || props.messages.length === 0) return null;
  return (
    <div class="alert" role="alert">
      {props.title ? <strong>{props.title}</strong> : null}
      {props.messages.length === 1 && !props.title ? props.messages[0] : (
        <ul>
          {props.messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Totals(props: { cart: CartView; final?: boolean }) {
  const { totals: t, currency } = props.cart;
  const m = (n: number) => fmt(n, currency);
  const shippingCharged = t.shipping - t.shippingDiscount;
  return (
    <table class="totals">
      <tbody>
        <tr>
          <th scope="row">Subtotal</th>
          <td>{m(t.subtotal)}</td>
        </tr>
        {t.discount > 0 ? (
          <tr>
            <th scope="row">Discount{props.cart.discount ? ` (${props.cart.discount.code})` : ''}</th>
            <td>−{m(t.discount)}</td>
          </tr>
        ) : null}
        <tr>
          <th scope="row">Shipping{props.cart.shippingMethod ? ` (${props.cart.shippingMethod.name})` : ''}</th>
          <td>{t.shippingPending ? <span class="muted">Calculated at checkout</span> : shippingCharged === 0 ? 'Free' : m(shippingCharged)}</td>
        </tr>
        <tr>
          <th scope="row">{t.taxIncluded ? 'Including tax' : 'Tax'}</th>
          <td>{t.taxPending ? <span class="muted">{t.taxIncluded ? 'Included in prices' : 'Calculated at checkout'}</span> : m(t.tax)}</td>
        </tr>
        <tr class="grand">
          <th scope="row">{props.final ? 'Total' : t.shippingPending || t.taxPending ? 'Estimated total' : 'Total'}</th>
          <td>
            {m(t.total)} <span class="muted">{currency}</span>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function LineRow(props: { line: CartView['lines'][number]; cart: CartView; csrf: string; error?: string | undefined }) {
  const { line: l, cart, csrf } = props;
  const title = l.productHandle ? <a href={productPath(l.productHandle)}>{l.productTitle}</a> : l.productTitle;
  const qtyId = `qty-${l.variantId}`;
  return (
    <tr>
      <td>
        <div class="line-item">
          {l.image ? <img src={l.image.url} alt="" width={l.image.width} height={l.image.height} loading="lazy" /> : <div class="ph" style="width:4.5rem;height:4.5rem" aria-hidden="true" />}
          <div>
            <div>{title}</div>
            {l.variantTitle && l.variantTitle !== 'Default' ? <div class="muted">{l.variantTitle}</div> : null}
            {l.unitPrice !== null ? <div class="muted">{fmt(l.unitPrice, cart.currency)} each</div> : null}
            {l.issue ? <p class="issue">{l.issue.message}</p> : null}
            {props.error ? <p class="issue" role="alert">{props.error}</p> : null}
          </div>
        </div>
      </td>
      <td>
        <form class="qty" method="post" action={`/cart/lines/${l.variantId}`} data-autosubmit>
          <Csrf token={csrf} />
          <label class="vh" for={qtyId}>
            Quantity of {l.productTitle}
          </label>
          <input type="number" id={qtyId} name="quantity" value={String(l.quantity)} min="0" max="99" step="1" inputmode="numeric" required />
          <button type="submit" class="secondary">
            Update
          </button>
        </form>
        <form method="post" action={`/cart/lines/${l.variantId}/remove`}>
          <Csrf token={csrf} />
          <button type="submit" class="linkish">
            Remove<span class="vh"> {l.productTitle}</span>
          </button>
        </form>
      </td>
      <td class="num">{l.unitPrice !== null ? fmt(l.subtotal, cart.currency) : '—'}</td>
    </tr>
  );
}

export function CartPage(props: CartPageProps) {
  const { cart, csrf, nav } = props;
  const currency = cart?.currency ?? DEFAULT_CURRENCY;
  const empty = !cart || cart.lines.length === 0;
  return (
    <Layout title="Your cart" description="Your shopping cart" nav={nav} currency={currency} noindex styles={COMMERCE_CSS} scripts={[COMMERCE_SCRIPT]}>
      <h1>Your cart</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <Alert messages={props.errors?.general} />
      {empty ? (
        <p>
          Your cart is empty. <a href="/collections/all">Browse all products</a>
        </p>
      ) : (
        <div class="summary">
          <section aria-label="Items">
            <p class="muted">{plural(cart.itemCount, 'item', 'items')}</p>
            <table class="cart-lines">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Quantity</th>
                  <th scope="col" class="num">
                    Price
                  </th>
                </tr>
              </thead>
              <tbody>
                {cart.lines.map((l) => (
                  <LineRow line={l} cart={cart} csrf={csrf} error={props.errors?.lines?.[l.variantId]} />
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby="summary-title">
            <div class="panel">
              <h2 id="summary-title">Order summary</h2>
              {cart.discount ? (
                <form method="post" action="/cart/discount/remove" class="inline">
                  <Csrf token={csrf} />
                  <span>
                    Code <strong>{cart.discount.code}</strong>: {cart.discount.description}
                  </span>
                  <button type="submit" class="linkish">
                    Remove<span class="vh"> discount code</span>
                  </button>
                </form>
              ) : (
                <form method="post" action="/cart/discount">
                  <Csrf token={csrf} />
                  <div class="field">
                    <label for="discount-code">Discount code</label>
                    <div class="inline">
                      <input
                        id="discount-code"
                        name="code"
                        autocomplete="off"
                        maxlength={40}
                        aria-invalid={props.errors?.discount ? 'true' : undefined}
                        aria-describedby={props.errors?.discount ? 'discount-error' : undefined}
                      />
                      <button type="submit" class="secondary">
                        Apply
                      </button>
                    </div>
                    {props.errors?.discount ? (
                      <p class="err" id="discount-error">
                        {props.errors.discount}
                      </p>
                    ) : null}
                  </div>
                </form>
              )}
              {cart.discountIssue ? (
                <form method="post" action="/cart/discount/remove">
                  <Csrf token={csrf} />
                  <p class="issue">
                    Code {cart.discountIssue.code}: {cart.discountIssue.message}{' '}
                    <button type="submit" class="linkish">
                      Remove it
                    </button>
                  </p>
                </form>
              ) : null}
              <Totals cart={cart} />
              <div class="actions">
                {cart.checkout.blockedLines.length > 0 || cart.discountIssue ? (
                  <p class="issue">Fix the items marked above to check out.</p>
                ) : (
                  <a class="btn" href="/checkout">
                    Check out
                  </a>
                )}
                <a href="/collections/all">Continue shopping</a>
              </div>
            </div>
          </section>
        </div>
      )}
    </Layout>
  );
}
