/**
 * Carts in Redis (Upstash REST). One hash per cart, `vt:cart:<sha256(id)>`,
 * with `d` (the cart JSON, validated on read) and `v` (a version number).
 * Every read and write pushes the expiry 30 days out (sliding). Writes are
 * compare-and-set on the version in one Lua script, so two tabs changing
 * the same cart never lose each other's change: the loser re-reads and
 * re-applies its change.
 */
import type { Redis } from '@upstash/redis';
import * as z from 'zod';
import { CART_TTL_SECONDS, type Cart } from '../../../../domain/cart/cart';
import { CURRENCIES } from '../../../../domain/money';
import { redisCall } from '../../../../edge/redis';
import { cartHash } from './id';

const KEY_PREFIX = 'vt:cart:';

const addressSchema = z.object({
  name: z.string(),
  line1: z.string(),
  line2: z.string().optional(),
  city: z.string(),
  region: z.string().optional(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().optional(),
});

/** What is stored (everything but the id, which is the secret the key is derived from). */
const storedCart = z.object({
  currency: z.enum(CURRENCIES),
  lines: z.array(z.object({ variantId: z.string(), quantity: z.number().int().positive(), addedAt: z.string() })),
  discountCode: z.string().nullable(),
  email: z.string().nullable(),
  shippingAddress: addressSchema.nullable(),
  shippingRateId: z.string().nullable(),
  customerId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

// KEYS[1] cart key; ARGV: expected version ('' = must not exist), new version, data, ttl
const CAS_SCRIPT = `
local v = redis.call('HGET', KEYS[1], 'v')
if ARGV[1] == '' then
  if v then return 0 end
elseif v ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

// KEYS[1] cart key; ARGV: ttl. Returns [version, data] and slides the expiry, or nil.
const READ_SCRIPT = `
local r = redis.call('HMGET', KEYS[1], 'v', 'd')
if not r[1] then return nil end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return r`;

export interface VersionedCart {
  cart: Cart;
  version: number;
}

export class CartConflictError extends Error {
  override name = 'CartConflictError';
}

export class CartStore {
  constructor(private readonly redis: Redis) {}

  private async key(id: string): Promise<string> {
    return KEY_PREFIX + (await cartHash(id));
  }

  async get(id: string): Promise<VersionedCart | null> {
    const key = await this.key(id);
    const r = await redisCall('cart read', () => this.redis.eval<[string], [string, string] | null>(READ_SCRIPT, [key], [String(CART_TTL_SECONDS)]));
    if (!r) return null;
    let data: unknown;
    try {
      data = JSON.parse(r[1]);
    } catch {
      return null;
    }
    const parsed = storedCart.safeParse(data);
    if (!parsed.success) return null; // unreadable (older format, corruption): treated as expired
    return { cart: { id, ...parsed.data }, version: Number(r[0]) };
  }

  private async cas(id: string, expected: number | null, cart: Cart): Promise<boolean> {
    const key = await this.key(id);
    const { id: _id, ...stored } = cart;
    const ok = await redisCall('cart write', () =>
      this.redis.eval<string[], number>(CAS_SCRIPT, [key], [expected === null ? '' : String(expected), String((expected ?? 0) + 1), JSON.stringify(stored), String(CART_TTL_SECONDS)]),
    );
    return Number(ok) === 1;
  }

  async create(cart: Cart): Promise<VersionedCart> {
    if (!(await this.cas(cart.id, null, cart))) throw new CartConflictError('cart id already taken');
    return { cart, version: 1 };
  }

  /**
   * Applies `change` to the current cart and stores the result, retrying on a
   * concurrent write. `change` may throw (validation): nothing is written then.
   * Returns null when the cart does not exist (expired). A `first` of version 0
   * is a new cart not stored yet: it is created with the change applied.
   */
  async update(id: string, change: (cart: Cart) => Cart | Promise<Cart>, first?: VersionedCart): Promise<VersionedCart | null> {
    let current = first ?? (await this.get(id));
    for (let attempt = 0; attempt < 5; attempt++) {
      if (!current) return null;
      const next = await change(current.cart);
      if (await this.cas(id, current.version === 0 ? null : current.version, next)) return { cart: next, version: current.version + 1 };
      current = await this.get(id);
    }
    throw new CartConflictError('the cart is being changed by several requests at once');
  }

  async delete(id: string): Promise<void> {
    const key = await this.key(id);
    await redisCall('cart delete', () => this.redis.del(key));
  }
}
