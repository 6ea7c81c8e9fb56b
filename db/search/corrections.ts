/**
 * Typo tolerance: when full text finds too little, every query word that is
 * not the start of any indexed word is replaced by the closest word of the
 * vocabulary (search_terms): pg_trgm similarity (GIN-indexed `%`), or an edit
 * distance within Algolia's default tolerance (1 typo from 4 letters, 2 from
 * 8), closest first, then the most used. One round trip for all words.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { searchableTerms } from './tsquery';

export interface Correction {
  /** the word as asked */
  term: string;
  /** replacement: the same word when it is known, another word, or null (unknown and nothing close) */
  corrected: string | null;
  /** hyphenated form of the replacement, when it is a joined word ("tshirt" → "t-shirt") */
  form: string | null;
}

/** The vocabulary lookup for the given (non-empty, searchable) terms. */
export function correctionsStatement(safe: readonly string[]): SQL {
  return sql`
    with t as materialized (
      select x.term, x.i, public.unaccent(x.term) as folded
        from unnest(${sql.param([...safe])}::text[]) with ordinality as x(term, i)
    )
    select t.term, t.i,
           case when exists (select 1 from search_terms s where starts_with(s.term, t.folded)) then t.term else c.term end as corrected,
           c.form
      from t
      left join lateral (
        select x.term, x.form from (
          -- similar trigrams: the GIN trigram index
          select s.term, s.form, s.documents from search_terms s where length(t.folded) >= 4 and s.term % t.folded
          union
          -- within Algolia's typo budget: words of about the same length
          select s.term, s.form, s.documents from search_terms s
           where length(t.folded) >= 4 and length(s.term) between length(t.folded) - 2 and length(t.folded) + 2
             and levenshtein_less_equal(s.term, t.folded, 2) <= case when length(t.folded) >= 8 then 2 else 1 end
        ) x
        order by levenshtein_less_equal(x.term, t.folded, 3), similarity(x.term, t.folded) desc, x.documents desc, x.term
        limit 1
      ) c on true
     order by t.i`;
}

export async function correctTerms(db: Db, terms: readonly string[]): Promise<Correction[]> {
  const safe = searchableTerms(terms);
  if (safe.length === 0) return [];
  const res = await db.execute(correctionsStatement(safe));
  return (res.rows as { term: string; corrected: string | null; form: string | null }[]).map((r) => ({
    term: r.term,
    corrected: r.corrected,
    form: r.corrected === r.term ? null : r.form,
  }));
}
