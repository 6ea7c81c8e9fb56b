/**
 * Fixtures for `npm run bench:checkout`, prepared outside the measured window:
 *
 *  - Redis: a dedicated, empty DB index of the machine's Redis (REDIS_URL or
 *    127.0.0.1:6379), chosen from the top (15 → 8) so that the carts the bench
 *    writes never mix with other sessions' keys; every key the bench or the
 *    storefront wrote there is deleted at the end.
 *  - Carts written straight into Redis in the storefront's stored format
 *    (workers/storefront/src/cart/store.ts: hash `vt:cart:<cartHash(id)>` with
 *    `v` and `d`): thousands per second, where the API would take a
 *    measured-route's worth of time. The bench checks one of each kind through
 *    the API before any load (GET /api/v1/carts/current), so a format drift
 *    fails loudly instead of measuring 404s.
 *  - Stock: BENCH_VARIANTS active variants with a USD price get on_hand = 1e6.
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { cartHash, newCartId } from '../../workers/storefront/src/cart/id';

export const CART_KEY_PREFIX = 'vt:cart:';
export const BENCH_EMAIL_DOMAIN = 'bench.vitrine.test';
export const ADDRESS_US = { name: 'Bench Shopper', line1: '1 Main St', city: 'Albany', region: 'NY', postalCode: '12207', country: 'US' };
export const SHIPPING_RATE = 'us-standard';
/** carts live at most this long if the bench dies before its cleanup */
const SAFETY_TTL_S = 3600;

export interface BenchRedis {
  url: string;
  db: number;
  redis: Redis;
  /** pid of redis-server (its CPU is the bench's, not "other processes'") */
  serverPid: number | undefined;
  /** deletes every key in the bench's DB index (it was empty when chosen); returns how many */
  clean(): Promise<number>;
  close(): Promise<void>;
}

/** Picks an empty DB index (15 → 8) of the Redis at baseUrl and claims it with a marker key. */
export async function openBenchRedis(baseUrl: string, say: (m: string) => void): Promise<BenchRedis> {
  const marker = `vitrine:bench:checkout:${process.pid}`;
  for (let db = 15; db >= 8; db--) {
    const u = new URL(baseUrl);
    u.pathname = `/${db}`;
    const redis = new Redis(u.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    // claim atomically: SET NX of the marker in an empty DB
    const size = await redis.dbsize();
    if (size === 0 && (await redis.set(marker, '1', 'EX', SAFETY_TTL_S * 4, 'NX')) === 'OK' && (await redis.dbsize()) === 1) {
      const info = await redis.info('server');
      const serverPid = Number(/process_id:(\d+)/.exec(info)?.[1]) || undefined;
      say(`Redis DB ${db} of ${u.host} (empty; claimed with ${marker})`);
      let closed = false;
      return {
        url: u.toString(),
        db,
        redis,
        serverPid,
        async clean() {
          let n = 0;
          let cursor = '0';
          do {
            const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
            cursor = next;
            if (keys.length) n += await redis.unlink(...keys);
          } while (cursor !== '0');
          return n;
        },
        async close() {
          if (closed) return;
          closed = true;
          await redis.quit().catch(() => redis.disconnect());
        },
      };
    }
    redis.disconnect();
  }
  throw new Error(`no empty Redis DB index in 8–15 at ${baseUrl}: set REDIS_URL to a Redis the bench may use`);
}

export interface CartLineSpec {
  variantId: string;
  quantity: number;
}

/** Writes n carts (stored format of the storefront's CartStore) and returns their ids. */
export async function writeCarts(redis: Redis, n: number, make: (i: number) => { lines: CartLineSpec[]; ready: boolean }): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date().toISOString();
  const BATCH = 500;
  for (let start = 0; start < n; start += BATCH) {
    const p = redis.pipeline();
    const batch = Math.min(BATCH, n - start);
    const hashes = await Promise.all(
      Array.from({ length: batch }, async () => {
        const id = newCartId();
        ids.push(id);
        return cartHash(id);
      }),
    );
    for (let k = 0; k < batch; k++) {
      const i = start + k;
      const spec = make(i);
      const stored = {
        currency: 'USD',
        lines: spec.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, addedAt: now })),
        discountCode: null,
        email: spec.ready ? `shopper-${i}-${hashes[k]!.slice(0, 6)}@${BENCH_EMAIL_DOMAIN}` : null,
        shippingAddress: spec.ready ? ADDRESS_US : null,
        shippingRateId: spec.ready ? SHIPPING_RATE : null,
        customerId: null,
        createdAt: now,
        updatedAt: now,
      };
      const key = CART_KEY_PREFIX + hashes[k]!;
      p.hset(key, 'v', '1', 'd', JSON.stringify(stored));
      p.expire(key, SAFETY_TTL_S);
    }
    const res = await p.exec();
    const failed = res?.find(([err]) => err);
    if (failed) throw new Error(`writing carts to Redis: ${failed[0]!.message}`);
  }
  return ids;
}

export interface BenchVariant {
  variantId: string;
  sku: string;
  price: number;
  /** the product's handle (browsing in the mixed run) */
  handle: string;
}

/**
 * "Plenty of stock": the first `count` active variants (by id) with a USD price
 * get on_hand = 1,000,000 and reserved = 0 (inventory row created if missing).
 */
export async function topUpStock(databaseUrl: string, count: number): Promise<BenchVariant[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ variant_id: string; sku: string; amount: number; handle: string }>(
      `select v.id as variant_id, v.sku, vp.amount, p.handle
         from variants v
         join products p on p.id = v.product_id and p.status = 'active'
         join variant_prices vp on vp.variant_id = v.id and vp.currency = 'USD'
        order by v.id
        limit $1`,
      [count],
    );
    const ids = r.rows.map((x) => x.variant_id);
    await client.query(
      `insert into inventory_levels (variant_id, on_hand, reserved)
       select unnest($1::uuid[]), 1000000, 0
       on conflict (variant_id) do update set on_hand = 1000000, reserved = 0`,
      [ids],
    );
    return r.rows.map((x) => ({ variantId: x.variant_id, sku: x.sku, price: Number(x.amount), handle: x.handle }));
  } finally {
    await client.end();
  }
}

/** Orders placed with bench emails, and the stock left on the bench variants. */
export async function dbTallies(databaseUrl: string, variantIds: string[]): Promise<{ orders: number; unitsLeft: number; outboxPending: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const o = await client.query<{ n: number }>(`select count(*)::int as n from orders where email like $1`, [`%@${BENCH_EMAIL_DOMAIN}`]);
    const s = await client.query<{ n: string }>(`select coalesce(sum(on_hand), 0)::bigint as n from inventory_levels where variant_id = any($1::uuid[])`, [variantIds]);
    const q = await client.query<{ n: number }>(`select count(*)::int as n from outbox where published_at is null`);
    return { orders: o.rows[0]!.n, unitsLeft: Number(s.rows[0]!.n), outboxPending: q.rows[0]!.n };
  } finally {
    await client.end();
  }
}
