/**
 * CSV export (streamed, page by page) and import of products and variants.
 *
 * Import: papaparse reads the file (quoted fields, embedded newlines, BOM);
 * domain/admin/csv.ts validates every row and product first and reports
 * errors by line — nothing is written unless the whole file is valid. Then
 * ONE transaction writes every product (existing handles are updated, their
 * variants matched by SKU), its audit entries and the outbox rows; any
 * failure rolls everything back. The import takes an idempotency key
 * (services/idempotency.ts): the same file sent twice imports once, the
 * second answer is the first one's summary. Progress: the JSON API answers at the end;
 * with `Accept: application/x-ndjson` (and on the import page, as streamed
 * HTML) progress events are sent while it runs.
 */
import type { Context } from 'hono';
import Papa from 'papaparse';
import { checkHeader, CSV_HEADER, productsFromRows, productToCsvRows, type CsvError, type GroupedProduct } from '../../../../domain/admin/csv';
import { exportProductsPage, getAdminProductByHandle, saveProduct, getAdminProduct, HandleTakenError, SkuTakenError, type AdminProduct } from '../../../../db/queries/admin/products';
import { safeErrorText } from '../../../../db/errors';
import { log } from '../../../../edge/request-context';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';
import { audit } from './actor';
import { actionKey, claim, headerKey, markReplay, record, type ActionResult } from './idempotency';
import { productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

export async function exportCsv(c: C): Promise<Response> {
  const encoder = new TextEncoder();
  const products: AdminProduct[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await exportProductsPage(c.var.db.db, after, 500);
    products.push(...page);
    if (page.length < 500) break;
    after = page[page.length - 1]!.handle;
  }
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${CSV_HEADER}\r\n`));
      for (const p of products) {
        const rows = productToCsvRows(p);
        if (rows.length) controller.enqueue(encoder.encode(`${rows.join('\r\n')}\r\n`));
      }
      controller.close();
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="products-${date}.csv"`, 'cache-control': 'private, no-store' } });
}

export interface ImportSummary {
  products: number;
  created: number;
  updated: number;
  variants: number;
  /** CSV rows read */
  rows: number;
}

export type ImportEvent =
  | { phase: 'validated'; rows: number; products: number }
  | { phase: 'writing'; done: number; total: number }
  | { phase: 'done'; summary: ImportSummary; replayed: boolean }
  | { phase: 'failed'; errors: CsvError[] };

/** Parses and validates the whole file; errors by line, or the products. */
export function parseImport(text: string): { ok: true; rows: number; products: GroupedProduct[] } | { ok: false; errors: CsvError[] } {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
  const errors: CsvError[] = checkHeader(parsed.meta.fields ?? []);
  for (const e of parsed.errors) errors.push({ line: (e.row ?? 0) + 2, field: '', message: e.message });
  if (errors.length) return { ok: false, errors };
  const r = productsFromRows(parsed.data);
  return r.ok ? { ok: true, rows: parsed.data.length, products: r.products } : r;
}

/**
 * Writes every product in one interactive transaction (all or nothing: each product's existing state decides
 * create or update and which variant ids are kept; audit before/after). Idempotent by key: the same file sent
 * again with the same key imports nothing and answers the first import's summary (`replayed`). Throws
 * AdminError(422) with line errors on conflicts.
 */
export async function writeImport(c: C, file: { text: string; rows: number; products: GroupedProduct[] }, clientKey: string, onProgress: (e: ImportEvent) => void): Promise<ActionResult<ImportSummary>> {
  const { products } = file;
  // the fingerprint covers the file's bytes: the same key with another file → 422 idempotency-key-reused
  const k = await actionKey(c, clientKey, 'products.import', 'csv', file.text);
  const { result, outboxIds } = await c.var.db.transaction(async (tx) => {
    const replay = await claim<ImportSummary>(tx, k);
    if (replay) return { result: replay, outboxIds: [] as (number | null)[] };
    let created = 0;
    let updated = 0;
    let variants = 0;
    const ids: string[] = [];
    const collections: string[] = [];
    for (const [i, g] of products.entries()) {
      const existing = await getAdminProductByHandle(tx, g.handle);
      const input = { ...g.input, collectionIds: existing?.collectionIds ?? [] };
      if (existing) {
        // variants are matched by SKU: existing ones keep their ids (order lines, stock), new SKUs are added, missing ones removed
        input.variants = input.variants.map((v) => ({ ...v, id: existing.variants.find((x) => x.sku === v.sku)?.id }));
      }
      try {
        const r = await saveProduct(tx, existing?.id ?? null, input);
        const after = (await getAdminProduct(tx, r.id))!;
        await audit(c, tx, { action: existing ? 'product.update' : 'product.create', entityType: 'product', entityId: r.id, before: existing, after: { ...after, source: 'csv import' } });
        ids.push(r.id);
        collections.push(...r.previousCollectionIds);
      } catch (err) {
        if (err instanceof SkuTakenError) throw new AdminError(422, 'Nothing was imported.', { [`line ${g.line}`]: `SKU ${err.sku} belongs to another product.` });
        if (err instanceof HandleTakenError) throw new AdminError(422, 'Nothing was imported.', { [`line ${g.line}`]: 'Handle taken.' });
        throw err;
      }
      if (existing) updated++;
      else created++;
      variants += input.variants.length;
      if ((i + 1) % 25 === 0 || i + 1 === products.length) onProgress({ phase: 'writing', done: i + 1, total: products.length });
    }
    const outboxIds: (number | null)[] = [];
    for (let i = 0; i < ids.length; i += 1000) outboxIds.push(await productsChanged(tx, ids.slice(i, i + 1000), i === 0 ? [...new Set(collections)].slice(0, 1000) : []));
    return { result: await record(tx, k, 200, { products: products.length, created, updated, variants, rows: file.rows }), outboxIds };
  });
  await publishNow(c, outboxIds);
  return result;
}

async function readText(c: C): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const file = (form as Record<string, unknown>).file;
    if (!(file instanceof File)) throw new AdminError(422, 'Send the CSV as multipart field "file".', { file: 'Choose a CSV file.' });
    return file.text();
  }
  if (/^text\/csv/i.test(type)) return c.req.text();
  throw new AdminError(415, 'Send text/csv, or multipart/form-data with a "file" field.');
}

export async function importCsv(c: C): Promise<Response> {
  const key = headerKey(c);
  const text = await readText(c);
  const parsed = parseImport(text);
  const streaming = (c.req.header('accept') ?? '').includes('application/x-ndjson');
  if (!parsed.ok) {
    return c.json({ type: 'https://vitrine.dev/problems/unprocessable', title: 'The file has errors; nothing was imported', status: 422, errors: parsed.errors.slice(0, 500), errorCount: parsed.errors.length }, 422, { 'content-type': 'application/problem+json' });
  }
  if (!streaming) {
    try {
      const r = await writeImport(c, { text, rows: parsed.rows, products: parsed.products }, key, () => {});
      markReplay(c, r);
      return c.json(r.body, r.status as 200);
    } catch (err) {
      if (err instanceof AdminError && err.status === 422 && !err.problemType) {
        return c.json({ type: 'https://vitrine.dev/problems/unprocessable', title: 'Nothing was imported', status: 422, errors: Object.entries(err.fields).map(([line, message]) => ({ line: Number(line.replace('line ', '')), field: '', message })) }, 422, { 'content-type': 'application/problem+json' });
      }
      throw err;
    }
  }
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  const send = (e: ImportEvent) => void writer.write(enc.encode(`${JSON.stringify(e)}\n`)).catch(() => undefined);
  c.executionCtx.waitUntil(
    (async () => {
      send({ phase: 'validated', rows: parsed.rows, products: parsed.products.length });
      try {
        const r = await writeImport(c, { text, rows: parsed.rows, products: parsed.products }, key, send);
        send({ phase: 'done', summary: r.body, replayed: r.replayed });
      } catch (err) {
        if (!(err instanceof AdminError)) log(c, 'error', 'csv import failed', { error: safeErrorText(err) });
        send({ phase: 'failed', errors: err instanceof AdminError && err.problemType ? [{ line: 0, field: '', message: err.message }] : err instanceof AdminError ? Object.entries(err.fields).map(([line, message]) => ({ line: Number(line.replace('line ', '')) || 0, field: '', message })) : [{ line: 0, field: '', message: 'The import failed; nothing was written.' }] });
      } finally {
        await writer.close().catch(() => undefined);
      }
    })(),
  );
  return new Response(readable, { headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' } });
}
