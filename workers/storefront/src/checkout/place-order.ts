/**
 * Checkout: a cart becomes an order. An explicit workflow (as in Medusa)
 * whose steps and compensations are spelled out:
 *
 *   1. Idempotency-Key: replay / 422 / 409, or start (resume after a crash);
 *      then the cart is read and the inputs resolved (a failure releases the key)
 *   2. ONE Postgres transaction: lock the variants' inventory rows in id
 *      order, re-read prices and stock, take the units off stock
 *      (conditional update), lock and re-check the discount code, price the
 *      order (domain/pricing), insert the order, its line snapshots and a
 *      pending payment, count the discount use against its limit, write the
 *      outbox events, record the recovery point — and for offline payment
 *      (manual) the order.placed event and the replayable response too.
 *      Any failure rolls everything back (compensation: release the key).
 *   3. card payment, outside any transaction and under a deadline; then a
 *      second transaction records the outcome: paid + order.placed, or — on
 *      decline / timeout — the compensation: order cancelled, stock and
 *      discount use given back. Either way the response is stored with it.
 *   4. after commit: publish the transaction's outbox rows now (waitUntil);
 *      the jobs worker's relay publishes whatever this misses.
 */
import type { DbHandle } from '../../../../db/client';
import { decrementStock, insertOrder, insertPayment, lockVariants, redeemDiscount, sumByVariant, type LockedVariant } from '../../../../db/queries/checkout';
import { countDiscountUses, findDiscountByCode } from '../../../../db/queries/discounts';
import { attachOrder, beginIdempotent, completeIdempotent, releaseIdempotent, type IdempotencyRef, type StoredResponse } from '../../../../db/queries/idempotency';
import { getOrder } from '../../../../db/queries/orders';
import type { Address } from '../../../../domain/address';
import type { Cart } from '../../../../domain/cart/cart';
import { assessLine } from '../../../../domain/cart/lines';
import { priceCart } from '../../../../domain/pricing';
import { enqueueOutbox, relayOutbox, type QueueRoutes } from '../../../../queues/outbox-relay';
import { enqueueStockDisplayChanges, recordPaymentFailure, recordPaymentSuccess } from '../../../../queues/orders/lifecycle';
import { dbUnavailable, isConnectionError, pgCode, pgConstraint, safeErrorText } from '../commerce/db';
import { fail, invalid, problemOf, ProblemError, type CommerceProblem } from '../commerce/problems';
import { shopSettings } from '../commerce/settings';
import { cartHash } from '../cart/id';
import { PaymentTimeoutError, withDeadline, type AuthorizeResult, type PaymentProvider } from '../payments/provider';
import { IDEMPOTENCY_STALE_SECONDS, IDEMPOTENCY_TTL_SECONDS, idempotencyScope, requestFingerprint } from './idempotency';
import {
  cartAlreadyOrdered,
  discountNotApplicable,
  emptyCart,
  insufficientStock,
  keyInFlight,
  keyReused,
  lineOf,
  paymentDeclined,
  paymentTimeout,
  priceChanged,
  shippingUnavailable,
  unavailableItems,
} from './problems';
import { orderJson } from './representation';
import type { CheckoutBody } from './schemas';

export interface CheckoutRequest {
  channel: 'api' | 'page';
  cartId: string;
  /** read only once the key is known to be new: a replay works after the cart is gone */
  loadCart: () => Promise<Cart>;
  body: CheckoutBody;
  idempotencyKey: string;
  customerId: string | null;
  /** storefront origin, for links in the confirmation */
  origin: string;
}

export interface CheckoutDeps {
  db: DbHandle;
  provider: PaymentProvider;
  orderLinkSecret: string;
  /** null: leave publishing to the jobs worker's outbox relay (local dev: queues are per process) */
  queues: QueueRoutes | null;
  paymentTimeoutMs: number;
  waitUntil: (p: Promise<unknown>) => void;
  log: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

export interface CheckoutResult {
  response: StoredResponse;
  replayed: boolean;
  /** an order was placed by this request or the one replayed: the cart is used up */
  placed: boolean;
  orderId: string | null;
}

interface ResolvedInputs {
  email: string;
  address: Address;
  shippingRateId: string;
  card: { number: string } | undefined;
}

/** Step 0: everything the order needs, from the body or else the cart. */
function resolveInputs(req: CheckoutRequest, cart: Cart, provider: PaymentProvider): ResolvedInputs {
  if (cart.lines.length === 0) fail(emptyCart());
  const email = req.body.email ?? cart.email;
  const address = req.body.shippingAddress ?? cart.shippingAddress;
  const shippingRateId = req.body.shippingMethod ?? cart.shippingRateId;
  const missing = [
    ...(email ? [] : [{ path: 'body.email', message: 'An email address is required.', code: 'required' }]),
    ...(address ? [] : [{ path: 'body.shippingAddress', message: 'A shipping address is required.', code: 'required' }]),
    ...(shippingRateId ? [] : [{ path: 'body.shippingMethod', message: 'Choose a shipping method.', code: 'required' }]),
  ];
  if (provider.requiresCard && !req.body.payment.card) missing.push({ path: 'body.payment.card.number', message: 'Enter a card number.', code: 'required' });
  if (!provider.requiresCard && req.body.payment.card) missing.push({ path: 'body.payment.card', message: `${provider.label} takes no card.`, code: 'unexpected' });
  if (missing.length > 0) invalid('Some checkout details are missing.', missing);
  return { email: email!, address: address!, shippingRateId: shippingRateId!, card: req.body.payment.card };
}

const json = (status: number, body: unknown, extra: Record<string, string> = {}): StoredResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...extra },
  body: JSON.stringify(body),
});

async function storedProblem(p: CommerceProblem): Promise<StoredResponse> {
  const r = problemOf(p);
  return { status: p.status, headers: { 'content-type': r.headers.get('content-type')! }, body: await r.text() };
}

async function placedResponse(tx: Parameters<typeof getOrder>[0], orderId: string, secret: string): Promise<StoredResponse> {
  const order = await getOrder(tx, orderId);
  if (!order) throw new Error('order vanished inside its own transaction');
  const body = await orderJson(order, secret);
  return json(201, body, { location: body.links.self });
}

interface Created {
  orderId: string;
  orderNumber: number;
  paymentId: string;
  amount: number;
  currency: Cart['currency'];
  outboxIds: number[];
  /** set for offline payment: the order is placed already */
  response: StoredResponse | null;
}

/** Step 2: the one transaction. Throws ProblemError (rolled back) when the order cannot be placed. */
async function createOrder(deps: CheckoutDeps, req: CheckoutRequest & { cart: Cart }, inputs: ResolvedInputs, ref: IdempotencyRef, hash: string): Promise<Created> {
  return deps.db.db.transaction(async (tx) => {
    const wanted = sumByVariant(req.cart.lines);
    const locked = await lockVariants(tx, wanted.map((l) => l.variantId), req.cart.currency);
    const byId = new Map<string, LockedVariant>(locked.map((v) => [v.variantId, v]));

    const assessed = wanted.map((l) => assessLine(l.variantId, l.quantity, byId.get(l.variantId)));
    const unavailable = assessed.filter((a) => a.issue?.code === 'unavailable');
    if (unavailable.length > 0) fail(unavailableItems(unavailable.map((a) => lineOf(a.variantId, a.quantity, byId.get(a.variantId)))));
    const short = assessed.filter((a) => a.issue?.code === 'insufficient_stock');
    if (short.length > 0) fail(insufficientStock(short.map((a) => lineOf(a.variantId, a.quantity, byId.get(a.variantId)))));

    // the conditional update: cannot oversell even if the check above were wrong
    const lacking = await decrementStock(tx, wanted);
    if (lacking.length > 0) fail(insufficientStock(lacking.map((id) => lineOf(id, wanted.find((w) => w.variantId === id)!.quantity, byId.get(id)))));

    // the discount row is locked after the inventory rows (same order everywhere: no deadlocks)
    const code = req.cart.discountCode;
    const rule = code ? await findDiscountByCode(tx, code, { forUpdate: true }) : null;
    if (code && !rule) fail(discountNotApplicable(code, 'not_found'));
    const uses = rule && rule.perCustomerLimit !== null ? await countDiscountUses(tx, rule.id, { customerId: req.customerId, email: inputs.email }) : 0;

    const pricing = priceCart({
      currency: req.cart.currency,
      settings: shopSettings,
      lines: req.cart.lines.map((l) => {
        const v = byId.get(l.variantId)!;
        return { key: l.variantId, unitPrice: v.price!, quantity: l.quantity, weightGrams: v.weightGrams };
      }),
      discount: rule,
      discountCustomerUses: uses,
      now: new Date(),
      destination: { country: inputs.address.country, region: inputs.address.region },
      shippingRateId: inputs.shippingRateId,
    });
    if (code && pricing.discountRejection) fail(discountNotApplicable(code, pricing.discountRejection));
    if (!pricing.shippingOption) fail(shippingUnavailable());
    const t = pricing.totals;
    if (req.body.expectedTotal !== undefined && req.body.expectedTotal !== t.total) fail(priceChanged(req.body.expectedTotal, t));

    const orderId = crypto.randomUUID();
    const offline = !deps.provider.requiresCard;
    const { number } = await insertOrder(
      tx,
      {
        id: orderId,
        status: 'pending_payment',
        cartHash: hash,
        customerId: req.customerId,
        email: inputs.email,
        currency: req.cart.currency,
        taxIncluded: t.taxIncluded,
        subtotal: t.subtotal,
        discountTotal: t.discount,
        shippingTotal: t.shipping,
        shippingDiscount: t.shippingDiscount,
        taxTotal: t.tax,
        grandTotal: t.total,
        discountId: rule?.id ?? null,
        discountCode: pricing.appliedDiscount ? pricing.appliedDiscount.code : null,
        shippingAddress: inputs.address,
        shippingMethod: { id: pricing.shippingOption.id, name: pricing.shippingOption.name, description: pricing.shippingOption.description },
        paymentProvider: deps.provider.id,
        paid: false,
      },
      pricing.lines.map((pl) => {
        const v = byId.get(pl.key)!;
        return {
          variantId: v.variantId,
          productId: v.productId,
          productHandle: v.productHandle,
          productTitle: v.productTitle,
          variantTitle: v.variantTitle,
          sku: v.sku,
          quantity: pl.quantity,
          unitPrice: pl.unitPrice,
          subtotal: pl.subtotal,
          discount: pl.discount,
          tax: pl.tax,
          total: pl.total,
          weightGrams: v.weightGrams,
        };
      }),
    );
    if (pricing.appliedDiscount) {
      const counted = await redeemDiscount(tx, {
        discountId: pricing.appliedDiscount.id,
        orderId,
        customerId: req.customerId,
        email: inputs.email,
      });
      if (!counted) fail(discountNotApplicable(pricing.appliedDiscount.code, 'exhausted'));
    }
    const paymentId = await insertPayment(tx, {
      orderId,
      provider: deps.provider.id,
      status: 'pending',
      amount: t.total,
      currency: req.cart.currency,
      providerReference: null,
      cardLast4: inputs.card ? inputs.card.number.slice(-4) : null,
    });
    await attachOrder(tx, ref, orderId);
    const outboxIds = await enqueueStockDisplayChanges(
      tx,
      wanted.map((w) => {
        const v = byId.get(w.variantId)!;
        return { productId: v.productId, before: v.available, after: v.available - w.quantity };
      }),
    );
    let response: StoredResponse | null = null;
    if (offline) {
      outboxIds.push(await enqueueOutbox(tx, 'order.placed', { orderId, origin: req.origin }));
      response = await placedResponse(tx, orderId, deps.orderLinkSecret);
      await completeIdempotent(tx, ref, response, orderId);
    }
    return { orderId, orderNumber: number, paymentId, amount: t.total, currency: req.cart.currency, outboxIds, response };
  });
}

/** Step 3: the card payment and its recorded outcome (success, or the compensation). */
async function settlePayment(
  deps: CheckoutDeps,
  req: CheckoutRequest,
  ref: IdempotencyRef,
  o: { orderId: string; orderNumber: number; paymentId: string; amount: number; currency: Cart['currency'] },
  card: { number: string } | undefined,
): Promise<{ response: StoredResponse; outboxIds: number[]; placed: boolean }> {
  const provider = deps.provider;
  let outcome: AuthorizeResult | { status: 'timeout' };
  try {
    outcome = await withDeadline(deps.paymentTimeoutMs, (signal) =>
      provider.authorize({ paymentId: o.paymentId, orderId: o.orderId, amount: o.amount, currency: o.currency, card, signal }),
    );
    if (outcome.status === 'authorized') {
      const reference = outcome.reference;
      const captured = await withDeadline(deps.paymentTimeoutMs, (signal) => provider.capture({ paymentId: o.paymentId, reference, amount: o.amount, currency: o.currency, signal }));
      if (!captured.ok) outcome = { status: 'declined', code: captured.code, message: 'The payment could not be captured.' };
    }
  } catch (err) {
    if (!(err instanceof PaymentTimeoutError)) deps.log('warn', 'payment provider error', { provider: provider.id, error: safeErrorText(err) });
    outcome = { status: 'timeout' };
  }

  if (outcome.status === 'timeout') {
    // the outcome is unknown: void whatever the provider may have done, then give everything back
    await withDeadline(deps.paymentTimeoutMs, (signal) => provider.void({ paymentId: o.paymentId, reference: null, signal })).catch((err) =>
      deps.log('error', 'payment void failed after timeout', { provider: provider.id, orderId: o.orderId, error: safeErrorText(err) }),
    );
  }

  return deps.db.db.transaction(async (tx) => {
    if (outcome.status === 'authorized' || outcome.status === 'awaiting_payment') {
      const outboxIds = await recordPaymentSuccess(tx, o.orderId, { providerReference: outcome.reference, origin: req.origin });
      const response = await placedResponse(tx, o.orderId, deps.orderLinkSecret);
      await completeIdempotent(tx, ref, response, o.orderId);
      return { response, outboxIds, placed: true };
    }
    const failure = outcome.status === 'timeout' ? paymentTimeout(o.orderNumber) : paymentDeclined(outcome.code, outcome.message, o.orderNumber);
    const outboxIds = await recordPaymentFailure(tx, o.orderId, { failureCode: outcome.status === 'timeout' ? 'timeout' : outcome.code, voided: outcome.status === 'timeout' });
    const response = await storedProblem(failure);
    await completeIdempotent(tx, ref, response, o.orderId);
    return { response, outboxIds, placed: false };
  });
}

/** A takeover of a dead request that had created its order: finish it from where it stopped. */
async function resume(deps: CheckoutDeps, req: CheckoutRequest, ref: IdempotencyRef, orderId: string, card: { number: string } | undefined): Promise<CheckoutResult> {
  const order = await getOrder(deps.db.db, orderId);
  if (!order) throw new Error('recovery point names a missing order');
  if (order.status === 'pending_payment' && deps.provider.requiresCard && order.payment?.status === 'pending') {
    const r = await settlePayment(deps, req, ref, { orderId, orderNumber: order.number, paymentId: order.payment.id, amount: order.grandTotal, currency: order.currency }, card);
    publishAfterCommit(deps, r.outboxIds);
    return { response: r.response, replayed: false, placed: r.placed, orderId };
  }
  const placed = order.status !== 'cancelled';
  const response = placed
    ? await placedResponse(deps.db.db, orderId, deps.orderLinkSecret)
    : await storedProblem(paymentDeclined(order.payment?.failureCode ?? 'payment_failed', 'The payment did not go through.', order.number));
  await completeIdempotent(deps.db.db, ref, response, orderId);
  return { response, replayed: false, placed, orderId };
}

function publishAfterCommit(deps: CheckoutDeps, ids: number[]): void {
  const queues = deps.queues;
  if (ids.length === 0 || !queues) return;
  deps.waitUntil(
    relayOutbox(deps.db.db, queues, { ids }).catch((err) =>
      deps.log('warn', 'immediate outbox publish failed; the relay will retry', { error: safeErrorText(err), rows: ids.length }),
    ),
  );
}

export async function placeOrder(deps: CheckoutDeps, req: CheckoutRequest): Promise<CheckoutResult> {
  const hash = await cartHash(req.cartId);
  const ref: IdempotencyRef = { scope: idempotencyScope(req.customerId, hash), key: req.idempotencyKey };
  const fingerprint = await requestFingerprint(deps.orderLinkSecret, req.channel, ref.scope, req.body);

  let begun;
  try {
    begun = await beginIdempotent(deps.db.db, { ...ref, requestHash: fingerprint, ttlSeconds: IDEMPOTENCY_TTL_SECONDS, staleAfterSeconds: IDEMPOTENCY_STALE_SECONDS });
  } catch (err) {
    if (isConnectionError(err)) {
      deps.log('warn', 'checkout could not reach the database', { error: safeErrorText(err) });
      throw dbUnavailable();
    }
    throw err;
  }
  if (begun.kind === 'replay') return { response: begun.response, replayed: true, placed: begun.response.status === 201, orderId: null };
  if (begun.kind === 'mismatch') fail(keyReused());
  if (begun.kind === 'in_flight') fail(keyInFlight());

  let created: Created;
  let inputs: ResolvedInputs;
  try {
    if (begun.orderId) {
      // resuming a dead request's order: its cart may be gone, only the card is needed again
      return await resume(deps, req, ref, begun.orderId, req.body.payment.card);
    }
    const cart = await req.loadCart();
    inputs = resolveInputs(req, cart, deps.provider);
    created = await createOrder(deps, { ...req, cart }, inputs, ref, hash);
  } catch (err) {
    if (begun.orderId) {
      if (isConnectionError(err)) throw dbUnavailable();
      throw err;
    }
    // nothing was committed: forget the key so a retry runs again
    await releaseIdempotent(deps.db.db, ref).catch((e) =>
      deps.log('warn', 'could not release idempotency key (it goes stale)', { error: safeErrorText(e) }),
    );
    if (err instanceof ProblemError) throw err;
    if (pgCode(err) === '23505' && pgConstraint(err) === 'orders_live_cart_key') {
      fail(cartAlreadyOrdered());
    }
    if (isConnectionError(err)) {
      deps.log('warn', 'checkout transaction lost its database connection; rolled back', { error: safeErrorText(err) });
      throw dbUnavailable();
    }
    throw err;
  }

  if (created.response) {
    publishAfterCommit(deps, created.outboxIds);
    return { response: created.response, replayed: false, placed: true, orderId: created.orderId };
  }
  publishAfterCommit(deps, created.outboxIds);
  try {
    const settled = await settlePayment(deps, req, ref, created, inputs.card);
    publishAfterCommit(deps, settled.outboxIds);
    return { response: settled.response, replayed: false, placed: settled.placed, orderId: created.orderId };
  } catch (err) {
    if (isConnectionError(err)) {
      // the order exists awaiting its payment outcome; the key stays in flight and a retry resumes it
      deps.log('error', 'could not record the payment outcome', { orderId: created.orderId, error: safeErrorText(err) });
      throw dbUnavailable();
    }
    throw err;
  }
}
