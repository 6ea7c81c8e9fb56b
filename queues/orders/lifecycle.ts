/**
 * Order lifecycle steps shared by the storefront (checkout compensation,
 * payment webhooks) and the jobs worker (abandoned payments): each runs
 * inside the caller's transaction, moves the order through the domain state
 * machine, updates the payment and writes the outbox events the change
 * implies (order.placed; catalog.products.changed when what product pages
 * show about stock changes).
 */
import { sql } from 'drizzle-orm';
import type { Db, Transactor } from '../../db/client';
import { applyOrderEvent, updatePayment } from '../../db/queries/orders';
import { transition, type OrderEvent } from '../../domain/order/state-machine';
import { stockDisplayChanged } from '../../domain/order/stock';
import { enqueueOutbox } from '../outbox-relay';

type Executor = Pick<Db, 'execute'>;

/** Outbox event re-projecting products whose shown availability changed. */
export async function enqueueStockDisplayChanges(
  tx: Executor,
  changes: readonly { productId: string | null; before: number; after: number }[],
): Promise<number[]> {
  const productIds = [...new Set(changes.filter((c) => c.productId && stockDisplayChanged(c.before, c.after)).map((c) => c.productId!))];
  if (productIds.length === 0) return [];
  return [await enqueueOutbox(tx, 'catalog.products.changed', { productIds, collectionIds: [] })];
}

export async function applyEvent(tx: Executor, orderId: string, event: OrderEvent) {
  return applyOrderEvent(tx, orderId, event, transition);
}

/** Payment approved: the order is paid, its payment captured, and order.placed is announced. Returns outbox ids. */
export async function recordPaymentSuccess(
  tx: Executor,
  orderId: string,
  p: { providerReference: string | null; origin: string },
): Promise<number[]> {
  await applyEvent(tx, orderId, 'payment_succeeded');
  await updatePayment(tx, orderId, { status: 'captured', providerReference: p.providerReference });
  return [await enqueueOutbox(tx, 'order.placed', { orderId, origin: p.origin })];
}

/** Payment declined, timed out or abandoned: the order is cancelled and its stock and discount use released. Returns outbox ids. */
export async function recordPaymentFailure(
  tx: Executor,
  orderId: string,
  p: { failureCode: string; providerReference?: string | null; voided?: boolean },
): Promise<number[]> {
  const r = await applyEvent(tx, orderId, 'payment_failed');
  await updatePayment(tx, orderId, {
    status: p.voided ? 'voided' : 'failed',
    failureCode: p.failureCode,
    ...(p.providerReference !== undefined ? { providerReference: p.providerReference } : {}),
  });
  return enqueueStockDisplayChanges(tx, r.restockedVariants);
}

/**
 * Card payments left pending (the request that started them died between
 * creating the order and recording the payment outcome): after `olderThanSeconds`
 * the order is cancelled and its stock released. The `test` provider keeps
 * no state, so there is nothing to ask it; a real provider adapter would look
 * the payment up (and capture it if it did go through) before giving up.
 */
export async function expireAbandonedPayments(
  db: Db,
  transactor: Transactor,
  opts: { olderThanSeconds?: number; limit?: number } = {},
): Promise<{ expired: number; outboxIds: number[] }> {
  const older = opts.olderThanSeconds ?? 30 * 60;
  const res = await db.execute(sql`
    select o.id from orders o
     where o.status = 'pending_payment' and o.payment_provider <> 'manual'
       and o.placed_at < now() - make_interval(secs => ${older})
       and exists (select 1 from payments p where p.order_id = o.id and p.status = 'pending')
     order by o.placed_at limit ${opts.limit ?? 50}`);
  let expired = 0;
  const outboxIds: number[] = [];
  for (const { id } of res.rows as { id: string }[]) {
    const ids = await transactor.transaction(async (tx) => {
      // re-check under the order's row lock: the request may have finished meanwhile
      const cur = await tx.execute(sql`select status from orders where id = ${id} for update`);
      if ((cur.rows[0] as { status: string } | undefined)?.status !== 'pending_payment') return null;
      return recordPaymentFailure(tx, id, { failureCode: 'abandoned' });
    });
    if (ids) {
      expired++;
      outboxIds.push(...ids);
    }
  }
  return { expired, outboxIds };
}
