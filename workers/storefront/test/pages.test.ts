import { SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProductDocument } from '../../../domain/catalog/documents';
import { publishToKv, someActiveHandles } from './helpers';

let handle: string;
let doc: ProductDocument;

beforeAll(async () => {
  await publishToKv();
  [handle] = (await someActiveHandles(1)) as [string];
  doc = (await (await SELF.fetch(`https://shop.test/api/v1/products/${handle}`)).json()) as ProductDocument;
});

const page = async (path: string) => {
  const r = await SELF.fetch(`https://shop.test${path}`, { headers: { accept: 'text/html' } });
  return { status: r.status, headers: r.headers, html: await r.text() };
};

function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

describe('server-rendered pages', () => {
  it('renders the home page with collections and products', async () => {
    const { status, headers, html } = await page('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/html');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<!doctype/gi)).toHaveLength(1);
    expect(html).toContain('<link rel="canonical" href="https://shop.test/"');
    expect(html).toMatch(/href="\/collections\/[a-z0-9-]+"/);
    expect(html).toMatch(/href="\/products\/[a-z0-9-]+"/);
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('renders a product page with SEO tags, JSON-LD and a working no-JS variant picker', async () => {
    const { status, html } = await page(`/products/${handle}`);
    expect(status).toBe(200);
    expect(html).toContain(`<link rel="canonical" href="https://shop.test/products/${handle}"`);
    expect(html).toMatch(/<meta name="description" content="[^"]+"/);
    expect(html).toContain('property="og:title"');
    expect(html).toContain('property="og:image"');
    const product = jsonLd(html).find((d) => d['@type'] === 'Product');
    expect(product).toBeDefined();
    expect(product!.name).toBe(doc.title);
    expect(html).toContain(`/media/${doc.media[0]!.key.replace(/^media\//, '')}`);
    expect(html).toMatch(/<form[^>]*method="get"/i);
    expect(html).toMatch(/type="radio"/);

    // choosing another variant through the form's GET parameters
    const other = doc.variants[doc.variants.length - 1]!;
    const qs = new URLSearchParams(other.options).toString();
    const chosen = await page(`/products/${handle}?${qs}`);
    expect(chosen.status).toBe(200);
    expect(chosen.html).toContain(`value="${other.id}"`);
    for (const [name, value] of Object.entries(other.options)) {
      const radio = new RegExp(`<input[^>]*name="${name}"[^>]*value="${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*checked`);
      const radioAlt = new RegExp(`<input[^>]*checked[^>]*name="${name}"[^>]*value="${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`);
      expect(radio.test(chosen.html) || radioAlt.test(chosen.html), `${name}=${value} checked`).toBe(true);
    }
  });

  it('renders a collection page with filters and pagination', async () => {
    const idx = (await (await SELF.fetch('https://shop.test/api/v1/collections')).json()) as { collections: { handle: string; productCount: number }[] };
    const c = idx.collections.sort((a, b) => b.productCount - a.productCount)[0]!;
    const { status, html } = await page(`/collections/${c.handle}`);
    expect(status).toBe(200);
    expect(html).toContain(`<link rel="canonical" href="https://shop.test/collections/${c.handle}"`);
    expect(html).toMatch(/name="sort"/);
    if (c.productCount > 24) expect(html).toMatch(/href="[^"]*cursor=/);
    const sorted = await page(`/collections/${c.handle}?sort=price-asc&in_stock=1`);
    expect(sorted.status).toBe(200);
  });

  it('serves sitemap.xml and robots.txt', async () => {
    const sm = await page('/sitemap.xml');
    expect(sm.status).toBe(200);
    expect(sm.headers.get('content-type')).toContain('xml');
    expect(sm.html).toContain(`<loc>https://shop.test/products/${handle}</loc>`);
    const robots = await page('/robots.txt');
    expect(robots.html).toContain('Sitemap: https://shop.test/sitemap.xml');
  });

  it('answers unknown pages and products with a friendly 404 page', async () => {
    for (const path of ['/products/no-such-thing', '/collections/nope', '/nothing/here', '/products/UPPER']) {
      const r = await page(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toContain('text/html');
      expect(r.html).toContain('noindex');
      expect(r.html).not.toMatch(/at \w+ \(|Error:/);
    }
  });

  it('answers a bad pagination cursor with a friendly 400 page', async () => {
    const r = await page('/collections/all?cursor=garbage');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('text/html');
  });
});
