/**
 * Checkout page, in two steps that work without JavaScript:
 *   1. details: email and shipping address (POST /checkout/details, saved on the cart);
 *   2. review: shipping method (its own small form), payment and "Place order"
 *      (POST /checkout/place) carrying a per-render Idempotency-Key and the
 *      total shown, so a double submit places one order and a price change
 *      is never charged silently.
 */
import { formatAddress } from '../../../../domain/address';
import type { Country, ShopSettings } from '../../../../domain/pricing/settings';
import type { CartView } from '../cart/view';
import { Alert, COMMERCE_SCRIPT, Csrf, Totals } from './cart';
import { COMMERCE_CSS } from './commerce-styles';
import { Layout } from './layout';
import { fmt, type NavItem } from './shared';

export interface CheckoutValues {
  email?: string | undefined;
  name?: string | undefined;
  line1?: string | undefined;
  line2?: string | undefined;
  city?: string | undefined;
  region?: string | undefined;
  postalCode?: string | undefined;
  country?: string | undefined;
  phone?: string | undefined;
  paymentProvider?: string | undefined;
}

export interface CheckoutPageProps {
  cart: CartView;
  settings: ShopSettings;
  csrf: string;
  idempotencyKey: string;
  nav: NavItem[];
  step: 'details' | 'review';
  values: CheckoutValues;
  /** field name → message */
  errors: Record<string, string>;
  general: string[];
  providers: { id: string; label: string; requiresCard: boolean }[];
  /** show the test provider's card numbers */
  testMode: boolean;
}

function Field(props: {
  name: keyof CheckoutValues | 'card_number';
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  type?: string;
  autocomplete?: string;
  required?: boolean;
  list?: string;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text' | undefined;
  hint?: string;
}) {
  const id = `f-${props.name}`;
  const describedBy = [props.error ? `${id}-err` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>
        {props.label}
        {props.required ? '' : <span class="muted"> (optional)</span>}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required}
        list={props.list}
        inputmode={props.inputmode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="err" id={`${id}-err`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function RegionLists(props: { countries: readonly Country[] }) {
  return (
    <>
      {props.countries
        .filter((c) => c.regions)
        .map((c) => (
          <datalist id={`regions-${c.code}`}>
            {Object.entries(c.regions!).map(([code, name]) => (
              <option value={code}>{name}</option>
            ))}
          </datalist>
        ))}
    </>
  );
}

function DetailsForm(props: CheckoutPageProps) {
  const { values: v, errors: e, settings } = props;
  const country = v.country ?? 'US';
  return (
    <form method="post" action="/checkout/details" class="panel" novalidate>
      <Csrf token={props.csrf} />
      <h2>Contact</h2>
      <Field name="email" label="Email" type="email" autocomplete="email" value={v.email} error={e.email} required hint="We send your order confirmation here." />
      <h2>Shipping address</h2>
      <div class="field">
        <label for="f-country">Country</label>
        <select id="f-country" name="country" autocomplete="country" aria-invalid={e.country ? 'true' : undefined}>
          {settings.countries.map((c) => (
            <option value={c.code} selected={c.code === country}>
              {c.name}
            </option>
          ))}
        </select>
        {e.country ? <p class="err">{e.country}</p> : null}
      </div>
      <Field name="name" label="Full name" autocomplete="name" value={v.name} error={e.name} required />
      <Field name="line1" label="Address" autocomplete="address-line1" value={v.line1} error={e.line1} required />
      <Field name="line2" label="Apartment, suite, etc." autocomplete="address-line2" value={v.line2} error={e.line2} />
      <div class="row2">
        <Field name="postalCode" label="Postal code" autocomplete="postal-code" value={v.postalCode} error={e.postalCode} required />
        <Field name="city" label="City" autocomplete="address-level2" value={v.city} error={e.city} required />
      </div>
      <Field
        name="region"
        label="State / province code"
        autocomplete="address-level1"
        value={v.region}
        error={e.region}
        list={`regions-${country}`}
        hint="Required for the United States and Canada, e.g. CA or ON."
      />
      <Field name="phone" label="Phone" type="tel" autocomplete="tel" value={v.phone} error={e.phone} />
      <RegionLists countries={settings.countries} />
      <div class="actions">
        <button type="submit">Continue to shipping and payment</button>
        <a href="/cart">Back to cart</a>
      </div>
    </form>
  );
}

function ReviewForms(props: CheckoutPageProps) {
  const { cart, errors: e, settings } = props;
  const m = (n: number) => fmt(n, cart.currency);
  const provider = props.values.paymentProvider ?? props.providers[0]?.id;
  return (
    <>
      <section class="panel" aria-labelledby="contact-title">
        <h2 id="contact-title">Contact and address</h2>
        <p>{cart.email}</p>
        <address>
          {formatAddress(settings, cart.shippingAddress!).map((l) => (
            <>
              {l}
              <br />
            </>
          ))}
        </address>
        <p>
          <a href="/checkout?edit=1">Change</a>
        </p>
      </section>
      <form method="post" action="/checkout/details" class="panel" data-autosubmit>
        <Csrf token={props.csrf} />
        <fieldset style="border:0;padding:0;margin:0">
          <legend>
            <h2 style="margin:0 0 .5rem">Shipping method</h2>
          </legend>
          {cart.shippingOptions.map((o) => (
            <label class="choice">
              <input type="radio" name="shipping_method" value={o.id} checked={cart.shippingMethod?.id === o.id} />
              <span>
                <strong>{o.name}</strong> — {o.amount === 0 ? 'Free' : m(o.amount)}
                {o.amount === 0 && o.regularAmount > 0 ? <span class="muted"> (was {m(o.regularAmount)})</span> : null}
                <br />
                <span class="muted">
                  {o.description}
                  {o.freeAbove !== null && o.amount > 0 ? ` · free from ${m(o.freeAbove)}` : ''}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {e.shipping_method ? <p class="err">{e.shipping_method}</p> : null}
        <button type="submit" class="secondary">
          Update shipping method
        </button>
      </form>
      <form method="post" action="/checkout/place" class="panel" data-submit-once>
        <Csrf token={props.csrf} />
        <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        <input type="hidden" name="expected_total" value={String(cart.totals.total)} />
        <fieldset style="border:0;padding:0;margin:0">
          <legend>
            <h2 style="margin:0 0 .5rem">Payment</h2>
          </legend>
          {props.providers.map((p) => (
            <label class="choice">
              <input type="radio" name="payment_provider" value={p.id} checked={p.id === provider} />
              <span>
                <strong>{p.label}</strong>
                {p.id === 'manual' ? <span class="muted"> — we email you the bank details; we ship when the payment arrives</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        {e.payment_provider ? <p class="err">{e.payment_provider}</p> : null}
        {props.providers.some((p) => p.requiresCard) ? (
          <Field
            name="card_number"
            label="Card number (card payments)"
            autocomplete="cc-number"
            inputmode="numeric"
            error={e.card_number}
            hint={props.testMode ? 'Test mode: 4242 4242 4242 4242 is approved, 4000 0000 0000 0002 declined, 4000 0000 0000 0408 times out.' : undefined}
          />
        ) : null}
        <div class="actions">
          <button type="submit">Place order · {m(cart.totals.total)}</button>
        </div>
        <p class="hint">By placing your order you agree to pay the total shown.</p>
      </form>
    </>
  );
}

export function CheckoutPage(props: CheckoutPageProps) {
  const { cart } = props;
  return (
    <Layout title="Checkout" description="Checkout" nav={props.nav} currency={cart.currency} noindex styles={COMMERCE_CSS} scripts={[COMMERCE_SCRIPT]}>
      <h1>Checkout</h1>
      <Alert messages={props.general} />
      <div class="summary">
        <div>{props.step === 'details' ? <DetailsForm {...props} /> : <ReviewForms {...props} />}</div>
        <aside class="panel" aria-labelledby="order-summary">
          <h2 id="order-summary">Order summary</h2>
          <ul style="list-style:none;padding:0;margin:0 0 1rem">
            {cart.lines.map((l) => (
              <li style="display:flex;justify-content:space-between;gap:1rem;padding:.25rem 0">
                <span>
                  {l.quantity} × {l.productTitle}
                  {l.variantTitle && l.variantTitle !== 'Default' ? <span class="muted"> ({l.variantTitle})</span> : null}
                  {l.issue ? <span class="issue"> — {l.issue.message}</span> : null}
                </span>
                <span>{fmt(l.subtotal, cart.currency)}</span>
              </li>
            ))}
          </ul>
          <Totals cart={cart} final={props.step === 'review'} />
          <p>
            <a href="/cart">Edit cart</a>
          </p>
        </aside>
      </div>
    </Layout>
  );
}
