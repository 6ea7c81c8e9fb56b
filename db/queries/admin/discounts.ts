/** Discount codes for the admin: list with usage, read, save. Matching at checkout stays in db/queries/discounts.ts. */
import { sql } from 'drizzle-orm';
import type { DiscountInput } from '../../../domain/admin/catalog-input';
import type { DiscountRule } from '../../../domain/pricing/discounts';
import { discountColumns } from '../discounts';
import { isUniqueViolation, rows, UUID, type Executor } from './shared';

export type AdminDiscount = DiscountRule & { redemptions: number };

export class DiscountCodeTakenError extends Error {
  override name = 'DiscountCodeTakenError';
}

export async function listAdminDiscounts(db: Executor): Promise<AdminDiscount[]> {
  return rows<AdminDiscount>(
    await db.execute(sql`select ${discountColumns}, (select count(*)::int from discount_redemptions r where r.discount_id = discounts.id) as redemptions
      from discounts order by active desc, created_at desc`),
  );
}

export async function getAdminDiscount(db: Executor, id: string, opts: { forUpdate?: boolean } = {}): Promise<AdminDiscount | null> {
  if (!UUID.test(id)) return null;
  const r = await db.execute(sql`select ${discountColumns}, (select count(*)::int from discount_redemptions r where r.discount_id = discounts.id) as redemptions
    from discounts where id = ${id} ${opts.forUpdate ? sql`for update` : sql``}`);
  return rows<AdminDiscount>(r)[0] ?? null;
}

export class UsageLimitBelowUsesError extends Error {
  override name = 'UsageLimitBelowUsesError';
}

export async function saveDiscount(tx: Executor, id: string | null, d: DiscountInput): Promise<string> {
  try {
    if (id === null) {
      const r = await tx.execute(sql`insert into discounts (code, kind, percent_bp, amounts, minimum_subtotal, starts_at, ends_at, usage_limit, per_customer_limit, active)
        values (${d.code}, ${d.kind}, ${d.percentBp}, ${JSON.stringify(d.amounts)}::jsonb, ${JSON.stringify(d.minimumSubtotal)}::jsonb,
                ${d.startsAt}, ${d.endsAt}, ${d.usageLimit}, ${d.perCustomerLimit}, ${d.active}) returning id`);
      return (r.rows[0] as { id: string }).id;
    }
    const r = await tx.execute(sql`update discounts set code = ${d.code}, kind = ${d.kind}, percent_bp = ${d.percentBp}, amounts = ${JSON.stringify(d.amounts)}::jsonb,
        minimum_subtotal = ${JSON.stringify(d.minimumSubtotal)}::jsonb, starts_at = ${d.startsAt}, ends_at = ${d.endsAt}, usage_limit = ${d.usageLimit},
        per_customer_limit = ${d.perCustomerLimit}, active = ${d.active}, updated_at = now()
      where id = ${id} and (${d.usageLimit}::int is null or times_used <= ${d.usageLimit}::int) returning id`);
    if (!r.rows[0]) throw new UsageLimitBelowUsesError('usage limit below uses');
    return id;
  } catch (err) {
    if (isUniqueViolation(err, 'discounts_code_key')) throw new DiscountCodeTakenError('code taken');
    throw err;
  }
}

/** Codes that were used are deactivated, never deleted (orders keep pointing at them). Returns 'deleted' | 'deactivated'. */
export async function removeDiscount(tx: Executor, id: string): Promise<'deleted' | 'deactivated'> {
  const r = await tx.execute(sql`delete from discounts where id = ${id} and times_used = 0 and not exists (select 1 from orders where discount_id = ${id}) returning id`);
  if (r.rows[0]) return 'deleted';
  await tx.execute(sql`update discounts set active = false, updated_at = now() where id = ${id}`);
  return 'deactivated';
}
