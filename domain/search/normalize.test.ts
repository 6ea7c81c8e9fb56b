import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanQuery, foldAccents, queryTerms } from './normalize';
import { SEARCH_LIMITS } from './types';

describe('cleanQuery', () => {
  it('lower-cases, trims, collapses whitespace and removes control and format characters', () => {
    expect(cleanQuery('  Café\tCRÈME \n Mug ')).toBe('café crème mug');
    expect(cleanQuery('black\u0000\u0007t-shirt')).toBe('black t-shirt');
    expect(cleanQuery('zero\u200bwidth\u202eoverride')).toBe('zero width override');
    expect(cleanQuery('\u0000\u0001\u001f')).toBe('');
  });

  it('applies NFKC: compatibility forms become plain letters', () => {
    expect(cleanQuery('ＨＯＯＤＩＥ')).toBe('hoodie');
    expect(cleanQuery('ﬁeld')).toBe('field');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => cleanQuery(cleanQuery(s)) === cleanQuery(s)));
  });
});

describe('queryTerms', () => {
  it('keeps letters and digits only: no SQL, tsquery or regex metacharacter survives', () => {
    expect(queryTerms(cleanQuery("'); drop table products; --"))).toEqual(['drop', 'table', 'products']);
    expect(queryTerms(cleanQuery('.*+?^${}()|[]\\ :* & | ! <-> %_'))).toEqual([]);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        const terms = queryTerms(cleanQuery(s));
        return terms.length <= SEARCH_LIMITS.maxTerms && terms.every((t) => /^[\p{L}\p{N}]+$/u.test(t) && t.length <= SEARCH_LIMITS.maxTermLength);
      }),
    );
  });

  it('joins hyphenated words the way the index does, and splits on apostrophes', () => {
    expect(queryTerms('black t-shirt')).toEqual(['black', 'tshirt']);
    expect(queryTerms("côte d'azur print")).toEqual(['côte', 'azur', 'print']);
  });

  it('drops stop words and duplicates, but keeps a query made only of stop words', () => {
    expect(queryTerms('the hoodie for the winter')).toEqual(['hoodie', 'winter']);
    expect(queryTerms('mug mug')).toEqual(['mug']);
    expect(queryTerms('the')).toEqual(['the']);
  });

  it('drops lone letters next to real words, keeps digits', () => {
    expect(queryTerms('t shirt')).toEqual(['shirt']);
    expect(queryTerms('us 9')).toEqual(['us', '9']);
    expect(queryTerms('a4')).toEqual(['a4']);
  });

  it('caps the number and length of words', () => {
    expect(queryTerms(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' '))).toHaveLength(SEARCH_LIMITS.maxTerms);
    expect(queryTerms('x'.repeat(100))[0]).toHaveLength(SEARCH_LIMITS.maxTermLength);
  });
});

describe('foldAccents', () => {
  it('strips accents and folds ß', () => {
    expect(foldAccents('Crème Brûlée Straße Ångström')).toBe('creme brulee strasse angstrom');
  });
});
