/** @jsxImportSource hono/jsx */
/**
 * CSV import page: upload form; the result page is streamed — progress lines
 * appear while the import runs (no client JS), then the summary or the errors
 * by line (nothing is written unless the whole file is valid).
 */
import { Hono } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { CSV_COLUMNS } from '../../../../../domain/admin/csv';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { parseImport, writeImport } from '../../services/csv';
import { formKey, newFormKey } from '../../services/idempotency';
import { Layout } from '../../views/layout';
import { formOf, str } from './forms';

export const csvPages = new Hono<AdminAppEnv>();

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

csvPages.get('/products/import', guard('catalog:write'), (c) =>
  c.html(
    <Layout title="Import products (CSV)" principal={c.get('principal')} csrf={csrfToken(c)}>
      <form method="post" action="/admin/products/import" enctype="multipart/form-data" class="card">
        <input type="hidden" name="_csrf" value={csrfToken(c)} />
        <input type="hidden" name="idempotencyKey" value={newFormKey()} />
        <label for="file">CSV file (one row per variant)</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" required />
        <p class="muted">Columns: {CSV_COLUMNS.join(', ')}. Prices as decimals (12.50). Existing handles are updated (variants matched by SKU). Every row is checked first: if any is wrong, nothing is imported. <a href="/admin/api/v1/products/export.csv">Export the current catalog</a> for a template.</p>
        <button type="submit">Import</button>
      </form>
    </Layout>,
  ),
);

csvPages.post('/products/import', guard('catalog:write'), async (c) => {
  const form = await formOf(c);
  const file = form.file;
  const text = file instanceof File ? await file.text() : '';
  // before streaming starts: a form without its one-time key gets a plain 400 page
  const key = formKey(str(form, 'idempotencyKey'));
  const shell = (await (await c.html(<Layout title="Import products (CSV)" principal={c.get('principal')} csrf={csrfToken(c)}>{'@@BODY@@'}</Layout>)).text()).split('@@BODY@@');
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  const write = (s: string) => writer.write(enc.encode(s)).catch(() => undefined);
  c.executionCtx.waitUntil(
    (async () => {
      await write(`${shell[0]}<div role="log" aria-live="polite">`);
      try {
        if (!text.trim()) throw new AdminError(422, 'Choose a CSV file.');
        const parsed = parseImport(text);
        if (!parsed.ok) {
          await write(`<p class="alert" role="alert">The file has ${parsed.errors.length} error(s); nothing was imported.</p><div class="table-wrap"><table><thead><tr><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th></tr></thead><tbody>`);
          for (const e of parsed.errors.slice(0, 500)) await write(`<tr><td>${e.line}</td><td>${esc(e.field)}</td><td>${esc(e.message)}</td></tr>`);
          await write('</tbody></table></div>');
        } else {
          await write(`<p>Checked ${parsed.rows} rows: ${parsed.products.length} products, no errors. Writing…</p>`);
          const r = await writeImport(c, { text, rows: parsed.rows, products: parsed.products }, key, (e) => {
            if (e.phase === 'writing') void write(`<p>${e.done} / ${e.total} products written</p>`);
          });
          const summary = r.body;
          await write(
            r.replayed
              ? `<p class="notice" role="status">Already imported (this form was sent twice): ${summary.created} created, ${summary.updated} updated, ${summary.variants} variants. Nothing was imported again.</p>`
              : `<p class="notice" role="status">Imported: ${summary.created} created, ${summary.updated} updated, ${summary.variants} variants. The shop follows within seconds.</p>`,
          );
        }
      } catch (err) {
        const msg = err instanceof AdminError ? `${err.message} ${Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join(' ')}` : 'The import failed; nothing was written.';
        await write(`<p class="alert" role="alert">${esc(msg)}</p>`);
      }
      await write(`</div><p><a href="/admin/products">Back to products</a></p>${shell[1]}`);
      await writer.close().catch(() => undefined);
    })(),
  );
  return new Response(readable, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
});
