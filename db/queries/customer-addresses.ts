/**
 * A customer's address book. Every statement is scoped by customer_id, so
 * another customer's address is indistinguishable from a missing one. Writes
 * that touch the default flag or the count are one batch transaction (one
 * round trip) whose first statement locks the customer's row: concurrent
 * requests queue there, and every later statement (READ COMMITTED: each sees
 * what committed before it started) counts and flips defaults after them —
 * no two defaults, never past the limit (the guard raises `address_limit`).
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Batcher, Db } from '../client';
import { raisedGuard } from '../errors';
import { customerAddresses } from '../schema/customers';
import { isoTimestamp } from './customers';

export const MAX_ADDRESSES_PER_CUSTOMER = 20;

export interface AddressInput {
  name: string;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
}

export interface SavedAddress extends AddressInput {
  id: string;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export class AddressLimitError extends Error {
  override name = 'AddressLimitError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const columns = {
  id: customerAddresses.id,
  name: customerAddresses.name,
  company: customerAddresses.company,
  line1: customerAddresses.line1,
  line2: customerAddresses.line2,
  city: customerAddresses.city,
  region: customerAddresses.region,
  postalCode: customerAddresses.postalCode,
  country: customerAddresses.country,
  phone: customerAddresses.phone,
  isDefault: customerAddresses.isDefault,
  createdAt: isoTimestamp(customerAddresses.createdAt),
  updatedAt: isoTimestamp(customerAddresses.updatedAt),
};

const mine = (customerId: string, id: string) => and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.id, id));

const ISO = sql.raw(`'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`);
/** The address as the API returns it, from a `returning` or `select` over customer_addresses. */
const RETURNING = sql`id, name, company, line1, line2, city, region, postal_code as "postalCode", country, phone, is_default as "isDefault",
  to_char(created_at at time zone 'UTC', ${ISO}) as "createdAt", to_char(updated_at at time zone 'UTC', ${ISO}) as "updatedAt"`;

const lockCustomer = (customerId: string) => sql`select vt_guard(exists (select 1 from customers where id = ${customerId} for update), 'customer_gone')`;
const clearDefault = (customerId: string) => sql`update customer_addresses set is_default = false where customer_id = ${customerId} and is_default`;

/**
 * Runs a batch and returns the last statement's rows; null when a guard found
 * the customer or the address gone (reads as "not found").
 */
async function run(db: Batcher, statements: SQL[]): Promise<Record<string, unknown>[] | null> {
  try {
    const results = await db.batch(statements);
    return results[results.length - 1] ?? [];
  } catch (err) {
    const g = raisedGuard(err);
    if (g?.reason === 'address_limit') throw new AddressLimitError(`at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses`);
    if (g?.reason === 'customer_gone' || g?.reason === 'address_gone') return null;
    throw err;
  }
}

const first = (rows: Record<string, unknown>[] | null) => (rows?.[0] as unknown as SavedAddress | undefined) ?? null;

/** Default first, then oldest first. */
export async function listAddresses(db: Db, customerId: string): Promise<SavedAddress[]> {
  return db
    .select(columns)
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.createdAt), asc(customerAddresses.id));
}

export async function getAddress(db: Db, customerId: string, id: string): Promise<SavedAddress | null> {
  if (!UUID.test(id)) return null;
  const [row] = await db.select(columns).from(customerAddresses).where(mine(customerId, id)).limit(1);
  return row ?? null;
}

/** Adds an address; the first one becomes the default. Throws AddressLimitError past the limit. */
export async function createAddress(db: Batcher, customerId: string, input: AddressInput, opts: { makeDefault?: boolean } = {}): Promise<SavedAddress> {
  const saved = first(await run(db, [
    lockCustomer(customerId),
    sql`select vt_guard(count(*) < ${MAX_ADDRESSES_PER_CUSTOMER}, 'address_limit') from customer_addresses where customer_id = ${customerId}`,
    ...(opts.makeDefault ? [clearDefault(customerId)] : []),
    sql`insert into customer_addresses (customer_id, name, company, line1, line2, city, region, postal_code, country, phone, is_default)
        values (${customerId}, ${input.name}, ${input.company}, ${input.line1}, ${input.line2}, ${input.city}, ${input.region}, ${input.postalCode},
                ${input.country}, ${input.phone}, ${opts.makeDefault ? sql`true` : sql`not exists (select 1 from customer_addresses where customer_id = ${customerId})`})
        returning ${RETURNING}`,
  ]));
  if (!saved) throw new Error('customer not found');
  return saved;
}

/** Replaces the fields of one of the customer's addresses; null when it is not theirs (or missing). */
export async function updateAddress(db: Batcher, customerId: string, id: string, input: AddressInput, opts: { makeDefault?: boolean } = {}): Promise<SavedAddress | null> {
  if (!UUID.test(id)) return null;
  return first(await run(db, [
    lockCustomer(customerId),
    ...(opts.makeDefault
      ? [
          sql`select vt_guard(exists (select 1 from customer_addresses where customer_id = ${customerId} and id = ${id}), 'address_gone')`,
          clearDefault(customerId),
        ]
      : []),
    sql`update customer_addresses
           set name = ${input.name}, company = ${input.company}, line1 = ${input.line1}, line2 = ${input.line2}, city = ${input.city},
               region = ${input.region}, postal_code = ${input.postalCode}, country = ${input.country}, phone = ${input.phone},
               ${opts.makeDefault ? sql`is_default = true,` : sql``} updated_at = now()
         where customer_id = ${customerId} and id = ${id}
        returning ${RETURNING}`,
  ]));
}

export async function setDefaultAddress(db: Batcher, customerId: string, id: string): Promise<SavedAddress | null> {
  if (!UUID.test(id)) return null;
  return first(await run(db, [
    lockCustomer(customerId),
    sql`select vt_guard(exists (select 1 from customer_addresses where customer_id = ${customerId} and id = ${id}), 'address_gone')`,
    clearDefault(customerId),
    sql`update customer_addresses set is_default = true, updated_at = now() where customer_id = ${customerId} and id = ${id} returning ${RETURNING}`,
  ]));
}

/** Deletes one of the customer's addresses; when it was the default, the oldest remaining one becomes the default. */
export async function deleteAddress(db: Batcher, customerId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const done = await run(db, [
    lockCustomer(customerId),
    sql`select vt_guard(exists (select 1 from customer_addresses where customer_id = ${customerId} and id = ${id}), 'address_gone')`,
    sql`delete from customer_addresses where customer_id = ${customerId} and id = ${id}`,
    sql`update customer_addresses set is_default = true
         where id = (select id from customer_addresses where customer_id = ${customerId} order by created_at, id limit 1)
           and not exists (select 1 from customer_addresses where customer_id = ${customerId} and is_default)
        returning id`,
  ]);
  // null: a guard found the address (or the customer) gone; otherwise deleted (with or without a new default)
  return done !== null;
}
