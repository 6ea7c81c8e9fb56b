import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Currency } from '../../domain/money';

export const productStatus = pgEnum('product_status', ['draft', 'active', 'archived']);
/** Must list exactly domain's CURRENCIES (type-checked one way here, tested the other way in db/schema.test.ts). */
export const currencyCode = pgEnum('currency_code', ['USD', 'EUR'] as const satisfies readonly Currency[]);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};

export const products = pgTable(
  'products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    handle: text('handle').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    vendor: text('vendor').notNull().default(''),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: productStatus('status').notNull().default('draft'),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('products_handle_key').on(t.handle),
    // listing of active products, newest first
    index('products_status_created_idx').on(t.status, t.createdAt.desc()),
    check('products_handle_format', sql`${t.handle} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(${t.handle}) <= 120`),
    check('products_title_not_blank', sql`length(trim(${t.title})) > 0`),
  ],
);

export const productOptions = pgTable(
  'product_options',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    values: text('values').array().notNull(),
  },
  (t) => [uniqueIndex('product_options_product_name_key').on(t.productId, t.name)],
);

export const variants = pgTable(
  'variants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text('sku').notNull(),
    title: text('title').notNull(),
    /** option name → value */
    optionValues: jsonb('option_values').$type<Record<string, string>>().notNull().default({}),
    position: integer('position').notNull().default(0),
    weightGrams: integer('weight_grams').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('variants_sku_key').on(t.sku),
    index('variants_product_position_idx').on(t.productId, t.position),
    check('variants_weight_non_negative', sql`${t.weightGrams} >= 0`),
  ],
);

/** Prices in integer minor units, one row per variant and currency. */
export const variantPrices = pgTable(
  'variant_prices',
  {
    variantId: uuid('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    currency: currencyCode('currency').notNull(),
    amount: integer('amount').notNull(),
    compareAtAmount: integer('compare_at_amount'),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.currency] }),
    check('variant_prices_amount_non_negative', sql`${t.amount} >= 0`),
    check(
      'variant_prices_compare_at_above_amount',
      sql`${t.compareAtAmount} is null or ${t.compareAtAmount} > ${t.amount}`,
    ),
  ],
);

export const inventoryLevels = pgTable(
  'inventory_levels',
  {
    variantId: uuid('variant_id')
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
    updatedAt: timestamps.updatedAt,
  },
  (t) => [
    check('inventory_on_hand_non_negative', sql`${t.onHand} >= 0`),
    check('inventory_reserved_non_negative', sql`${t.reserved} >= 0`),
    check('inventory_reserved_within_on_hand', sql`${t.reserved} <= ${t.onHand}`),
  ],
);

export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    handle: text('handle').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    seoTitle: text('seo_title'),
    seoDescription: text('seo_description'),
    position: integer('position').notNull().default(0),
    published: boolean('published').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('collections_handle_key').on(t.handle),
    index('collections_position_idx').on(t.position),
    check('collections_handle_format', sql`${t.handle} ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(${t.handle}) <= 120`),
  ],
);

/** Many-to-many, ordered by the merchant (position). */
export const collectionProducts = pgTable(
  'collection_products',
  {
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.collectionId, t.productId] }),
    index('collection_products_collection_position_idx').on(t.collectionId, t.position),
    index('collection_products_product_idx').on(t.productId),
  ],
);

export const media = pgTable(
  'media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    /** content-addressed R2 key: media/<sha256>.<ext> */
    r2Key: text('r2_key').notNull(),
    alt: text('alt').notNull().default(''),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    contentType: text('content_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamps.createdAt,
  },
  (t) => [
    index('media_product_position_idx').on(t.productId, t.position),
    uniqueIndex('media_product_key_key').on(t.productId, t.r2Key),
    check('media_dimensions_positive', sql`${t.width} > 0 and ${t.height} > 0`),
  ],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
export type ProductOption = typeof productOptions.$inferSelect;
export type Variant = typeof variants.$inferSelect;
export type NewVariant = typeof variants.$inferInsert;
export type VariantPrice = typeof variantPrices.$inferSelect;
export type InventoryLevel = typeof inventoryLevels.$inferSelect;
export type Collection = typeof collections.$inferSelect;
export type CollectionProduct = typeof collectionProducts.$inferSelect;
export type Media = typeof media.$inferSelect;
