import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  ACCENTED_TITLES,
  DEFAULT_PRODUCT_COUNT,
  CATALOG_EPOCH,
  COLLECTIONS,
  MAX_VARIANTS_PER_PRODUCT,
  catalogStats,
  generateCatalog,
  usdToEur,
  withEnding,
  type SeedCatalog,
} from '../../dev/seed/generate';
import { IMAGE_SHAPES, renderProductImage, type ImageSpec } from '../../dev/seed/images';
import { createProgress } from '../../dev/seed/progress';
import { isHandle } from '../../domain/catalog/keys';

const catalog = generateCatalog();
let bigCatalog: SeedCatalog | undefined;
const big = () => (bigCatalog ??= generateCatalog({ products: 20_000 }));

const allVariants = (c: SeedCatalog) => c.products.flatMap((p) => p.variants);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('generateCatalog: determinism', () => {
  it('produces deep-equal, byte-identical JSON for the same input', () => {
    const again = generateCatalog();
    expect(again).toEqual(catalog);
    expect(JSON.stringify(again)).toBe(JSON.stringify(catalog));
    expect(JSON.stringify(generateCatalog({ products: 50, seed: 7 }))).toBe(JSON.stringify(generateCatalog({ products: 50, seed: 7 })));
  });

  it('depends on the seed', () => {
    const other = generateCatalog({ seed: 12345 });
    expect(other.products.map((p) => p.handle)).not.toEqual(catalog.products.map((p) => p.handle));
  });

  it('keeps each product stable when the catalog grows (per-product PRNG streams)', () => {
    const b = big();
    for (let i = 0; i < 200; i++) {
      const small = catalog.products[i]!;
      const large = b.products[i]!;
      expect(large.handle).toBe(small.handle);
      expect(large.variants).toEqual(small.variants);
      expect(large.images).toEqual(small.images);
    }
  });

  it('renders the same image bytes and key twice', () => {
    for (const p of catalog.products.filter((_, i) => i % 40 === 0)) {
      for (const img of p.images) {
        const a = renderProductImage(img.spec);
        const b = renderProductImage(structuredClone(img.spec));
        expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
        expect(b.key).toBe(a.key);
        expect(a.key).toBe(`media/${sha256(a.bytes)}.png`);
        expect(a.sha256).toBe(sha256(a.bytes));
      }
    }
  });
});

describe('generateCatalog: shape of the demo shop', () => {
  const stats = catalogStats(catalog);

  it('has the requested counts', () => {
    expect(stats.products).toBe(DEFAULT_PRODUCT_COUNT);
    expect(stats.products).toBeGreaterThanOrEqual(500);
    expect(stats.variants).toBeGreaterThanOrEqual(1500);
    expect(stats.variants).toBeLessThanOrEqual(2200);
    expect(stats.collections).toBe(14);
    expect(catalog.collections.map((c) => c.handle)).toEqual(COLLECTIONS.map((c) => c.handle));
  });

  it('contains accented titles for search tests', () => {
    const titles = new Set(catalog.products.map((p) => p.title));
    for (const t of ['Café Crème Mug', 'Naïve Linen Scarf', 'Jalapeño Socks', 'Über Soft Hoodie']) expect(titles).toContain(t);
    const accented = catalog.products.filter((p) => /[^\u0000-\u007f]/.test(p.title));
    expect(accented.length).toBeGreaterThanOrEqual(10);
    expect(accented.length).toBeLessThanOrEqual(25);
    expect(accented.map((p) => p.title)).toEqual(expect.arrayContaining(ACCENTED_TITLES.map((s) => s.title)));
    expect(catalog.products.find((p) => p.title === 'Café Crème Mug')?.handle).toBe('cafe-creme-mug');
  });

  it('mixes statuses: ~95% active, some drafts, a few archived', () => {
    const by = (s: string) => catalog.products.filter((p) => p.status === s).length;
    expect(by('active') / stats.products).toBeGreaterThan(0.9);
    expect(by('draft')).toBeGreaterThan(0);
    expect(by('archived')).toBeGreaterThan(0);
    for (const p of catalog.products) expect(p.publishedAt === null).toBe(p.status === 'draft');
  });

  it('uses fixed timestamps spread over the two years before the epoch', () => {
    const epoch = Date.parse(CATALOG_EPOCH);
    const created = catalog.products.map((p) => Date.parse(p.createdAt));
    for (const p of catalog.products) {
      const c = Date.parse(p.createdAt);
      expect(c).toBeLessThan(epoch);
      expect(c).toBeGreaterThanOrEqual(epoch - 731 * 86_400_000);
      expect(Date.parse(p.updatedAt)).toBeGreaterThanOrEqual(c);
      expect(Date.parse(p.updatedAt)).toBeLessThanOrEqual(epoch);
      if (p.publishedAt) expect(Date.parse(p.publishedAt)).toBeGreaterThanOrEqual(c);
    }
    // spread: at least one product in each quarter of the range
    for (let q = 0; q < 8; q++) {
      const from = epoch - (q + 1) * 91 * 86_400_000;
      const to = epoch - q * 91 * 86_400_000;
      expect(created.some((c) => c >= from && c < to)).toBe(true);
    }
  });

  it('writes realistic text', () => {
    for (const p of catalog.products) {
      const sentences = p.description.replace(/\bCo\./g, 'Co').split(/(?<=[.!?])\s+/);
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(4);
      expect(p.vendor.length).toBeGreaterThan(0);
      expect(p.tags.length).toBeGreaterThan(0);
      expect(new Set(p.tags).size).toBe(p.tags.length);
      expect(p.seoTitle.length).toBeLessThanOrEqual(70);
      expect(p.seoDescription.length).toBeLessThanOrEqual(160);
      expect(p.title.trim()).toBe(p.title);
      expect(p.title).not.toMatch(/\b(\w+) \1\b/i);
    }
    expect(new Set(catalog.products.map((p) => p.vendor)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(catalog.products.map((p) => p.productType)).size).toBeGreaterThanOrEqual(15);
  });

  it('builds variants as the (trimmed) cartesian product of the options', () => {
    for (const p of catalog.products) {
      expect(p.variants.length).toBeGreaterThanOrEqual(1);
      expect(p.variants.length).toBeLessThanOrEqual(MAX_VARIANTS_PER_PRODUCT);
      const expected = p.options.reduce((n, o) => n * o.values.length, 1);
      expect(p.variants.length).toBe(expected);
      expect(new Set(p.options.map((o) => o.name)).size).toBe(p.options.length);
      const combos = new Set<string>();
      p.variants.forEach((v, i) => {
        expect(v.position).toBe(i);
        expect(Object.keys(v.optionValues)).toEqual(p.options.map((o) => o.name));
        for (const o of p.options) expect(o.values).toContain(v.optionValues[o.name]);
        combos.add(JSON.stringify(v.optionValues));
        expect(Number.isInteger(v.weightGrams) && v.weightGrams > 0).toBe(true);
        expect(v.title).toBe(p.options.map((o) => v.optionValues[o.name]).join(' / '));
      });
      expect(combos.size).toBe(p.variants.length);
    }
    const apparel = catalog.products.filter((p) => p.productType === 'tshirt');
    expect(apparel.every((p) => p.options.some((o) => o.name === 'Size' && o.values.includes('M')))).toBe(true);
    const mugs = catalog.products.filter((p) => p.productType === 'mug');
    expect(mugs.every((p) => p.options.length === 1 && p.options[0]!.name === 'Color')).toBe(true);
    const posters = catalog.products.filter((p) => p.productType === 'poster');
    expect(posters.every((p) => p.options.some((o) => o.name === 'Size' && o.values.every((v) => /^A[1-4]$/.test(v))))).toBe(true);
  });

  it('keeps inventory within 0..200 with ~8% out of stock and nothing reserved', () => {
    const vs = allVariants(catalog);
    for (const v of vs) {
      expect(Number.isInteger(v.inventory.onHand)).toBe(true);
      expect(v.inventory.onHand).toBeGreaterThanOrEqual(0);
      expect(v.inventory.onHand).toBeLessThanOrEqual(200);
      expect(v.inventory.reserved).toBe(0);
    }
    const ratio = stats.outOfStock / vs.length;
    expect(ratio).toBeGreaterThan(0.04);
    expect(ratio).toBeLessThan(0.12);
  });
});

describe('generateCatalog: money', () => {
  it('prices every variant in USD and EUR with integer minor units', () => {
    for (const v of allVariants(catalog)) {
      expect(v.prices.map((p) => p.currency).sort()).toEqual(['EUR', 'USD']);
      for (const pr of v.prices) {
        expect(Number.isSafeInteger(pr.amount)).toBe(true);
        expect(pr.amount).toBeGreaterThan(0);
        if (pr.compareAtAmount !== null) {
          expect(Number.isSafeInteger(pr.compareAtAmount)).toBe(true);
          expect(pr.compareAtAmount).toBeGreaterThan(pr.amount);
        }
      }
      const [usd, eur] = [v.prices.find((p) => p.currency === 'USD')!, v.prices.find((p) => p.currency === 'EUR')!];
      expect(usd.compareAtAmount === null).toBe(eur.compareAtAmount === null);
      expect([95, 99]).toContain(eur.amount % 100);
      expect([0, 95, 99]).toContain(usd.amount % 100);
      // EUR ≈ 0.92 × USD, within a euro of rounding
      expect(Math.abs(eur.amount - (usd.amount * 92) / 100)).toBeLessThanOrEqual(105);
    }
  });

  it('puts ~20% of products on sale, with compare-at on all their variants', () => {
    const onSale = catalog.products.filter((p) => p.variants.some((v) => v.prices.some((x) => x.compareAtAmount !== null)));
    expect(onSale.length / catalog.products.length).toBeGreaterThan(0.14);
    expect(onSale.length / catalog.products.length).toBeLessThan(0.27);
    for (const p of onSale) expect(p.variants.every((v) => v.prices.every((x) => x.compareAtAmount !== null))).toBe(true);
  });

  it('converts with integer arithmetic and psychological endings', () => {
    expect(withEnding(28, 99)).toBe(2799);
    expect(withEnding(28, 95)).toBe(2795);
    expect(withEnding(28, 0)).toBe(2800);
    expect(usdToEur(2800, 99)).toBe(2599); // 25.76 → 26 → 25.99
    expect(usdToEur(1400, 95)).toBe(1295); // 12.88 → 13 → 12.95
    expect(usdToEur(19999, 99)).toBe(18399); // 183.99
    for (let usd = 100; usd < 50_000; usd += 37) {
      const eur = usdToEur(usd, 99);
      expect(Number.isSafeInteger(eur)).toBe(true);
      expect(eur % 100).toBe(99);
    }
  });
});

describe('generateCatalog: keys', () => {
  const checkUnique = (c: SeedCatalog) => {
    const handles = c.products.map((p) => p.handle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const h of handles) expect(isHandle(h)).toBe(true);
    const skus = allVariants(c).map((v) => v.sku);
    expect(new Set(skus).size).toBe(skus.length);
    for (const s of skus) expect(s).toMatch(/^VT-[A-Z]{3}-\d{4,}(-[A-Z0-9]+)+$/);
    for (const col of c.collections) expect(isHandle(col.handle)).toBe(true);
  };

  it('has unique handles and SKUs in the demo catalog', () => {
    checkUnique(catalog);
    expect(catalog.products[41]!.variants[0]!.sku).toMatch(/^VT-[A-Z]{3}-0042-/);
  });

  it('has unique handles and SKUs at 20,000 products', () => {
    const b = big();
    expect(b.products).toHaveLength(20_000);
    checkUnique(b);
    expect(catalogStats(b).variants).toBeGreaterThan(60_000);
  });
});

describe('generateCatalog: collections', () => {
  it('places every product in 1–4 collections with an explicit order', () => {
    const byHandle = new Map(catalog.collections.map((c) => [c.handle, c]));
    for (const p of catalog.products) {
      expect(p.collections.length).toBeGreaterThanOrEqual(1);
      expect(p.collections.length).toBeLessThanOrEqual(4);
      for (const h of p.collections) expect(byHandle.get(h)?.productHandles).toContain(p.handle);
    }
    const members = new Map<string, string[]>();
    for (const p of catalog.products) for (const h of p.collections) members.set(h, [...(members.get(h) ?? []), p.handle]);
    for (const c of catalog.collections) {
      expect(new Set(c.productHandles).size).toBe(c.productHandles.length);
      expect([...c.productHandles].sort()).toEqual([...(members.get(c.handle) ?? [])].sort());
      expect(c.productHandles.length).toBeGreaterThanOrEqual(10);
      expect(c.description.length).toBeGreaterThan(20);
    }
    expect(catalog.collections.map((c) => c.position)).toEqual(catalog.collections.map((_, i) => i));
  });

  it('orders New Arrivals newest first and keeps drafts out of merchandised collections', () => {
    const byHandle = new Map(catalog.products.map((p) => [p.handle, p]));
    const newest = catalog.collections.find((c) => c.handle === 'new-arrivals')!.productHandles.map((h) => byHandle.get(h)!);
    for (let i = 1; i < newest.length; i++) expect(newest[i - 1]!.createdAt >= newest[i]!.createdAt).toBe(true);
    for (const h of ['new-arrivals', 'sale', 'bestsellers', 'gifts-under-30']) {
      const c = catalog.collections.find((x) => x.handle === h)!;
      expect(c.productHandles.every((x) => byHandle.get(x)!.status === 'active')).toBe(true);
    }
    const gifts = catalog.collections.find((c) => c.handle === 'gifts-under-30')!;
    for (const h of gifts.productHandles) {
      const min = Math.min(...byHandle.get(h)!.variants.map((v) => v.prices.find((p) => p.currency === 'USD')!.amount));
      expect(min).toBeLessThan(3000);
    }
  });
});

describe('images', () => {
  it('decodes back to the declared size, with a sane byte size and alt text', () => {
    const seen = new Set<string>();
    for (const p of catalog.products) {
      const img = p.images[0]!;
      if (seen.has(img.spec.shape)) continue;
      seen.add(img.spec.shape);
      const r = renderProductImage(img.spec);
      const decoded = PNG.sync.read(Buffer.from(r.bytes));
      expect(decoded.width).toBe(r.width);
      expect(decoded.height).toBe(r.height);
      expect(r.width).toBe(img.spec.width);
      expect(r.height).toBe(img.spec.height);
      expect(r.contentType).toBe('image/png');
      expect(r.bytes.byteLength).toBeGreaterThan(1_000);
      expect(r.bytes.byteLength).toBeLessThan(40_000);
      expect(img.alt).toContain(p.title);
      expect(img.alt).toMatch(/, (front|back|side|inside|detail) view$/);
    }
    expect(seen.size).toBe(IMAGE_SHAPES.length);
  });

  it('gives 1–3 pictures per product with distinct specs', () => {
    for (const p of catalog.products) {
      expect(p.images.length).toBeGreaterThanOrEqual(1);
      expect(p.images.length).toBeLessThanOrEqual(3);
      expect(p.images.map((i) => i.position)).toEqual(p.images.map((_, i) => i));
      expect(new Set(p.images.map((i) => JSON.stringify({ ...i.spec, seed: 0 }))).size).toBe(p.images.length);
    }
  });

  it('draws different front and back views for every shape, even plain ones', () => {
    for (const shape of IMAGE_SHAPES) {
      const spec: ImageSpec = {
        shape,
        view: 'front',
        width: 120,
        height: shape === 'poster' ? 150 : 120,
        color: [40, 60, 90],
        accent: [240, 240, 236],
        pattern: 'solid',
        motif: 0,
        seed: 1,
      };
      const keys = (['front', 'back', 'detail'] as const).map((view) => renderProductImage({ ...spec, view }).key);
      expect(new Set(keys).size, shape).toBe(3);
    }
  });

  it('rejects nonsense specs', () => {
    const spec = catalog.products[0]!.images[0]!.spec;
    expect(() => renderProductImage({ ...spec, width: 0 })).toThrow(RangeError);
    expect(() => renderProductImage({ ...spec, color: [300, 0, 0] })).toThrow(RangeError);
  });
});

describe('progress', () => {
  it('prints throttled plain lines when not on a TTY', () => {
    const lines: string[] = [];
    let now = 0;
    const stream = { isTTY: false, write: (s: string) => (lines.push(s), true) } as unknown as NodeJS.WritableStream;
    const p = createProgress({ title: 'seed', stream, intervalMs: 1000, now: () => now });
    p.update(0, 300, 'products');
    now = 10;
    p.update(100, 300, 'products'); // throttled
    now = 1500;
    p.update(200, 300, 'products');
    now = 1600;
    p.update(300, 300, 'products'); // finished: always printed
    p.update(300, 300, 'products'); // not repeated
    p.update(0, 10, 'images'); // new phase: always printed
    p.stop();
    expect(lines).toEqual([
      '[seed] products 0/300 (0%)\n',
      '[seed] products 200/300 (66%)\n',
      '[seed] products 300/300 (100%)\n',
      '[seed] images 0/10 (0%)\n',
    ]);
  });
});
