import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
};

/**
 * Shopper accounts. `email` is stored normalised (trimmed, NFC, lower-case,
 * IDN domain in punycode) by the application; the unique index on lower(email)
 * keeps it unique case-insensitively even if a row is written some other way.
 * `password_hash` is a self-describing encoded hash (edge/auth/password.ts):
 * algorithm, parameters and salt travel with it, so parameters can be raised
 * and old hashes upgraded on the next login.
 */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    /** a disabled customer cannot log in; existing sessions are revoked when disabling */
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'string' }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('customers_email_lower_key').on(sql`lower(${t.email})`),
    check('customers_email_shape', sql`length(${t.email}) between 3 and 254 and position('@' in ${t.email}) > 1`),
    check('customers_name_length', sql`length(${t.name}) between 1 and 200`),
    check('customers_password_hash_not_blank', sql`length(${t.passwordHash}) > 20`),
  ],
);

/** Saved addresses of a customer; at most one is the default (partial unique index). */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** recipient's full name */
    name: text('name').notNull(),
    company: text('company'),
    line1: text('line1').notNull(),
    line2: text('line2'),
    city: text('city').notNull(),
    /** state / province / county, where the country uses one */
    region: text('region'),
    postalCode: text('postal_code'),
    /** ISO 3166-1 alpha-2, upper case */
    country: text('country').notNull(),
    phone: text('phone'),
    isDefault: boolean('is_default').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('customer_addresses_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('customer_addresses_one_default_key').on(t.customerId).where(sql`${t.isDefault}`),
    check('customer_addresses_country_alpha2', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('customer_addresses_required_not_blank', sql`length(trim(${t.name})) > 0 and length(trim(${t.line1})) > 0 and length(trim(${t.city})) > 0`),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerAddressRow = typeof customerAddresses.$inferSelect;
