/**
 * Product images: type and dimensions sniffed from the bytes, a size limit,
 * content-addressed R2 keys (media/<sha256>.<ext>, the same object for the
 * same bytes), rows in Postgres, and a catalog event so product pages follow.
 * Served by the storefront's /media/*. The product check before the upload is
 * a read over HTTP; each write is an interactive transaction (what the insert
 * or delete found decides the outbox row and the audit entry).
 */
import type { Context } from 'hono';
import { sniffImage } from '../../../../domain/admin/image-sniff';
import { deleteMedia, getMedia, insertMedia, reorderMedia, updateMediaAlt } from '../../../../db/queries/admin/media';
import { getAdminProduct } from '../../../../db/queries/admin/products';
import type { AdminAppEnv } from '../context';
import { AdminError } from '../errors';
import { audit } from './actor';
import { productsChanged, publishNow } from './publish';

type C = Context<AdminAppEnv>;

export function mediaMaxBytes(c: C): number {
  const n = Number(c.env.MEDIA_MAX_BYTES);
  return Number.isSafeInteger(n) && n > 0 ? n : 5 * 1024 * 1024;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export async function uploadImage(c: C, productId: string, file: File, alt: string) {
  const max = mediaMaxBytes(c);
  if (file.size > max) throw new AdminError(413, `Images are limited to ${Math.floor(max / 1024 / 1024)} MB.`, { file: `Images are limited to ${Math.floor(max / 1024 / 1024)} MB.` });
  if (file.size === 0) throw new AdminError(422, 'The file is empty.', { file: 'Choose an image file.' });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const img = sniffImage(bytes);
  if (!img) throw new AdminError(415, 'Only PNG, JPEG, GIF and WebP images are accepted (checked from the file content).', { file: 'Upload a PNG, JPEG, GIF or WebP image.' });
  const key = `media/${await sha256Hex(bytes)}.${img.ext}`;
  const exists = await getAdminProduct(c.var.db.db, productId);
  if (!exists) throw new AdminError(404, 'No such product.');
  // the object first: a row never points at a missing object (an orphan object is harmless: same bytes, same key)
  if (!(await c.env.MEDIA.head(key))) {
    await c.env.MEDIA.put(key, bytes, { httpMetadata: { contentType: img.contentType, cacheControl: 'public, max-age=31536000, immutable' } });
  }
  const { media, outboxId } = await c.var.db.transaction(async (tx) => {
    const m = await insertMedia(tx, { productId, r2Key: key, alt, width: img.width, height: img.height, contentType: img.contentType, byteSize: bytes.length });
    const outboxId = m.created ? await productsChanged(tx, [productId]) : null;
    if (m.created) await audit(c, tx, { action: 'media.create', entityType: 'media', entityId: m.id, before: null, after: { productId, r2Key: key, alt, width: img.width, height: img.height, contentType: img.contentType, byteSize: bytes.length } });
    return { media: { id: m.id, r2Key: key, width: img.width, height: img.height, contentType: img.contentType, byteSize: bytes.length, alt, created: m.created }, outboxId };
  });
  await publishNow(c, [outboxId]);
  return media;
}

export async function setAlt(c: C, mediaId: string, alt: string) {
  const { outboxId, productId } = await c.var.db.transaction(async (tx) => {
    const m = await getMedia(tx, mediaId);
    if (!m) throw new AdminError(404, 'No such image.');
    await updateMediaAlt(tx, mediaId, alt);
    await audit(c, tx, { action: 'media.update', entityType: 'media', entityId: mediaId, before: { alt: m.alt }, after: { alt } });
    return { outboxId: await productsChanged(tx, [m.productId]), productId: m.productId };
  });
  await publishNow(c, [outboxId]);
  return { id: mediaId, productId, alt };
}

export async function reorder(c: C, productId: string, ids: string[]) {
  const outboxId = await c.var.db.transaction(async (tx) => {
    const before = await getAdminProduct(tx, productId, { forUpdate: true });
    if (!before) throw new AdminError(404, 'No such product.');
    if (!(await reorderMedia(tx, productId, ids))) throw new AdminError(422, 'List every image of the product exactly once.', { ids: 'List every image of the product exactly once.' });
    await audit(c, tx, { action: 'media.reorder', entityType: 'product', entityId: productId, before: before.media.map((m) => m.id), after: ids });
    return productsChanged(tx, [productId]);
  });
  await publishNow(c, [outboxId]);
}

export async function removeImage(c: C, mediaId: string) {
  const { outboxId, orphan } = await c.var.db.transaction(async (tx) => {
    const m = await getMedia(tx, mediaId);
    if (!m) throw new AdminError(404, 'No such image.');
    const r = (await deleteMedia(tx, mediaId))!;
    await audit(c, tx, { action: 'media.delete', entityType: 'media', entityId: mediaId, before: m, after: null });
    return { outboxId: await productsChanged(tx, [m.productId]), orphan: r.stillReferenced ? null : r.r2Key };
  });
  await publishNow(c, [outboxId]);
  // after commit: the object goes once nothing references it (product pages were re-projected first by the queue; a cached page may still link it briefly)
  if (orphan) c.executionCtx.waitUntil(c.env.MEDIA.delete(orphan).catch(() => undefined));
}
