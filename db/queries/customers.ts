/**
 * Customer accounts. Emails arrive already normalised
 * (domain/customers/email.ts); lookups compare lower(email) so the unique
 * index customers_email_lower_key serves them. Password hashes are opaque
 * strings here (edge/auth/password.ts makes and checks them).
 */
import { and, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../client';
import { customers } from '../schema/customers';

type Executor = Pick<Db, 'select' | 'insert' | 'update'>;

export interface CustomerProfile {
  id: string;
  email: string;
  name: string;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface CustomerCredentials {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  disabled: boolean;
}

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
}

/** ISO-8601 UTC text (what the API returns), computed by Postgres. */
export const isoTimestamp = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const profileColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  createdAt: isoTimestamp(customers.createdAt),
  lastLoginAt: isoTimestamp(customers.lastLoginAt),
};

const credentialColumns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  passwordHash: customers.passwordHash,
  disabled: customers.disabled,
};

function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e: unknown = err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint?: string };
    if (pg.code === '23505' && (!pg.constraint || pg.constraint === constraint)) return true;
  }
  return false;
}

/** Creates an account; throws EmailTakenError when the email is already registered (in any letter case). */
export async function insertCustomer(db: Executor, input: { email: string; name: string; passwordHash: string }): Promise<CustomerProfile> {
  try {
    const [row] = await db.insert(customers).values(input).returning(profileColumns);
    return row!;
  } catch (err) {
    if (isUniqueViolation(err, 'customers_email_lower_key')) throw new EmailTakenError('email already registered');
    throw err;
  }
}

export async function findCredentialsByEmail(db: Executor, email: string): Promise<CustomerCredentials | null> {
  const [row] = await db.select(credentialColumns).from(customers).where(sql`lower(${customers.email}) = lower(${email})`).limit(1);
  return row ?? null;
}

export async function findCredentialsById(db: Executor, id: string): Promise<CustomerCredentials | null> {
  const [row] = await db.select(credentialColumns).from(customers).where(eq(customers.id, id)).limit(1);
  return row ?? null;
}

/** The profile of an enabled customer (null when missing or disabled). */
export async function getCustomerProfile(db: Executor, id: string): Promise<CustomerProfile | null> {
  const [row] = await db
    .select(profileColumns)
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.disabled, false)))
    .limit(1);
  return row ?? null;
}

/** Records a successful login; stores an upgraded password hash when given (parameters raised since it was made). */
export async function recordLogin(db: Executor, id: string, upgradedHash?: string | null): Promise<void> {
  await db
    .update(customers)
    .set(upgradedHash ? { lastLoginAt: sql`now()`, passwordHash: upgradedHash } : { lastLoginAt: sql`now()` })
    .where(eq(customers.id, id));
}

export async function updateCustomerName(db: Executor, id: string, name: string): Promise<CustomerProfile | null> {
  const [row] = await db
    .update(customers)
    .set({ name, updatedAt: sql`now()` })
    .where(and(eq(customers.id, id), eq(customers.disabled, false)))
    .returning(profileColumns);
  return row ?? null;
}

export async function updatePasswordHash(db: Executor, id: string, passwordHash: string): Promise<void> {
  await db
    .update(customers)
    .set({ passwordHash, passwordChangedAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(customers.id, id));
}
