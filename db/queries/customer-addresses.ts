/**
 * A customer's address book. Every statement is scoped by customer_id, so
 * another customer's address is indistinguishable from a missing one. Writes
 * that touch the default flag or the count run in a transaction that first
 * locks the customer's row, so concurrent requests cannot create two
 * defaults or exceed the limit.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Transactor } from '../client';
import { customerAddresses, customers } from '../schema/customers';
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

type Tx = Db;

const mine = (customerId: string, id: string) => and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.id, id));

async function lockCustomer(tx: Tx, customerId: string): Promise<boolean> {
  const rows = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for('update');
  return rows.length === 1;
}

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
export async function createAddress(db: Transactor, customerId: string, input: AddressInput, opts: { makeDefault?: boolean } = {}): Promise<SavedAddress> {
  return db.transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) throw new Error('customer not found');
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(customerAddresses)
      .where(eq(customerAddresses.customerId, customerId));
    if (count >= MAX_ADDRESSES_PER_CUSTOMER) throw new AddressLimitError(`at most ${MAX_ADDRESSES_PER_CUSTOMER} addresses`);
    const isDefault = count === 0 || !!opts.makeDefault;
    if (isDefault) await tx.update(customerAddresses).set({ isDefault: false }).where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.isDefault, true)));
    const [row] = await tx.insert(customerAddresses).values({ ...input, customerId, isDefault }).returning(columns);
    return row!;
  });
}

/** Replaces the fields of one of the customer's addresses; null when it is not theirs (or missing). */
export async function updateAddress(db: Transactor, customerId: string, id: string, input: AddressInput, opts: { makeDefault?: boolean } = {}): Promise<SavedAddress | null> {
  if (!UUID.test(id)) return null;
  return db.transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return null;
    if (opts.makeDefault) {
      const exists = await tx.select({ id: customerAddresses.id }).from(customerAddresses).where(mine(customerId, id));
      if (exists.length === 0) return null;
      await tx.update(customerAddresses).set({ isDefault: false }).where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.isDefault, true)));
    }
    const [row] = await tx
      .update(customerAddresses)
      .set({ ...input, ...(opts.makeDefault ? { isDefault: true } : {}), updatedAt: sql`now()` })
      .where(mine(customerId, id))
      .returning(columns);
    return row ?? null;
  });
}

export async function setDefaultAddress(db: Transactor, customerId: string, id: string): Promise<SavedAddress | null> {
  if (!UUID.test(id)) return null;
  return db.transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return null;
    const exists = await tx.select({ id: customerAddresses.id }).from(customerAddresses).where(mine(customerId, id));
    if (exists.length === 0) return null;
    await tx.update(customerAddresses).set({ isDefault: false }).where(and(eq(customerAddresses.customerId, customerId), eq(customerAddresses.isDefault, true)));
    const [row] = await tx.update(customerAddresses).set({ isDefault: true, updatedAt: sql`now()` }).where(mine(customerId, id)).returning(columns);
    return row ?? null;
  });
}

/** Deletes one of the customer's addresses; when it was the default, the oldest remaining one becomes the default. */
export async function deleteAddress(db: Transactor, customerId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  return db.transaction(async (tx) => {
    if (!(await lockCustomer(tx, customerId))) return false;
    const [gone] = await tx.delete(customerAddresses).where(mine(customerId, id)).returning({ isDefault: customerAddresses.isDefault });
    if (!gone) return false;
    if (gone.isDefault) {
      const [next] = await tx
        .select({ id: customerAddresses.id })
        .from(customerAddresses)
        .where(eq(customerAddresses.customerId, customerId))
        .orderBy(asc(customerAddresses.createdAt), asc(customerAddresses.id))
        .limit(1);
      if (next) await tx.update(customerAddresses).set({ isDefault: true }).where(eq(customerAddresses.id, next.id));
    }
    return true;
  });
}
