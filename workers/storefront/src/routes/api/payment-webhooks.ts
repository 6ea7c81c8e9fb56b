/**
 * POST /api/v1/payments/{provider}/webhooks: provider notifications,
 * verified on the raw body (signature, freshness) before anything is read.
 * Idempotent: a duplicate or out-of-order event that the order's state
 * machine rejects is acknowledged (200, "ignored") so the provider stops retrying.
 */
import { directOutboxQueues } from '../../checkout/outbox-queues';
import { Hono } from 'hono';
import { updatePayment } from '../../../../../db/queries/orders';
import { InvalidTransitionError } from '../../../../../domain/order/state-machine';
import { log } from '../../../../../edge/request-context';
import { applyEvent, recordPaymentFailure, recordPaymentSuccess } from '../../../../../queues/orders/lifecycle';
import { relayOutbox } from '../../../../../queues/outbox-relay';
import { OrderNotFoundError } from '../../../../../db/queries/orders';
import { fail } from '../../commerce/problems';
import { requestOrigin } from '../../commerce/settings';
import type { AppEnv } from '../../context';
import { providerById } from '../../payments/registry';

/** Mounted at /api/v1/payments. */
export const paymentWebhooks = new Hono<AppEnv>().post('/:provider/webhooks', async (c) => {
  const provider = providerById(c.env, c.req.param('provider'));
  if (!provider) fail({ status: 404, slug: 'not-found', title: 'Not found', detail: 'No such payment provider.' });
  const rawBody = await c.req.text();
  const event = await provider.verifyWebhook({ rawBody, headers: c.req.raw.headers, now: Date.now() });
  if (!event) fail({ status: 400, slug: 'invalid-webhook', title: 'Invalid webhook', detail: 'The signature is missing, invalid or too old, or the body is malformed.' });
  {
    let outboxIds: number[] = [];
    let outcome: 'applied' | 'ignored' = 'applied';
    try {
      // an interactive transaction: the state machine decides from the order's locked status
      outboxIds = await c.var.db.transaction(async (tx) => {
        switch (event.type) {
          case 'payment.captured':
            return recordPaymentSuccess(tx, event.orderId, { providerReference: event.reference, origin: requestOrigin(c) });
          case 'payment.failed':
            return recordPaymentFailure(tx, event.orderId, { failureCode: event.code, providerReference: event.reference });
          case 'payment.refunded':
            await applyEvent(tx, event.orderId, 'refund');
            await updatePayment(tx, event.orderId, { status: 'refunded' });
            return [];
        }
      });
    } catch (err) {
      if (!(err instanceof InvalidTransitionError) && !(err instanceof OrderNotFoundError)) throw err;
      outcome = 'ignored';
      log(c, 'info', 'payment webhook ignored', { provider: provider.id, type: event.type, reason: err.name });
    }
    const queues = directOutboxQueues(c.env);
    if (outboxIds.length > 0 && queues) {
      await relayOutbox(c.var.db.db, queues, { ids: outboxIds }).catch(() => {});
    }
    return c.json({ received: true, outcome });
  }
});
