/**
 * Highlighted text as plain runs ({ text, match }), never as markup: engines
 * mark matches with private delimiters, this splits on them, and views escape
 * every run. A title containing "<script>" stays text.
 */
import type { HighlightPart } from './types';

/** Splits `value` on pre/post delimiters; unbalanced delimiters are treated as text. */
export function splitHighlighted(value: string, pre: string, post: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.match === match) last.text += text;
    else parts.push({ text, match });
  };
  let rest = value;
  for (;;) {
    const start = rest.indexOf(pre);
    if (start === -1) break;
    const end = rest.indexOf(post, start + pre.length);
    if (end === -1) break;
    push(rest.slice(0, start), false);
    push(rest.slice(start + pre.length, end), true);
    rest = rest.slice(end + post.length);
  }
  push(rest, false);
  return parts;
}

export function plainParts(text: string): HighlightPart[] {
  return text ? [{ text, match: false }] : [];
}

export function partsText(parts: readonly HighlightPart[]): string {
  return parts.map((p) => p.text).join('');
}
