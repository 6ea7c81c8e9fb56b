import { describe, expect, it } from 'vitest';
import { target, targetLine } from './targets';

describe('bench targets', () => {
  it('the verdict follows from the numbers', () => {
    expect(target('a', 300, 300, 'req/s', '>=').pass).toBe(true);
    expect(target('a', 299.9, 300, 'req/s', '>=').pass).toBe(false);
    expect(target('b', 10, 10, 'ms', '<=').pass).toBe(true);
    expect(target('b', 10.01, 10, 'ms', '<=').pass).toBe(false);
    expect(target('c', null, 1, 'ratio', '>=')).toMatchObject({ measured: null, pass: false });
    expect(target('c', Number.NaN, 1, 'ratio', '>=').pass).toBe(false);
  });
  it('prints what it decided', () => {
    expect(targetLine(target('checkout.rps', 312.4, 300, 'req/s', '>='))).toBe('target checkout.rps: 312 req/s (goal >= 300 req/s) — PASS');
    expect(targetLine(target('search.miss.p50', 12.5, 10, 'ms', '<='))).toBe('target search.miss.p50: 12.5 ms (goal <= 10 ms) — MISS');
  });
});
