/**
 * What a product contributes to search, built from the same ProductDocument
 * the KV catalog holds (so search and product pages never disagree). Both
 * adapters index this: Postgres as one row (db/search), Algolia as one or more
 * records (queues/search/records.ts).
 *
 * Relevance tiers: title (A) > keywords: collections, tags, option values,
 * vendor, synonyms (B) > description (C).
 */
import { summarize, type ProductDocument, type ProductSummary } from '../catalog/documents';
import type { Currency } from '../money';
import { foldAccents } from './normalize';
import { synonymsFor } from './synonyms';

export interface SearchDocument {
  id: string;
  handle: string;
  title: string;
  /** joined forms of the title's hyphenated words ("t-shirt" → "tshirt"), matched like the title */
  titleExtras: string;
  keywords: string;
  description: string;
  /** hyphenated words of title and keywords by joined form (for highlighting a joined-form match) */
  joinedForms: { joined: string; form: string }[];
  collections: { handle: string; title: string }[];
  /** one entry per option value: lower-cased "name:value" key (filters) and display name/value */
  options: { key: string; name: string; value: string }[];
  /** lowest and highest variant price per currency (minor units) */
  priceMin: Partial<Record<Currency, number>>;
  priceMax: Partial<Record<Currency, number>>;
  inStock: boolean;
  tags: string[];
  vendor: string;
  createdAt: string;
  /** what a result shows (the listing summary) */
  summary: ProductSummary;
}

const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

function joinedForms(texts: string[]): { joined: string; form: string }[] {
  const out = new Map<string, string>();
  for (const t of texts) {
    for (const m of t.toLowerCase().matchAll(HYPHENATED)) out.set(m[0].replace(/-/g, ''), m[0]);
  }
  return [...out].map(([joined, form]) => ({ joined, form }));
}

export function optionKey(name: string, value: string): string {
  return `${name.toLowerCase()}:${value.toLowerCase()}`;
}

export function toSearchDocument(p: ProductDocument): SearchDocument {
  const optionValues = p.options.flatMap((o) => o.values.map((v) => ({ key: optionKey(o.name, v), name: o.name, value: v })));
  const tagWords = p.tags.map((t) => t.replace(/-/g, ' '));
  const base = [
    ...p.collections.map((c) => c.title),
    ...tagWords,
    ...optionValues.map((o) => o.value),
    p.vendor,
  ].filter((s) => s.trim().length > 0);
  const forms = joinedForms([p.title, ...base, ...p.tags]);
  const words = new Set<string>();
  for (const t of [p.title, ...p.tags]) for (const m of foldAccents(t).matchAll(WORD)) words.add(m[0]);
  for (const f of forms) words.add(foldAccents(f.joined));
  const synonyms = synonymsFor(words);
  const titleForms = joinedForms([p.title]).map((f) => f.joined);
  const otherForms = forms.map((f) => f.joined).filter((j) => !titleForms.includes(j));
  const priceMin: Partial<Record<Currency, number>> = {};
  const priceMax: Partial<Record<Currency, number>> = {};
  for (const [cur, r] of Object.entries(p.priceRange) as [Currency, { min: number; max: number }][]) {
    priceMin[cur] = r.min;
    priceMax[cur] = r.max;
  }
  return {
    id: p.id,
    handle: p.handle,
    title: p.title,
    titleExtras: titleForms.join(' '),
    keywords: [...base, ...otherForms, ...synonyms].join(' · '),
    description: p.description,
    joinedForms: forms,
    collections: p.collections.map((c) => ({ handle: c.handle, title: c.title })),
    options: optionValues,
    priceMin,
    priceMax,
    inStock: p.inStock,
    tags: p.tags,
    vendor: p.vendor,
    createdAt: p.createdAt,
    summary: summarize(p),
  };
}
