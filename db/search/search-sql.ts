/**
 * One statement per search: the matching products (CTE m, computed once,
 * with one boolean per facet filter and only the small columns facets and
 * sorting need), the page of hits (summaries and highlighted titles read for
 * those rows only), the total, and every facet's counts, assembled into one
 * JSON row by Postgres. Matching uses the GIN index on search_documents.document.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { SearchRequest, SuggestRequest } from '../../domain/search/types';
import { allFlagsExcept, filterFlags, flagColumns, optionFlagsExceptOwn, priceOf } from './filters';
import { highlightQueryOf, searchableTerms, termQueriesOf, tsqueryOf } from './tsquery';

/** Private delimiters for ts_headline (split into runs in JS; never rendered). */
export const HL_START = '\u0002';
export const HL_STOP = '\u0003';
const HEADLINE_OPTIONS = `StartSel=${HL_START}, StopSel=${HL_STOP}, HighlightAll=true`;
/** title weight 1.0 > keywords 0.4 > description 0.2 (ts_rank weights are {D, C, B, A}) */
const WEIGHTS = '{0.05, 0.2, 0.4, 1.0}';

/**
 * Relevance: 10 points per query word found in the title, then ts_rank over
 * the weighted document (ts_rank stays well below 10 with these weights, so
 * title words come first; more occurrences in keywords never outrank them).
 */
function rankOf(termCount: number): SQL {
  const inTitle = Array.from({ length: termCount }, (_, i) => `(d.title_document @@ q.terms[${i + 1}])::int`).join(' + ');
  return sql.raw(`(${inTitle || '0'}) * 10 + ts_rank('${WEIGHTS}'::float4[], d.document, q.tsq)`);
}

/** Whether every term starts some word of the vocabulary: if so, a correction cannot help (saves a round trip). */
function allKnown(terms: readonly string[]): SQL {
  return sql`(select coalesce(bool_and(exists (select 1 from search_terms s where starts_with(s.term, public.unaccent(t.t)))), true)
                from unnest(${sql.param(searchableTerms(terms))}::text[]) as t(t))`;
}

function orderBy(r: SearchRequest, alias: 'm' | 'p'): SQL {
  const a = sql.raw(alias);
  switch (r.sort) {
    case 'price-asc':
      return sql`${a}.price asc nulls last, ${a}.product_id`;
    case 'price-desc':
      return sql`${a}.price desc nulls last, ${a}.product_id`;
    case 'newest':
      return sql`${a}.created_at desc, ${a}.product_id`;
    case 'relevance':
      return sql`${a}.rank desc, ${a}.in_stock desc, ${a}.created_at desc, ${a}.product_id`;
  }
}

function bucketCase(r: SearchRequest): SQL {
  const whens = r.priceBuckets.map((b, i) =>
    b.max === null ? sql`when m.price >= ${b.min} then ${i}` : sql`when m.price >= ${b.min} and m.price < ${b.max} then ${i}`,
  );
  return sql`case ${sql.join(whens, sql` `)} end`;
}

/** The matching rows: text match (when there are terms) plus the facet filter flags. */
function matched(tsq: SQL | null, r: Pick<SearchRequest, 'filters' | 'currency' | 'terms'>, flags: ReturnType<typeof filterFlags>): SQL {
  return sql`
    select d.product_id, d.in_stock, d.product_created_at as created_at,
           d.collections, d.collection_titles, d.option_keys, d.option_labels,
           ${priceOf(r.currency)} as price,
           ${tsq ? rankOf(searchableTerms(r.terms).length) : sql`0::float4`} as rank,
           ${flagColumns(flags)}
      from search_documents d${tsq ? sql`, q where d.document @@ q.tsq` : sql``}`;
}

export function searchStatement(r: SearchRequest): SQL {
  const tsq = tsqueryOf(r.terms);
  const flags = filterFlags(r.filters, r.currency);
  const all = allFlagsExcept(flags);
  const offset = (r.page - 1) * r.perPage;
  const headline = tsq
    ? sql`ts_headline('vitrine_plain'::regconfig, d.title, (select hq from hq), ${HEADLINE_OPTIONS})`
    : sql`d.title`;
  return sql`
    with ${tsq ? sql`q as (select ${tsq} as tsq, ${termQueriesOf(r.terms)} as terms), hq as (select ${highlightQueryOf(sql`(select tsq from q)`, r.terms)} as hq),` : sql``}
    m as materialized (${matched(tsq, r, flags)}),
    page as (
      select m.product_id, m.rank, m.in_stock, m.created_at, m.price from m where ${all}
       order by ${orderBy(r, 'm')} limit ${r.perPage} offset ${offset}
    )
    select
      (select count(*)::int from m where ${all}) as total,
      coalesce((select json_agg(json_build_object('summary', d.summary, 'title', ${headline}) order by ${orderBy(r, 'p')})
         from page p join search_documents d on d.product_id = p.product_id), '[]'::json) as hits,
      coalesce((select json_agg(json_build_object('value', x.handle, 'label', x.title, 'count', x.n) order by x.n desc, x.title, x.handle)
         from (select u.handle, any_value(u.title) as title, count(*)::int as n
                 from m, unnest(m.collections, m.collection_titles) as u(handle, title)
                where ${allFlagsExcept(flags, 'collection')}
                group by u.handle) x), '[]'::json) as collections,
      coalesce((select json_agg(json_build_object('key', x.key, 'label', x.label, 'count', x.n) order by x.n desc, x.label)
         from (select u.key, any_value(u.label) as label, count(*)::int as n
                 from m, unnest(m.option_keys, m.option_labels) as u(key, label)
                where ${allFlagsExcept(flags, 'options')} and ${optionFlagsExceptOwn(flags)}
                group by u.key) x), '[]'::json) as options,
      coalesce((select json_object_agg(x.bucket, x.n)
         from (select ${bucketCase(r)} as bucket, count(*)::int as n
                 from m where ${allFlagsExcept(flags, 'price')} and m.price is not null
                group by 1) x where x.bucket is not null), '{}'::json) as price,
      (select json_build_object('inStock', count(*) filter (where m.in_stock), 'outOfStock', count(*) filter (where not m.in_stock))
         from m where ${allFlagsExcept(flags, 'stock')}) as availability,
      ${allKnown(r.terms)} as all_known`;
}

/** Autocomplete ranks at most this many candidates (title matches first) rather than every match of a short prefix. */
const SUGGEST_CANDIDATES = 200;

/**
 * Autocomplete: the best few products and the collections most matches are
 * in. Full relevance is computed for the best candidates only (matches in the
 * title first, then in stock, newest), so a two-letter prefix stays cheap on
 * a large catalog; collection counts are over every match.
 */
export function suggestStatement(r: SuggestRequest): SQL | null {
  const tsq = tsqueryOf(r.terms);
  if (!tsq) return null;
  return sql`
    with q as (select ${tsq} as tsq, ${termQueriesOf(r.terms)} as terms),
    hq as (select ${highlightQueryOf(sql`(select tsq from q)`, r.terms)} as hq),
    m as materialized (
      select d.product_id, d.collections, d.collection_titles, (d.title_document @@ q.tsq) as in_title, d.in_stock, d.product_created_at
        from search_documents d, q where d.document @@ q.tsq
    ),
    candidates as (
      select m.product_id from m order by m.in_title desc, m.in_stock desc, m.product_created_at desc, m.product_id limit ${SUGGEST_CANDIDATES}
    ),
    top as (
      select d.title, d.summary from candidates c join search_documents d on d.product_id = c.product_id, q
       order by ${rankOf(searchableTerms(r.terms).length)} desc, d.in_stock desc, d.product_created_at desc, d.product_id
       limit ${r.limit}
    )
    select
      coalesce((select json_agg(json_build_object('summary', t.summary,
                  'title', ts_headline('vitrine_plain'::regconfig, t.title, (select hq from hq), ${HEADLINE_OPTIONS}))) from top t), '[]'::json) as products,
      coalesce((select json_agg(json_build_object('handle', x.handle, 'title', x.title, 'count', x.n) order by x.n desc, x.title)
         from (select u.handle, any_value(u.title) as title, count(*)::int as n
                 from m, unnest(m.collections, m.collection_titles) as u(handle, title)
                group by u.handle order by n desc, title limit 3) x), '[]'::json) as collections,
      ${allKnown(r.terms)} as all_known`;
}
