/**
 * Customer and address queries against real Postgres (embedded, through the
 * Neon driver and the local WebSocket proxy): the guarantees the database
 * itself gives, even to writers that bypass the application's checks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createNodeDb } from '../../../dev/node-db';
import { createAddress, deleteAddress, getAddress, listAddresses, MAX_ADDRESSES_PER_CUSTOMER, setDefaultAddress, updateAddress, AddressLimitError, type AddressInput } from '../../../db/queries/customer-addresses';
import { EmailTakenError, findCredentialsByEmail, getCustomerProfile, insertCustomer, recordLogin, updateCustomerName } from '../../../db/queries/customers';

const h = createNodeDb(inject('databaseUrl'), 6);
afterAll(() => h.close());

const HASH = '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const email = () => `db-${randomUUID().slice(0, 12)}@example.com`;
const customer = () => insertCustomer(h.db, { email: email(), name: 'DB Test', passwordHash: HASH });
const addr = (line1: string): AddressInput => ({ name: 'Ada', company: null, line1, line2: null, city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', phone: null });

describe('customers', () => {
  it('keeps emails unique case-insensitively, even for writers that skip normalisation', async () => {
    const e = email();
    await insertCustomer(h.db, { email: e, name: 'One', passwordHash: HASH });
    await expect(insertCustomer(h.db, { email: e.toUpperCase(), name: 'Two', passwordHash: HASH })).rejects.toBeInstanceOf(EmailTakenError);
    expect((await findCredentialsByEmail(h.db, e.toUpperCase()))?.email).toBe(e);
  });

  it('refuses rows that break the table constraints', async () => {
    await expect(h.pool.query(`insert into customers (email, password_hash, name) values ('no-at-sign', $1, 'X')`, [HASH])).rejects.toThrow(/customers_email_shape/);
    await expect(h.pool.query(`insert into customers (email, password_hash, name) values ($1, 'short', 'X')`, [email()])).rejects.toThrow(/password_hash/);
    await expect(h.pool.query(`insert into customers (email, password_hash, name) values ($1, $2, '')`, [email(), HASH])).rejects.toThrow(/customers_name_length/);
  });

  it('returns ISO timestamps, records logins and upgraded hashes, hides disabled accounts', async () => {
    const c = await customer();
    expect(c.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(c.lastLoginAt).toBeNull();
    await recordLogin(h.db, c.id, `${HASH}x`);
    expect((await getCustomerProfile(h.db, c.id))?.lastLoginAt).toMatch(/Z$/);
    expect((await findCredentialsByEmail(h.db, c.email))?.passwordHash).toBe(`${HASH}x`);
    await h.pool.query('update customers set disabled = true where id = $1', [c.id]);
    expect(await getCustomerProfile(h.db, c.id)).toBeNull();
    expect(await updateCustomerName(h.db, c.id, 'New')).toBeNull();
  });
});

describe('addresses', () => {
  it('the first address is the default; at most one default per customer, enforced by the database too', async () => {
    const c = await customer();
    const a = await createAddress(h, c.id, addr('1 A St'));
    const b = await createAddress(h, c.id, addr('2 B St'));
    expect([a.isDefault, b.isDefault]).toEqual([true, false]);
    await expect(h.pool.query('update customer_addresses set is_default = true where id = $1', [b.id])).rejects.toThrow(/customer_addresses_one_default_key/);
    await setDefaultAddress(h, c.id, b.id);
    expect((await listAddresses(h.db, c.id)).map((x) => [x.line1, x.isDefault])).toEqual([
      ['2 B St', true],
      ['1 A St', false],
    ]);
  });

  it('keeps exactly one default and the limit under concurrent writes', async () => {
    const c = await customer();
    const results = await Promise.allSettled(Array.from({ length: MAX_ADDRESSES_PER_CUSTOMER + 5 }, (_, i) => createAddress(h, c.id, addr(`${i} Race St`), { makeDefault: i % 2 === 0 })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_ADDRESSES_PER_CUSTOMER);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof AddressLimitError)).toBe(true);
    const list = await listAddresses(h.db, c.id);
    expect(list).toHaveLength(MAX_ADDRESSES_PER_CUSTOMER);
    expect(list.filter((x) => x.isDefault)).toHaveLength(1);
  });

  it('scopes every statement to the owner', async () => {
    const [owner, other] = await Promise.all([customer(), customer()]);
    const a = await createAddress(h, owner.id, addr('9 Private Rd'));
    expect(await getAddress(h.db, other.id, a.id)).toBeNull();
    expect(await updateAddress(h, other.id, a.id, addr('Hijacked'))).toBeNull();
    expect(await setDefaultAddress(h, other.id, a.id)).toBeNull();
    expect(await deleteAddress(h, other.id, a.id)).toBe(false);
    expect((await getAddress(h.db, owner.id, a.id))?.line1).toBe('9 Private Rd');
    expect(await getAddress(h.db, owner.id, 'not-a-uuid')).toBeNull();
  });

  it('promotes the oldest remaining address when the default is deleted; addresses go with the customer', async () => {
    const c = await customer();
    const a = await createAddress(h, c.id, addr('1 First'));
    const b = await createAddress(h, c.id, addr('2 Second'));
    await createAddress(h, c.id, addr('3 Third'));
    expect(await deleteAddress(h, c.id, a.id)).toBe(true);
    expect((await getAddress(h.db, c.id, b.id))?.isDefault).toBe(true);
    await h.pool.query('delete from customers where id = $1', [c.id]);
    expect(await listAddresses(h.db, c.id)).toEqual([]);
  });
});
