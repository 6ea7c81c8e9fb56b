/**
 * Consumer of the catalog queue: keeps KV in step with Postgres.
 * A batch is merged into one projection (union of ids); messages are acked
 * one by one only after the projection succeeded, so a failure retries them
 * (and, past max_retries, sends them to the dead-letter queue).
 */
import type { Db } from '../../db/client';
import { catalogMessage, type CatalogMessage } from '../contracts';
import type { CatalogKv } from './kv';
import { projectCollections, projectProducts, publishCatalog } from './projection';

export interface QueueMessageLike {
  readonly id: string;
  readonly body: unknown;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface CatalogBatchResult {
  processed: number;
  invalid: number;
  rebuilt: boolean;
  productIds: string[];
  collectionIds: string[];
}

export async function consumeCatalogBatch(
  messages: readonly QueueMessageLike[],
  deps: {
    db: Db;
    kv: CatalogKv;
    log?: (level: 'info' | 'warn' | 'error', msg: string, f?: Record<string, unknown>) => void;
    /** keeps the search index in step (queues/search/consumer.ts); runs beside the projection, in the same retry scope */
    search?: (messages: readonly CatalogMessage[]) => Promise<unknown>;
  },
): Promise<CatalogBatchResult> {
  const valid: { msg: QueueMessageLike; body: CatalogMessage }[] = [];
  let invalid = 0;
  for (const msg of messages) {
    const parsed = catalogMessage.safeParse(msg.body);
    if (parsed.success) valid.push({ msg, body: parsed.data });
    else {
      // a malformed message will never succeed: drop it loudly instead of retrying
      invalid++;
      deps.log?.('warn', 'dropping invalid catalog message', { messageId: msg.id, issues: parsed.error.issues.length });
      msg.ack();
    }
  }
  const rebuild = valid.some((v) => v.body.type === 'catalog.rebuild');
  const productIds = new Set<string>();
  const collectionIds = new Set<string>();
  for (const { body } of valid) {
    if (body.type === 'catalog.products.changed') {
      body.productIds.forEach((id) => productIds.add(id));
      body.collectionIds.forEach((id) => collectionIds.add(id));
    } else if (body.type === 'catalog.collections.changed') {
      body.collectionIds.forEach((id) => collectionIds.add(id));
    }
  }
  const project = async () => {
    if (rebuild) await publishCatalog(deps.db, deps.kv);
    else if (productIds.size > 0) await projectProducts(deps.db, deps.kv, [...productIds], [...collectionIds]);
    else if (collectionIds.size > 0) await projectCollections(deps.db, deps.kv, [...collectionIds]);
  };
  try {
    // KV and the search index are independent: written side by side, retried together
    await Promise.all([project(), deps.search && valid.length > 0 ? deps.search(valid.map((v) => v.body)) : undefined]);
  } catch (err) {
    deps.log?.('error', 'catalog projection failed; retrying batch', { error: err instanceof Error ? err.message : String(err) });
    for (const { msg } of valid) msg.retry({ delaySeconds: 5 });
    throw err;
  }
  for (const { msg } of valid) msg.ack();
  return { processed: valid.length, invalid, rebuilt: rebuild, productIds: [...productIds], collectionIds: [...collectionIds] };
}
