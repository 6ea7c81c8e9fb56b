import { describe, expect, it } from 'vitest';
import { changedKeys, redact } from './audit';

describe('audit redaction', () => {
  it('replaces secrets at any depth and keeps the rest', () => {
    const out = redact({ email: 'a@b.c', passwordHash: '$scrypt$…', nested: [{ token: 'vta_x', apiSecret: 's', cardNumber: '4242', name: 'ok' }], tokenName: 'sync' });
    expect(out).toEqual({ email: 'a@b.c', passwordHash: '[redacted]', nested: [{ token: '[redacted]', apiSecret: '[redacted]', cardNumber: '[redacted]', name: 'ok' }], tokenName: 'sync' });
  });
  it('lists changed keys', () => {
    expect(changedKeys({ a: 1, b: [1] }, { a: 1, b: [2], c: 3 })).toEqual(['b', 'c']);
  });
});
