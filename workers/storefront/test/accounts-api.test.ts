/**
 * Customer accounts through the JSON API, against the real stack (workerd,
 * Postgres through the Neon driver, Redis through the Upstash bridge).
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { redisFromEnv } from '../../../edge/redis';
import { CUSTOMER_ABSOLUTE_SECONDS, CUSTOMER_IDLE_SECONDS, customerSessions } from '../src/accounts/sessions';
import { testDb, testEnv } from './helpers';
import { login, ORIGIN, PASSWORD, registerAndLogin, setCookieLine, setCookieValue, testIp, uniqueEmail } from './session-helpers';

const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: ORIGIN, 'cf-connecting-ip': testIp(), ...extra },
  body: JSON.stringify(body),
});
const post = (path: string, body: unknown, extra: Record<string, string> = {}) => SELF.fetch(`${ORIGIN}${path}`, json(body, extra));
const get = (path: string, headers: HeadersInit = {}) => SELF.fetch(`${ORIGIN}${path}`, { headers, redirect: 'manual' });
type Problem = { status: number; detail?: string; errors?: { path: string; message: string }[] };

describe('registration', () => {
  it('creates the account, signs it in with a __Host- cookie and never returns the password hash', async () => {
    const email = uniqueEmail('reg');
    const res = await post('/api/v1/customers', { email, password: PASSWORD, name: 'Ada Lovelace', passwordHash: 'x', disabled: true, id: crypto.randomUUID() });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('location')).toBe('/api/v1/customers/me');
    const body = (await res.json()) as { customer: Record<string, unknown>; session: Record<string, unknown> };
    expect(body.customer).toMatchObject({ email, name: 'Ada Lovelace' });
    expect(Object.keys(body.customer).sort()).toEqual(['createdAt', 'email', 'id', 'lastLoginAt', 'name']);
    expect(JSON.stringify(body)).not.toMatch(/scrypt|passwordHash/);
    expect(body.session).not.toHaveProperty('token'); // cookie transport: the id is not exposed to scripts
    const line = setCookieLine(res, '__Host-vt-session')!;
    expect(line).toMatch(new RegExp(`^__Host-vt-session=[A-Za-z0-9_-]{43}; Max-Age=${CUSTOMER_ABSOLUTE_SECONDS}; Path=/; HttpOnly; Secure; SameSite=Lax$`));

    const me = await get('/api/v1/customers/me', { cookie: `__Host-vt-session=${setCookieValue(res, '__Host-vt-session')}` });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { customer: { email: string } }).customer.email).toBe(email);
  });

  it('ignores fields it does not own (mass assignment): the new account is enabled, with its own id', async () => {
    const email = uniqueEmail('mass');
    const forcedId = crypto.randomUUID();
    const res = await post('/api/v1/customers', { email, password: PASSWORD, name: 'Mass', id: forcedId, disabled: true, passwordHash: '$scrypt$x' });
    const { customer } = (await res.json()) as { customer: { id: string } };
    expect(customer.id).not.toBe(forcedId);
    expect((await login(email)).id).toBe(customer.id); // could log in: not disabled, hash is ours
  });

  it.each([
    ['plainaddress'],
    ['ada@'],
    ['@example.com'],
    ['ada@@example.com'],
    ['ada lovelace@example.com'],
    ['ada@localhost'],
    ['"ada"@example.com'],
    ['ada@[127.0.0.1]'],
    ['a'.repeat(300) + '@example.com'],
    [''],
    [42],
    [null],
  ])('refuses the malformed email %j with 422 problem+json naming body.email', async (email) => {
    const res = await post('/api/v1/customers', { email, password: PASSWORD, name: 'X Y' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const p = (await res.json()) as Problem;
    expect(p.errors?.map((e) => e.path)).toContain('body.email');
  });

  it.each([
    ['too short', 'short1!', /at least 10/],
    ['common', 'password123', /too common/],
    ['repetitive', 'aaaaaaaaaaaaaa', /repetitive/],
    ['contains the email', 'weakling-2024!', /email/],
    ['control characters', 'abc\u0000defghijkl', /control/],
    ['huge (10,000 chars)', 'x'.repeat(9_000) + 'abcdefghij'.repeat(100), /at most 256/],
    ['not a string', 12345678901, /password/i],
  ])('refuses a weak or invalid password (%s)', async (_what, password, message) => {
    const res = await post('/api/v1/customers', { email: 'weakling@example.com', password, name: 'Weak Ling' });
    expect(res.status).toBe(422);
    const p = (await res.json()) as Problem;
    const issue = p.errors?.find((e) => e.path === 'body.password');
    expect(issue?.message).toMatch(message);
  });

  it('answers clear 4xx for malformed requests, never a 500', async () => {
    const cases: [RequestInit, number][] = [
      [{ ...json({}), body: '{not json' }, 400],
      [{ ...json({}), body: '[1,2]' }, 422],
      [{ ...json({}), body: 'null' }, 422],
      [{ ...json({}), body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD }) }, 422], // no name
      [{ ...json({}), body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, name: '   ' }) }, 422],
      [{ ...json({}), body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, name: 'N', session: 'jwt' }) }, 422],
      [{ method: 'POST', headers: { 'content-type': 'text/plain', origin: ORIGIN }, body: '{}' }, 415],
      [{ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: 'email=a@b.co' }, 415],
      [{ ...json({}), body: JSON.stringify({ email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(70_000) }) }, 413],
      [{ method: 'PUT', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: '{}' }, 404],
    ];
    for (const [init, status] of cases) {
      const res = await SELF.fetch(`${ORIGIN}/api/v1/customers`, init);
      expect(res.status, `${init.method} ${String(init.body).slice(0, 40)}`).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.text()).not.toMatch(/\bat\s+\S+\s+\(|Error:/);
    }
  });

  it('normalises emails: case, spaces, Unicode forms and IDN domains are one account', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const res = await post('/api/v1/customers', { email: `  Zoe\u0308.${tag}@Bücher.Example `, password: PASSWORD, name: 'Zoë' });
    expect(res.status).toBe(201);
    const { customer } = (await res.json()) as { customer: { email: string } };
    expect(customer.email).toBe(`zoë.${tag}@xn--bcher-kva.example`);
    // the same address in other spellings: taken (409), and logs in
    const again = await post('/api/v1/customers', { email: `ZO\u00cb.${tag}@xn--bcher-kva.example`, password: PASSWORD, name: 'Zoë' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).errors?.[0]?.path).toBe('body.email');
    expect((await login(`zoë.${tag}@BÜCHER.example`)).email).toBe(customer.email);
  });

  it('normalises passwords (NFKC): a decomposed spelling of the same password logs in', async () => {
    const email = uniqueEmail('nfkc');
    await registerAndLogin(email, { password: 'caf\u00e9 au lait, s\u2019il vous pla\u00eet' });
    const res = await post('/api/v1/session', { email, password: 'cafe\u0301 au lait, s\u2019il vous plai\u0302t' });
    expect(res.status).toBe(200);
  });
});

describe('login', () => {
  it('never reveals whether an email exists: identical 401 for unknown email, wrong password and disabled account', async () => {
    const alice = await registerAndLogin(uniqueEmail('alice'));
    const disabled = await registerAndLogin(uniqueEmail('disabled'));
    const h = testDb();
    try {
      await h.pool.query('update customers set disabled = true where id = $1', [disabled.id]);
    } finally {
      await h.close();
    }
    const bodies = [];
    for (const attempt of [
      { email: uniqueEmail('nobody'), password: PASSWORD },
      { email: alice.email, password: 'not the password at all' },
      { email: disabled.email, password: PASSWORD },
    ]) {
      const res = await post('/api/v1/session', attempt);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(res.headers.getSetCookie()).toEqual([]);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!).detail).toBe('Email or password is incorrect.');
  });

  it('does the same password-hashing work for unknown emails as for wrong passwords (timing)', async () => {
    const alice = await registerAndLogin(uniqueEmail('timing'));
    const time = async (email: string) => {
      const t = Date.now();
      const res = await post('/api/v1/session', { email, password: 'wrong password, surely' });
      expect(res.status).toBe(401);
      return Date.now() - t;
    };
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(alice.email));
      unknown.push(await time(uniqueEmail('ghost')));
    }
    const ratio = median(unknown) / median(known);
    // a skipped hash would make the unknown-email path ~20x faster; equal work keeps the ratio near 1
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(2.5);
  });

  it('issues a fresh session id at login and destroys the one the request carried (session fixation)', async () => {
    const alice = await registerAndLogin(uniqueEmail('fixation'));
    // an attacker-chosen id the victim's browser was made to carry
    const planted = 'P'.repeat(43);
    const viaPlanted = await post('/api/v1/session', { email: alice.email, password: PASSWORD }, { cookie: `__Host-vt-session=${planted}` });
    // a cookie-carrying unsafe request needs the CSRF token: refused without it
    expect(viaPlanted.status).toBe(403);
    const res = await post('/api/v1/session', { email: alice.email, password: PASSWORD }, { cookie: `${alice.cookie}`, 'x-csrf-token': alice.csrf });
    expect(res.status).toBe(200);
    const fresh = setCookieValue(res, '__Host-vt-session')!;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fresh).not.toBe(alice.sessionId);
    // the pre-login session is dead server-side; the new one works
    expect((await get('/api/v1/customers/me', { cookie: alice.sessionCookie })).status).toBe(401);
    expect((await get('/api/v1/customers/me', { cookie: `__Host-vt-session=${fresh}` })).status).toBe(200);
  });

  it('stores the session in Redis under a hash of its id, with the idle timeout as TTL', async () => {
    const alice = await registerAndLogin(uniqueEmail('ttl'));
    const redis = redisFromEnv(testEnv);
    expect(await redis.exists(`vt:cust:s:${alice.sessionId}`)).toBe(0);
    const ttl = await redis.pttl(await customerSessions.keyFor(alice.sessionId));
    expect(ttl).toBeGreaterThan((CUSTOMER_IDLE_SECONDS - 60) * 1000);
    expect(ttl).toBeLessThanOrEqual(CUSTOMER_IDLE_SECONDS * 1000);
  });

  it('rate limits per account (429 + Retry-After), even with the right password, across IPs', async () => {
    const victim = await registerAndLogin(uniqueEmail('limited'));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post('/api/v1/session', { email: victim.email, password: `wrong guess ${i}!!` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await post('/api/v1/session', { email: victim.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.headers.getSetCookie()).toEqual([]);
    // the victim's existing session is unaffected
    expect((await get('/api/v1/customers/me', { cookie: victim.sessionCookie })).status).toBe(200);
  });

  it('rejects malformed login input with 422 (not a hint about accounts)', async () => {
    for (const body of [{ email: 'not-an-email', password: 'whatever123' }, { email: uniqueEmail() }, { email: uniqueEmail(), password: 'p'.repeat(2000) }, {}]) {
      const res = await post('/api/v1/session', body);
      expect(res.status).toBe(422);
    }
  });

  it('can hand API clients a bearer token instead of a cookie', async () => {
    const alice = await registerAndLogin(uniqueEmail('bearer'));
    const res = await post('/api/v1/session', { email: alice.email, password: PASSWORD, session: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const { session } = (await res.json()) as { session: { token: string; tokenType: string } };
    expect(session.tokenType).toBe('Bearer');
    const auth = { authorization: `Bearer ${session.token}` };
    expect((await get('/api/v1/customers/me', auth)).status).toBe(200);
    // bearer requests are not exposed to CSRF: no token needed
    const out = await SELF.fetch(`${ORIGIN}/api/v1/session`, { method: 'DELETE', headers: auth });
    expect(out.status).toBe(204);
    expect((await get('/api/v1/customers/me', auth)).status).toBe(401);
    expect((await get('/api/v1/customers/me', { authorization: 'Bearer nonsense' })).status).toBe(401);
  });
});

describe('logout', () => {
  it('kills the session server-side: the old cookie no longer works anywhere', async () => {
    const alice = await registerAndLogin(uniqueEmail('logout'));
    const out = await SELF.fetch(`${ORIGIN}/api/v1/session`, { method: 'DELETE', headers: alice.headers() });
    expect(out.status).toBe(204);
    expect(setCookieLine(out, '__Host-vt-session')).toMatch(/^__Host-vt-session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(await redisFromEnv(testEnv).exists(await customerSessions.keyFor(alice.sessionId))).toBe(0);
    // replaying the old cookie (e.g. a copy an attacker kept)
    const replay = await get('/api/v1/customers/me', { cookie: alice.cookie });
    expect(replay.status).toBe(401);
    const page = await get('/account', { cookie: alice.cookie, accept: 'text/html' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/account/login');
  });

  it('needs the CSRF token when done with the cookie', async () => {
    const alice = await registerAndLogin(uniqueEmail('logout-csrf'));
    const res = await SELF.fetch(`${ORIGIN}/api/v1/session`, { method: 'DELETE', headers: { cookie: alice.cookie, origin: ORIGIN } });
    expect(res.status).toBe(403);
    expect((await get('/api/v1/customers/me', { cookie: alice.cookie })).status).toBe(200);
  });
});

describe('session info and profile', () => {
  it('GET /api/v1/session tells who is signed in and hands out the CSRF token', async () => {
    const anon = await get('/api/v1/session');
    expect(anon.status).toBe(200);
    const a = (await anon.json()) as { authenticated: boolean; customer: unknown; csrfToken: string };
    expect(a).toMatchObject({ authenticated: false, customer: null });
    expect(a.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const alice = await registerAndLogin(uniqueEmail('who'));
    const res = await get('/api/v1/session', { cookie: alice.cookie });
    const b = (await res.json()) as { authenticated: boolean; customer: { id: string; email: string }; session: { expiresAt: string; idleExpiresAt: string } };
    expect(b.customer).toEqual({ id: alice.id, email: alice.email });
    expect(Date.parse(b.session.expiresAt) - Date.now()).toBeGreaterThan((CUSTOMER_ABSOLUTE_SECONDS - 120) * 1000);
  });

  it('updates the name; refuses a cross-site or token-less change', async () => {
    const alice = await registerAndLogin(uniqueEmail('profile'));
    const patch = (headers: Headers, name: unknown) => SELF.fetch(`${ORIGIN}/api/v1/customers/me`, { method: 'PATCH', headers, body: JSON.stringify({ name }) });
    const ok = await patch(alice.headers({ 'content-type': 'application/json' }), '  Ada   King ');
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { customer: { name: string } }).customer.name).toBe('Ada King');
    expect((await patch(alice.headers({ 'content-type': 'application/json', origin: 'https://evil.test' }), 'Evil')).status).toBe(403);
    expect((await patch(alice.headers({ 'content-type': 'application/json', 'x-csrf-token': 'A'.repeat(43) }), 'Evil')).status).toBe(403);
    expect((await patch(alice.headers({ 'content-type': 'application/json' }), '')).status).toBe(422);
    expect((await patch(new Headers({ 'content-type': 'application/json', origin: ORIGIN }), 'Anon')).status).toBe(401);
  });

  it('changes the password: checks the current one, ends other sessions, rotates this one', async () => {
    const alice = await registerAndLogin(uniqueEmail('pw'));
    const phone = await login(alice.email);
    const put = (body: unknown) => SELF.fetch(`${ORIGIN}/api/v1/customers/me/password`, { method: 'PUT', headers: alice.headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
    const wrong = await put({ currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as Problem).errors?.[0]?.path).toBe('body.currentPassword');
    expect((await put({ currentPassword: PASSWORD, newPassword: 'short' })).status).toBe(422);
    const ok = await put({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
    expect(ok.status).toBe(200);
    const rotated = setCookieValue(ok, '__Host-vt-session')!;
    expect(rotated).not.toBe(alice.sessionId);
    expect((await get('/api/v1/customers/me', { cookie: phone.cookie })).status).toBe(401);
    expect((await get('/api/v1/customers/me', { cookie: alice.cookie })).status).toBe(401);
    expect((await get('/api/v1/customers/me', { cookie: `__Host-vt-session=${rotated}` })).status).toBe(200);
    expect((await post('/api/v1/session', { email: alice.email, password: PASSWORD })).status).toBe(401);
    expect((await post('/api/v1/session', { email: alice.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('"log out everywhere else" ends the other sessions only', async () => {
    const alice = await registerAndLogin(uniqueEmail('everywhere'));
    const laptop = await login(alice.email);
    const res = await SELF.fetch(`${ORIGIN}/api/v1/customers/me/sessions`, { method: 'DELETE', headers: alice.headers() });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ended: number }).ended).toBe(1);
    expect((await get('/api/v1/customers/me', { cookie: laptop.cookie })).status).toBe(401);
    expect((await get('/api/v1/customers/me', { cookie: alice.cookie })).status).toBe(200);
  });
});

describe('API documentation', () => {
  it('describes the session and customer endpoints in the served OpenAPI document and docs page', async () => {
    const spec = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>>; components: { securitySchemes: Record<string, unknown> } };
    expect(spec.paths['/session']!.post!.operationId).toBe('login');
    expect(spec.paths['/session']!.delete!.operationId).toBe('logout');
    expect(spec.paths['/customers']!.post!.operationId).toBe('registerCustomer');
    expect(Object.keys(spec.paths['/customers/me/addresses/{id}']!).sort()).toEqual(['delete', 'get', 'put']);
    expect(spec.paths['/customers/me/orders']!.get!.operationId).toBe('listMyOrders');
    expect(Object.keys(spec.components.securitySchemes)).toEqual(expect.arrayContaining(['sessionCookie', 'bearer']));
    const docs = await get('/api/v1/docs');
    expect(docs.status).toBe(200);
    const html = await docs.text();
    expect(html).toContain('<code>/api/v1/customers/me/addresses/{id}</code>');
    expect(html).toMatch(/>DELETE<\/span> <code>\/api\/v1\/session<\/code>/);
  });
});
