/**
 * Order actions through the domain state machine, each in one transaction
 * with its side effects, its audit entry, and its idempotency key:
 *
 *   mark_paid   pending_payment → paid (payment captured; confirmation event)
 *   fulfil      paid → fulfilled, with carrier and tracking number
 *   cancel      pending_payment → cancelled / paid → refunded: restocks, releases the discount
 *   refund      full or partial amount, optionally restocking chosen lines; the refund that
 *               reaches the order total moves it to refunded
 *
 * Invalid transitions → 409. A repeated key (double click, retried request)
 * answers the first outcome and does nothing again; the same key with another
 * request is 422 (services/idempotency.ts).
 */
import type { Context } from 'hono';
import { InvalidTransitionError, transition, type OrderEvent } from '../../../../domain/order/state-machine';
import { stockDisplayChanged } from '../../../../domain/order/stock';
import { adjustStock } from '../../../../db/queries/admin/inventory';
import { insertFulfillment, insertRefund, lockOrderForRefund, markOrderRestocked } from '../../../../db/queries/admin/orders';
import type { Executor } from '../../../../db/queries/admin/shared';
import { applyOrderEvent, getOrder, updatePayment, type OrderView } from '../../../../db/queries/orders';
import { sql } from 'drizzle-orm';
import { enqueueOutbox } from '../../../../queues/outbox-relay';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';
import { audit } from './actor';
import { actionKey, claim, record } from './idempotency';
import { productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

export type OrderAction =
  | { action: 'mark_paid' }
  | { action: 'fulfil'; carrier: string; trackingNumber: string }
  | { action: 'cancel' }
  | { action: 'refund'; amount: number; restockLines: { position: number; quantity: number }[]; reason: string | null };

export interface ActionOutcome {
  status: number;
  body: { order: OrderView | null; replayed: boolean; message: string };
}

const summary = (o: OrderView) => ({ status: o.status, grandTotal: o.grandTotal, paidAt: o.paidAt, fulfilledAt: o.fulfilledAt, cancelledAt: o.cancelledAt, refundedAt: o.refundedAt });

async function restockCatalogEvents(tx: Executor, moved: { productId: string | null; before: number; after: number }[]): Promise<number | null> {
  const ids = moved.filter((m) => m.productId && stockDisplayChanged(m.before, m.after)).map((m) => m.productId!);
  return ids.length ? productsChanged(tx, ids) : null;
}

async function applyEvent(tx: Executor, orderId: string, event: OrderEvent, opts: { takeOverRestock?: boolean } = {}) {
  try {
    return await applyOrderEvent(tx, orderId, event, (from, ev) => {
      const t = transition(from, ev);
      return opts.takeOverRestock ? { to: t.to, effects: { ...t.effects, restock: false } } : t;
    });
  } catch (err) {
    if (err instanceof InvalidTransitionError) throw new AdminError(409, err.message);
    throw err;
  }
}

/**
 * One interactive transaction (it must read its own writes: the key claim decides whether anything happens, the
 * order is locked and re-read, restocks depend on what earlier refunds restocked, the audit entry holds before/after).
 */
export async function runOrderAction(c: C, orderId: string, clientKey: string, a: OrderAction): Promise<ActionOutcome> {
  const k = await actionKey(c, clientKey, `order.${a.action}`, orderId, a);
  const result = await c.var.db.transaction(async (tx) => {
    const replay = await claim<ActionOutcome['body']>(tx, k);
    if (replay) return { outcome: { status: replay.status, body: { ...replay.body, replayed: true } }, outboxIds: [] as (number | null)[] };
    const before = await getOrder(tx, orderId);
    if (!before) throw new AdminError(404, 'No such order.');
    const outboxIds: (number | null)[] = [];
    let message = '';
    if (a.action === 'mark_paid') {
      await applyEvent(tx, orderId, 'payment_succeeded');
      await updatePayment(tx, orderId, { status: 'captured' });
      const origin = c.env.STOREFRONT_ORIGIN || new URL(c.req.url).origin;
      outboxIds.push(await enqueueOutbox(tx, 'order.placed', { orderId, origin }));
      message = `Order #${before.number} marked as paid.`;
    } else if (a.action === 'fulfil') {
      await applyEvent(tx, orderId, 'fulfil');
      await insertFulfillment(tx, orderId, a.carrier, a.trackingNumber);
      message = `Order #${before.number} fulfilled (${a.carrier} ${a.trackingNumber}).`;
    } else if (a.action === 'cancel') {
      // lines partly restocked by earlier partial refunds: only the rest goes back (never twice)
      const state = await lockOrderForRefund(tx, orderId);
      const partlyRestocked = !!state && state.lines.some((l) => l.restocked > 0);
      const r = await applyEvent(tx, orderId, 'cancel', { takeOverRestock: partlyRestocked });
      if (partlyRestocked && r.effects.restock === false && transition(r.from, 'cancel').effects.restock && !state!.restocked) {
        for (const line of state!.lines) {
          if (line.variantId && line.quantity - line.restocked > 0) {
            const { before: b, after: af } = await adjustStock(tx, { variantId: line.variantId, delta: line.quantity - line.restocked, reason: 'refund_restock', note: `cancel of order ${orderId}`, actorLabel: c.get('principal')?.label ?? 'system', orderId });
            r.restockedVariants.push({ variantId: line.variantId, productId: b.productId, before: b.available, after: af.available });
          }
        }
        await markOrderRestocked(tx, orderId);
      }
      if (r.effects.refundPayment) {
        await updatePayment(tx, orderId, { status: 'refunded' });
        const refunded = Number((await tx.execute(sql`select coalesce(sum(amount), 0) as s from order_refunds where order_id = ${orderId}`)).rows[0]!.s);
        if (before.grandTotal - refunded > 0) await insertRefund(tx, orderId, before.grandTotal - refunded, [], 'order cancelled');
      } else {
        await updatePayment(tx, orderId, { status: 'voided' });
      }
      outboxIds.push(await restockCatalogEvents(tx, r.restockedVariants));
      message = `Order #${before.number} cancelled${r.effects.restock ? ' and restocked' : ''}.`;
    } else {
      const o = await lockOrderForRefund(tx, orderId);
      if (!o) throw new AdminError(404, 'No such order.');
      if (o.status !== 'paid' && o.status !== 'fulfilled') throw new AdminError(409, `An order that is ${o.status.replace('_', ' ')} cannot be refunded.`);
      const left = o.grandTotal - o.refunded;
      if (a.amount > left) throw new AdminError(422, `At most ${left} (minor units) is left to refund.`, { amount: `At most ${left} can still be refunded.` });
      if (a.restockLines.length && o.restocked) throw new AdminError(409, 'This order was already restocked.', { restockLines: 'This order was already restocked.' });
      const moved: { productId: string | null; before: number; after: number }[] = [];
      for (const rl of a.restockLines) {
        const line = o.lines.find((l) => l.position === rl.position);
        if (!line || !line.variantId) throw new AdminError(422, `No restockable line ${rl.position}.`, { restockLines: `Line ${rl.position} cannot be restocked.` });
        if (rl.quantity > line.quantity - line.restocked) throw new AdminError(422, `Line ${rl.position}: at most ${line.quantity - line.restocked} can be restocked.`, { restockLines: `Line ${rl.position}: at most ${line.quantity - line.restocked} can be restocked.` });
        const { before: b, after: af } = await adjustStock(tx, { variantId: line.variantId, delta: rl.quantity, reason: 'refund_restock', note: `refund of order ${orderId}`, actorLabel: c.get('principal')?.label ?? 'system', orderId });
        moved.push({ productId: b.productId, before: b.available, after: af.available });
      }
      await insertRefund(tx, orderId, a.amount, a.restockLines, a.reason);
      if (a.amount === left) {
        // the last refund: the order becomes refunded; lines not yet restocked go back only for unshipped (paid) orders
        const r = await applyEvent(tx, orderId, 'refund', { takeOverRestock: true });
        if (o.status === 'paid' && !o.restocked) {
          for (const line of o.lines) {
            const already = line.restocked + (a.restockLines.filter((x) => x.position === line.position).reduce((s, x) => s + x.quantity, 0));
            if (line.variantId && line.quantity - already > 0) {
              const { before: b, after: af } = await adjustStock(tx, { variantId: line.variantId, delta: line.quantity - already, reason: 'refund_restock', note: `refund of order ${orderId}`, actorLabel: c.get('principal')?.label ?? 'system', orderId });
              moved.push({ productId: b.productId, before: b.available, after: af.available });
            }
          }
          await markOrderRestocked(tx, orderId);
        }
        await updatePayment(tx, orderId, { status: 'refunded' });
        message = `Order #${before.number} refunded in full (${r.to}).`;
      } else {
        message = `Refunded ${a.amount} of order #${before.number} (partial).`;
      }
      outboxIds.push(await restockCatalogEvents(tx, moved));
    }
    const after = (await getOrder(tx, orderId))!;
    await audit(c, tx, { action: `order.${a.action}`, entityType: 'order', entityId: orderId, before: summary(before), after: { ...summary(after), ...(a.action === 'refund' ? { refundAmount: a.amount, restockLines: a.restockLines } : {}), ...(a.action === 'fulfil' ? { carrier: a.carrier, trackingNumber: a.trackingNumber } : {}) } });
    const outcome: ActionOutcome = { status: 200, body: { order: after, replayed: false, message } };
    await record(tx, k, outcome.status, outcome.body);
    return { outcome, outboxIds };
  });
  await publishNow(c, result.outboxIds);
  return result.outcome;
}
