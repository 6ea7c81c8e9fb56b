/**
 * Writes the Postgres search index from search documents
 * (domain/search/document.ts). Idempotent: every write makes the row equal
 * to the document. A batch is one statement (the documents travel as one JSON
 * parameter).
 *
 * Full rebuild (rebuildSearchIndex): one transaction that upserts every
 * document, deletes the rows it did not write and recomputes the vocabulary
 * (then ANALYZE).
 * Readers keep seeing the previous index until it commits, so search is never
 * empty or half-built; concurrent incremental writes wait for the rows the
 * rebuild holds and then apply (they carry fresher data).
 */
import { sql } from 'drizzle-orm';
import type { SearchDocument } from '../../domain/search/document';
import type { Db, Transactor } from '../client';

type Executor = Pick<Db, 'execute'>;

interface Row {
  product_id: string;
  handle: string;
  title: string;
  title_extras: string;
  keywords: string;
  description: string;
  collections: string[];
  collection_titles: string[];
  option_keys: string[];
  option_labels: string[];
  price_min: Record<string, number>;
  in_stock: boolean;
  product_created_at: string;
  summary: unknown;
}

function toRow(d: SearchDocument): Row {
  return {
    product_id: d.id,
    handle: d.handle,
    title: d.title,
    title_extras: d.titleExtras,
    keywords: d.keywords,
    description: d.description,
    collections: d.collections.map((c) => c.handle),
    collection_titles: d.collections.map((c) => c.title),
    option_keys: d.options.map((o) => o.key),
    option_labels: d.options.map((o) => `${o.name}:${o.value}`),
    price_min: d.priceMin,
    in_stock: d.inStock,
    product_created_at: d.createdAt,
    summary: d.summary,
  };
}

/** Inserts or replaces the documents (and adds their words to the vocabulary). */
export async function upsertSearchDocuments(db: Executor, docs: readonly SearchDocument[]): Promise<number> {
  if (docs.length === 0) return 0;
  const json = JSON.stringify(docs.map(toRow));
  await db.execute(sql`
    insert into search_documents (product_id, handle, title, title_extras, keywords, description, collections, collection_titles,
                                  option_keys, option_labels, price_min, in_stock, product_created_at, summary, indexed_at)
    select x.product_id, x.handle, x.title, x.title_extras, x.keywords, x.description, x.collections, x.collection_titles,
           x.option_keys, x.option_labels, x.price_min, x.in_stock, x.product_created_at, x.summary, clock_timestamp()
      from json_to_recordset(${json}::json) as x(product_id uuid, handle text, title text, title_extras text, keywords text,
           description text, collections text[], collection_titles text[], option_keys text[], option_labels text[],
           price_min jsonb, in_stock boolean, product_created_at timestamptz, summary jsonb)
    on conflict (product_id) do update set
      handle = excluded.handle, title = excluded.title, title_extras = excluded.title_extras, keywords = excluded.keywords,
      description = excluded.description, collections = excluded.collections, collection_titles = excluded.collection_titles,
      option_keys = excluded.option_keys, option_labels = excluded.option_labels, price_min = excluded.price_min,
      in_stock = excluded.in_stock, product_created_at = excluded.product_created_at, summary = excluded.summary,
      indexed_at = excluded.indexed_at`);
  const forms = docs.flatMap((d) => d.joinedForms);
  await db.execute(sql`
    insert into search_terms (term, form)
    select w.term, f.form
      from (select distinct lexeme as term
              from search_documents d, unnest(tsvector_to_array(to_tsvector('vitrine_plain'::regconfig,
                     d.title || ' ' || d.title_extras || ' ' || d.keywords))) as lexeme
             where d.product_id = any(${sql.param(docs.map((d) => d.id))}::uuid[]) and lexeme ~ '^[[:alnum:]]+$') w
      left join (select distinct on (public.unaccent(x.joined)) public.unaccent(x.joined) as term, public.unaccent(x.form) as form
                   from json_to_recordset(${JSON.stringify(forms)}::json) as x(joined text, form text)) f on f.term = w.term
    on conflict (term) do update set form = excluded.form
      where search_terms.form is null and excluded.form is not null`);
  return docs.length;
}

/** Removes products from the index (unpublished, archived, deleted). */
export async function removeSearchDocuments(db: Executor, productIds: readonly string[]): Promise<number> {
  if (productIds.length === 0) return 0;
  const res = await db.execute(sql`delete from search_documents where product_id = any(${sql.param([...productIds])}::uuid[])`);
  return res.rowCount ?? 0;
}

/** Every product id currently indexed (small: one uuid per product). */
export async function indexedProductIds(db: Executor): Promise<string[]> {
  const res = await db.execute(sql`select product_id from search_documents`);
  return (res.rows as { product_id: string }[]).map((r) => r.product_id);
}

export interface RebuildWriter {
  write(docs: readonly SearchDocument[]): Promise<void>;
}

export interface RebuildResult {
  written: number;
  removed: number;
  terms: number;
}

/**
 * Full rebuild in one transaction: `fill` writes every current document
 * through the writer (in batches, reading the catalog inside the same
 * transaction so a batch sees every change committed before it), then rows
 * not written are deleted and the vocabulary is recomputed.
 */
/** `transactor` runs the rebuild's interactive transaction (a Worker's HTTP client cannot: pass the seam's Database). */
export async function rebuildSearchIndex(db: Db, fill: (w: RebuildWriter) => Promise<void>, transactor: Transactor = db): Promise<RebuildResult> {
  const result = await transactor.transaction(async (tx) => {
    const started = ((await tx.execute(sql`select clock_timestamp()::text as t`)).rows[0] as { t: string }).t;
    let written = 0;
    await fill({
      async write(docs) {
        written += await upsertSearchDocuments(tx, docs);
      },
    });
    const removed = (await tx.execute(sql`delete from search_documents where indexed_at < ${started}::timestamptz`)).rowCount ?? 0;
    // the vocabulary: words no product uses any more go, the others get their document counts
    await tx.execute(sql`
      create temp table search_stat on commit drop as
      select word, ndoc from ts_stat($$select to_tsvector('vitrine_plain'::regconfig, title || ' ' || title_extras || ' ' || keywords)
                                       from search_documents$$)
       where word ~ '^[[:alnum:]]+$'`);
    await tx.execute(sql`delete from search_terms t where not exists (select 1 from search_stat s where s.word = t.term)`);
    await tx.execute(sql`update search_terms t set documents = s.ndoc from search_stat s where s.word = t.term and t.documents <> s.ndoc`);
    const terms = (await tx.execute(sql`select count(*)::int as n from search_terms`)).rows[0] as { n: number };
    return { written, removed, terms: terms.n };
  });
  // fresh statistics, so the planner knows the new size of the index right away
  await db.execute(sql`analyze search_documents, search_terms`);
  return result;
}
