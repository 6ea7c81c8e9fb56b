/** Discount codes: lookup by code, and how often a customer or guest email already used one. */
import { sql } from 'drizzle-orm';
import type { DiscountRule } from '../../domain/pricing/discounts';
import type { Db } from '../client';

type Executor = Pick<Db, 'execute'>;

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export const discountColumns = sql`id, code, kind, percent_bp as "percentBp", amounts, minimum_subtotal as "minimumSubtotal",
  to_char(starts_at at time zone 'UTC', ${sql.raw(ISO)}) as "startsAt", to_char(ends_at at time zone 'UTC', ${sql.raw(ISO)}) as "endsAt",
  usage_limit as "usageLimit", per_customer_limit as "perCustomerLimit", times_used as "timesUsed", active`;

/** `code` must already be normalised (upper case). */
export async function findDiscountByCode(db: Executor, code: string, opts: { forUpdate?: boolean } = {}): Promise<DiscountRule | null> {
  const res = await db.execute(
    sql`select ${discountColumns} from discounts where upper(code) = ${code} ${opts.forUpdate ? sql`for update` : sql``}`,
  );
  return (res.rows[0] as unknown as DiscountRule | undefined) ?? null;
}

/** Uses of a code by a customer (by id) or a guest (by normalised email). */
export async function countDiscountUses(db: Executor, discountId: string, who: { customerId: string | null; email: string | null }): Promise<number> {
  if (!who.customerId && !who.email) return 0;
  const res = await db.execute(sql`
    select count(*)::int as n from discount_redemptions
     where discount_id = ${discountId}
       and (${who.customerId ? sql`customer_id = ${who.customerId}` : sql`false`}
            or ${who.email ? sql`email = ${who.email.toLowerCase()}` : sql`false`})`);
  return (res.rows[0] as { n: number }).n;
}

export interface NewDiscount {
  code: string;
  kind: DiscountRule['kind'];
  percentBp?: number | null;
  amounts?: DiscountRule['amounts'];
  minimumSubtotal?: DiscountRule['minimumSubtotal'];
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
  active?: boolean;
}

/** Creates a code (admin tooling, seed and tests). */
export async function createDiscount(db: Executor, d: NewDiscount): Promise<string> {
  const res = await db.execute(sql`
    insert into discounts (code, kind, percent_bp, amounts, minimum_subtotal, starts_at, ends_at, usage_limit, per_customer_limit, active)
    values (${d.code}, ${d.kind}, ${d.percentBp ?? null}, ${JSON.stringify(d.amounts ?? {})}::jsonb, ${JSON.stringify(d.minimumSubtotal ?? {})}::jsonb,
            ${d.startsAt ?? null}, ${d.endsAt ?? null}, ${d.usageLimit ?? null}, ${d.perCustomerLimit ?? null}, ${d.active ?? true})
    returning id`);
  return (res.rows[0] as { id: string }).id;
}
