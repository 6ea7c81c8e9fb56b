/**
 * Query normalisation, shared by every adapter and by the edge-cache key.
 *
 *   cleanQuery   what the shopper typed → one canonical string: Unicode NFKC,
 *                control/format characters removed, whitespace collapsed,
 *                trimmed, lower-cased ("  Café\tCRÈME " → "café crème")
 *   queryTerms   the words to match: runs of letters and digits only (every
 *                SQL, tsquery and regex metacharacter is gone), hyphenated
 *                words also joined ("t-shirt" → "tshirt", the form the index
 *                holds too), stop words (unless there is nothing else) and
 *                duplicates dropped, at most SEARCH_LIMITS.maxTerms words
 *   foldAccents  "Crème Brûlée" → "creme brulee" (for comparisons in views and tests)
 */
import { SEARCH_LIMITS } from './types';

// Cc: control, Cf: format (zero-width, bidi overrides), Co: private use, Cs: lone surrogates
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu;
const SPACES = /[\s\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/gu;

/** Canonical form of a raw query (does not cut it: validation rejects queries that are too long). */
export function cleanQuery(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, ' ').replace(SPACES, ' ').trim().toLowerCase();
}

/** Words too common to narrow a product search (English; the catalogue is English). */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'for', 'from', 'in', 'into', 'is', 'it', 'of', 'on', 'or',
  'the', 'to', 'with', 'without', 'our', 'your', 'my', 'this', 'that', 'these', 'those',
]);

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;
const PART = /[\p{L}\p{N}]+/gu;

/** The words of a cleaned query, in order, deduplicated. */
export function queryTerms(clean: string): string[] {
  const out: string[] = [];
  const stop: string[] = [];
  const add = (t: string) => {
    const term = t.slice(0, SEARCH_LIMITS.maxTermLength);
    if (!term) return;
    const list = STOP_WORDS.has(term) ? stop : out;
    if (!list.includes(term)) list.push(term);
  };
  for (const m of clean.toLowerCase().matchAll(WORD)) {
    const word = m[0];
    if (word.includes('-')) {
      // "t-shirt": the index holds the joined form ("tshirt") next to the parts
      add(word.replace(/-/g, ''));
    } else {
      // "côte d'azur" → "côte", "d", "azur" (apostrophes separate words, as in Postgres' parser)
      for (const p of word.matchAll(PART)) add(p[0]);
    }
  }
  // a query made only of stop words ("the") still searches them
  const words = out.length > 0 ? out : stop;
  // lone letters ("t shirt", "d'azur") narrow nothing once there are real words
  const meaningful = words.filter((t) => t.length > 1 || /\p{N}/u.test(t));
  return (meaningful.length > 0 ? meaningful : words).slice(0, SEARCH_LIMITS.maxTerms);
}

/** Lower-case and strip combining marks: "Crème Brûlée" → "creme brulee", "Straße" → "strasse". */
export function foldAccents(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
}
