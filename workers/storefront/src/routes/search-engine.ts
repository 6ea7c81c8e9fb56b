/**
 * The search engine of a request, chosen by configuration: Algolia when
 * ALGOLIA_APP_ID and ALGOLIA_SEARCH_API_KEY are set, Postgres otherwise.
 * Clients are made per request. When Algolia cannot answer, the request falls
 * back to Postgres (kept up to date by the jobs worker either way); when
 * Postgres cannot answer either, the shopper gets a 503.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isUnavailable, safeErrorText, toDatabaseError } from '../../../../db/errors';
import { createPostgresSearchEngine } from '../../../../db/search/postgres-engine';
import type { SearchEngine } from '../../../../domain/search/types';
import { log } from '../../../../edge/request-context';
import { createAlgoliaClient } from '../../../../queues/search/algolia/client';
import { algoliaConfig } from '../../../../queues/search/algolia/config';
import { createAlgoliaSearchEngine } from '../../../../queues/search/algolia/engine';
import type { AppEnv } from '../context';

/** Shoppers wait for search: fail over to Postgres quickly rather than retry Algolia's hosts for seconds. */
const ALGOLIA_TIMEOUTS = { connect: 1_000, read: 2_000, write: 5_000 };

const unavailable = () => new HTTPException(503, { message: 'Search is temporarily unavailable. Please try again shortly.' });

/** The cause of a failure, without the SQL text drizzle puts in its own message. */
function reason(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  return (cause instanceof Error ? cause.message : String(cause)).slice(0, 300);
}

export async function withSearch<T>(c: Context<AppEnv>, run: (engine: SearchEngine) => Promise<T>): Promise<T> {
  const postgres = (): SearchEngine => {
    if (!c.env.DATABASE_URL) throw unavailable();
    return createPostgresSearchEngine(c.var.db.db);
  };
  try {
    const cfg = algoliaConfig(c.env, 'search');
    if (cfg) {
      try {
        return await run(createAlgoliaSearchEngine(createAlgoliaClient(cfg, ALGOLIA_TIMEOUTS), cfg.indexName));
      } catch (err) {
        if (err instanceof HTTPException) throw err;
        log(c, 'warn', 'algolia search failed; answering from postgres', { error: reason(err) });
      }
    }
    return await run(postgres());
  } catch (err) {
    if (err instanceof HTTPException) throw err;
    const down = isUnavailable(err);
    log(c, down ? 'warn' : 'error', 'search failed', { error: safeErrorText(err) });
    // unavailable: 503 with Retry-After through the database error mapper
    throw down ? toDatabaseError(err) : unavailable();
  }
}
