/** @jsxImportSource hono/jsx */
/** Product pages: list with search/status filter, create/edit form (variants, prices, options, SEO, collections), status, images. */
import { Hono, type Context } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { fieldErrorsOf, productInputSchema, PRODUCT_STATUSES } from '../../../../../domain/admin/catalog-input';
import { listAdminCollections, type CollectionListItem } from '../../../../../db/queries/admin/collections';
import { getAdminProduct, listAdminProducts, type AdminProduct } from '../../../../../db/queries/admin/products';
import { can } from '../../../../../domain/admin/roles';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { changeProductStatus, createProduct, updateProduct } from '../../services/catalog';
import { removeImage, reorder, setAlt, uploadImage } from '../../services/media';
import { FieldError, formatMinor, Layout } from '../../views/layout';
import { all, formOf, productFromForm, str } from './forms';

type C = Context<AdminAppEnv>;
export const catalogPages = new Hono<AdminAppEnv>();

/** The ids with `id` moved one place earlier. */
function moveUp(ids: string[], id: string): string[] {
  const i = ids.indexOf(id);
  if (i <= 0) return ids;
  const out = [...ids];
  [out[i - 1], out[i]] = [out[i]!, out[i - 1]!];
  return out;
}

const dec = (n: number | null | undefined) => (n === null || n === undefined ? '' : (n / 100).toFixed(2));

catalogPages.get('/products', guard('catalog:read'), async (c) => {
  const q = (c.req.query('q') ?? '').slice(0, 200);
  const status = PRODUCT_STATUSES.find((s) => s === c.req.query('status'));
  const page = Math.min(Math.max(Number(c.req.query('page')) || 1, 1), 10_000);
  const { items, total } = await listAdminProducts(c.var.db.db, { q, status, page, perPage: 50 });
  const p = c.get('principal')!;
  return c.html(
    <Layout title="Products" principal={p} path="/admin/products" csrf={csrfToken(c)} notice={c.req.query('notice')}>
      <form method="get" class="row card" role="search">
        <div><label for="q">Search</label><input id="q" name="q" value={q} placeholder="title, handle or SKU" /></div>
        <div><label for="status">Status</label><select id="status" name="status"><option value="">any</option>{PRODUCT_STATUSES.map((s) => <option selected={s === status}>{s}</option>)}</select></div>
        <div><button type="submit">Filter</button></div>
        {can(p.role, 'catalog:write') ? <div><a class="button" href="/admin/products/new">New product</a></div> : null}
        <div><a href="/admin/api/v1/products/export.csv">Export CSV</a></div>
        {can(p.role, 'catalog:write') ? <div><a href="/admin/products/import">Import CSV</a></div> : null}
      </form>
      <p class="muted">{total} products</p>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Title</th><th scope="col">Status</th><th scope="col">Variants</th><th scope="col">Available</th><th scope="col">From (USD)</th></tr></thead>
        <tbody>{items.map((x) => <tr><td><a href={`/admin/products/${x.id}`}>{x.title}</a><div class="muted">{x.handle}</div></td><td>{x.status}</td><td>{x.variantCount}</td><td>{x.totalStock}</td><td>{formatMinor(x.minPrice)}</td></tr>)}</tbody>
      </table></div>
      <nav aria-label="Pages" class="row">
        {page > 1 ? <a href={`?q=${encodeURIComponent(q)}&status=${status ?? ''}&page=${page - 1}`}>Previous</a> : null}
        {page * 50 < total ? <a href={`?q=${encodeURIComponent(q)}&status=${status ?? ''}&page=${page + 1}`}>Next</a> : null}
      </nav>
    </Layout>,
  );
});

function ProductForm(props: { c: C; product: AdminProduct | null; values?: Record<string, string>; errors: Record<string, string>; collections: CollectionListItem[] }) {
  const { product: pr, errors } = props;
  const val = (k: string, d: string) => props.values?.[k] ?? d;
  const variants = [...(pr?.variants ?? []), null];
  const readOnly = !can(props.c.get('principal')!.role, 'catalog:write');
  return (
    <form method="post" action={pr ? `/admin/products/${pr.id}` : '/admin/products'} class="card" novalidate>
      {Object.keys(errors).length ? <p class="alert" role="alert">Please correct the fields marked below.{errors._ ? ` ${errors._}` : ''}</p> : null}
      <input type="hidden" name="_csrf" value={csrfToken(props.c)} />
      <fieldset disabled={readOnly}>
        <div class="grid">
          <div><label for="title">Title</label><input id="title" name="title" required value={val('title', pr?.title ?? '')} aria-describedby="title-error" /><FieldError errors={errors} name="title" /></div>
          <div><label for="handle">Handle (URL)</label><input id="handle" name="handle" required value={val('handle', pr?.handle ?? '')} aria-describedby="handle-error" /><FieldError errors={errors} name="handle" /></div>
          <div><label for="status">Status</label><select id="status" name="status">{PRODUCT_STATUSES.map((s) => <option selected={val('status', pr?.status ?? 'draft') === s}>{s}</option>)}</select></div>
          <div><label for="vendor">Vendor</label><input id="vendor" name="vendor" value={val('vendor', pr?.vendor ?? '')} /></div>
        </div>
        <label for="description">Description</label>
        <textarea id="description" name="description" rows={5}>{val('description', pr?.description ?? '')}</textarea>
        <FieldError errors={errors} name="description" />
        <label for="tags">Tags (comma-separated)</label><input id="tags" name="tags" value={val('tags', pr?.tags.join(', ') ?? '')} />
        <div class="grid">
          <div><label for="seoTitle">SEO title</label><input id="seoTitle" name="seoTitle" maxlength={70} value={val('seoTitle', pr?.seoTitle ?? '')} /><FieldError errors={errors} name="seoTitle" /></div>
          <div><label for="seoDescription">SEO description</label><input id="seoDescription" name="seoDescription" maxlength={320} value={val('seoDescription', pr?.seoDescription ?? '')} /><FieldError errors={errors} name="seoDescription" /></div>
        </div>
        <label for="options">Options (one per line, e.g. "Size: S, M, L")</label>
        <textarea id="options" name="options" rows={2}>{val('options', pr?.options.map((o) => `${o.name}: ${o.values.join(', ')}`).join('\n') ?? '')}</textarea>
        <FieldError errors={errors} name="options" />
        <h2>Variants</h2>
        <FieldError errors={errors} name="variants" />
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">SKU</th><th scope="col">Title</th><th scope="col">Options (Size=S; Color=Red)</th><th scope="col">USD</th><th scope="col">USD compare-at</th><th scope="col">EUR</th><th scope="col">EUR compare-at</th><th scope="col">Weight (g)</th></tr></thead>
          <tbody>
            {variants.map((v, i) => (
              <tr>
                <td>{v ? <input type="hidden" name={`v${i}.id`} value={v.id} /> : null}<input aria-label={`Variant ${i + 1} SKU`} name={`v${i}.sku`} value={val(`v${i}.sku`, v?.sku ?? '')} /><FieldError errors={errors} name={`variants.${i}.sku`} /></td>
                <td><input aria-label={`Variant ${i + 1} title`} name={`v${i}.title`} value={val(`v${i}.title`, v?.title ?? '')} /></td>
                <td><input aria-label={`Variant ${i + 1} options`} name={`v${i}.options`} value={val(`v${i}.options`, v ? Object.entries(v.optionValues).map(([k, x]) => `${k}=${x}`).join('; ') : '')} /><FieldError errors={errors} name={`variants.${i}.optionValues`} /></td>
                <td><input aria-label={`Variant ${i + 1} USD price`} inputmode="decimal" name={`v${i}.USD`} value={val(`v${i}.USD`, dec(v?.prices.USD?.amount))} /><FieldError errors={errors} name={`variants.${i}.prices.USD.amount`} /><FieldError errors={errors} name={`variants.${i}.prices`} /></td>
                <td><input aria-label={`Variant ${i + 1} USD compare-at price`} inputmode="decimal" name={`v${i}.USD.compare`} value={val(`v${i}.USD.compare`, dec(v?.prices.USD?.compareAtAmount))} /><FieldError errors={errors} name={`variants.${i}.prices.USD.compareAtAmount`} /></td>
                <td><input aria-label={`Variant ${i + 1} EUR price`} inputmode="decimal" name={`v${i}.EUR`} value={val(`v${i}.EUR`, dec(v?.prices.EUR?.amount))} /><FieldError errors={errors} name={`variants.${i}.prices.EUR.amount`} /></td>
                <td><input aria-label={`Variant ${i + 1} EUR compare-at price`} inputmode="decimal" name={`v${i}.EUR.compare`} value={val(`v${i}.EUR.compare`, dec(v?.prices.EUR?.compareAtAmount))} /><FieldError errors={errors} name={`variants.${i}.prices.EUR.compareAtAmount`} /></td>
                <td><input aria-label={`Variant ${i + 1} weight`} inputmode="numeric" name={`v${i}.weight`} value={val(`v${i}.weight`, String(v?.weightGrams ?? 0))} /></td>
              </tr>
            ))}
          </tbody>
        </table></div>
        <p class="muted">Leave the last row empty unless adding a variant; clear a row's SKU to remove that variant. Stock is changed on the Inventory page.</p>
        <fieldset><legend>Collections</legend>
          {props.collections.map((col) => <label style="font-weight:normal"><input type="checkbox" name="collectionIds" value={col.id} checked={pr?.collectionIds.includes(col.id) ?? false} /> {col.title}</label>)}
        </fieldset>
        <p><button type="submit">{pr ? 'Save product' : 'Create product'}</button></p>
      </fieldset>
    </form>
  );
}

async function collections(c: C) {
  return listAdminCollections(c.var.db.db);
}

function echo(f: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

catalogPages.get('/products/new', guard('catalog:write'), async (c) =>
  c.html(<Layout title="New product" principal={c.get('principal')} csrf={csrfToken(c)}><ProductForm c={c} product={null} errors={{}} collections={await collections(c)} /></Layout>),
);

async function saveFromForm(c: C, id: string | null) {
  const f = await formOf(c);
  const parsed = productInputSchema.safeParse(productFromForm(f));
  let errors: Record<string, string> = {};
  if (parsed.success) {
    try {
      const p = id ? await updateProduct(c, id, parsed.data) : await createProduct(c, parsed.data);
      return c.redirect(`/admin/products/${p.id}?notice=${encodeURIComponent(id ? 'Saved. The shop shows the change within seconds.' : 'Product created.')}`, 303);
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      if (err.status === 404) throw err;
      errors = Object.keys(err.fields).length ? err.fields : { _: err.message };
    }
  } else errors = fieldErrorsOf(parsed.error);
  const product = id ? await getAdminProduct(c.var.db.db, id) : null;
  return c.html(
    <Layout title={id ? 'Edit product' : 'New product'} principal={c.get('principal')} csrf={csrfToken(c)}>
      <ProductForm c={c} product={product} values={echo(f)} errors={errors} collections={await collections(c)} />
    </Layout>,
    422,
  );
}

catalogPages.post('/products', guard('catalog:write'), (c) => saveFromForm(c, null));

catalogPages.get('/products/:id', guard('catalog:read'), async (c) => {
  const id = c.req.param('id');
  const [product, cols] = await Promise.all([getAdminProduct(c.var.db.db, id), listAdminCollections(c.var.db.db)]);
  if (!product) throw new AdminError(404, 'No such product.');
  const p = c.get('principal')!;
  const shop = c.env.STOREFRONT_ORIGIN;
  return c.html(
    <Layout title={product.title} principal={p} csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}>
      <p>
        Status: <strong>{product.status}</strong>
        {shop && product.status === 'active' ? <> · <a href={`${shop}/products/${product.handle}`}>View in shop</a></> : null}
      </p>
      {can(p.role, 'catalog:write') ? (
        <form method="post" action={`/admin/products/${product.id}/status`} class="row">
          <input type="hidden" name="_csrf" value={csrfToken(c)} />
          {product.status !== 'active' ? <button name="status" value="active">Publish</button> : <button class="secondary" name="status" value="draft">Unpublish (draft)</button>}
          {product.status !== 'archived' ? <button class="secondary" name="status" value="archived">Archive</button> : null}
        </form>
      ) : null}
      <ProductForm c={c} product={product} errors={{}} collections={cols} />
      <section class="card" aria-labelledby="media-h">
        <h2 id="media-h">Images</h2>
        <ul style="list-style:none;padding:0" class="grid">
          {product.media.map((m) => (
            <li>
              <img src={`/admin/media-files/${m.r2Key.replace(/^media\//, '')}`} alt={m.alt} width={160} style="max-width:100%;height:auto" />
              <div class="muted">{m.width}×{m.height} · {Math.round(m.byteSize / 1024)} KB</div>
              {can(p.role, 'media:write') ? (
                <>
                  <form method="post" action={`/admin/media/${m.id}/alt`}>
                    <input type="hidden" name="_csrf" value={csrfToken(c)} />
                    <label for={`alt-${m.id}`}>Alt text</label><input id={`alt-${m.id}`} name="alt" value={m.alt} maxlength={300} />
                    <button class="secondary" type="submit">Save alt text</button>
                  </form>
                  {product.media.indexOf(m) > 0 ? (
                    <form method="post" action={`/admin/products/${product.id}/media/order`}>
                      <input type="hidden" name="_csrf" value={csrfToken(c)} />
                      {moveUp(product.media.map((x) => x.id), m.id).map((id) => <input type="hidden" name="ids" value={id} />)}
                      <button class="secondary" type="submit">Move earlier</button>
                    </form>
                  ) : <p class="muted">Main image</p>}
                  <form method="post" action={`/admin/media/${m.id}/delete`}>
                    <input type="hidden" name="_csrf" value={csrfToken(c)} />
                    <button class="danger" type="submit">Delete image</button>
                  </form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {can(p.role, 'media:write') ? (
          <form method="post" action={`/admin/products/${product.id}/media`} enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={csrfToken(c)} />
            <label for="file">Upload an image (PNG, JPEG, GIF, WebP)</label><input id="file" name="file" type="file" accept="image/png,image/jpeg,image/gif,image/webp" required />
            <label for="alt">Alt text</label><input id="alt" name="alt" maxlength={300} />
            <p><button type="submit">Upload</button></p>
          </form>
        ) : null}
      </section>
    </Layout>,
  );
});

catalogPages.post('/products/:id', guard('catalog:write'), (c) => saveFromForm(c, c.req.param('id')));

catalogPages.post('/products/:id/status', guard('catalog:write'), async (c) => {
  const form = await formOf(c);
  const status = PRODUCT_STATUSES.find((s) => s === str(form, 'status'));
  if (!status) throw new AdminError(400, 'Choose a status.');
  const p = await changeProductStatus(c, c.req.param('id'), status);
  return c.redirect(`/admin/products/${p.id}?notice=${encodeURIComponent(status === 'active' ? 'Published.' : `Now ${status}.`)}`, 303);
});

catalogPages.post('/products/:id/media', guard('media:write'), async (c) => {
  const f = await formOf(c);
  const file = f.file;
  const id = c.req.param('id');
  try {
    if (!(file instanceof File)) throw new AdminError(422, 'Choose an image file.');
    await uploadImage(c, id, file, str(f, 'alt').trim().slice(0, 300));
    return c.redirect(`/admin/products/${id}?notice=${encodeURIComponent('Image uploaded.')}`, 303);
  } catch (err) {
    if (err instanceof AdminError && err.status !== 404) return c.redirect(`/admin/products/${id}?notice=${encodeURIComponent(`Not uploaded: ${err.message}`)}`, 303);
    throw err;
  }
});

catalogPages.post('/products/:id/media/order', guard('media:write'), async (c) => {
  const ids = all(await formOf(c), 'ids');
  try {
    await reorder(c, c.req.param('id'), ids);
  } catch (err) {
    if (err instanceof AdminError && err.status === 422) return c.redirect(`/admin/products/${c.req.param('id')}?notice=${encodeURIComponent('The images changed meanwhile; try again.')}`, 303);
    throw err;
  }
  return c.redirect(`/admin/products/${c.req.param('id')}?notice=${encodeURIComponent('Images reordered.')}`, 303);
});

catalogPages.post('/media/:id/alt', guard('media:write'), async (c) => {
  const r = await setAlt(c, c.req.param('id'), str(await formOf(c), 'alt').trim().slice(0, 300));
  return c.redirect(`/admin/products/${r.productId}?notice=${encodeURIComponent('Alt text saved.')}`, 303);
});

catalogPages.post('/media/:id/delete', guard('media:write'), async (c) => {
  const ref = c.req.header('referer');
  await removeImage(c, c.req.param('id'));
  const back = ref && new URL(ref).origin === new URL(c.req.url).origin ? new URL(ref).pathname : '/admin/products';
  return c.redirect(`${back}?notice=${encodeURIComponent('Image deleted.')}`, 303);
});
