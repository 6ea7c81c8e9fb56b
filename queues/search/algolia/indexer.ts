/**
 * Writes to Algolia: incremental batches (replace a product's records, delete
 * the parts it no longer has, delete removed products) and the atomic full
 * rebuild: copy settings, synonyms and rules into a temporary index, fill it,
 * then move it over the primary (replicas receive the data). Searches read the
 * old index until the move; a failed rebuild deletes the temporary index.
 */
import type { BatchRequest, SearchClient } from '@algolia/client-search';
import type { SearchDocument } from '../../../domain/search/document';
import { allObjectIds, buildRecords, MAX_PARTS, objectIdOf } from './records';

/** Algolia accepts large batches; 1,000 operations keeps each request well under its limits. */
export const BATCH_OPERATIONS = 1_000;

export interface IndexLog {
  (level: 'info' | 'warn', msg: string, fields?: Record<string, unknown>): void;
}

/** Batch operations that make the index hold exactly `docs` and nothing of `removedIds`. */
export function batchOperations(docs: readonly SearchDocument[], removedIds: readonly string[], log?: IndexLog): BatchRequest[] {
  const ops: BatchRequest[] = [];
  for (const d of docs) {
    const { records, trimmed } = buildRecords(d);
    if (trimmed.length > 0) log?.('warn', 'search record trimmed to fit the size limit', { productId: d.id, trimmed });
    for (const r of records) ops.push({ action: 'updateObject', body: r as unknown as Record<string, unknown> });
    for (let part = records.length; part < MAX_PARTS; part++) ops.push({ action: 'deleteObject', body: { objectID: objectIdOf(d.id, part) } });
  }
  for (const id of removedIds) for (const objectID of allObjectIds(id)) ops.push({ action: 'deleteObject', body: { objectID } });
  return ops;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Sends the operations; returns the task ids (wait on them when the caller must see the result). */
export async function sendBatches(client: SearchClient, indexName: string, ops: readonly BatchRequest[]): Promise<number[]> {
  const tasks: number[] = [];
  for (const requests of chunks(ops, BATCH_OPERATIONS)) {
    const res = await client.batch({ indexName, batchWriteParams: { requests } });
    tasks.push(res.taskID);
  }
  return tasks;
}

export async function indexInAlgolia(
  client: SearchClient,
  indexName: string,
  docs: readonly SearchDocument[],
  removedIds: readonly string[],
  opts: { wait?: boolean; log?: IndexLog } = {},
): Promise<{ operations: number; tasks: number[] }> {
  const ops = batchOperations(docs, removedIds, opts.log);
  const tasks = await sendBatches(client, indexName, ops);
  if (opts.wait) for (const taskID of tasks) await client.waitForTask({ indexName, taskID });
  return { operations: ops.length, tasks };
}

export interface AlgoliaRebuildOptions {
  /** suffix of the temporary index (default: the current time) */
  stamp?: string;
  onProgress?: (done: number, total: number) => void;
  log?: IndexLog;
}

export async function rebuildAlgoliaIndex(
  client: SearchClient,
  indexName: string,
  source: { total: number; batches: () => AsyncIterable<SearchDocument[]> },
  opts: AlgoliaRebuildOptions = {},
): Promise<{ records: number; temporaryIndex: string }> {
  const tmp = `${indexName}_reindex_${opts.stamp ?? new Date().toISOString().replace(/[-:.TZ]/g, '')}`;
  try {
    const copy = await client.operationIndex({
      indexName,
      operationIndexParams: { operation: 'copy', destination: tmp, scope: ['settings', 'synonyms', 'rules'] },
    });
    await client.waitForTask({ indexName: tmp, taskID: copy.taskID });
    let done = 0;
    let records = 0;
    const tasks: number[] = [];
    opts.onProgress?.(0, source.total);
    for await (const docs of source.batches()) {
      const ops = batchOperations(docs, [], opts.log).filter((o) => o.action === 'updateObject');
      records += ops.length;
      tasks.push(...(await sendBatches(client, tmp, ops)));
      done += docs.length;
      opts.onProgress?.(done, source.total);
    }
    for (const taskID of tasks) await client.waitForTask({ indexName: tmp, taskID });
    const move = await client.operationIndex({ indexName: tmp, operationIndexParams: { operation: 'move', destination: indexName } });
    await client.waitForTask({ indexName: tmp, taskID: move.taskID });
    return { records, temporaryIndex: tmp };
  } catch (err) {
    await client.deleteIndex({ indexName: tmp }).catch(() => {});
    throw err;
  }
}
