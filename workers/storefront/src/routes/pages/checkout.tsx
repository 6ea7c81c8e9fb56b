/**
 * Checkout pages: details (email + address) → review (shipping method,
 * payment, place order) → the order page. Every form carries the CSRF token;
 * "Place order" also carries a per-render Idempotency-Key (a double click or
 * a resubmitted form places one order) and the total shown.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { csrfToken, originCheck, requireCsrfToken } from '../../../../../edge/csrf';
import { customerSession } from '../../accounts/middleware';
import { htmlProblems } from '../../commerce/html-errors';
import { formFields, htmlPage, navigation, seeOther } from '../../commerce/html';
import { privateNoStore } from '../../commerce/private';
import { ProblemError } from '../../commerce/problems';
import { shopSettings } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { clearCartCookie, readCartId } from '../../cart/id';
import { address as addressSchema, email as emailSchema } from '../../cart/schemas';
import { cartStore, customerIdOf, findCart, updateDetails } from '../../cart/service';
import type { VersionedCart } from '../../cart/store';
import { priceCartView } from '../../cart/view';
import { cardNumber, IDEMPOTENCY_KEY } from '../../checkout/schemas';
import { enabledProviders } from '../../payments/registry';
import { listAddresses } from '../../../../../db/queries/customer-addresses';
import type { Db } from '../../../../../db/client';
import { toOrderAddress } from '../../accounts/inputs';
import { CheckoutPage, type CheckoutValues } from '../../views/checkout';
import { CheckoutProcessingPage } from '../../views/order';
import { runCheckout } from '../api/checkout';

interface RenderOpts {
  status?: number;
  step?: 'details' | 'review';
  values?: CheckoutValues;
  errors?: Record<string, string>;
  general?: string[];
  idempotencyKey?: string;
}

function valuesFromCart(vc: VersionedCart): CheckoutValues {
  const a = vc.cart.shippingAddress;
  return { email: vc.cart.email ?? '', ...(a ? { ...a } : {}) };
}

/** A signed-in customer starts from their account: email and default saved address. */
async function customerDefaults(c: Context<AppEnv>, db: Db, vc: VersionedCart): Promise<CheckoutValues | null> {
  const customer = c.get('customer');
  if (!customer || (vc.cart.email && vc.cart.shippingAddress)) return null;
  const saved = vc.cart.shippingAddress ? null : (await listAddresses(db, customer.id))[0];
  return { ...valuesFromCart(vc), email: vc.cart.email ?? customer.email, ...(saved ? toOrderAddress(saved) : {}) };
}

async function renderCheckout(c: Context<AppEnv>, vc: VersionedCart, opts: RenderOpts = {}): Promise<Response> {
  const [nav, [priced, defaults]] = await Promise.all([
    navigation(c),
    Promise.all([priceCartView(c.var.db.db, vc.cart, { customerId: customerIdOf(c) }), opts.values ? null : customerDefaults(c, c.var.db.db, vc)]),
  ]);
  const view = priced.view;
  const complete = !!(view.email && view.shippingAddress);
  const providers = enabledProviders(c.env).map((p) => ({ id: p.id, label: p.label, requiresCard: p.requiresCard }));
  return htmlPage(
    c,
    <CheckoutPage
      cart={view}
      settings={shopSettings}
      csrf={csrfToken(c)}
      idempotencyKey={opts.idempotencyKey ?? crypto.randomUUID()}
      nav={nav}
      step={opts.step ?? (complete && c.req.query('edit') !== '1' ? 'review' : 'details')}
      values={opts.values ?? defaults ?? valuesFromCart(vc)}
      errors={opts.errors ?? {}}
      general={opts.general ?? []}
      providers={providers}
      testMode={providers.some((p) => p.id === 'test')}
    />,
    opts.status ?? 200,
  );
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'phone'] as const;

async function cartForCheckout(c: Context<AppEnv>): Promise<VersionedCart | null> {
  const vc = await findCart(c, cartStore(c));
  return vc && vc.cart.lines.length > 0 ? vc : null;
}

/** Mounted at /checkout. */
export const checkoutPages = new Hono<AppEnv>()
  .use('*', originCheck(), customerSession({ allowBearer: false }), privateNoStore(), htmlProblems(), requireCsrfToken())

  .get('/', async (c) => {
    const vc = await cartForCheckout(c);
    if (!vc) return seeOther(c, '/cart');
    return renderCheckout(c, vc);
  })

  // step 1 (email + address) and the shipping-method form of step 2
  .post('/details', async (c) => {
    const store = cartStore(c);
    const vc = await cartForCheckout(c);
    if (!vc) return seeOther(c, '/cart');
    const f = await formFields(c);
    if (f.shipping_method !== undefined && f.email === undefined) {
      try {
        await updateDetails(c, c.var.db.db, store, vc, { shippingMethod: f.shipping_method });
      } catch (err) {
        if (err instanceof ProblemError && err.problem.status < 500) return renderCheckout(c, vc, { status: err.problem.status, errors: { shipping_method: err.problem.detail } });
        throw err;
      }
      return seeOther(c, '/checkout');
    }
    const values: CheckoutValues = { email: f.email, ...Object.fromEntries(ADDRESS_FIELDS.map((k) => [k, f[k]])) };
    const errors: Record<string, string> = {};
    const email = emailSchema.safeParse(f.email ?? '');
    if (!email.success) errors.email = email.error.issues[0]!.message;
    const address = addressSchema.safeParse(Object.fromEntries(ADDRESS_FIELDS.map((k) => [k, f[k] ?? ''])));
    if (!address.success) {
      for (const i of address.error.issues) {
        const field = String(i.path[0] ?? 'general');
        errors[field] ??= i.message;
      }
    }
    if (!email.success || !address.success) {
      return renderCheckout(c, vc, { status: 422, step: 'details', values, errors, general: ['Please correct the fields marked below.'] });
    }
    await updateDetails(c, c.var.db.db, store, vc, { email: email.data, shippingAddress: address.data });
    return seeOther(c, '/checkout');
  })

  .post('/place', async (c) => {
    const store = cartStore(c);
    const f = await formFields(c);
    const vc = await findCart(c, store);
    const key = f.idempotency_key ?? '';
    if (!IDEMPOTENCY_KEY.test(key)) return vc ? renderCheckout(c, vc, { status: 400, general: ['The form has expired. Please review your order and try again.'] }) : seeOther(c, '/cart');
    const provider = f.payment_provider ?? '';
    const errors: Record<string, string> = {};
    const providerDef = enabledProviders(c.env).find((p) => p.id === provider);
    if (!providerDef) errors.payment_provider = 'Choose a payment method.';
    let card: { number: string } | undefined;
    if (providerDef?.requiresCard) {
      const n = cardNumber.safeParse(f.card_number ?? '');
      if (!n.success) errors.card_number = n.error.issues[0]!.message;
      else card = { number: n.data };
    }
    const expected = /^\d{1,15}$/.test(f.expected_total ?? '') ? Number(f.expected_total) : undefined;
    if (Object.keys(errors).length > 0) {
      if (!vc) return seeOther(c, '/cart');
      return renderCheckout(c, vc, { status: 422, step: 'review', errors, values: { ...valuesFromCart(vc), paymentProvider: provider }, idempotencyKey: key });
    }
    // the cart may be gone already (a resubmitted form after the order went through): its id still finds the replay
    const cartId = vc?.cart.id ?? readCartId(c).id;
    if (!cartId) return seeOther(c, '/cart');
    const body = { payment: { provider, ...(card ? { card } : {}) }, ...(expected !== undefined ? { expectedTotal: expected } : {}) };
    const attempt = async () => {
      try {
        return await runCheckout(c, { channel: 'page', cartId, store, body, idempotencyKey: key });
      } catch (err) {
        if (err instanceof ProblemError && err.problem.slug === 'idempotency-key-in-flight') return 'in_flight' as const;
        throw err;
      }
    };
    let result;
    try {
      result = await attempt();
      // a double submit: wait for the first request to finish, then show its outcome
      for (let i = 0; result === 'in_flight' && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 250));
        result = await attempt();
      }
    } catch (err) {
      if (err instanceof ProblemError && err.problem.status < 500 && vc) {
        return renderCheckout(c, vc, { status: err.problem.status, step: 'review', general: [err.problem.detail] });
      }
      throw err;
    }
    if (result === 'in_flight') return htmlPage(c, <CheckoutProcessingPage nav={await navigation(c)} />, 409);
    const stored = result.response;
    if (stored.status === 201) {
      clearCartCookie(c);
      const order = JSON.parse(stored.body) as { links: { confirmation: string } };
      return seeOther(c, order.links.confirmation);
    }
    const problem = JSON.parse(stored.body) as { detail?: string };
    if (!vc) return seeOther(c, '/cart');
    return renderCheckout(c, vc, { status: stored.status, step: 'review', general: [problem.detail ?? 'The order could not be placed.'] });
  });
