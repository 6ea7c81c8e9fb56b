CREATE TABLE "search_documents" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"handle" text NOT NULL,
	"title" text NOT NULL,
	"title_extras" text DEFAULT '' NOT NULL,
	"keywords" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"collections" text[] DEFAULT '{}'::text[] NOT NULL,
	"collection_titles" text[] DEFAULT '{}'::text[] NOT NULL,
	"option_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"option_labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"price_min" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"in_stock" boolean NOT NULL,
	"product_created_at" timestamp with time zone NOT NULL,
	"summary" jsonb NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"document" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('vitrine_stem'::regconfig, title), 'A')
         || setweight(to_tsvector('vitrine_plain'::regconfig, title || ' ' || title_extras), 'A')
         || setweight(to_tsvector('vitrine_stem'::regconfig, keywords), 'B')
         || setweight(to_tsvector('vitrine_plain'::regconfig, keywords), 'B')
         || setweight(to_tsvector('vitrine_stem'::regconfig, description), 'C')) STORED NOT NULL,
	"title_document" "tsvector" GENERATED ALWAYS AS (to_tsvector('vitrine_stem'::regconfig, title) || to_tsvector('vitrine_plain'::regconfig, title || ' ' || title_extras)) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"form" text,
	"documents" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_documents_document_idx" ON "search_documents" USING gin ("document");--> statement-breakpoint
CREATE INDEX "search_terms_trgm_idx" ON "search_terms" USING gin ("term" gin_trgm_ops);