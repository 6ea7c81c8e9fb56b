/**
 * Catalog writes: each one interactive transaction (c.var.db.transaction: the change, the outbox row and an audit
 * entry whose before/after are read inside it, with the row locked FOR UPDATE), then the outbox row is published.
 */
import type { Context } from 'hono';
import type { CollectionInput, ProductInput } from '../../../../domain/admin/catalog-input';
import { CollectionHandleTakenError, deleteCollection, getAdminCollection, saveCollection, UnknownProductError } from '../../../../db/queries/admin/collections';
import {
  collectionIdsOf,
  deleteProduct,
  getAdminProduct,
  HandleTakenError,
  saveProduct,
  setProductStatus,
  SkuTakenError,
  UnknownCollectionError,
  VariantNotOfProductError,
  type AdminProduct,
} from '../../../../db/queries/admin/products';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';
import { audit } from './actor';
import { collectionsChanged, productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

function mapSaveError(err: unknown, input: ProductInput): never {
  if (err instanceof HandleTakenError) throw new AdminError(409, 'Another product uses this handle.', { handle: 'Another product uses this handle.' });
  if (err instanceof SkuTakenError) {
    const i = input.variants.findIndex((v) => v.sku === err.sku);
    throw new AdminError(409, `SKU ${err.sku} is used by another variant.`, { [`variants.${i}.sku`]: 'This SKU is used by another variant.' });
  }
  if (err instanceof VariantNotOfProductError) throw new AdminError(422, 'A variant id does not belong to this product.', { variants: 'A variant id does not belong to this product.' });
  if (err instanceof UnknownCollectionError) throw new AdminError(422, 'Unknown collection.', { collectionIds: 'Choose existing collections.' });
  throw err;
}

export async function createProduct(c: C, input: ProductInput): Promise<AdminProduct> {
  const { product, outboxId } = await c.var.db
    .transaction(async (tx) => {
      const { id } = await saveProduct(tx, null, input);
      const product = (await getAdminProduct(tx, id))!;
      const outboxId = await productsChanged(tx, [id], product.collectionIds);
      await audit(c, tx, { action: 'product.create', entityType: 'product', entityId: id, before: null, after: product });
      return { product, outboxId };
    })
    .catch((err) => mapSaveError(err, input));
  await publishNow(c, [outboxId]);
  return product;
}

export async function updateProduct(c: C, id: string, input: ProductInput): Promise<AdminProduct> {
  const { product, outboxId } = await c.var.db
    .transaction(async (tx) => {
      const before = await getAdminProduct(tx, id, { forUpdate: true });
      if (!before) throw new AdminError(404, 'No such product.');
      const { previousCollectionIds } = await saveProduct(tx, id, input);
      const product = (await getAdminProduct(tx, id))!;
      const outboxId = await productsChanged(tx, [id], [...previousCollectionIds, ...product.collectionIds], before.handle !== product.handle ? [before.handle] : []);
      await audit(c, tx, { action: 'product.update', entityType: 'product', entityId: id, before, after: product });
      return { product, outboxId };
    })
    .catch((err) => mapSaveError(err, input));
  await publishNow(c, [outboxId]);
  return product;
}

export async function changeProductStatus(c: C, id: string, status: 'draft' | 'active' | 'archived'): Promise<AdminProduct> {
  const { product, outboxId } = await c.var.db.transaction(async (tx) => {
    const before = await getAdminProduct(tx, id, { forUpdate: true });
    if (!before) throw new AdminError(404, 'No such product.');
    await setProductStatus(tx, id, status);
    const product = (await getAdminProduct(tx, id))!;
    const outboxId = await productsChanged(tx, [id], product.collectionIds);
    await audit(c, tx, { action: `product.status`, entityType: 'product', entityId: id, before: { status: before.status }, after: { status } });
    return { product, outboxId };
  });
  await publishNow(c, [outboxId]);
  return product;
}

export async function removeProduct(c: C, id: string): Promise<void> {
  const outboxId = await c.var.db.transaction(async (tx) => {
    const before = await getAdminProduct(tx, id, { forUpdate: true });
    if (!before) throw new AdminError(404, 'No such product.');
    const collections = await collectionIdsOf(tx, id);
    await deleteProduct(tx, id);
    // the projection sees the product gone and drops its KV document and listing entries
    const outboxId = await productsChanged(tx, [id], collections, [before.handle]);
    await audit(c, tx, { action: 'product.delete', entityType: 'product', entityId: id, before, after: null });
    return outboxId;
  });
  await publishNow(c, [outboxId]);
}

function mapCollectionError(err: unknown): never {
  if (err instanceof CollectionHandleTakenError) throw new AdminError(409, 'Another collection uses this handle.', { handle: 'Another collection uses this handle.' });
  if (err instanceof UnknownProductError) throw new AdminError(422, 'Unknown product in the list.', { productIds: 'Choose existing products.' });
  throw err;
}

export async function saveCollectionAudited(c: C, id: string | null, input: CollectionInput) {
  const { collection, outboxIds } = await c.var.db
    .transaction(async (tx) => {
      const before = id ? await getAdminCollection(tx, id) : null;
      if (id && !before) throw new AdminError(404, 'No such collection.');
      const r = await saveCollection(tx, id, input);
      const collection = (await getAdminCollection(tx, r.id))!;
      const outboxIds: (number | null)[] = [await collectionsChanged(tx, [r.id])];
      // products that joined or left list their collections in their documents
      if (r.changedProductIds.length) outboxIds.push(await productsChanged(tx, r.changedProductIds, [r.id]));
      await audit(c, tx, { action: id ? 'collection.update' : 'collection.create', entityType: 'collection', entityId: r.id, before, after: collection });
      return { collection, outboxIds };
    })
    .catch(mapCollectionError);
  await publishNow(c, outboxIds);
  return collection;
}

export async function removeCollection(c: C, id: string): Promise<void> {
  const outboxIds = await c.var.db.transaction(async (tx) => {
    const before = await getAdminCollection(tx, id);
    if (!before) throw new AdminError(404, 'No such collection.');
    const members = await deleteCollection(tx, id);
    const ids: (number | null)[] = [await collectionsChanged(tx, [id])];
    if (members.length) ids.push(await productsChanged(tx, members, [id]));
    await audit(c, tx, { action: 'collection.delete', entityType: 'collection', entityId: id, before, after: null });
    return ids;
  });
  await publishNow(c, outboxIds);
}
