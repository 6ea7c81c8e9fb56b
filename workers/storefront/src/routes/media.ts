/**
 * Product media from R2. Keys are content-addressed (media/<sha256>.<ext>),
 * so responses are immutable: cached for a year, revalidated by ETag.
 */
import { Hono } from 'hono';
import { IMMUTABLE, etagMatches } from '../../../../edge/cache';
import { problemResponse } from '../../../../edge/problem';
import type { AppEnv } from '../context';

const MEDIA_KEY = /^[a-f0-9]{64}\.(png|jpe?g|webp|avif|gif)$/;
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

export const media = new Hono<AppEnv>().on(['GET', 'HEAD'], '/:name', async (c) => {
  const name = c.req.param('name');
  const match = MEDIA_KEY.exec(name);
  if (!match) return problemResponse(404, { detail: 'No such media file.' });
  const ifNoneMatch = c.req.header('if-none-match');
  const cache = caches.default;
  const cacheKey = new URL(`/media/${name}`, c.req.url).toString();

  const cached = await cache.match(cacheKey);
  const source = cached ? 'hit' : 'r2';
  let res = cached;
  if (!res) {
    const object = await c.env.MEDIA.get(`media/${name}`);
    if (!object) return problemResponse(404, { detail: 'No such media file.' });
    const headers = new Headers();
    object.writeHttpMetadata(headers);
    headers.set('content-type', object.httpMetadata?.contentType ?? TYPES[match[1] as string] ?? 'application/octet-stream');
    headers.set('etag', object.httpEtag);
    headers.set('cache-control', IMMUTABLE);
    headers.set('content-length', String(object.size));
    headers.set('x-content-type-options', 'nosniff');
    res = new Response(object.body, { headers });
    c.executionCtx.waitUntil(cache.put(cacheKey, res.clone()));
  }
  const etag = res.headers.get('etag');
  if (etag && ifNoneMatch && etagMatches(ifNoneMatch, etag)) {
    await res.body?.cancel();
    return new Response(null, { status: 304, headers: { etag, 'cache-control': IMMUTABLE, 'x-cache': source } });
  }
  const out = new Response(c.req.method === 'HEAD' ? null : res.body, res);
  out.headers.set('x-cache', source);
  return out;
});
