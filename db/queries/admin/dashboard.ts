/** Dashboard figures: today's orders and revenue, and per-day series over 30 days (UTC days; cancelled orders excluded). */
import { sql } from 'drizzle-orm';
import { rows, type Executor } from './shared';

export interface DaySeries {
  day: string;
  orders: number;
  revenue: number;
}

export async function dashboardSeries(db: Executor, currency: string, days = 30): Promise<DaySeries[]> {
  const r = await db.execute(sql`
    with d as (select generate_series((now() at time zone 'UTC')::date - ${days - 1}::int, (now() at time zone 'UTC')::date, interval '1 day')::date as day)
    select to_char(d.day, 'YYYY-MM-DD') as day,
      count(o.id)::int as orders,
      coalesce(sum(o.grand_total) filter (where o.currency = ${currency}::currency_code and o.status <> 'pending_payment'), 0)::bigint
        - coalesce(sum((select coalesce(sum(r.amount), 0) from order_refunds r where r.order_id = o.id)) filter (where o.currency = ${currency}::currency_code), 0)::bigint as revenue
    from d left join orders o on (o.placed_at at time zone 'UTC')::date = d.day and o.status <> 'cancelled'
    group by d.day order by d.day`);
  return rows<{ day: string; orders: number; revenue: string | number }>(r).map((x) => ({ day: x.day, orders: x.orders, revenue: Number(x.revenue) }));
}

export async function awaitingAction(db: Executor): Promise<{ awaitingPayment: number; toFulfil: number }> {
  const r = await db.execute(sql`select count(*) filter (where status = 'pending_payment')::int as "awaitingPayment", count(*) filter (where status = 'paid')::int as "toFulfil" from orders`);
  return r.rows[0] as { awaitingPayment: number; toFulfil: number };
}
