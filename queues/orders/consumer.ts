/**
 * Consumer of the order events queue. `order.placed` → the confirmation
 * message, rendered from the order as stored and sent through the
 * notification provider. Idempotent: the message is recorded once per order
 * (dedupe key) and a redelivery of an already sent confirmation is acked
 * without sending again. Messages are acked one by one; a failed send is
 * retried (then dead-lettered) without holding back the rest of the batch.
 */
import type { Db } from '../../db/client';
import { claimNotification, markNotificationSent, unclaimNotification } from '../../db/queries/notifications';
import { getOrder } from '../../db/queries/orders';
import { orderAccessToken, orderPath } from '../../domain/order/access-token';
import { renderOrderConfirmation } from '../../domain/order/confirmation';
import type { ShopSettings } from '../../domain/pricing/settings';
import type { QueueMessageLike } from '../catalog/consumer';
import { orderMessage, type OrderMessage } from '../contracts';
import type { Logger, NotificationProvider } from './notifier';

export interface OrderConsumerDeps {
  db: Db;
  notifier: NotificationProvider;
  orderLinkSecret: string;
  settings: ShopSettings;
  log?: Logger;
}

/** No shopper data in logs: drizzle's "Failed query: … params: …" messages are reduced to the driver's error. */
function safeMessage(err: unknown): string {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    const m = e instanceof Error ? e.message : String(e);
    if (!m.startsWith('Failed query')) return m.split('\n')[0]!.slice(0, 200);
  }
  return 'query failed';
}

export type ConfirmationOutcome = 'sent' | 'already_sent' | 'busy' | 'order_missing';

export async function sendOrderConfirmation(msg: Extract<OrderMessage, { type: 'order.placed' }>, deps: OrderConsumerDeps): Promise<ConfirmationOutcome> {
  const order = await getOrder(deps.db, msg.orderId);
  if (!order) return 'order_missing';
  const url = new URL(orderPath(order.id, await orderAccessToken(deps.orderLinkSecret, order.id)), msg.origin).toString();
  const rendered = renderOrderConfirmation(order, url, deps.settings);
  const dedupeKey = `order_confirmation:${order.id}`;
  const claim = await claimNotification(deps.db, {
    dedupeKey,
    kind: 'order_confirmation',
    channel: 'email',
    orderId: order.id,
    recipient: order.email,
    subject: rendered.subject,
    bodyText: rendered.text,
    provider: deps.notifier.name,
  });
  if (claim.kind !== 'claimed') return claim.kind;
  try {
    const { messageId } = await deps.notifier.send({
      idempotencyKey: dedupeKey,
      kind: 'order_confirmation',
      to: order.email,
      subject: rendered.subject,
      text: rendered.text,
      refs: { orderId: order.id, orderNumber: String(order.number) },
    });
    await markNotificationSent(deps.db, claim.id, messageId);
    return 'sent';
  } catch (err) {
    await unclaimNotification(deps.db, claim.id).catch(() => {});
    throw err;
  }
}

export interface OrderBatchResult {
  processed: number;
  invalid: number;
  outcomes: Record<ConfirmationOutcome, number>;
  retried: number;
}

export async function consumeOrderBatch(messages: readonly QueueMessageLike[], deps: OrderConsumerDeps): Promise<OrderBatchResult> {
  const result: OrderBatchResult = { processed: 0, invalid: 0, retried: 0, outcomes: { sent: 0, already_sent: 0, busy: 0, order_missing: 0 } };
  for (const msg of messages) {
    const parsed = orderMessage.safeParse(msg.body);
    if (!parsed.success) {
      result.invalid++;
      deps.log?.('warn', 'dropping invalid order message', { messageId: msg.id, issues: parsed.error.issues.length });
      msg.ack();
      continue;
    }
    try {
      const outcome = await sendOrderConfirmation(parsed.data, deps);
      result.outcomes[outcome]++;
      if (outcome === 'busy') {
        // another delivery is sending it right now: check again later
        result.retried++;
        msg.retry({ delaySeconds: 30 });
        continue;
      }
      if (outcome === 'order_missing') deps.log?.('warn', 'order.placed for an unknown order', { messageId: msg.id, orderId: parsed.data.orderId });
      result.processed++;
      msg.ack();
    } catch (err) {
      result.retried++;
      deps.log?.('error', 'order confirmation failed; retrying', { messageId: msg.id, orderId: parsed.data.orderId, error: safeMessage(err) });
      msg.retry({ delaySeconds: 10 });
    }
  }
  return result;
}
