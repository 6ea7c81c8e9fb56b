/**
 * Live catalog facts for cart lines, straight from Postgres (the source of
 * truth for price, status and stock): one round trip for any number of lines.
 */
import { sql } from 'drizzle-orm';
import type { SellableVariant } from '../../domain/cart/lines';
import type { Currency } from '../../domain/money';
import type { Db } from '../client';

type Executor = Pick<Db, 'execute'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sellableSelect(ids: readonly string[], currency: Currency) {
  return sql`
    select v.id as "variantId", v.product_id as "productId", p.handle as "productHandle", p.title as "productTitle",
      p.status as "productStatus", v.title as "variantTitle", v.sku, v.weight_grams as "weightGrams", v.option_values as options,
      vp.amount as price, vp.compare_at_amount as "compareAt",
      greatest(coalesce(i.on_hand, 0) - coalesce(i.reserved, 0), 0)::int as available,
      (select json_build_object('key', m.r2_key, 'alt', m.alt, 'width', m.width, 'height', m.height)
         from media m where m.product_id = p.id order by m.position, m.created_at limit 1) as image
    from variants v
    join products p on p.id = v.product_id
    left join variant_prices vp on vp.variant_id = v.id and vp.currency = ${currency}
    left join inventory_levels i on i.variant_id = v.id
    where v.id = any(${sql.param([...ids])}::uuid[])`;
}

/** Variants by id (unknown ids are simply absent; malformed ids are ignored, never sent as uuid casts that would fail). */
export async function loadSellableVariants(db: Executor, ids: readonly string[], currency: Currency): Promise<SellableVariant[]> {
  const valid = [...new Set(ids)].filter((id) => UUID.test(id));
  if (valid.length === 0) return [];
  const res = await db.execute(sellableSelect(valid, currency));
  return res.rows as unknown as SellableVariant[];
}
