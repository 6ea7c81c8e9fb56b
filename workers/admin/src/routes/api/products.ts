/** Products and collections: /admin/api/v1/products, /admin/api/v1/collections. */
import { Hono } from 'hono';
import * as z from 'zod';
import { collectionInputSchema, productInputSchema, productStatusInputSchema, PRODUCT_STATUSES } from '../../../../../domain/admin/catalog-input';
import { getAdminCollection, listAdminCollections } from '../../../../../db/queries/admin/collections';
import { getAdminProduct, listAdminProducts } from '../../../../../db/queries/admin/products';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { AdminError } from '../../errors';
import { changeProductStatus, createProduct, removeCollection, removeProduct, saveCollectionAudited, updateProduct } from '../../services/catalog';
import { jsonBody, queryOf, uuidParam } from './input';

const listQuery = z
  .object({
    q: z.string().max(200).optional(),
    status: z.enum(PRODUCT_STATUSES).optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
    perPage: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

export const productsApi = new Hono<AdminAppEnv>();

productsApi.get('/', guard('catalog:read'), async (c) => {
  const q = queryOf(c, listQuery);
  return c.json(await listAdminProducts(c.var.db.db, q));
});
productsApi.post('/', guard('catalog:write'), async (c) => c.json(await createProduct(c, await jsonBody(c, productInputSchema)), 201));
productsApi.get('/:id', guard('catalog:read'), async (c) => {
  const p = await getAdminProduct(c.var.db.db, uuidParam(c));
  if (!p) throw new AdminError(404, 'No such product.');
  return c.json(p);
});
productsApi.put('/:id', guard('catalog:write'), async (c) => c.json(await updateProduct(c, uuidParam(c), await jsonBody(c, productInputSchema))));
productsApi.post('/:id/status', guard('catalog:write'), async (c) => c.json(await changeProductStatus(c, uuidParam(c), (await jsonBody(c, productStatusInputSchema)).status)));
productsApi.delete('/:id', guard('catalog:write'), async (c) => {
  await removeProduct(c, uuidParam(c));
  return c.body(null, 204);
});

export const collectionsApi = new Hono<AdminAppEnv>();
collectionsApi.get('/', guard('catalog:read'), async (c) => c.json({ items: await listAdminCollections(c.var.db.db) }));
collectionsApi.post('/', guard('catalog:write'), async (c) => c.json(await saveCollectionAudited(c, null, await jsonBody(c, collectionInputSchema)), 201));
collectionsApi.get('/:id', guard('catalog:read'), async (c) => {
  const col = await getAdminCollection(c.var.db.db, uuidParam(c));
  if (!col) throw new AdminError(404, 'No such collection.');
  return c.json(col);
});
collectionsApi.put('/:id', guard('catalog:write'), async (c) => c.json(await saveCollectionAudited(c, uuidParam(c), await jsonBody(c, collectionInputSchema))));
collectionsApi.delete('/:id', guard('catalog:write'), async (c) => {
  await removeCollection(c, uuidParam(c));
  return c.body(null, 204);
});
