import { describe, expect, it } from 'vitest';
import { partsText, plainParts, splitHighlighted } from './highlight';

describe('splitHighlighted', () => {
  it('splits marked runs and keeps every character of the text', () => {
    const parts = splitHighlighted('<<Café>> Crème <<Mug>>', '<<', '>>');
    expect(parts).toEqual([
      { text: 'Café', match: true },
      { text: ' Crème ', match: false },
      { text: 'Mug', match: true },
    ]);
    expect(partsText(parts)).toBe('Café Crème Mug');
  });

  it('leaves markup in the text as text (the views escape it)', () => {
    const parts = splitHighlighted('[[<script>]]alert(1)</script>', '[[', ']]');
    expect(parts[0]).toEqual({ text: '<script>', match: true });
  });

  it('treats an unbalanced delimiter as text and merges neighbours', () => {
    expect(splitHighlighted('a [[b', '[[', ']]')).toEqual([{ text: 'a [[b', match: false }]);
    expect(splitHighlighted('[[a]][[b]]', '[[', ']]')).toEqual([{ text: 'ab', match: true }]);
    expect(plainParts('')).toEqual([]);
  });
});
