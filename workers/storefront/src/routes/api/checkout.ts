/**
 * POST /api/v1/checkout: the cart (Cart-Id header or cookie) becomes an
 * order. Requires an Idempotency-Key header; see checkout/place-order.ts.
 */
import { directOutboxQueues } from '../../checkout/outbox-queues';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { log } from '../../../../../edge/request-context';
import { readJson } from '../../commerce/body';
import { originCheck } from '../../../../../edge/csrf';
import { customerSession } from '../../accounts/middleware';
import { privateNoStore } from '../../commerce/private';
import { fail, parseOr422 } from '../../commerce/problems';
import { orderLinkSecret } from '../../commerce/secrets';
import { requestOrigin } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { cartStore, customerIdOf, guardStore, requestCartId, requireCart } from '../../cart/service';
import type { CartStore } from '../../cart/store';
import { REPLAYED_HEADER } from '../../checkout/idempotency';
import { missingKey } from '../../checkout/problems';
import { placeOrder, type CheckoutResult } from '../../checkout/place-order';
import { checkoutBody, IDEMPOTENCY_KEY, type CheckoutBody } from '../../checkout/schemas';
import { enabledProviders, paymentTimeoutMs, providerById } from '../../payments/registry';

/** Runs the checkout workflow (three HTTP round trips to the database on the happy path; see checkout/place-order.ts). */
export async function runCheckout(
  c: Context<AppEnv>,
  input: { channel: 'api' | 'page'; cartId: string; store: CartStore; body: CheckoutBody; idempotencyKey: string },
): Promise<CheckoutResult> {
  const provider = providerById(c.env, input.body.payment.provider);
  if (!provider) {
    const offered = enabledProviders(c.env).map((p) => p.id);
    fail({
      status: 422,
      slug: 'payment-provider-unavailable',
      title: 'Payment method unavailable',
      detail: `Choose one of: ${offered.join(', ')}.`,
      errors: [{ path: 'body.payment.provider', message: `must be one of ${offered.join(', ')}`, code: 'invalid_value' }],
    });
  }
  const secret = orderLinkSecret(c);
  const result = await placeOrder(
      {
        db: c.var.db,
        provider,
        orderLinkSecret: secret,
        queues: directOutboxQueues(c.env),
        paymentTimeoutMs: paymentTimeoutMs(c.env),
        waitUntil: (p) => c.executionCtx.waitUntil(p),
        log: (level, msg, fields) => log(c, level, msg, fields),
      },
      {
        channel: input.channel,
        cartId: input.cartId,
        loadCart: async () => (await requireCart(c, input.store)).cart,
        body: input.body,
        idempotencyKey: input.idempotencyKey,
        customerId: customerIdOf(c),
        origin: requestOrigin(c),
      },
    );
  // the cart is used up only by an order of this very cart (a replay never names another cart: the cart is in the key's fingerprint)
  if (result.placed) c.executionCtx.waitUntil(guardStore(() => input.store.delete(input.cartId)).catch(() => {}));
  return result;
}

/** Mounted at /api/v1/checkout. */
export const checkoutApi = new Hono<AppEnv>().use('*', originCheck(), customerSession({ allowBearer: true }), privateNoStore()).post('/', async (c) => {
  const key = c.req.header('idempotency-key');
  if (!key) fail(missingKey());
  if (!IDEMPOTENCY_KEY.test(key)) {
    fail({ ...missingKey(), slug: 'idempotency-key-invalid', title: 'Idempotency-Key invalid', errors: [{ path: 'header.Idempotency-Key', message: '8–255 characters: letters, digits, _ . : -', code: 'invalid_format' }] });
  }
  const body = parseOr422(checkoutBody, await readJson(c), 'body');
  const store = cartStore(c);
  const result = await runCheckout(c, { channel: 'api', cartId: requestCartId(c), store, body, idempotencyKey: key });
  const headers = new Headers(result.response.headers);
  if (result.replayed) headers.set(REPLAYED_HEADER, 'true');
  return new Response(result.response.body, { status: result.response.status, headers });
});
