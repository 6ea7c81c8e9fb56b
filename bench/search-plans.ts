/**
 * EXPLAIN ANALYZE of the Postgres search statements, as Markdown (the plans
 * in docs/SEARCH.md come from here):
 *
 *   DATABASE_URL=postgres://… npx tsx bench/search-plans.ts [--rebuild]
 *
 * The database must be migrated and seeded; --rebuild rebuilds its search
 * index first. Each statement runs five times before it is explained (warm).
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { correctionsStatement } from '../db/search/corrections';
import { searchStatement, suggestStatement } from '../db/search/search-sql';
import { buildSearchRequest, buildSuggestRequest } from '../domain/search/request';

const url = process.env.DATABASE_URL;
if (!url) {
  process.stderr.write('DATABASE_URL is required\n');
  process.exit(2);
}

const dialect = new PgDialect();
const client = new pg.Client({ connectionString: url });
await client.connect();

if (process.argv.includes('--rebuild')) {
  const { createNodeDb } = await import('../dev/node-db');
  const { startWsProxy } = await import('../dev/ws-proxy');
  const { postgresTarget, rebuildSearch } = await import('../queues/search/indexer');
  const u = new URL(url);
  const proxy = await startWsProxy({ port: 0, allowedTargets: [`${u.hostname}:${u.port || 5432}`] });
  const h = createNodeDb(url, 2);
  await rebuildSearch(h.db, [postgresTarget(h.db)]);
  await h.close();
  await proxy.close();
}

async function plan(label: string, stmt: SQL) {
  const { sql, params } = dialect.sqlToQuery(stmt);
  for (let i = 0; i < 5; i++) await client.query(sql, params);
  const r = await client.query(`explain (analyze, buffers, costs off, timing on, summary on) ${sql}`, params);
  const lines = (r.rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']);
  process.stdout.write(`\n#### ${label}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`);
}

const products = (await client.query('select count(*)::int as n from search_documents')).rows[0] as { n: number };
const server = (await client.query('show server_version')).rows[0] as { server_version: string };
process.stdout.write(`### ${products.n} indexed products (PostgreSQL ${server.server_version})\n`);
await plan('search “black t-shirt”', searchStatement(buildSearchRequest({ q: 'black t-shirt', currency: 'USD' })));
await plan('search “hoodie”, size M, in stock, price low to high', searchStatement(buildSearchRequest({ q: 'hoodie', currency: 'USD', options: { size: ['m'] }, inStock: true, sort: 'price-asc' })));
await plan('search “cotton” (broad: matches a third of the catalogue)', searchStatement(buildSearchRequest({ q: 'cotton', currency: 'USD' })));
await plan('autocomplete “hoo”', suggestStatement(buildSuggestRequest('hoo', 'USD'))!);
await plan('typo correction lookup for “blak tshirt”', correctionsStatement(['blak', 'tshirt']));
// a vocabulary of a few hundred words fits in a dozen pages, where a sequential scan wins; the trigram index is there for large ones
await client.query('set enable_seqscan = off');
await plan('typo correction lookup for “blak tshirt”, sequential scans disabled (the path a large vocabulary takes)', correctionsStatement(['blak', 'tshirt']));
await client.query('reset enable_seqscan');
await client.end();
