/**
 * The account pages as a browser without JavaScript uses them: HTML forms,
 * cookies, CSRF tokens, redirects (never followed automatically here).
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { publishToKv, someActiveHandles } from './helpers';
import { ORIGIN, PASSWORD, registerAndLogin, setCookieLine, setCookieValue, testIp, uniqueEmail } from './session-helpers';

/** A tiny cookie jar + form helper for one visitor. */
function browser() {
  const jar = new Map<string, string>();
  const ip = testIp();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  function remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split('; ');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      if (attrs.includes('Max-Age=0')) jar.delete(name);
      else jar.set(name, pair!.slice(i + 1));
    }
    return res;
  }
  async function open(path: string) {
    const res = remember(await SELF.fetch(`${ORIGIN}${path}`, { headers: { cookie: cookieHeader(), accept: 'text/html', 'cf-connecting-ip': ip }, redirect: 'manual' }));
    const html = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    return { res, html, csrf, status: res.status };
  }
  async function submit(path: string, fields: Record<string, string>, opts: { csrf?: string | null; origin?: string } = {}) {
    const form = new URLSearchParams(fields);
    if (opts.csrf !== null) form.set('_csrf', opts.csrf ?? jar.get('__Host-vt-csrf') ?? '');
    const res = remember(
      await SELF.fetch(`${ORIGIN}${path}`, {
        method: 'POST',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: opts.origin ?? ORIGIN, accept: 'text/html', 'cf-connecting-ip': ip },
        body: form,
        redirect: 'manual',
      }),
    );
    return { res, status: res.status, location: res.headers.get('location'), html: await res.text() };
  }
  return { jar, open, submit, cookieHeader };
}

describe('registration and login pages (no JavaScript)', () => {
  it('renders the forms privately with a CSRF token, labels and autocomplete hints', async () => {
    const b = browser();
    const { status, res, html, csrf } = await b.open('/account/register');
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookieLine(res, '__Host-vt-csrf')).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(html).toMatch(/<label for="f-email">/);
    expect(html).toContain('autocomplete="new-password"');
    expect(html).toMatch(/<form method="post" action="\/account\/register"/);
    const login = await b.open('/account/login');
    expect(login.html).toContain('autocomplete="current-password"');
  });

  it('shows field errors (422), keeps what was typed, never echoes the password', async () => {
    const b = browser();
    await b.open('/account/register');
    const r = await b.submit('/account/register', { name: 'Grace Hopper', email: 'grace@@example', password: 'secret-but-short' .slice(0, 6) });
    expect(r.status).toBe(422);
    expect(r.html).toContain('Enter a valid email address');
    expect(r.html).toContain('Use at least 10 characters.');
    expect(r.html).toContain('value="Grace Hopper"');
    expect(r.html).toContain('value="grace@@example"');
    expect(r.html).not.toContain('secret');
    expect(r.html).toMatch(/aria-invalid="true"/);
    expect(r.html).toMatch(/role="alert"/);
  });

  it('registers, signs in with a fresh session and a re-issued CSRF token, then shows the account', async () => {
    const b = browser();
    await b.open('/account/register');
    const csrfBefore = b.jar.get('__Host-vt-csrf');
    const email = uniqueEmail('page-reg');
    const r = await b.submit('/account/register', { name: 'Grace Hopper', email: email.toUpperCase(), password: PASSWORD });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/account?done=welcome');
    expect(setCookieLine(r.res, '__Host-vt-session')).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(b.jar.has('__Host-vt-csrf')).toBe(false); // cleared: a new token comes with the next form
    const account = await b.open('/account?done=welcome');
    expect(account.status).toBe(200);
    expect(account.res.headers.get('cache-control')).toBe('private, no-store');
    expect(account.html).toContain('Hello, Grace Hopper');
    expect(account.html).toContain(email); // normalised to lower case
    expect(account.html).toContain('Welcome! Your account is ready.');
    expect(account.html).toMatch(/id="orders"/);
    expect(b.jar.get('__Host-vt-csrf')).not.toBe(csrfBefore);

    const again = browser();
    await again.open('/account/register');
    const taken = await again.submit('/account/register', { name: 'Other', email, password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain('An account with this email already exists');
  });

  it('log in: uniform message for unknown email and wrong password; fresh session id (fixation); safe redirect', async () => {
    const alice = await registerAndLogin(uniqueEmail('page-login'));
    const b = browser();
    await b.open('/account/login');
    const unknown = await b.submit('/account/login', { email: uniqueEmail('nobody'), password: PASSWORD });
    const wrong = await b.submit('/account/login', { email: alice.email, password: 'wrong password here' });
    expect(unknown.status).toBe(422);
    expect(wrong.status).toBe(422);
    const message = (html: string) => /<h2 id="summary-title">([^<]+)<\/h2>/.exec(html)?.[1];
    expect(message(unknown.html)).toBe('Email or password is incorrect.');
    expect(message(wrong.html)).toBe(message(unknown.html));

    b.jar.set('__Host-vt-session', 'F'.repeat(43)); // planted by an attacker
    const ok = await b.submit('/account/login', { email: alice.email, password: PASSWORD, next: '/account/addresses' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/account/addresses');
    const fresh = setCookieValue(ok.res, '__Host-vt-session')!;
    expect(fresh).not.toBe('F'.repeat(43));
    expect(fresh).not.toBe(alice.sessionId);

    for (const next of ['//evil.test/x', 'https://evil.test/', '/\\evil.test', 'javascript:alert(1)', '/account/logout']) {
      const c = browser();
      await c.open('/account/login');
      const r = await c.submit('/account/login', { email: alice.email, password: PASSWORD, next });
      expect(r.location, next).toBe('/account');
    }
  });

  it('redirects guests to log in (keeping where they were going)', async () => {
    const b = browser();
    const r = await b.open('/account/addresses');
    expect(r.status).toBe(303);
    expect(r.res.headers.get('location')).toBe('/account/login?next=%2Faccount%2Faddresses');
    const login = await b.open('/account/login?next=%2Faccount%2Faddresses');
    expect(login.html).toContain('name="next" value="/account/addresses"');
  });

  it('log out is a CSRF-protected POST that ends the session server-side', async () => {
    const b = browser();
    await b.open('/account/register');
    await b.submit('/account/register', { name: 'Logout Page', email: uniqueEmail('page-out'), password: PASSWORD });
    const session = b.jar.get('__Host-vt-session')!;
    const acct = await b.open('/account');
    expect(acct.html).toMatch(/<form method="post" action="\/account\/logout"/);
    expect((await b.submit('/account/logout', {}, { csrf: null })).status).toBe(403);
    const out = await b.submit('/account/logout', {});
    expect(out.status).toBe(303);
    expect(out.location).toBe('/account/login?done=logged-out');
    expect(b.jar.has('__Host-vt-session')).toBe(false);
    // the old cookie, replayed, is dead
    const replay = await SELF.fetch(`${ORIGIN}/api/v1/customers/me`, { headers: { cookie: `__Host-vt-session=${session}` } });
    expect(replay.status).toBe(401);
  });
});

describe('CSRF on account forms', () => {
  it('refuses cross-origin posts, missing tokens and mismatched tokens with 403', async () => {
    const b = browser();
    await b.open('/account/login');
    const body = { email: uniqueEmail('csrf'), password: PASSWORD };
    expect((await b.submit('/account/login', body, { origin: 'https://evil.test' })).status).toBe(403);
    expect((await b.submit('/account/login', body, { origin: 'null' })).status).toBe(403);
    expect((await b.submit('/account/login', body, { csrf: null })).status).toBe(403);
    expect((await b.submit('/account/login', body, { csrf: 'x'.repeat(43) })).status).toBe(403);
    const site = await SELF.fetch(`${ORIGIN}/account/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', cookie: b.cookieHeader() },
      body: new URLSearchParams({ ...body, name: 'X', _csrf: b.jar.get('__Host-vt-csrf')! }),
      redirect: 'manual',
    });
    expect(site.status).toBe(403);
  });
});

describe('account settings pages', () => {
  it('changes the name and the password through forms, with field errors', async () => {
    const b = browser();
    await b.open('/account/register');
    const email = uniqueEmail('settings');
    await b.submit('/account/register', { name: 'Before Name', email, password: PASSWORD });
    await b.open('/account');
    const bad = await b.submit('/account/profile', { name: '' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('Enter your name.');
    expect((await b.submit('/account/profile', { name: 'After Name' })).location).toBe('/account?done=name');
    expect((await b.open('/account')).html).toContain('Hello, After Name');

    const wrong = await b.submit('/account/password', { currentPassword: 'nope nope nope', newPassword: 'another fine passphrase' });
    expect(wrong.status).toBe(422);
    expect(wrong.html).toContain('That is not your current password.');
    const before = b.jar.get('__Host-vt-session');
    const ok = await b.submit('/account/password', { currentPassword: PASSWORD, newPassword: 'another fine passphrase' });
    expect(ok.location).toBe('/account?done=password');
    expect(b.jar.get('__Host-vt-session')).not.toBe(before);
    expect((await b.open('/account?done=password')).html).toContain('every other device has been signed out');
  });
});

describe('catalog stays edge-cacheable for signed-in shoppers', () => {
  it('does not read the session on product pages: no private headers, no cookies set', async () => {
    await publishToKv();
    const [handle] = (await someActiveHandles(1)) as [string];
    const alice = await registerAndLogin(uniqueEmail('catalog'));
    const res = await SELF.fetch(`${ORIGIN}/products/${handle}`, { headers: { cookie: alice.cookie, accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control') ?? '').not.toMatch(/private|no-store/);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get('x-cache')).toMatch(/hit|stale|kv|origin/);
    const api = await SELF.fetch(`${ORIGIN}/api/v1/products/${handle}`, { headers: { cookie: alice.cookie } });
    expect(api.headers.get('cache-control') ?? '').not.toMatch(/private/);
  });
});
