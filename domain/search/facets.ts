/**
 * Presentation order of facet values: sizes in size order (XS … XXL, then
 * numbers, "US 8" by its number), everything else as the engine ranked it
 * (by count). Selected values the engine no longer counts are kept with a
 * zero count, so a shopper can always remove them.
 */
import type { FacetCount } from './types';

const SIZE_ORDER = ['xxs', 'xs', 's', 's/m', 'm', 'l', 'l/xl', 'xl', 'xxl', 'xxxl'];

function sizeRank(value: string): number | undefined {
  const v = value.toLowerCase();
  const i = SIZE_ORDER.indexOf(v);
  if (i !== -1) return i;
  const n = /(\d+(?:\.\d+)?)/.exec(v);
  return n ? 100 + Number(n[1]) : undefined;
}

export function orderFacetValues(optionName: string, values: readonly FacetCount[]): FacetCount[] {
  if (optionName.toLowerCase() !== 'size') return [...values];
  const ranked = values.map((v) => ({ v, r: sizeRank(v.value) }));
  if (ranked.some((x) => x.r === undefined)) return [...values];
  return ranked.sort((a, b) => (a.r as number) - (b.r as number) || (a.v.label < b.v.label ? -1 : 1)).map((x) => x.v);
}

export function withSelected(values: readonly FacetCount[], selected: readonly string[]): FacetCount[] {
  const out = [...values];
  for (const s of selected) if (!out.some((v) => v.value === s)) out.push({ value: s, label: s, count: 0 });
  return out;
}
