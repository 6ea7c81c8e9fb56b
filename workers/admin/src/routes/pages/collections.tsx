/** @jsxImportSource hono/jsx */
/** Collections: list, create, edit (title, handle, SEO, published) and product order (one handle per line). */
import { Hono, type Context } from 'hono';
import { csrfToken } from '../../../../../edge/csrf';
import { collectionInputSchema, fieldErrorsOf } from '../../../../../domain/admin/catalog-input';
import { can } from '../../../../../domain/admin/roles';
import { getAdminCollection, listAdminCollections, type AdminCollection } from '../../../../../db/queries/admin/collections';
import { productIdsByHandle } from '../../../../../db/queries/admin/products';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { saveCollectionAudited } from '../../services/catalog';
import { FieldError, Layout } from '../../views/layout';
import { formOf, str } from './forms';

type C = Context<AdminAppEnv>;
export const collectionPages = new Hono<AdminAppEnv>();

collectionPages.get('/collections', guard('catalog:read'), async (c) => {
  const items = await listAdminCollections(c.var.db.db);
  const p = c.get('principal')!;
  return c.html(
    <Layout title="Collections" principal={p} path="/admin/collections" csrf={csrfToken(c)}>
      {can(p.role, 'catalog:write') ? <p><a class="button" href="/admin/collections/new">New collection</a></p> : null}
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Title</th><th scope="col">Handle</th><th scope="col">Products</th><th scope="col">Published</th></tr></thead>
        <tbody>{items.map((x) => <tr><td><a href={`/admin/collections/${x.id}`}>{x.title}</a></td><td>{x.handle}</td><td>{x.productCount}</td><td>{x.published ? 'yes' : 'no'}</td></tr>)}</tbody>
      </table></div>
    </Layout>,
  );
});

function CollectionForm(props: { c: C; col: AdminCollection | null; errors: Record<string, string>; values?: Record<string, string> }) {
  const { col, errors } = props;
  const val = (k: string, d: string) => props.values?.[k] ?? d;
  return (
    <form method="post" action={col ? `/admin/collections/${col.id}` : '/admin/collections'} class="card">
      {Object.keys(errors).length ? <p class="alert" role="alert">Please correct the fields marked below.</p> : null}
      <input type="hidden" name="_csrf" value={csrfToken(props.c)} />
      <fieldset disabled={!can(props.c.get('principal')!.role, 'catalog:write')}>
        <label for="title">Title</label><input id="title" name="title" required value={val('title', col?.title ?? '')} /><FieldError errors={errors} name="title" />
        <label for="handle">Handle</label><input id="handle" name="handle" required value={val('handle', col?.handle ?? '')} /><FieldError errors={errors} name="handle" />
        <label for="description">Description</label><textarea id="description" name="description" rows={3}>{val('description', col?.description ?? '')}</textarea>
        <label for="seoTitle">SEO title</label><input id="seoTitle" name="seoTitle" maxlength={70} value={val('seoTitle', col?.seoTitle ?? '')} />
        <label for="seoDescription">SEO description</label><input id="seoDescription" name="seoDescription" maxlength={320} value={val('seoDescription', col?.seoDescription ?? '')} />
        <label style="font-weight:normal"><input type="checkbox" name="published" value="1" checked={col?.published ?? true} /> Published</label>
        <label for="products">Products in display order (one product handle per line)</label>
        <textarea id="products" name="products" rows={10}>{val('products', col?.products.map((p) => p.handle).join('\n') ?? '')}</textarea>
        <FieldError errors={errors} name="productIds" />
        <p><button type="submit">{col ? 'Save collection' : 'Create collection'}</button></p>
      </fieldset>
    </form>
  );
}

collectionPages.get('/collections/new', guard('catalog:write'), (c) => c.html(<Layout title="New collection" principal={c.get('principal')} csrf={csrfToken(c)}><CollectionForm c={c} col={null} errors={{}} /></Layout>));

collectionPages.get('/collections/:id', guard('catalog:read'), async (c) => {
  const col = await getAdminCollection(c.var.db.db, c.req.param('id'));
  if (!col) throw new AdminError(404, 'No such collection.');
  return c.html(<Layout title={col.title} principal={c.get('principal')} csrf={csrfToken(c)} notice={c.req.query('notice')?.slice(0, 200)}><CollectionForm c={c} col={col} errors={{}} /></Layout>);
});

async function save(c: C, id: string | null) {
  const f = await formOf(c);
  const handles = str(f, 'products').split(/\r?\n/).map((h) => h.trim()).filter(Boolean).slice(0, 5000);
  const byHandle = handles.length ? await productIdsByHandle(c.var.db.db, handles) : new Map<string, string>();
  const unknown = handles.filter((h) => !byHandle.has(h));
  let errors: Record<string, string> = unknown.length ? { productIds: `Unknown product handles: ${unknown.slice(0, 10).join(', ')}` } : {};
  const parsed = collectionInputSchema.safeParse({
    title: str(f, 'title'), handle: str(f, 'handle'), description: str(f, 'description'), seoTitle: str(f, 'seoTitle'), seoDescription: str(f, 'seoDescription'),
    published: str(f, 'published') === '1', productIds: handles.map((h) => byHandle.get(h)).filter(Boolean),
  });
  if (!parsed.success) errors = { ...fieldErrorsOf(parsed.error), ...errors };
  if (parsed.success && !Object.keys(errors).length) {
    try {
      const col = await saveCollectionAudited(c, id, parsed.data);
      return c.redirect(`/admin/collections/${col.id}?notice=${encodeURIComponent('Saved.')}`, 303);
    } catch (err) {
      if (!(err instanceof AdminError) || err.status === 404) throw err;
      errors = Object.keys(err.fields).length ? err.fields : { _: err.message };
    }
  }
  const col = id ? await getAdminCollection(c.var.db.db, id) : null;
  const values = Object.fromEntries(Object.entries(f).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return c.html(<Layout title={id ? 'Edit collection' : 'New collection'} principal={c.get('principal')} csrf={csrfToken(c)}><CollectionForm c={c} col={col} errors={errors} values={values} /></Layout>, 422);
}

collectionPages.post('/collections', guard('catalog:write'), (c) => save(c, null));
collectionPages.post('/collections/:id', guard('catalog:write'), (c) => save(c, c.req.param('id')));
