import { describe, expect, it } from 'vitest';
import { cleanText, validateAddressInput, validateLogin, validatePasswordChange, validateRegistration } from './inputs';
import { loginPath, safeNextPath } from './next-path';

describe('safeNextPath (open-redirect protection)', () => {
  it.each([
    ['/cart', '/cart'],
    ['/products/a-b?x=1', '/products/a-b?x=1'],
    ['/a/../account/addresses', '/account/addresses'],
    ['//evil.test', '/account'],
    ['/\\evil.test', '/account'],
    ['https://evil.test/', '/account'],
    ['javascript:alert(1)', '/account'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/x\r\nLocation: //evil', '/account'],
    ['/account/login', '/account'],
    ['', '/account'],
    ['/' + 'a'.repeat(600), '/account'],
  ])('%j → %j', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });

  it('builds login links that carry only safe paths', () => {
    expect(loginPath('/account/addresses')).toBe('/account/login?next=%2Faccount%2Faddresses');
    expect(loginPath('//evil.test')).toBe('/account/login');
    expect(loginPath('/account')).toBe('/account/login');
  });
});

describe('input validation', () => {
  it('collects every registration problem at once', () => {
    const r = validateRegistration({ email: 'nope', password: 'short', name: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['email', 'name', 'password']);
  });

  it('normalises registration input (email, name) but never touches the password', () => {
    const r = validateRegistration({ email: ' Ada@Example.com ', password: '  spaced out passphrase  ', name: ' Ada \u0000 Lovelace ' });
    expect(r).toEqual({ ok: true, value: { email: 'ada@example.com', password: '  spaced out passphrase  ', name: 'Ada Lovelace' } });
  });

  it('login needs a well-formed email and a bounded password, not a strong one', () => {
    expect(validateLogin({ email: 'a@example.com', password: 'x' }).ok).toBe(true);
    expect(validateLogin({ email: 'a@example.com', password: 'x'.repeat(1025) }).ok).toBe(false);
    expect(validateLogin({ email: 'a@example.com' }).ok).toBe(false);
    expect(validateLogin('nonsense').ok).toBe(false);
  });

  it('a new password must differ from the current one and follow the policy', () => {
    expect(validatePasswordChange({ currentPassword: 'old passphrase!', newPassword: 'old passphrase!' }, { email: 'a@example.com' }).ok).toBe(false);
    expect(validatePasswordChange({ currentPassword: 'old passphrase!', newPassword: 'password123' }, { email: 'a@example.com' }).ok).toBe(false);
    expect(validatePasswordChange({ currentPassword: 'old passphrase!', newPassword: 'new and long passphrase' }, { email: 'a@example.com' }).ok).toBe(true);
  });

  it('validates and normalises addresses against the shop’s countries', () => {
    const ok = validateAddressInput({ name: ' Ada ', line1: '1 Main St', city: 'Toronto', region: 'on', postalCode: 'm5v 3l9', country: 'ca', phone: '', isDefault: 'on' });
    expect(ok).toEqual({
      ok: true,
      value: { makeDefault: true, address: { name: 'Ada', company: null, line1: '1 Main St', line2: null, city: 'Toronto', region: 'ON', postalCode: 'M5V 3L9', country: 'CA', phone: null } },
    });
    const bad = validateAddressInput({ name: 'Ada', line1: '1 Main St', city: 'Toronto', country: 'CA', postalCode: '12345' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['postalCode', 'region']);
    expect(cleanText(' a\u200b\u0007  b\n')).toBe('a b');
  });
});
