/**
 * Catalog (and order) changes: the outbox row is written in the change's
 * transaction; right after commit the request asks the jobs worker (service
 * binding, OutboxRelay entrypoint) to publish exactly those rows to their
 * queues; the jobs worker re-projects the affected products and listings. A
 * failed call is left to the jobs worker's cron relay — never lost.
 */
import type { Context } from 'hono';
import type { Executor } from '../../../../db/queries/admin/shared';
import { log } from '../../../../edge/request-context';
import { enqueueOutbox } from '../../../../queues/outbox-relay';
import type { AdminAppEnv } from '../context';

export async function productsChanged(tx: Executor, productIds: string[], collectionIds: string[] = [], previousHandles: string[] = []): Promise<number | null> {
  if (productIds.length === 0 && collectionIds.length === 0) return null;
  if (productIds.length === 0) return enqueueOutbox(tx, 'catalog.collections.changed', { collectionIds: [...new Set(collectionIds)] });
  return enqueueOutbox(tx, 'catalog.products.changed', {
    productIds: [...new Set(productIds)],
    collectionIds: [...new Set(collectionIds)],
    ...(previousHandles.length ? { previousHandles: [...new Set(previousHandles)] } : {}),
  });
}

export function collectionsChanged(tx: Executor, collectionIds: string[]): Promise<number> {
  return enqueueOutbox(tx, 'catalog.collections.changed', { collectionIds: [...new Set(collectionIds)] });
}

/** The jobs worker's OutboxRelay entrypoint (service binding JOBS). */
interface OutboxPublisher {
  publish(ids: number[]): Promise<{ published: number; failed: number; skipped: number }>;
}

export async function publishNow(c: Context<AdminAppEnv>, ids: (number | null)[]): Promise<void> {
  const list = ids.filter((x): x is number => typeof x === 'number');
  if (list.length === 0) return;
  try {
    await (c.env.JOBS as unknown as OutboxPublisher).publish(list);
  } catch (err) {
    log(c, 'warn', 'publishing after commit failed; the cron relay will retry', { error: err instanceof Error ? err.name : 'unknown' });
  }
}
