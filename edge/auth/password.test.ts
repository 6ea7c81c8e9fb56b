/**
 * Runs inside workerd (the production runtime). Note that workerd, unlike
 * production Workers, does NOT enforce the 100,000-iteration PBKDF2 cap
 * (workerd#1346): these tests enforce it through assertWorkersSafe instead.
 */
import { describe, expect, it } from 'vitest';
import {
  assertWorkersSafe,
  createPasswordHasher,
  DEFAULT_PASSWORD_PARAMS,
  encodePasswordHash,
  parsePasswordHash,
  PasswordParamsError,
  scryptMemoryBytes,
  WORKERS_PBKDF2_MAX_ITERATIONS,
} from './password';
import { createPasswordPolicy, passwordTooLarge } from './password-policy';

const hasher = createPasswordHasher();

describe('password hashing (scrypt, default parameters)', () => {
  it('uses parameters that fit a production Worker: ≤ 32 MiB of the 128 MB isolate, memory-hard, N ≥ 2^15', () => {
    expect(DEFAULT_PASSWORD_PARAMS).toEqual({ algorithm: 'scrypt', logN: 15, r: 8, p: 1 });
    const mem = scryptMemoryBytes(DEFAULT_PASSWORD_PARAMS);
    expect(mem).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(mem).toBeLessThanOrEqual(33 * 1024 * 1024);
    expect(() => assertWorkersSafe(DEFAULT_PASSWORD_PARAMS)).not.toThrow();
  });

  it('hashes into a self-describing PHC string and verifies in workerd within a login-sized time', async () => {
    const started = Date.now();
    const encoded = await hasher.hash('correct horse battery staple');
    const ms = Date.now() - started;
    expect(encoded).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(ms).toBeLessThan(3_000); // ~200 ms here; a generous bound so a busy CI machine does not flake
    expect(await hasher.verify('correct horse battery staple', encoded)).toEqual({ ok: true, needsRehash: false });
    expect((await hasher.verify('correct horse battery stapler', encoded)).ok).toBe(false);
    expect(await hasher.hash('correct horse battery staple')).not.toBe(encoded); // random salt
  });

  it('normalises passwords (NFKC): composed, decomposed and compatibility forms verify alike', async () => {
    const encoded = await hasher.hash('caf\u00e9 \ufb01gure 2024');
    expect((await hasher.verify('cafe\u0301 figure 2024', encoded)).ok).toBe(true);
    expect((await hasher.verify('cafe figure 2024', encoded)).ok).toBe(false);
  });

  it('treats malformed or tampered stored hashes as a failed verification, never an exception', async () => {
    const good = await hasher.hash('some long password');
    for (const bad of ['', 'plain-text', '$scrypt$ln=15,r=8$AAAA$BBBB', good.replace('$scrypt$', '$argon2id$'), good.slice(0, -5), `${good}$x`]) {
      expect(await hasher.verify('some long password', bad)).toEqual({ ok: false, needsRehash: true });
    }
  });

  it('costs a real verification for unknown accounts (verifyDummy) and always fails', async () => {
    expect(await hasher.verifyDummy('anything at all')).toBe(false);
  });
});

describe('parameter upgrades', () => {
  it('reports needsRehash for hashes made with older parameters, and they still verify', async () => {
    const old = createPasswordHasher({ params: { algorithm: 'scrypt', logN: 14, r: 8, p: 1 } });
    const encoded = await old.hash('an older password');
    expect(hasher.needsRehash(encoded)).toBe(true);
    expect(await hasher.verify('an older password', encoded)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.verify('wrong password!!', encoded)).toEqual({ ok: false, needsRehash: false });
  });
});

describe('PBKDF2: the production Workers limit of 100,000 iterations is enforced', () => {
  it('accepts exactly 100,000 iterations and derives with WebCrypto', async () => {
    expect(WORKERS_PBKDF2_MAX_ITERATIONS).toBe(100_000);
    const pbkdf2 = createPasswordHasher({ params: { algorithm: 'pbkdf2-sha256', iterations: 100_000 } });
    const encoded = await pbkdf2.hash('pbkdf2 password');
    expect(encoded).toMatch(/^\$pbkdf2-sha256\$i=100000\$/);
    expect((await pbkdf2.verify('pbkdf2 password', encoded)).ok).toBe(true);
    // the scrypt hasher still verifies it (and asks for an upgrade)
    expect(await hasher.verify('pbkdf2 password', encoded)).toEqual({ ok: true, needsRehash: true });
  });

  it('refuses to be configured above the limit (which workerd would silently allow locally)', () => {
    for (const iterations of [100_001, 310_000, 600_000]) {
      expect(() => createPasswordHasher({ params: { algorithm: 'pbkdf2-sha256', iterations } })).toThrow(PasswordParamsError);
    }
  });

  it('refuses stored hashes above the limit without running them (they would fail in production)', async () => {
    const salt = new Uint8Array(16).fill(1);
    const key = new Uint8Array(32).fill(2);
    const tooMany = encodePasswordHash({ algorithm: 'pbkdf2-sha256', iterations: 600_000 }, salt, key);
    expect(parsePasswordHash(tooMany)?.params).toEqual({ algorithm: 'pbkdf2-sha256', iterations: 600_000 });
    expect(await hasher.verify('whatever password', tooMany)).toEqual({ ok: false, needsRehash: true });
  });

  it('refuses scrypt parameters that would not fit in a Worker isolate', () => {
    expect(() => assertWorkersSafe({ algorithm: 'scrypt', logN: 17, r: 8, p: 1 })).toThrow(/budget/); // 128 MiB
    expect(() => assertWorkersSafe({ algorithm: 'scrypt', logN: 10, r: 8, p: 1 })).toThrow(PasswordParamsError);
  });
});

describe('password policy (new passwords)', () => {
  const policy = createPasswordPolicy();
  it('requires 10+ characters, allows spaces and any script, refuses common and account-derived passwords', () => {
    expect(policy.check('short')).toMatch(/at least 10/);
    expect(policy.check('password123')).toMatch(/too common/);
    expect(policy.check('aaaaaaaaaaaa')).toMatch(/repetitive/);
    expect(policy.check('janedoe-shop-2024', { email: 'janedoe@example.com' })).toMatch(/email/);
    expect(policy.check('lovelace forever', { name: 'Ada Lovelace', email: 'x@example.com' })).toBeNull();
    expect(policy.check('Ada Lovelace forever', { name: 'Ada Lovelace' })).toMatch(/name/);
    expect(policy.check('correct horse battery staple')).toBeNull();
    expect(policy.check('пароль-очень-длинный')).toBeNull();
    expect(policy.check('🔑🔑🔐 unlock me now')).toBeNull();
    expect(policy.check('tab\tinside password')).toMatch(/control/);
  });

  it('counts code points of the normalised password and caps the size', () => {
    expect(policy.check('é'.repeat(9))).toMatch(/at least/); // 9 code points, 18 bytes
    expect(policy.check('x'.repeat(256).replace(/^x{4}/, 'abcd'))).toBeNull();
    expect(policy.check('abcd' + 'x'.repeat(253))).toMatch(/at most 256/);
    expect(passwordTooLarge('a'.repeat(1025))).toBe(true);
    expect(passwordTooLarge('a'.repeat(1024))).toBe(false);
    expect(passwordTooLarge('😀'.repeat(257))).toBe(true); // 1028 bytes
  });
});
