/** The address book: validation, default handling, limits, and isolation between customers. */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ORIGIN, registerAndLogin, uniqueEmail, type TestCustomer } from './session-helpers';

const home = { name: 'Ada Lovelace', line1: '12 Analytical Way', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US', phone: '+1 (217) 555-0100' };
const work = { name: 'Ada Lovelace', company: 'Engines Ltd', line1: '1 Difference St', line2: 'Floor 2', city: 'London', postalCode: 'sw1a 1aa', country: 'gb' };

type Address = { id: string; isDefault: boolean; postalCode: string | null; country: string; name: string };
const api = (who: TestCustomer, path: string, method = 'GET', body?: unknown) =>
  SELF.fetch(`${ORIGIN}/api/v1/customers/me/addresses${path}`, {
    method,
    headers: who.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
const add = async (who: TestCustomer, body: unknown) => {
  const res = await api(who, '', 'POST', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { address: Address }).address;
};

describe('address book API', () => {
  it('creates, normalises, lists (default first), updates, switches default and deletes', async () => {
    const alice = await registerAndLogin(uniqueEmail('addr'));
    const first = await add(alice, home);
    expect(first.isDefault).toBe(true); // the first address is the default
    const second = await add(alice, work);
    expect(second).toMatchObject({ isDefault: false, country: 'GB', postalCode: 'SW1A 1AA' });
    const third = await add(alice, { ...home, line1: '99 Other Rd', isDefault: true });
    expect(third.isDefault).toBe(true);
    let list = ((await (await api(alice, '')).json()) as { items: Address[] }).items;
    expect(list.map((a) => a.id)).toEqual([third.id, first.id, second.id]);
    expect(list.filter((a) => a.isDefault)).toHaveLength(1);

    const put = await api(alice, `/${second.id}`, 'PUT', { ...work, city: 'Cambridge', postalCode: 'CB2 1TN', isDefault: true });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { address: Address & { city: string } }).address).toMatchObject({ city: 'Cambridge', isDefault: true });

    expect((await api(alice, `/${second.id}`, 'DELETE')).status).toBe(204);
    list = ((await (await api(alice, '')).json()) as { items: Address[] }).items;
    expect(list).toHaveLength(2);
    expect(list.filter((a) => a.isDefault)).toHaveLength(1); // the oldest remaining became the default
    expect(list[0]!.id).toBe(first.id);
  });

  it.each([
    [{ ...home, country: 'XX' }, 'country'],
    [{ ...home, country: 'BR' }, 'country'], // not shipped to
    [{ ...home, region: undefined }, 'region'],
    [{ ...home, region: 'ZZ' }, 'region'],
    [{ ...home, postalCode: '1234' }, 'postalCode'],
    [{ ...home, postalCode: undefined }, 'postalCode'],
    [{ ...home, name: '   ' }, 'name'],
    [{ ...home, line1: 'x'.repeat(201) }, 'line1'],
    [{ ...home, city: undefined }, 'city'],
    [{ ...home, phone: 'call me maybe' }, 'phone'],
    [{ ...home, country: 42 }, 'country'],
  ])('refuses an invalid address with 422 naming the field (%#)', async (body, field) => {
    const alice = await registerAndLogin(uniqueEmail('addr-bad'));
    const res = await api(alice, '', 'POST', body);
    expect(res.status).toBe(422);
    const p = (await res.json()) as { errors: { path: string }[] };
    expect(p.errors.map((e) => e.path)).toContain(`body.${field}`);
    expect(((await (await api(alice, '')).json()) as { items: unknown[] }).items).toHaveLength(0); // nothing written
  });

  it('caps the address book at 20 entries (409)', async () => {
    const alice = await registerAndLogin(uniqueEmail('addr-cap'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(alice, { ...home, line1: `${i + 1} Main St` })));
    const res = await api(alice, '', 'POST', home);
    expect(res.status).toBe(409);
    const list = ((await (await api(alice, '')).json()) as { items: Address[] }).items;
    expect(list).toHaveLength(20);
    expect(list.filter((a) => a.isDefault)).toHaveLength(1); // concurrent first inserts still yield one default
  });
});

describe("a customer can never read or change another customer's addresses", () => {
  it('API: 404 for read, update and delete; lists are disjoint', async () => {
    const [alice, mallory] = await Promise.all([registerAndLogin(uniqueEmail('victim')), registerAndLogin(uniqueEmail('mallory'))]);
    const secret = await add(alice, home);
    await add(mallory, work);

    expect((await api(mallory, `/${secret.id}`)).status).toBe(404);
    expect((await api(mallory, `/${secret.id}`, 'PUT', { ...home, line1: 'Hijacked 1' })).status).toBe(404);
    expect((await api(mallory, `/${secret.id}`, 'DELETE')).status).toBe(404);
    const mine = ((await (await api(mallory, '')).json()) as { items: Address[] }).items;
    expect(mine.map((a) => a.id)).not.toContain(secret.id);
    const hers = await api(alice, `/${secret.id}`);
    expect(hers.status).toBe(200);
    expect(((await hers.json()) as { address: { line1: string } }).address.line1).toBe(home.line1);
    // anonymous and malformed ids
    expect((await SELF.fetch(`${ORIGIN}/api/v1/customers/me/addresses/${secret.id}`)).status).toBe(401);
    expect((await api(mallory, '/not-a-uuid')).status).toBe(404);
  });

  it('pages: editing, deleting or defaulting someone else’s address is a 404 and changes nothing', async () => {
    const [alice, mallory] = await Promise.all([registerAndLogin(uniqueEmail('victim-p')), registerAndLogin(uniqueEmail('mallory-p'))]);
    const secret = await add(alice, home);
    const page = (path: string, method = 'GET') =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method,
        headers: mallory.headers({ accept: 'text/html', ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }),
        body: method === 'POST' ? new URLSearchParams({ _csrf: mallory.csrf, ...home, line1: 'Hijacked' }) : undefined,
        redirect: 'manual',
      });
    const edit = await page(`/account/addresses/${secret.id}/edit`);
    expect(edit.status).toBe(404);
    expect(await edit.text()).not.toContain(home.line1);
    expect((await page(`/account/addresses/${secret.id}`, 'POST')).status).toBe(404);
    expect((await page(`/account/addresses/${secret.id}/default`, 'POST')).status).toBe(404);
    expect((await page(`/account/addresses/${secret.id}/delete`, 'POST')).status).toBe(404);
    const list = await page('/account/addresses');
    expect(await list.text()).not.toContain(home.line1);
    const still = ((await (await api(alice, `/${secret.id}`)).json()) as { address: { line1: string } }).address;
    expect(still.line1).toBe(home.line1);
  });
});

describe('address book pages (no JavaScript)', () => {
  it('adds through the form, shows errors beside fields, edits, makes default and deletes', async () => {
    const alice = await registerAndLogin(uniqueEmail('addr-page'));
    const form = (path: string, fields: Record<string, string>) =>
      SELF.fetch(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: alice.headers({ accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }),
        body: new URLSearchParams({ _csrf: alice.csrf, ...fields }),
        redirect: 'manual',
      });
    const open = (path: string) => SELF.fetch(`${ORIGIN}${path}`, { headers: alice.headers({ accept: 'text/html' }), redirect: 'manual' });

    const empty = await open('/account/addresses');
    expect(empty.status).toBe(200);
    expect(empty.headers.get('cache-control')).toBe('private, no-store');
    expect(await empty.text()).toContain('You have no saved addresses yet.');

    const invalid = await form('/account/addresses', { ...home, postalCode: 'ABC' });
    expect(invalid.status).toBe(422);
    const html = await invalid.text();
    expect(html).toContain('Enter a valid postal code for United States.');
    expect(html).toContain('value="12 Analytical Way"'); // kept

    const created = await form('/account/addresses', home);
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/account/addresses?done=added');
    await form('/account/addresses', { ...work, isDefault: 'on' });
    const list = await (await open('/account/addresses?done=added')).text();
    expect(list).toContain('Address saved.');
    const ids = [...list.matchAll(/\/account\/addresses\/([0-9a-f-]{36})\/edit/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(2);
    const edit = await open(`/account/addresses/${ids[1]}/edit`);
    expect(await edit.text()).toContain('value="12 Analytical Way"');
    expect((await form(`/account/addresses/${ids[1]}`, { ...home, city: 'Chicago', postalCode: '60601' })).headers.get('location')).toBe('/account/addresses?done=updated');
    expect((await form(`/account/addresses/${ids[1]}/default`, {})).headers.get('location')).toBe('/account/addresses?done=default');
    expect((await form(`/account/addresses/${ids[0]}/delete`, {})).headers.get('location')).toBe('/account/addresses?done=deleted');
    const after = await (await open('/account/addresses')).text();
    expect(after).toContain('Chicago');
    expect(after).not.toContain('Engines Ltd');
  });
});
