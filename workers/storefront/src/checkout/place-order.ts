/**
 * Checkout: a cart becomes an order. An explicit workflow (as in Medusa)
 * whose steps and compensations are spelled out, in at most three database
 * round trips on the happy path (Neon's HTTP transport: no connection to open;
 * the statements are in db/queries/checkout.ts):
 *
 *   0. the cart (Redis) and the inputs resolved from it and the body;
 *   1. READ, one batch: the Idempotency-Key's record (replay / 422 / 409 /
 *      takeover of a dead request), live prices and stock, the discount code
 *      and its uses, an order number and the database's clock. The order is
 *      priced here (domain/pricing), outside any transaction;
 *   2. PLACE, one batch = one transaction: claim the key, check the prices
 *      are still those priced from, take the units off stock (conditional,
 *      raising when short), count the discount use, insert the order, its
 *      lines, the pending payment and the outbox rows — and for offline
 *      payment (manual) order.placed and the replayable response too. Any
 *      failure rolls all of it back (nothing to compensate);
 *   3. card payment, outside any transaction and under a deadline; then one
 *      batch records the outcome: paid + order.placed, or — on decline /
 *      timeout — the compensation: order cancelled, stock and discount use
 *      given back. Either way the response is stored with it.
 *   4. after commit: publish the batches' outbox rows now (waitUntil); the
 *      jobs worker's relay publishes whatever this misses.
 *
 * The response is built once, from what the workflow holds (no read-back),
 * and stored as the key's replayable response in the same transaction that
 * makes it true.
 */
import type { Database } from '../../../../db/client';
import { DatabaseUnavailableError, pgFields, raisedGuard, safeErrorText, toDatabaseError } from '../../../../db/errors';
import {
  checkoutReadStatements,
  completeKeyStatement,
  dropExpiredKey,
  keyRowStatement,
  outboxRowsOf,
  PUBLISH_LEASE_SECONDS,
  paidStatements,
  paymentFailedStatements,
  placeOrderStatements,
  sumByVariant,
  takeOverKey,
  toSnapshot,
  type CheckoutSnapshot,
  type CheckoutVariant,
  type KeyRow,
  type NewOrderLine,
  type WrittenOutboxRow,
} from '../../../../db/queries/checkout';
import type { StoredResponse } from '../../../../db/queries/idempotency';
import { getOrder, type OrderView } from '../../../../db/queries/orders';
import type { Address } from '../../../../domain/address';
import type { Cart } from '../../../../domain/cart/cart';
import { assessLine } from '../../../../domain/cart/lines';
import { LOW_STOCK_THRESHOLD } from '../../../../domain/order/stock';
import { priceCart } from '../../../../domain/pricing';
import { publishWritten, type QueueRoutes } from '../../../../queues/outbox-relay';
import { fail, invalid, problemParts, ProblemError } from '../commerce/problems';
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
  /** the cart; may fail with a 404 problem after the cart was used up (a replay still works then) */
  loadCart: () => Promise<Cart>;
  body: CheckoutBody;
  idempotencyKey: string;
  customerId: string | null;
  /** storefront origin, for links in the confirmation */
  origin: string;
}

export interface CheckoutDeps {
  db: Database;
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

interface KeyRef {
  scope: string;
  key: string;
  requestHash: string;
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

async function placedResponse(order: OrderView, secret: string): Promise<StoredResponse> {
  const body = await orderJson(order, secret);
  return { status: 201, headers: { 'content-type': 'application/json; charset=utf-8', location: body.links.self }, body: JSON.stringify(body) };
}

/** What an existing key record means for this request. */
function answerForKey(row: KeyRow, requestHash: string): CheckoutResult | 'expired' | 'takeover' {
  if (row.expired) return 'expired';
  if (row.requestHash !== requestHash) fail(keyReused());
  if (row.state === 'completed') {
    const response = { status: row.status!, headers: row.headers ?? {}, body: row.body! };
    return { response, replayed: true, placed: response.status === 201, orderId: row.orderId };
  }
  if (!row.stale) fail(keyInFlight());
  return 'takeover';
}

/** Sends the rows the batch wrote (leased to this request) right after commit; the cron relay sends what this misses. */
function publishAfterCommit(deps: CheckoutDeps, rows: WrittenOutboxRow[]): void {
  const queues = deps.queues;
  if (rows.length === 0 || !queues) return;
  deps.waitUntil(
    publishWritten(deps.db.db, queues, rows).catch((err) =>
      deps.log('warn', 'immediate outbox publish failed; the relay will retry', { error: safeErrorText(err), rows: rows.length }),
    ),
  );
}

/** A database failure of the workflow, as the shopper must see it: 503 + Retry-After (nothing changed) or the error itself, without query text. */
function dbFailure(deps: CheckoutDeps, err: unknown, msg: string): never {
  const e = toDatabaseError(err);
  if (e instanceof DatabaseUnavailableError) deps.log('warn', msg, { error: e.reason });
  throw e;
}

interface Placed {
  order: OrderView;
  outbox: WrittenOutboxRow[];
  response: StoredResponse | null;
}

/** Steps 1 (pricing from the snapshot) and 2 (the placing batch). Throws ProblemError when the order cannot be placed. */
async function place(deps: CheckoutDeps, req: CheckoutRequest, cart: Cart, inputs: ResolvedInputs, ref: KeyRef, snap: CheckoutSnapshot, hash: string, takenOver: boolean): Promise<Placed> {
  const wanted = sumByVariant(cart.lines);
  const byId = new Map<string, CheckoutVariant>(snap.variants.map((v) => [v.variantId, v]));
  const assessed = wanted.map((l) => assessLine(l.variantId, l.quantity, byId.get(l.variantId)));
  const unavailableLines = assessed.filter((a) => a.issue?.code === 'unavailable');
  if (unavailableLines.length > 0) fail(unavailableItems(unavailableLines.map((a) => lineOf(a.variantId, a.quantity, byId.get(a.variantId)))));
  const short = assessed.filter((a) => a.issue?.code === 'insufficient_stock');
  if (short.length > 0) fail(insufficientStock(short.map((a) => lineOf(a.variantId, a.quantity, byId.get(a.variantId)))));

  const code = cart.discountCode;
  const rule = snap.discount;
  if (code && !rule) fail(discountNotApplicable(code, 'not_found'));
  const pricing = priceCart({
    currency: cart.currency,
    settings: shopSettings,
    lines: cart.lines.map((l) => {
      const v = byId.get(l.variantId)!;
      return { key: l.variantId, unitPrice: v.price!, quantity: l.quantity, weightGrams: v.weightGrams };
    }),
    discount: rule,
    discountCustomerUses: rule && rule.perCustomerLimit !== null ? snap.discountUses : 0,
    now: new Date(snap.now),
    destination: { country: inputs.address.country, region: inputs.address.region },
    shippingRateId: inputs.shippingRateId,
  });
  if (code && pricing.discountRejection) fail(discountNotApplicable(code, pricing.discountRejection));
  if (!pricing.shippingOption) fail(shippingUnavailable());
  const t = pricing.totals;
  if (req.body.expectedTotal !== undefined && req.body.expectedTotal !== t.total) fail(priceChanged(req.body.expectedTotal, t));

  const orderId = crypto.randomUUID();
  const paymentId = crypto.randomUUID();
  const lines: NewOrderLine[] = pricing.lines.map((pl) => {
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
  });
  const shippingMethod = { id: pricing.shippingOption.id, name: pricing.shippingOption.name, description: pricing.shippingOption.description };
  const cardLast4 = inputs.card ? inputs.card.number.slice(-4) : null;
  const order: OrderView = {
    id: orderId,
    number: snap.orderNumber,
    status: 'pending_payment',
    customerId: req.customerId,
    email: inputs.email,
    currency: cart.currency,
    taxIncluded: t.taxIncluded,
    subtotal: t.subtotal,
    discountTotal: t.discount,
    shippingTotal: t.shipping,
    shippingDiscount: t.shippingDiscount,
    taxTotal: t.tax,
    grandTotal: t.total,
    discountCode: pricing.appliedDiscount ? pricing.appliedDiscount.code : null,
    shippingAddress: inputs.address,
    shippingMethod,
    paymentProvider: deps.provider.id,
    placedAt: snap.now,
    paidAt: null,
    fulfilledAt: null,
    cancelledAt: null,
    refundedAt: null,
    lines: lines.map((l, position) => ({
      position,
      variantId: l.variantId,
      productHandle: l.productHandle,
      productTitle: l.productTitle,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      total: l.total,
    })),
    payment: { id: paymentId, provider: deps.provider.id, status: 'pending', amount: t.total, cardLast4, failureCode: null },
  };
  const offline = !deps.provider.requiresCard;
  const response = offline ? await placedResponse(order, deps.orderLinkSecret) : null;

  let results: Record<string, unknown>[][];
  try {
    results = await deps.db.batch(
      placeOrderStatements({
        scope: ref.scope,
        key: ref.key,
        requestHash: ref.requestHash,
        ttlSeconds: IDEMPOTENCY_TTL_SECONDS,
        keyTakenOver: takenOver,
        order: {
          id: orderId,
          number: order.number,
          placedAt: order.placedAt,
          cartHash: hash,
          customerId: order.customerId,
          email: order.email,
          currency: order.currency,
          taxIncluded: order.taxIncluded,
          subtotal: order.subtotal,
          discountTotal: order.discountTotal,
          shippingTotal: order.shippingTotal,
          shippingDiscount: order.shippingDiscount,
          taxTotal: order.taxTotal,
          grandTotal: order.grandTotal,
          discountId: rule?.id ?? null,
          discountCode: order.discountCode,
          shippingAddress: order.shippingAddress,
          shippingMethod,
          paymentProvider: order.paymentProvider,
        },
        lines,
        pricedFrom: wanted.map((w) => ({ variantId: w.variantId, price: byId.get(w.variantId)!.price! })),
        discount: pricing.appliedDiscount ? { id: pricing.appliedDiscount.id, perCustomerLimit: pricing.appliedDiscount.perCustomerLimit } : null,
        payment: { id: paymentId, cardLast4 },
        lowStockThreshold: LOW_STOCK_THRESHOLD,
        outboxLeaseSeconds: deps.queues ? PUBLISH_LEASE_SECONDS : 0,
        placed: response ? { response, origin: req.origin } : null,
      }),
    );
  } catch (err) {
    throw placingFailure(err, wanted, byId, pricing.appliedDiscount?.code ?? code ?? '');
  }
  return { order, outbox: outboxRowsOf(results), response };
}

/** Why the placing batch was refused (it rolled back whole): a problem for the shopper, a retry, or the error itself. */
function placingFailure(err: unknown, wanted: { variantId: string; quantity: number }[], byId: Map<string, CheckoutVariant>, code: string): unknown {
  const guard = raisedGuard(err);
  if (guard?.reason === 'insufficient_stock') {
    const lacking = new Set(guard.detail.split(',').filter(Boolean));
    const lines = wanted.filter((w) => lacking.has(w.variantId));
    // the stock read one round trip ago was higher: say what is left now as far as we know (0 when unknown)
    return new ProblemError(insufficientStock(lines.map((w) => ({ ...lineOf(w.variantId, w.quantity, byId.get(w.variantId)), available: 0 }))));
  }
  if (guard?.reason === 'discount_exhausted') return new ProblemError(discountNotApplicable(code, 'exhausted'));
  if (guard?.reason === 'discount_customer_limit') return new ProblemError(discountNotApplicable(code, 'customer_limit'));
  if (guard?.reason === 'catalog_changed' || guard?.reason === 'key_lost') return new RetryCheckout(guard.reason);
  const f = pgFields(err);
  if (f.code === '23505' && f.constraint === 'orders_live_cart_key') return new ProblemError(cartAlreadyOrdered());
  if (f.code === '23505' && f.constraint === 'idempotency_keys_scope_key_pk') return new RetryCheckout('key_claimed');
  return err;
}

/** The world moved between the read and the placing batch (a price changed, the key was claimed): run the workflow again. */
class RetryCheckout extends Error {
  override name = 'RetryCheckout';
}

/** Step 3: the card payment and its recorded outcome (success, or the compensation). */
async function settlePayment(deps: CheckoutDeps, req: CheckoutRequest, ref: KeyRef, order: OrderView, card: { number: string } | undefined): Promise<{ response: StoredResponse; outbox: WrittenOutboxRow[]; placed: boolean }> {
  const provider = deps.provider;
  const paymentId = order.payment!.id;
  let outcome: AuthorizeResult | { status: 'timeout' };
  try {
    outcome = await withDeadline(deps.paymentTimeoutMs, (signal) =>
      provider.authorize({ paymentId, orderId: order.id, amount: order.grandTotal, currency: order.currency, card, signal }),
    );
    if (outcome.status === 'authorized') {
      const reference = outcome.reference;
      const captured = await withDeadline(deps.paymentTimeoutMs, (signal) => provider.capture({ paymentId, reference, amount: order.grandTotal, currency: order.currency, signal }));
      if (!captured.ok) outcome = { status: 'declined', code: captured.code, message: 'The payment could not be captured.' };
    }
  } catch (err) {
    if (!(err instanceof PaymentTimeoutError)) deps.log('warn', 'payment provider error', { provider: provider.id, error: safeErrorText(err) });
    outcome = { status: 'timeout' };
  }

  if (outcome.status === 'timeout') {
    // the outcome is unknown: void whatever the provider may have done, then give everything back
    await withDeadline(deps.paymentTimeoutMs, (signal) => provider.void({ paymentId, reference: null, signal })).catch((err) =>
      deps.log('error', 'payment void failed after timeout', { provider: provider.id, orderId: order.id, error: safeErrorText(err) }),
    );
  }

  const settle = { scope: ref.scope, key: ref.key, orderId: order.id, paymentId, outboxLeaseSeconds: deps.queues ? PUBLISH_LEASE_SECONDS : 0 };
  if (outcome.status === 'authorized' || outcome.status === 'awaiting_payment') {
    const paidAt = new Date().toISOString();
    const paid: OrderView = { ...order, status: 'paid', paidAt, payment: { ...order.payment!, status: 'captured' } };
    const response = await placedResponse(paid, deps.orderLinkSecret);
    const results = await deps.db.batch(paidStatements({ ...settle, response, paidAt, providerReference: outcome.reference, origin: req.origin }));
    return { response, outbox: outboxRowsOf(results), placed: true };
  }
  const failure = outcome.status === 'timeout' ? paymentTimeout(order.number) : paymentDeclined(outcome.code, outcome.message, order.number);
  const response = problemParts(failure);
  const results = await deps.db.batch(
    paymentFailedStatements({
      ...settle,
      response,
      failureCode: outcome.status === 'timeout' ? 'timeout' : outcome.code,
      voided: outcome.status === 'timeout',
      lowStockThreshold: LOW_STOCK_THRESHOLD,
    }),
  );
  return { response, outbox: outboxRowsOf(results), placed: false };
}

/** A takeover of a dead request that had created its order: finish it from where it stopped. */
async function resume(deps: CheckoutDeps, req: CheckoutRequest, ref: KeyRef, orderId: string, card: { number: string } | undefined): Promise<CheckoutResult> {
  const order = await getOrder(deps.db.db, orderId);
  if (!order) throw new Error('recovery point names a missing order');
  if (order.status === 'pending_payment' && deps.provider.requiresCard && order.payment?.status === 'pending') {
    const r = await settlePayment(deps, req, ref, order, card);
    publishAfterCommit(deps, r.outbox);
    return { response: r.response, replayed: false, placed: r.placed, orderId };
  }
  const placed = order.status !== 'cancelled';
  const response = placed
    ? await placedResponse(order, deps.orderLinkSecret)
    : problemParts(paymentDeclined(order.payment?.failureCode ?? 'payment_failed', 'The payment did not go through.', order.number));
  // the outcome was recorded already (by the dead request or a webhook): only the key is completed
  await deps.db.batch([completeKeyStatement({ scope: ref.scope, key: ref.key, orderId, response })]);
  return { response, replayed: false, placed, orderId };
}

async function readSnapshot(deps: CheckoutDeps, req: CheckoutRequest, ref: KeyRef, cart: Cart | null, inputs: ResolvedInputs | null): Promise<CheckoutSnapshot> {
  try {
    if (!cart || !inputs) {
      const [row] = await deps.db.batch([keyRowStatement(ref.scope, ref.key, IDEMPOTENCY_STALE_SECONDS)], { readOnly: true });
      return { key: (row?.[0] as unknown as KeyRow | undefined) ?? null, variants: [], discount: null, discountUses: 0, orderNumber: 0, now: '' };
    }
    const rows = await deps.db.batch(
      checkoutReadStatements({
        scope: ref.scope,
        key: ref.key,
        staleAfterSeconds: IDEMPOTENCY_STALE_SECONDS,
        variantIds: cart.lines.map((l) => l.variantId),
        currency: cart.currency,
        discountCode: cart.discountCode,
        customerId: req.customerId,
        email: inputs.email,
      }),
    );
    return toSnapshot(rows);
  } catch (err) {
    return dbFailure(deps, err, 'checkout could not reach the database');
  }
}

export async function placeOrder(deps: CheckoutDeps, req: CheckoutRequest): Promise<CheckoutResult> {
  const hash = await cartHash(req.cartId);
  const scope = idempotencyScope(req.customerId, hash);
  // the cart is part of the fingerprint: a key reused on another cart (same customer scope) is refused, never replayed
  const ref: KeyRef = {
    scope,
    key: req.idempotencyKey,
    requestHash: await requestFingerprint(deps.orderLinkSecret, req.channel, scope, { cart: hash, body: req.body }),
  };

  for (let attempt = 0; ; attempt++) {
    // step 0: the cart; when it is gone, the key's record may still answer (a replay after the order used the cart up)
    let cart: Cart | null = null;
    let cartError: unknown;
    try {
      cart = await req.loadCart();
    } catch (err) {
      cartError = err;
    }
    const inputs = cart ? resolveInputs(req, cart, deps.provider) : null;
    const snap = await readSnapshot(deps, req, ref, cart, inputs);

    let takenOver = false;
    if (snap.key) {
      const answer = answerForKey(snap.key, ref.requestHash);
      if (answer === 'expired') {
        await dropExpiredKey(deps.db.db, ref.scope, ref.key).catch((err) => dbFailure(deps, err, 'could not drop an expired key'));
        if (attempt < 2) continue;
        fail(keyInFlight());
      }
      if (answer !== 'takeover') return answer;
      const took = await takeOverKey(deps.db.db, ref.scope, ref.key, snap.key.lockedAt).catch((err) => dbFailure(deps, err, 'key takeover failed'));
      if (!took) fail(keyInFlight());
      if (snap.key.orderId) {
        try {
          return await resume(deps, req, ref, snap.key.orderId, req.body.payment.card);
        } catch (err) {
          if (err instanceof ProblemError) throw err;
          return dbFailure(deps, err, 'could not resume a checkout');
        }
      }
      takenOver = true;
    }
    if (!cart || !inputs) throw cartError;

    let placed: Placed;
    try {
      placed = await place(deps, req, cart, inputs, ref, snap, hash, takenOver);
    } catch (err) {
      if (err instanceof RetryCheckout && attempt < 2) continue;
      if (err instanceof ProblemError) throw err;
      if (err instanceof RetryCheckout) fail(keyInFlight());
      return dbFailure(deps, err, 'checkout batch failed; nothing was written');
    }
    publishAfterCommit(deps, placed.outbox);
    if (placed.response) return { response: placed.response, replayed: false, placed: true, orderId: placed.order.id };

    try {
      const settled = await settlePayment(deps, req, ref, placed.order, inputs.card);
      publishAfterCommit(deps, settled.outbox);
      return { response: settled.response, replayed: false, placed: settled.placed, orderId: placed.order.id };
    } catch (err) {
      // the order exists awaiting its payment outcome; the key stays in flight and a retry resumes it
      deps.log('error', 'could not record the payment outcome', { orderId: placed.order.id, error: safeErrorText(err) });
      return dbFailure(deps, err, 'could not record the payment outcome');
    }
  }
}
