/**
 * Filter conditions over search_documents (alias d), one boolean per facet,
 * so that facet counts can leave out their own facet's filter (disjunctive
 * faceting) within the same statement. Every value is a bound parameter.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Currency } from '../../domain/money';
import type { SearchFilters } from '../../domain/search/types';

export interface FilterFlags {
  collection: SQL;
  price: SQL;
  stock: SQL;
  /** lower-cased option name → condition */
  options: { name: string; cond: SQL }[];
}

const TRUE = sql`true`;

/** The product's lowest price in the currency (null when it has none). */
export function priceOf(currency: Currency): SQL {
  return sql`(d.price_min ->> ${currency})::integer`;
}

export function filterFlags(f: SearchFilters, currency: Currency): FilterFlags {
  const price =
    f.priceMin === undefined && f.priceMax === undefined
      ? TRUE
      : sql`coalesce(${priceOf(currency)} between ${f.priceMin ?? 0} and ${f.priceMax ?? 2_147_483_647}, false)`;
  return {
    collection: f.collections.length > 0 ? sql`d.collections && ${sql.param(f.collections)}::text[]` : TRUE,
    price,
    stock: f.inStock ? sql`d.in_stock` : TRUE,
    options: Object.entries(f.options).map(([name, values]) => ({
      name,
      cond: sql`d.option_keys && ${sql.param(values.map((v) => `${name}:${v}`))}::text[]`,
    })),
  };
}

/** Columns m.f_collection, m.f_price, m.f_stock, m.f_opt_<i> computed once per matching row. */
export function flagColumns(flags: FilterFlags): SQL {
  const cols = [
    sql`${flags.collection} as f_collection`,
    sql`${flags.price} as f_price`,
    sql`${flags.stock} as f_stock`,
    ...flags.options.map((o, i) => sql`${o.cond} as ${sql.raw(`f_opt_${i}`)}`),
  ];
  return sql.join(cols, sql`, `);
}

type Facet = 'collection' | 'price' | 'stock' | 'options';

/** AND of every flag except the given facet's (all of them when `except` is undefined). */
export function allFlagsExcept(flags: FilterFlags, except?: Facet): SQL {
  const parts: SQL[] = [];
  if (except !== 'collection') parts.push(sql`m.f_collection`);
  if (except !== 'price') parts.push(sql`m.f_price`);
  if (except !== 'stock') parts.push(sql`m.f_stock`);
  if (except !== 'options') flags.options.forEach((_, i) => parts.push(sql.raw(`m.f_opt_${i}`)));
  return sql.join(parts, sql` and `);
}

/**
 * For option facet rows (u.key = "name:value"): every option filter except
 * the one on the row's own option.
 */
export function optionFlagsExceptOwn(flags: FilterFlags): SQL {
  if (flags.options.length === 0) return TRUE;
  return sql.join(
    flags.options.map((o, i) => sql`(starts_with(u.key, ${`${o.name}:`}) or ${sql.raw(`m.f_opt_${i}`)})`),
    sql` and `,
  );
}
