/** Realistic catalog documents for the view tests. */
import {
  PRODUCT_DOCUMENT_SCHEMA,
  priceRangeOf,
  summarize,
  type CollectionIndexEntry,
  type ListingDocument,
  type MediaDoc,
  type ProductDocument,
  type VariantDoc,
} from '../../../../domain/catalog/documents';
import type { NavItem } from './shared';

export const ORIGIN = 'https://shop.vitrine.test';
export const MEDIA_BASE = 'https://media.vitrine.test';

const media = (hex: string, alt: string, width = 1200, height = 1500): MediaDoc => ({
  key: `media/${hex.repeat(64 / hex.length)}.jpg`,
  alt,
  width,
  height,
  contentType: 'image/jpeg',
});

const variant = (
  id: string,
  sku: string,
  options: Record<string, string>,
  usd: [number, number | null],
  eur: [number, number | null] | null,
  available: number,
): VariantDoc => ({
  id,
  sku,
  title: Object.values(options).join(' / '),
  options,
  prices: {
    USD: { amount: usd[0], compareAt: usd[1] },
    ...(eur ? { EUR: { amount: eur[0], compareAt: eur[1] } } : {}),
  },
  weightGrams: 180,
  available,
  inStock: available > 0,
});

function product(p: Omit<ProductDocument, 'schema' | 'priceRange' | 'inStock'>): ProductDocument {
  return { schema: PRODUCT_DOCUMENT_SCHEMA, ...p, priceRange: priceRangeOf(p.variants), inStock: p.variants.some((v) => v.inStock) };
}

export const tee = product({
  id: '0190f7a2-1111-7000-8000-000000000001',
  handle: 'merino-crew-tee',
  title: 'Merino Crew Tee',
  description:
    'A lightweight tee knitted from 17.5 micron merino.\n\nNaturally odour-resistant & soft enough to wear every day.',
  vendor: 'Northfield Knits',
  tags: ['merino', 'tops'],
  seo: { title: 'Merino Crew Tee – lightweight merino', description: 'Lightweight merino tee in Black and Oat.' },
  options: [
    { name: 'Size', values: ['S', 'M', 'L'] },
    { name: 'Color', values: ['Black', 'Oat'] },
  ],
  variants: [
    variant('v-tee-s-black', 'TEE-S-BLK', { Size: 'S', Color: 'Black' }, [1999, 2999], [1899, 2799], 3),
    variant('v-tee-m-black', 'TEE-M-BLK', { Size: 'M', Color: 'Black' }, [1999, 2999], [1899, 2799], 20),
    variant('v-tee-l-black', 'TEE-L-BLK', { Size: 'L', Color: 'Black' }, [2199, null], [2099, null], 8),
    variant('v-tee-m-oat', 'TEE-M-OAT', { Size: 'M', Color: 'Oat' }, [1999, null], [1899, null], 12),
    variant('v-tee-l-oat', 'TEE-L-OAT', { Size: 'L', Color: 'Oat' }, [2199, null], [2099, null], 0),
  ],
  media: [
    media('a1', 'Merino Crew Tee in black, front'),
    media('b2', 'Merino Crew Tee in oat, folded'),
    media('c3', ''),
  ],
  collections: [{ handle: 'tops', title: 'Tops' }],
  createdAt: '2026-03-01T10:00:00.000Z',
  updatedAt: '2026-06-20T08:30:00.000Z',
});

export const tote = product({
  id: '0190f7a2-2222-7000-8000-000000000002',
  handle: 'canvas-tote',
  title: 'Canvas Tote',
  description: 'Heavy 16 oz canvas with leather handles.',
  vendor: 'Harbour Goods',
  tags: ['bags'],
  seo: { title: '', description: '' },
  options: [{ name: 'Title', values: ['Default Title'] }],
  variants: [variant('v-tote', 'TOTE-NAT', { Title: 'Default Title' }, [4500, null], [4200, null], 0)],
  media: [media('d4', 'Natural canvas tote bag', 1600, 1600)],
  collections: [{ handle: 'bags', title: 'Bags' }],
  createdAt: '2026-02-11T09:00:00.000Z',
  updatedAt: '2026-06-01T12:00:00.000Z',
});

export const XSS = '<script>alert(1)</script>';

export const evil = product({
  id: '0190f7a2-3333-7000-8000-000000000003',
  handle: 'evil-product',
  title: XSS,
  description: `Nice </script><script>alert(2)</script> & "quoted" 'text'`,
  vendor: '"><img src=x onerror=alert(3)>',
  tags: [],
  seo: { title: XSS, description: XSS },
  options: [{ name: 'Size', values: [XSS, 'M'] }],
  variants: [
    variant('v-evil-1', 'EVIL-1', { Size: XSS }, [1000, null], null, 9),
    variant('v-evil-2', 'EVIL-2', { Size: 'M' }, [1200, null], null, 9),
  ],
  media: [media('e5', XSS)],
  collections: [{ handle: 'tops', title: XSS }],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

export const hoodie = product({
  id: '0190f7a2-4444-7000-8000-000000000004',
  handle: 'loopback-hoodie',
  title: 'Loopback Hoodie',
  description: 'Brushed loopback cotton.',
  vendor: 'Northfield Knits',
  tags: ['tops'],
  seo: { title: '', description: '' },
  options: [
    { name: 'Size', values: ['M', 'L'] },
    { name: 'Color', values: ['Black'] },
  ],
  variants: [
    variant('v-hood-m', 'HOOD-M', { Size: 'M', Color: 'Black' }, [6900, 8900], [6500, null], 4),
    variant('v-hood-l', 'HOOD-L', { Size: 'L', Color: 'Black' }, [6900, null], [6500, null], 7),
  ],
  media: [media('f6', 'Black loopback hoodie')],
  collections: [{ handle: 'tops', title: 'Tops' }],
  createdAt: '2026-04-01T00:00:00.000Z',
  updatedAt: '2026-04-02T00:00:00.000Z',
});

export const topsListing: ListingDocument = {
  schema: PRODUCT_DOCUMENT_SCHEMA,
  kind: 'collection',
  handle: 'tops',
  title: 'Tops',
  description: 'Tees, knits and hoodies for every season.',
  seo: { title: 'Tops – tees & hoodies', description: 'Shop merino tees and loopback hoodies.' },
  image: media('a1', 'Folded tees'),
  items: [tee, hoodie, tote].map(summarize),
  updatedAt: '2026-06-20T08:30:00.000Z',
};

export const collectionsIndex: CollectionIndexEntry[] = [
  { handle: 'tops', title: 'Tops', productCount: 2, image: media('a1', 'Folded tees') },
  { handle: 'bags', title: 'Bags & Totes', productCount: 1, image: null },
];

export const nav: NavItem[] = collectionsIndex.map((c) => ({ handle: c.handle, title: c.title }));
