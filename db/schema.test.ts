import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../domain/money';
import { currencyCode } from './schema';

describe('schema', () => {
  it('stores exactly the currencies the domain knows', () => {
    expect([...currencyCode.enumValues].sort()).toEqual([...CURRENCIES].sort());
  });
});
