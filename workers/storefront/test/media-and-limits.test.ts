import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { testEnv } from './helpers';

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// a real 1×1 PNG
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

describe('/media/*', () => {
  it('serves R2 objects immutable, with ETag and 304 revalidation', async () => {
    const name = `${await sha256Hex(PNG)}.png`;
    await testEnv.MEDIA.put(`media/${name}`, PNG, { httpMetadata: { contentType: 'image/png' } });
    const r = await SELF.fetch(`https://shop.test/media/${name}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(new Uint8Array(await r.arrayBuffer())).toEqual(PNG);
    const etag = r.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await SELF.fetch(`https://shop.test/media/${name}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('404s unknown and malformed media names without touching R2 paths', async () => {
    for (const p of ['/media/' + 'a'.repeat(64) + '.png', '/media/..%2Fsecret', '/media/x.png', '/media/' + 'a'.repeat(64) + '.exe']) {
      const r = await SELF.fetch(`https://shop.test${p}`);
      expect(r.status, p).toBe(404);
      await r.arrayBuffer();
    }
  });
});

describe('request limits', () => {
  it('rejects methods the API does not support with 405 and Allow', async () => {
    const r = await SELF.fetch('https://shop.test/api/v1/products', { method: 'POST', body: '{}' });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('GET');
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rejects oversized bodies with 413 and absurd URLs with 414', async () => {
    const big = await SELF.fetch('https://shop.test/api/v1/products', {
      method: 'POST',
      body: 'x'.repeat(70_000),
      headers: { 'content-length': '70000' },
    });
    expect(big.status).toBe(413);
    const long = await SELF.fetch(`https://shop.test/api/v1/products?cursor=${'a'.repeat(5000)}`);
    expect(long.status).toBe(414);
  });

  it('never leaks a stack trace', async () => {
    const weird = ['/api/v1/products/%E0%A4%A', '/api/v1/collections/%00', '/products/%ZZ', '/api/v1/products?cursor=%'];
    for (const p of weird) {
      const r = await SELF.fetch(`https://shop.test${p}`);
      const text = await r.text();
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
      expect(text).not.toMatch(/\n\s+at /);
    }
  });
});

describe('OpenAPI', () => {
  it('serves the spec and a rendered docs page', async () => {
    const spec = (await (await SELF.fetch('https://shop.test/api/v1/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/products', '/products/{handle}', '/collections', '/collections/{handle}']));
    const docs = await SELF.fetch('https://shop.test/api/v1/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/v1/products/{handle}');
  });
});
