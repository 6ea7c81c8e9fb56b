/**
 * The Postgres search adapter (default engine): weighted full-text search with
 * unaccent and prefix matching, typo correction through pg_trgm when too
 * little matches, and facet counts, in one statement per search (plus, only
 * when too little matched and some word is unknown to the vocabulary, one
 * vocabulary lookup and one more search).
 */
import type { ProductSummary } from '../../domain/catalog/documents';
import type {
  CollectionSuggestion,
  FacetCount,
  HighlightPart,
  OptionFacet,
  SearchEngine,
  SearchFacets,
  SearchRequest,
  SearchResult,
  SuggestRequest,
  SuggestResult,
} from '../../domain/search/types';
import type { Db } from '../client';
import { correctTerms } from './corrections';
import { HL_START, HL_STOP, searchStatement, suggestStatement } from './search-sql';

/** Below this many hits, the adapter tries a corrected spelling. */
export const MIN_RESULTS_BEFORE_CORRECTION = 3;
const MAX_FACET_VALUES = 30;

interface SearchRow {
  total: number;
  hits: { summary: ProductSummary; title: string }[];
  collections: FacetCount[];
  options: { key: string; label: string; count: number }[];
  price: Record<string, number>;
  availability: { inStock: number; outOfStock: number };
  /** every query word starts a word of the vocabulary: no correction to look for */
  all_known: boolean;
}

interface SuggestRow {
  products: { summary: ProductSummary; title: string }[];
  collections: CollectionSuggestion[];
  all_known: boolean;
}

/** ts_headline output → runs (the delimiters are control characters a title never shows). */
function runs(headline: string): HighlightPart[] {
  const out: HighlightPart[] = [];
  let match = false;
  for (const piece of headline.split(new RegExp(`[${HL_START}${HL_STOP}]`))) {
    if (piece) {
      const last = out[out.length - 1];
      if (last && last.match === match) last.text += piece;
      else out.push({ text: piece, match });
    }
    match = !match;
  }
  return out;
}

function optionFacets(rows: SearchRow['options']): OptionFacet[] {
  const byName = new Map<string, OptionFacet>();
  for (const r of rows) {
    const cut = r.key.indexOf(':');
    const labelCut = r.label.indexOf(':');
    const name = r.key.slice(0, cut);
    let facet = byName.get(name);
    if (!facet) byName.set(name, (facet = { name, label: r.label.slice(0, labelCut), values: [] }));
    if (facet.values.length < MAX_FACET_VALUES) facet.values.push({ value: r.key.slice(cut + 1), label: r.label.slice(labelCut + 1), count: r.count });
  }
  return [...byName.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function facetsOf(r: SearchRequest, row: SearchRow): SearchFacets {
  return {
    collections: row.collections.slice(0, MAX_FACET_VALUES),
    options: optionFacets(row.options),
    price: r.priceBuckets.map((b, i) => ({ ...b, count: row.price[String(i)] ?? 0 })),
    availability: row.availability,
  };
}

async function runSearch(db: Db, r: SearchRequest): Promise<SearchRow> {
  const res = await db.execute(searchStatement(r));
  return res.rows[0] as unknown as SearchRow;
}

/** A request with misspelt words replaced (unknown words without a close match dropped), or null when nothing changes. */
async function corrected<T extends { terms: string[] }>(db: Db, r: T): Promise<{ request: T; display: string } | null> {
  const fixes = await correctTerms(db, r.terms);
  if (!fixes.some((f) => f.corrected !== f.term)) return null;
  const kept = fixes.filter((f) => f.corrected !== null);
  if (kept.length === 0) return null;
  return {
    request: { ...r, terms: kept.map((f) => f.corrected as string) },
    display: kept.map((f) => f.form ?? f.corrected).join(' '),
  };
}

function result(r: SearchRequest, row: SearchRow, correctedQuery: string | null): SearchResult {
  return {
    engine: 'postgres',
    query: r.query,
    correctedQuery,
    total: row.total,
    page: r.page,
    perPage: r.perPage,
    pages: Math.ceil(row.total / r.perPage),
    hits: row.hits.map((h) => ({ product: h.summary, highlight: { title: runs(h.title) } })),
    facets: facetsOf(r, row),
  };
}

/** A query without a single searchable word ("%%%", "!!!") matches nothing, like an unknown word. */
const NOTHING: SearchRow = { total: 0, hits: [], collections: [], options: [], price: {}, availability: { inStock: 0, outOfStock: 0 }, all_known: true };

export function createPostgresSearchEngine(db: Db): SearchEngine {
  return {
    name: 'postgres',

    async search(r) {
      if (r.terms.length === 0) return result(r, NOTHING, null);
      const first = await runSearch(db, r);
      if (first.total >= MIN_RESULTS_BEFORE_CORRECTION || first.all_known) return result(r, first, null);
      const fix = await corrected(db, r);
      if (!fix) return result(r, first, null);
      const second = await runSearch(db, fix.request);
      return second.total > first.total ? result(r, second, fix.display) : result(r, first, null);
    },

    async suggest(r) {
      const run = async (req: SuggestRequest): Promise<SuggestRow> => {
        const stmt = suggestStatement(req);
        if (!stmt) return { products: [], collections: [], all_known: true };
        return (await db.execute(stmt)).rows[0] as unknown as SuggestRow;
      };
      const answer = (row: SuggestRow, correctedQuery: string | null): SuggestResult => ({
        engine: 'postgres',
        query: r.query,
        correctedQuery,
        products: row.products.map((p) => ({ product: p.summary, highlight: { title: runs(p.title) } })),
        collections: row.collections,
      });
      const first = await run(r);
      if (first.products.length > 0 || first.all_known) return answer(first, null);
      const fix = await corrected(db, r);
      if (!fix) return answer(first, null);
      const second = await run(fix.request);
      return second.products.length > 0 ? answer(second, fix.display) : answer(first, null);
    },
  };
}
