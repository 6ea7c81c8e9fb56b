-- Search (docs/SEARCH.md): extensions and text search configurations the search tables rely on.
-- unaccent: accent-insensitive matching; pg_trgm: similarity for typo correction (GIN-indexed);
-- fuzzystrmatch: edit distance for short misspellings. All three are available on Neon.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;--> statement-breakpoint
-- vitrine_stem: English stems without accents ("Hoodies" -> hoodi, "Crème" -> creme)
DROP TEXT SEARCH CONFIGURATION IF EXISTS vitrine_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION vitrine_stem (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION vitrine_stem ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
-- vitrine_plain: words as written, without accents (prefixes of unstemmed words while typing: "runni" -> running)
DROP TEXT SEARCH CONFIGURATION IF EXISTS vitrine_plain;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION vitrine_plain (COPY = simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION vitrine_plain ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;--> statement-breakpoint
-- A database that already holds a catalog gets its search index through the normal event path:
-- the jobs worker answers catalog.rebuild with a full KV publish and a full search rebuild.
-- (An empty database needs nothing: seeding announces every product it writes.)
INSERT INTO outbox (topic, payload) SELECT 'catalog.rebuild', '{}'::jsonb WHERE EXISTS (SELECT 1 FROM products);
