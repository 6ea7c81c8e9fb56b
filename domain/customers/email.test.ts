import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';

const ok = (input: string) => {
  const r = normalizeEmail(input);
  if (!r.ok) throw new Error(`${input}: ${r.message}`);
  return r.email;
};

describe('normalizeEmail', () => {
  it('trims, lower-cases and NFC-normalises', () => {
    expect(ok('  Ada.Lovelace+shop@Example.COM ')).toBe('ada.lovelace+shop@example.com');
    expect(ok('ZOË@example.com')).toBe('zoë@example.com');
    expect(ok('zoe\u0308@example.com')).toBe(ok('zo\u00eb@example.com')); // decomposed = composed
    expect(ok('ada@example.com.')).toBe('ada@example.com');
  });

  it('converts internationalised domains to punycode so both spellings are one account', () => {
    expect(ok('ada@bücher.example')).toBe('ada@xn--bcher-kva.example');
    expect(ok('ada@XN--BCHER-KVA.example')).toBe('ada@xn--bcher-kva.example');
    expect(ok('用户@例子.广告')).toMatch(/^用户@xn--/);
  });

  it.each([
    '',
    '   ',
    'plainaddress',
    '@example.com',
    'ada@',
    'ada@localhost',
    'ada@example',
    'ada@@example.com',
    'ada@exa mple.com',
    'ada lovelace@example.com',
    '.ada@example.com',
    'ada.@example.com',
    'a..da@example.com',
    '"ada"@example.com',
    'ada@[127.0.0.1]',
    'ada@-example.com',
    'ada@example-.com',
    'ada@example.c',
    'ada@example.123',
    'ada@exa_mple.com',
    'ada<script>@example.com',
    'ada@example.com\u0000',
    `${'a'.repeat(65)}@example.com`,
    `ada@${'a'.repeat(64)}.com`,
    `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(10)}.com`,
    'x'.repeat(10_000),
  ])('refuses %j', (input) => {
    expect(normalizeEmail(input).ok).toBe(false);
  });
});
