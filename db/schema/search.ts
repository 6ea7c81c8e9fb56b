/**
 * The Postgres search index (the default search engine; see docs/SEARCH.md).
 *
 * search_documents: one row per active product, built from its catalog
 *   document (domain/search/document.ts). `document` is a generated, weighted
 *   tsvector: title A, keywords (collections, tags, option values, vendor,
 *   synonyms) B, description C; title and keywords are indexed twice, stemmed
 *   (vitrine_stem: english + unaccent) and as written (vitrine_plain: simple +
 *   unaccent) so that prefixes of unstemmed words match while typing.
 *   `title_document` holds the title alone for ranking.
 * search_terms: the vocabulary of titles and keywords for typo correction
 *   (pg_trgm similarity), with the hyphenated form of joined words.
 *
 * The extensions and text search configurations come from the custom
 * migration `search_setup`; they must exist before these tables.
 */
import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ProductSummary } from '../../domain/catalog/documents';
import type { Currency } from '../../domain/money';
import { products } from './catalog';

const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

export const searchDocuments = pgTable(
  'search_documents',
  {
    productId: uuid('product_id')
      .primaryKey()
      .references(() => products.id, { onDelete: 'cascade' }),
    handle: text('handle').notNull(),
    title: text('title').notNull(),
    /** joined forms of hyphenated title words ("tshirt"), ranked like the title */
    titleExtras: text('title_extras').notNull().default(''),
    keywords: text('keywords').notNull().default(''),
    description: text('description').notNull().default(''),
    /** collection handles, and their titles at the same positions */
    collections: text('collections').array().notNull().default(sql`'{}'::text[]`),
    collectionTitles: text('collection_titles').array().notNull().default(sql`'{}'::text[]`),
    /** "color:black" (lower-cased, filters), and "Color:Black" (display) at the same positions */
    optionKeys: text('option_keys').array().notNull().default(sql`'{}'::text[]`),
    optionLabels: text('option_labels').array().notNull().default(sql`'{}'::text[]`),
    /** currency → lowest variant price (minor units) */
    priceMin: jsonb('price_min').$type<Partial<Record<Currency, number>>>().notNull().default({}),
    inStock: boolean('in_stock').notNull(),
    productCreatedAt: timestamp('product_created_at', { withTimezone: true, mode: 'string' }).notNull(),
    /** what a hit shows, exactly the listing summary */
    summary: jsonb('summary').$type<ProductSummary>().notNull(),
    indexedAt: timestamp('indexed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    document: tsvector('document')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('vitrine_stem'::regconfig, title), 'A')
         || setweight(to_tsvector('vitrine_plain'::regconfig, title || ' ' || title_extras), 'A')
         || setweight(to_tsvector('vitrine_stem'::regconfig, keywords), 'B')
         || setweight(to_tsvector('vitrine_plain'::regconfig, keywords), 'B')
         || setweight(to_tsvector('vitrine_stem'::regconfig, description), 'C')`,
      ),
    /** the title alone (both configurations), to rank products by how many query words their title holds */
    titleDocument: tsvector('title_document')
      .notNull()
      .generatedAlwaysAs(
        sql`to_tsvector('vitrine_stem'::regconfig, title) || to_tsvector('vitrine_plain'::regconfig, title || ' ' || title_extras)`,
      ),
  },
  (t) => [index('search_documents_document_idx').using('gin', t.document)],
);

export const searchTerms = pgTable(
  'search_terms',
  {
    /** a word of some title or keywords, unaccented and lower-cased */
    term: text('term').primaryKey(),
    /** for a joined word ("tshirt"), the hyphenated form it stands for ("t-shirt") */
    form: text('form'),
    /** products using the word (at the last full rebuild; new words count 1): breaks ties between corrections */
    documents: integer('documents').notNull().default(1),
  },
  (t) => [index('search_terms_trgm_idx').using('gin', sql`${t.term} gin_trgm_ops`)],
);

export type SearchDocumentRow = typeof searchDocuments.$inferSelect;
export type SearchTermRow = typeof searchTerms.$inferSelect;
