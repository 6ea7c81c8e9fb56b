/**
 * The catalog version, part of every edge cache key: bumping it in KV
 * (a full publish) invalidates every cached copy at once.
 *
 * Reading KV on every request would double the cost of a cache hit, so each
 * isolate remembers the value and refreshes it in the background (waitUntil)
 * at most every REFRESH_MS; a bump reaches every isolate within that time.
 * Only the value is shared across requests, never a promise or a client.
 */
import { CATALOG_VERSION_KEY } from '../../../../domain/catalog/keys';

const REFRESH_MS = 2_000;
let known: { value: string; checkedAt: number; refreshing: boolean } | undefined;

async function read(kv: KVNamespace): Promise<string> {
  return (await kv.get(CATALOG_VERSION_KEY, 'text')) ?? '0';
}

export async function catalogVersion(kv: KVNamespace, waitUntil: (p: Promise<unknown>) => void): Promise<string> {
  const now = Date.now();
  if (!known) {
    known = { value: await read(kv), checkedAt: now, refreshing: false };
    return known.value;
  }
  if (now - known.checkedAt > REFRESH_MS && !known.refreshing) {
    const memo = known;
    memo.refreshing = true;
    waitUntil(
      read(kv)
        .then((value) => {
          known = { value, checkedAt: Date.now(), refreshing: false };
        })
        .catch(() => {
          memo.refreshing = false;
          memo.checkedAt = Date.now();
        }),
    );
  }
  return known.value;
}

/** Tests only: forget the remembered version. */
export function resetCatalogVersionMemo(): void {
  known = undefined;
}
