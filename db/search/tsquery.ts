/**
 * tsquery fragments for the search statement. Terms arrive as runs of letters
 * and digits (domain/search/normalize.ts) and are still only ever bound as
 * parameters: a term never becomes SQL text.
 *
 * Every term is a prefix (search as you type) and matches either the words
 * as written (vitrine_plain) or their stems (vitrine_stem: "hoodies" → hoodi):
 *   (to_tsquery('vitrine_plain', 'term:*') || to_tsquery('vitrine_stem', 'term:*')) && …
 */
import { sql, type SQL } from 'drizzle-orm';

const SAFE_TERM = /^[\p{L}\p{N}]+$/u;

/** Terms that can be searched (defensive: the domain already guarantees the shape). */
export function searchableTerms(terms: readonly string[]): string[] {
  return terms.filter((t) => SAFE_TERM.test(t));
}

function termQuery(term: string): SQL {
  const prefix = `'${term}':*`;
  return sql`(to_tsquery('vitrine_plain'::regconfig, ${prefix}) || to_tsquery('vitrine_stem'::regconfig, ${prefix}))`;
}

/** AND of every term; null when there is nothing to match (every product matches). */
export function tsqueryOf(terms: readonly string[]): SQL | null {
  const safe = searchableTerms(terms);
  if (safe.length === 0) return null;
  return sql.join(safe.map(termQuery), sql` && `);
}

/** One tsquery per term (tsquery[]), to count how many of the query's words a title holds. */
export function termQueriesOf(terms: readonly string[]): SQL {
  const safe = searchableTerms(terms);
  return safe.length === 0 ? sql`'{}'::tsquery[]` : sql`array[${sql.join(safe.map(termQuery), sql`, `)}]`;
}

/**
 * The query used to highlight titles: the search query, plus the hyphenated
 * form of any term that is the joined form of an indexed word ("tshirt" also
 * highlights "T-Shirt").
 */
export function highlightQueryOf(tsq: SQL, terms: readonly string[]): SQL {
  return sql`${tsq} || coalesce((
    select to_tsquery('vitrine_plain'::regconfig, string_agg('''' || st.form || '''', ' | '))
      from search_terms st
     where st.form is not null
       and st.term in (select public.unaccent(t) from unnest(${sql.param(searchableTerms(terms))}::text[]) t)
  ), ''::tsquery)`;
}
