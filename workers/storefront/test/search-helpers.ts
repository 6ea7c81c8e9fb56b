import { SELF } from 'cloudflare:test';
import { postgresTarget, rebuildSearch } from '../../../queues/search/indexer';
import { testDb } from './helpers';

/** Rebuilds the Postgres search index from the test database (the real indexer, as `npm run search:reindex` does). */
export async function buildSearchIndex(): Promise<void> {
  const h = testDb();
  try {
    await rebuildSearch(h.db, [postgresTarget(h.db)]);
  } finally {
    await h.close();
  }
}

export const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://shop.test${path}`, { headers });

export async function getJson<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}) {
  const r = await get(path, headers);
  return { status: r.status, headers: r.headers, body: (await r.json()) as T };
}

export async function getHtml(path: string) {
  const r = await get(path, { accept: 'text/html' });
  return { status: r.status, headers: r.headers, html: await r.text() };
}
