/**
 * Products and variants as CSV: one row per variant, product fields on every
 * row (the first row of a handle wins, later rows may leave them empty).
 * Money columns are decimal amounts ("12.50"), turned into integer minor
 * units exactly (no floats). Parsing the text is the caller's (papaparse);
 * this module validates rows and groups them into product inputs, reporting
 * errors by line (line 1 is the header).
 */
import * as z from 'zod';
import { CURRENCIES, type Currency } from '../money';
import { fieldErrorsOf, productInputSchema, type ProductInput } from './catalog-input';

export const CSV_COLUMNS = [
  'handle',
  'title',
  'description',
  'vendor',
  'tags',
  'status',
  'seo_title',
  'seo_description',
  'option1_name',
  'option1_value',
  'option2_name',
  'option2_value',
  'option3_name',
  'option3_value',
  'variant_sku',
  'variant_title',
  'weight_grams',
  'price_usd',
  'compare_at_usd',
  'price_eur',
  'compare_at_eur',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['handle', 'variant_sku'];
export const MAX_IMPORT_ROWS = 10_000;

export interface CsvError {
  /** 1-based line in the file (the header is line 1) */
  line: number;
  field: string;
  message: string;
}

const DECIMAL = /^\d{1,9}(\.\d{1,2})?$/;
/** "12.5" → 1250; "" → null; invalid → undefined */
export function decimalToMinor(s: string): number | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  if (!DECIMAL.test(t)) return undefined;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

export function minorToDecimal(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  return `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

/** Cells as exported: a leading ' guarding a formula character (see csvField) is dropped again. */
const rowSchema = z.record(z.string(), z.string().max(20_000, 'Too long.').transform((v) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v)));

/** Header problems (missing required columns, unknown columns). */
export function checkHeader(fields: readonly string[]): CsvError[] {
  const errors: CsvError[] = [];
  for (const c of REQUIRED_COLUMNS) if (!fields.includes(c)) errors.push({ line: 1, field: c, message: `Missing column "${c}".` });
  for (const f of fields) if (!(CSV_COLUMNS as readonly string[]).includes(f)) errors.push({ line: 1, field: f, message: `Unknown column "${f}" (expected some of: ${CSV_COLUMNS.join(', ')}).` });
  return errors;
}

export interface GroupedProduct {
  handle: string;
  /** first line of the product in the file */
  line: number;
  input: ProductInput;
}

/**
 * Validates every row and every product; returns all errors (by line) or the
 * products. `rows` are the data rows in file order (line = index + 2).
 */
export function productsFromRows(rows: readonly Record<string, unknown>[]): { ok: true; products: GroupedProduct[] } | { ok: false; errors: CsvError[] } {
  const errors: CsvError[] = [];
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, errors: [{ line: 1, field: '', message: `At most ${MAX_IMPORT_ROWS} rows per import.` }] };
  const groups = new Map<string, { line: number; rows: { line: number; row: Record<string, string> }[] }>();
  rows.forEach((raw, i) => {
    const line = i + 2;
    const parsed = rowSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push({ line, field: '', message: 'The row could not be read.' });
      return;
    }
    const row = parsed.data;
    const handle = (row.handle ?? '').trim().toLowerCase();
    if (!handle) {
      errors.push({ line, field: 'handle', message: 'Enter a handle.' });
      return;
    }
    const g = groups.get(handle) ?? { line, rows: [] };
    g.rows.push({ line, row });
    groups.set(handle, g);
  });
  const products: GroupedProduct[] = [];
  const seenSkus = new Map<string, number>();
  for (const [handle, g] of groups) {
    const first = g.rows[0]!.row;
    const get = (r: Record<string, string>, c: CsvColumn) => (r[c] ?? '').trim();
    const optionNames = [1, 2, 3].map((n) => get(first, `option${n}_name` as CsvColumn)).filter(Boolean);
    const optionValues = new Map<string, string[]>(optionNames.map((n) => [n, []]));
    const variants = g.rows.map(({ line, row }) => {
      const prices: Partial<Record<Currency, { amount: number; compareAtAmount: number | null }>> = {};
      for (const cur of CURRENCIES) {
        const lc = cur.toLowerCase();
        const amount = decimalToMinor(get(row, `price_${lc}` as CsvColumn));
        const compare = decimalToMinor(get(row, `compare_at_${lc}` as CsvColumn));
        if (amount === undefined) errors.push({ line, field: `price_${lc}`, message: 'Use a price like 12.50.' });
        if (compare === undefined) errors.push({ line, field: `compare_at_${lc}`, message: 'Use a price like 12.50.' });
        if (typeof amount === 'number') prices[cur] = { amount, compareAtAmount: typeof compare === 'number' ? compare : null };
        else if (amount === null && typeof compare === 'number') errors.push({ line, field: `compare_at_${lc}`, message: 'A compare-at price needs a price.' });
      }
      const ov: Record<string, string> = {};
      optionNames.forEach((name, idx) => {
        const v = get(row, `option${idx + 1}_value` as CsvColumn);
        if (v) {
          ov[name] = v;
          const list = optionValues.get(name)!;
          if (!list.includes(v)) list.push(v);
        }
      });
      const sku = get(row, 'variant_sku');
      const prior = seenSkus.get(sku);
      if (sku && prior !== undefined) errors.push({ line, field: 'variant_sku', message: `SKU ${sku} is also on line ${prior}.` });
      else if (sku) seenSkus.set(sku, line);
      const weight = get(row, 'weight_grams');
      return { line, variant: { sku, title: get(row, 'variant_title') || Object.values(ov).join(' / ') || 'Default', optionValues: ov, weightGrams: weight === '' ? 0 : /^\d{1,7}$/.test(weight) ? Number(weight) : Number.NaN, prices } };
    });
    const candidate = {
      handle,
      title: get(first, 'title'),
      description: first.description ?? '',
      vendor: get(first, 'vendor'),
      tags: get(first, 'tags').split(',').map((t) => t.trim()).filter(Boolean),
      status: get(first, 'status') || 'draft',
      seoTitle: get(first, 'seo_title'),
      seoDescription: get(first, 'seo_description'),
      options: optionNames.map((name) => ({ name, values: optionValues.get(name)! })),
      variants: variants.map((v) => v.variant),
    };
    const r = productInputSchema.safeParse(candidate);
    if (!r.success) {
      for (const [path, message] of Object.entries(fieldErrorsOf(r.error))) {
        const m = /^variants\.(\d+)\.?(.*)$/.exec(path);
        const line = m ? variants[Number(m[1])]?.line ?? g.line : g.line;
        const price = m ? /^prices\.(USD|EUR)\.(amount|compareAtAmount)$/.exec(m[2]!) : null;
        const field = price ? `${price[2] === 'amount' ? 'price' : 'compare_at'}_${price[1]!.toLowerCase()}` : m ? CSV_FIELD[m[2]!.split('.')[0]!] ?? m[2]! : CSV_FIELD[path.split('.')[0]!] ?? path;
        errors.push({ line, field, message });
      }
      continue;
    }
    products.push({ handle, line: g.line, input: r.data });
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length ? { ok: false, errors } : { ok: true, products };
}

const CSV_FIELD: Record<string, string> = {
  handle: 'handle',
  title: 'title',
  status: 'status',
  seoTitle: 'seo_title',
  seoDescription: 'seo_description',
  tags: 'tags',
  options: 'option1_name',
  sku: 'variant_sku',
  weightGrams: 'weight_grams',
  prices: 'price_usd',
  optionValues: 'option1_value',
  title_v: 'variant_title',
  variants: 'variant_sku',
};

/** RFC 4180 field: quoted when needed; cells starting with = + - @ are prefixed with ' (spreadsheet formula injection). */
export function csvField(v: string | number | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface ExportableProduct {
  handle: string;
  title: string;
  description: string;
  vendor: string;
  tags: string[];
  status: string;
  seoTitle: string | null;
  seoDescription: string | null;
  options: { name: string; values: string[] }[];
  variants: { sku: string; title: string; optionValues: Record<string, string>; weightGrams: number; prices: Partial<Record<Currency, { amount: number; compareAtAmount: number | null }>> }[];
}

export function productToCsvRows(p: ExportableProduct): string[] {
  return p.variants.map((v) => {
    const cells: Record<CsvColumn, string | number | null> = {
      handle: p.handle,
      title: p.title,
      description: p.description,
      vendor: p.vendor,
      tags: p.tags.join(', '),
      status: p.status,
      seo_title: p.seoTitle,
      seo_description: p.seoDescription,
      option1_name: p.options[0]?.name ?? '',
      option1_value: p.options[0] ? (v.optionValues[p.options[0].name] ?? '') : '',
      option2_name: p.options[1]?.name ?? '',
      option2_value: p.options[1] ? (v.optionValues[p.options[1].name] ?? '') : '',
      option3_name: p.options[2]?.name ?? '',
      option3_value: p.options[2] ? (v.optionValues[p.options[2].name] ?? '') : '',
      variant_sku: v.sku,
      variant_title: v.title,
      weight_grams: v.weightGrams,
      price_usd: minorToDecimal(v.prices.USD?.amount),
      compare_at_usd: minorToDecimal(v.prices.USD?.compareAtAmount),
      price_eur: minorToDecimal(v.prices.EUR?.amount),
      compare_at_eur: minorToDecimal(v.prices.EUR?.compareAtAmount),
    };
    return CSV_COLUMNS.map((c) => csvField(cells[c])).join(',');
  });
}

export const CSV_HEADER = CSV_COLUMNS.join(',');
