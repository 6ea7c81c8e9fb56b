/**
 * Deterministic demo catalog for Vitrine: an apparel / home-goods shop.
 *
 * Pure: no I/O, no clock, no Math.random. The same { products, seed } always
 * yields deep-equal output (and JSON-identical bytes). Each product draws
 * from its own PRNG stream derived from (seed, index), so product #42 is the
 * same whatever the catalog size, apart from the handle de-duplication and
 * the collection ranking which look at the whole catalog.
 *
 * Money is integer minor units everywhere; EUR is derived from USD with
 * integer arithmetic and psychological endings (.99/.95).
 */
import { isHandle, slugify } from '../../domain/catalog/keys';
import type { Currency } from '../../domain/money';
import type { ImagePattern, ImageShape, ImageSpec, ImageView, Rgb } from './images';
import { hash32, Rng } from './prng';

/** Bump when the generator's output changes shape or content rules. */
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 20260101;
export const DEFAULT_PRODUCT_COUNT = 540;
/** "now" of the demo shop: created_at values are spread over the two years before it */
export const CATALOG_EPOCH = '2026-01-01T00:00:00.000Z';
const EPOCH_MS = Date.parse(CATALOG_EPOCH);
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export const MAX_VARIANTS_PER_PRODUCT = 12;
/** integer EUR per 1000 USD used to derive EUR prices */
export const EUR_PER_1000_USD = 920;

export type ProductStatus = 'draft' | 'active' | 'archived';
export type Category = 'apparel' | 'footwear' | 'accessories' | 'home' | 'art';
export type ProductType =
  | 'tshirt'
  | 'hoodie'
  | 'sweatshirt'
  | 'jacket'
  | 'jeans'
  | 'sneakers'
  | 'mug'
  | 'candle'
  | 'backpack'
  | 'tote'
  | 'cap'
  | 'beanie'
  | 'socks'
  | 'scarf'
  | 'poster'
  | 'cushion'
  | 'blanket';

export interface SeedOption {
  name: string;
  position: number;
  values: string[];
}

export interface SeedPrice {
  currency: Currency;
  /** integer minor units */
  amount: number;
  /** integer minor units, > amount, or null */
  compareAtAmount: number | null;
}

export interface SeedVariant {
  sku: string;
  title: string;
  position: number;
  optionValues: Record<string, string>;
  weightGrams: number;
  prices: SeedPrice[];
  inventory: { onHand: number; reserved: number };
}

export interface SeedImage {
  position: number;
  alt: string;
  spec: ImageSpec;
}

export interface SeedProduct {
  /** 1-based, stable for a given index: appears in SKUs */
  number: number;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  tags: string[];
  status: ProductStatus;
  productType: ProductType;
  category: Category;
  seoTitle: string;
  seoDescription: string;
  /** ISO-8601 UTC */
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  options: SeedOption[];
  variants: SeedVariant[];
  images: SeedImage[];
  /** collection handles this product belongs to (1–4) */
  collections: string[];
}

export interface SeedCollection {
  handle: string;
  title: string;
  description: string;
  seoTitle: string;
  seoDescription: string;
  position: number;
  published: boolean;
  createdAt: string;
  updatedAt: string;
  /** merchant order: index = collection_products.position */
  productHandles: string[];
}

export interface SeedCatalog {
  generatorVersion: number;
  seed: number;
  epoch: string;
  products: SeedProduct[];
  collections: SeedCollection[];
}

export interface GenerateOptions {
  products?: number;
  seed?: number;
}

// ---------------------------------------------------------------------------
// reference data

interface PaletteColor {
  code: string;
  rgb: Rgb;
}

const PALETTE = {
  Black: { code: 'BLK', rgb: [28, 28, 30] },
  White: { code: 'WHT', rgb: [244, 243, 238] },
  'Heather Grey': { code: 'HGR', rgb: [170, 170, 168] },
  Charcoal: { code: 'CHR', rgb: [64, 66, 70] },
  Navy: { code: 'NVY', rgb: [32, 42, 72] },
  'Sky Blue': { code: 'SKY', rgb: [135, 180, 215] },
  'Ocean Blue': { code: 'OCN', rgb: [28, 104, 130] },
  Olive: { code: 'OLV', rgb: [104, 110, 60] },
  'Forest Green': { code: 'FOR', rgb: [40, 82, 58] },
  Sage: { code: 'SGE', rgb: [156, 175, 140] },
  Mint: { code: 'MNT', rgb: [170, 220, 195] },
  Sand: { code: 'SND', rgb: [212, 192, 160] },
  Cream: { code: 'CRM', rgb: [240, 230, 205] },
  Ecru: { code: 'ECR', rgb: [226, 218, 196] },
  Camel: { code: 'CML', rgb: [184, 140, 90] },
  Rust: { code: 'RST', rgb: [176, 84, 48] },
  Terracotta: { code: 'TER', rgb: [196, 104, 72] },
  Burgundy: { code: 'BRG', rgb: [110, 30, 45] },
  Red: { code: 'RED', rgb: [190, 40, 45] },
  Mustard: { code: 'MUS', rgb: [214, 168, 48] },
  Blush: { code: 'BLS', rgb: [232, 180, 175] },
  Lavender: { code: 'LAV', rgb: [180, 165, 210] },
  Chocolate: { code: 'CHO', rgb: [88, 58, 40] },
  'Indigo Rinse': { code: 'IRN', rgb: [38, 52, 92] },
  'Mid Wash': { code: 'MID', rgb: [88, 118, 160] },
  'Light Wash': { code: 'LTW', rgb: [150, 175, 205] },
  'Washed Black': { code: 'WBK', rgb: [50, 50, 56] },
} as const satisfies Record<string, PaletteColor>;
type ColorName = keyof typeof PALETTE;

const APPAREL_COLORS: ColorName[] = [
  'Black',
  'White',
  'Heather Grey',
  'Charcoal',
  'Navy',
  'Sky Blue',
  'Olive',
  'Forest Green',
  'Sage',
  'Sand',
  'Cream',
  'Rust',
  'Burgundy',
  'Mustard',
  'Blush',
  'Lavender',
  'Ocean Blue',
  'Chocolate',
];
const DENIM_COLORS: ColorName[] = ['Indigo Rinse', 'Mid Wash', 'Light Wash', 'Washed Black', 'Ecru'];
const HOME_COLORS: ColorName[] = [
  'White',
  'Cream',
  'Ecru',
  'Sand',
  'Sage',
  'Terracotta',
  'Rust',
  'Mustard',
  'Navy',
  'Ocean Blue',
  'Black',
  'Charcoal',
  'Blush',
  'Forest Green',
  'Lavender',
  'Mint',
];
const ACCESSORY_COLORS: ColorName[] = [
  'Black',
  'Navy',
  'Olive',
  'Forest Green',
  'Camel',
  'Rust',
  'Burgundy',
  'Mustard',
  'Heather Grey',
  'Charcoal',
  'Cream',
  'Sand',
  'Sky Blue',
  'Red',
  'Chocolate',
];
const ACCENT_COLORS: ColorName[] = ['White', 'Cream', 'Black', 'Mustard', 'Rust', 'Sky Blue', 'Red', 'Navy', 'Mint'];

const STYLE_LINES = [
  'Atlas',
  'Meridian',
  'Harbor',
  'Alpine',
  'Coastal',
  'Nordic',
  'Sierra',
  'Cascade',
  'Solstice',
  'Drift',
  'Juniper',
  'Lumen',
  'Monterey',
  'Pacific',
  'Redwood',
  'Saltmarsh',
  'Tundra',
  'Willow',
  'Sonoma',
  'Granite',
  'Marlow',
  'Kestrel',
  'Bramble',
  'Halcyon',
  'Larkspur',
  'Pembroke',
  'Rowan',
  'Sable',
  'Wren',
  'Yarrow',
  'Zephyr',
  'Aurora',
  'Birch',
  'Cove',
  'Dune',
  'Fjord',
  'Heath',
  'Ember',
  'Orchard',
  'Quarry',
];

interface Feature {
  name: string;
  tags?: readonly string[];
}

interface OptionValueDef {
  value: string;
  code: string;
  /** whole major units added to the base price */
  priceDelta?: number;
  weightDelta?: number;
  rgb?: Rgb;
}

interface OptionDef {
  name: string;
  values: OptionValueDef[];
}

interface TypeDef {
  key: ProductType;
  code: string;
  tag: string;
  category: Category;
  frequency: number;
  nouns: readonly string[];
  descriptors: readonly string[];
  features: readonly Feature[];
  vendors: readonly string[];
  /** whole USD, inclusive */
  price: readonly [number, number];
  weight: number;
  shape: ImageShape;
  options(rng: Rng): OptionDef[];
  details: readonly string[];
  care: readonly string[];
}

const ECO = ['eco'] as const;
const WINTER = ['winter'] as const;
const SUMMER = ['summer'] as const;
const ECO_SUMMER = ['eco', 'summer'] as const;
const ECO_WINTER = ['eco', 'winter'] as const;

const colorValues = (names: readonly ColorName[]): OptionValueDef[] =>
  names.map((n) => ({ value: n, code: PALETTE[n].code, rgb: PALETTE[n].rgb }));

function colorOption(rng: Rng, pool: readonly ColorName[], counts: ReadonlyArray<readonly [number, number]>): OptionDef {
  return { name: 'Color', values: colorValues(rng.sample(pool, rng.weighted(counts))) };
}

const APPAREL_SIZES: OptionValueDef[] = [
  { value: 'XS', code: 'XS', weightDelta: -20 },
  { value: 'S', code: 'S', weightDelta: -10 },
  { value: 'M', code: 'M', weightDelta: 0 },
  { value: 'L', code: 'L', weightDelta: 10 },
  { value: 'XL', code: 'XL', weightDelta: 20 },
  { value: 'XXL', code: 'XXL', weightDelta: 30, priceDelta: 2 },
];

function apparelSizes(rng: Rng): OptionDef {
  const range = rng.weighted<readonly [number, number]>([
    [[1, 5], 45], // S–XXL
    [[0, 5], 10], // XS–XXL
    [[1, 4], 35], // S–XL
    [[0, 4], 10], // XS–XL
  ]);
  return { name: 'Size', values: APPAREL_SIZES.slice(range[0], range[1] + 1) };
}

const APPAREL_COLOR_COUNTS = [
  [1, 76],
  [2, 20],
  [3, 4],
] as const;
const SMALL_GOODS_COLOR_COUNTS = [
  [1, 45],
  [2, 30],
  [3, 17],
  [4, 8],
] as const;

const TYPES: readonly TypeDef[] = [
  {
    key: 'tshirt',
    code: 'TSH',
    tag: 't-shirt',
    category: 'apparel',
    frequency: 12,
    nouns: ['T-Shirt', 'Tee', 'Crew Tee', 'Pocket Tee'],
    descriptors: ['Classic', 'Relaxed', 'Everyday', 'Heavyweight', 'Slim-Fit', 'Oversized', 'Vintage-Wash', 'Essential', 'Boxy', 'Garment-Dyed', 'Breton Stripe', 'Graphic', 'Lightweight', 'Polka Dot', 'Ringer'],
    features: [
      { name: 'Organic Cotton', tags: ECO_SUMMER },
      { name: 'Pima Cotton' },
      { name: 'Slub Cotton', tags: SUMMER },
      { name: 'Linen Blend', tags: SUMMER },
      { name: 'Recycled Cotton', tags: ECO },
      { name: 'Hemp', tags: ECO },
      { name: 'Supima Cotton' },
      { name: 'Merino' },
    ],
    vendors: ['Northbound Supply Co.', 'Loom Theory', 'Saltwater Threads', 'Kindred Basics', 'Harbor & Pine'],
    price: [22, 48],
    weight: 180,
    shape: 'tshirt',
    options: (rng) => [colorOption(rng, APPAREL_COLORS, APPAREL_COLOR_COUNTS), apparelSizes(rng)],
    details: [
      'Pre-washed to minimise shrinkage and finished with a ribbed crew neck.',
      'Double-stitched hems and taped shoulder seams keep it in shape wash after wash.',
      'A mid-weight jersey that drapes well on its own and layers easily under a jacket.',
      'The fit is true to size with a slightly dropped shoulder.',
    ],
    care: ['Machine wash cold, tumble dry low.', 'Wash inside out with similar colours.'],
  },
  {
    key: 'hoodie',
    code: 'HOD',
    tag: 'hoodie',
    category: 'apparel',
    frequency: 5,
    nouns: ['Hoodie', 'Pullover Hoodie', 'Zip Hoodie'],
    descriptors: ['Classic', 'Relaxed', 'Heavyweight', 'Oversized', 'Everyday', 'Brushed', 'Vintage-Wash', 'Cropped', 'Essential', 'Striped'],
    features: [
      { name: 'Organic Fleece', tags: ECO_WINTER },
      { name: 'French Terry' },
      { name: 'Brushed Fleece', tags: WINTER },
      { name: 'Recycled Fleece', tags: ECO_WINTER },
      { name: 'Loopback Cotton' },
      { name: 'Heavyweight Cotton', tags: WINTER },
    ],
    vendors: ['Northbound Supply Co.', 'Loom Theory', 'Kindred Basics', 'Harbor & Pine'],
    price: [55, 98],
    weight: 560,
    shape: 'hoodie',
    options: (rng) => [colorOption(rng, APPAREL_COLORS, APPAREL_COLOR_COUNTS), apparelSizes(rng)],
    details: [
      'A lined hood with flat drawcords and a roomy kangaroo pocket.',
      'Ribbed cuffs and hem hold their shape, and the brushed interior stays soft.',
      'Cut for layering with room through the chest and a slightly longer back.',
    ],
    care: ['Machine wash cold, lay flat to dry.', 'Wash inside out to keep the fleece soft.'],
  },
  {
    key: 'sweatshirt',
    code: 'SWT',
    tag: 'sweatshirt',
    category: 'apparel',
    frequency: 4,
    nouns: ['Sweatshirt', 'Crewneck Sweatshirt', 'Crew Sweatshirt'],
    descriptors: ['Classic', 'Relaxed', 'Raglan', 'Oversized', 'Varsity', 'Garment-Dyed', 'Essential', 'Graphic', 'Striped', 'Boxy'],
    features: [
      { name: 'Organic Cotton', tags: ECO },
      { name: 'French Terry' },
      { name: 'Brushed Fleece', tags: WINTER },
      { name: 'Recycled Cotton', tags: ECO },
      { name: 'Loopback Cotton' },
    ],
    vendors: ['Northbound Supply Co.', 'Loom Theory', 'Kindred Basics', 'Saltwater Threads'],
    price: [48, 85],
    weight: 480,
    shape: 'sweatshirt',
    options: (rng) => [colorOption(rng, APPAREL_COLORS, APPAREL_COLOR_COUNTS), apparelSizes(rng)],
    details: [
      'Ribbed crew neck, cuffs and hem, with a V-insert at the collar.',
      'A dense knit that softens with every wash.',
      'Relaxed through the body with a clean, boxy silhouette.',
    ],
    care: ['Machine wash cold, tumble dry low.', 'Do not bleach; iron on low if needed.'],
  },
  {
    key: 'jacket',
    code: 'JKT',
    tag: 'jacket',
    category: 'apparel',
    frequency: 3,
    nouns: ['Jacket', 'Overshirt', 'Chore Coat', 'Trucker Jacket'],
    descriptors: ['Classic', 'Relaxed', 'Utility', 'Workwear', 'Cropped', 'Boxy', 'Field', 'Heritage', 'Quilted'],
    features: [
      { name: 'Denim' },
      { name: 'Waxed Cotton', tags: WINTER },
      { name: 'Corduroy', tags: WINTER },
      { name: 'Quilted Nylon', tags: WINTER },
      { name: 'Wool Blend', tags: WINTER },
      { name: 'Recycled Nylon', tags: ECO },
      { name: 'Cotton Canvas' },
    ],
    vendors: ['Harbor & Pine', 'Denim Republic', 'Northbound Supply Co.', 'Indigo Works'],
    price: [95, 240],
    weight: 900,
    shape: 'jacket',
    options: (rng) => [colorOption(rng, APPAREL_COLORS, APPAREL_COLOR_COUNTS), apparelSizes(rng)],
    details: [
      'Two chest pockets, corozo buttons and a point collar.',
      'A boxy cut that sits just below the hip, made to be worn open or closed.',
      'Bar-tacked at stress points and built to age well.',
    ],
    care: ['Spot clean or dry clean.', 'Machine wash cold on a gentle cycle, hang to dry.'],
  },
  {
    key: 'jeans',
    code: 'JNS',
    tag: 'jeans',
    category: 'apparel',
    frequency: 4,
    nouns: ['Jeans'],
    descriptors: ['Slim', 'Straight', 'Tapered', 'Relaxed', 'Wide-Leg', 'Bootcut', 'Skinny', 'Carpenter', 'Loose', 'High-Rise', 'Mid-Rise'],
    features: [
      { name: 'Selvedge Denim' },
      { name: 'Stretch Denim' },
      { name: 'Rigid Denim' },
      { name: 'Organic Denim', tags: ECO },
      { name: 'Recycled Denim', tags: ECO },
      { name: 'Raw Denim' },
    ],
    vendors: ['Denim Republic', 'Indigo Works', 'Harbor & Pine'],
    price: [68, 160],
    weight: 700,
    shape: 'jeans',
    options: (rng) => [
      colorOption(rng, DENIM_COLORS, [
        [1, 70],
        [2, 30],
      ]),
      {
        name: 'Size',
        values: ['28', '30', '32', '34', '36', '38']
          .slice(0, rng.int(5, 6))
          .map((w, i) => ({ value: w, code: `W${w}`, weightDelta: i * 15 })),
      },
    ],
    details: [
      'Five-pocket styling with a button fly and copper rivets.',
      'Sits at the natural waist with a clean line through the leg.',
      'Woven on vintage shuttle looms and finished with chain-stitched hems.',
    ],
    care: ['Wash sparingly, inside out, in cold water.', 'Hang to dry to keep the fade sharp.'],
  },
  {
    key: 'sneakers',
    code: 'SNK',
    tag: 'sneakers',
    category: 'footwear',
    frequency: 5,
    nouns: ['Sneakers', 'Trainers', 'Runners'],
    descriptors: ['Court', 'Retro', 'Low-Top', 'High-Top', 'Everyday', 'Trail', 'Slip-On', 'Classic', 'Platform'],
    features: [
      { name: 'Canvas', tags: SUMMER },
      { name: 'Leather' },
      { name: 'Suede' },
      { name: 'Recycled Knit', tags: ECO },
      { name: 'Vegan Leather', tags: ECO },
      { name: 'Mesh', tags: SUMMER },
    ],
    vendors: ['Urban Stride', 'Fieldrunner'],
    price: [65, 150],
    weight: 850,
    shape: 'sneakers',
    options: (rng) => {
      const first = rng.int(6, 8);
      const n = rng.int(5, 6);
      const sizes: OptionValueDef[] = [];
      for (let s = first; s < first + n; s++) sizes.push({ value: `US ${s}`, code: `US${s}`, weightDelta: (s - 9) * 20 });
      return [
        colorOption(rng, ['White', 'Black', 'Navy', 'Sand', 'Olive', 'Heather Grey', 'Cream', 'Forest Green'], [
          [1, 80],
          [2, 20],
        ]),
        { name: 'Size', values: sizes },
      ];
    },
    details: [
      'A cushioned footbed and a vulcanised rubber outsole.',
      'Padded collar and tongue, with waxed cotton laces.',
      'Runs true to size; go half a size down if between sizes.',
    ],
    care: ['Wipe clean with a damp cloth.', 'Air dry away from direct heat.'],
  },
  {
    key: 'mug',
    code: 'MUG',
    tag: 'mug',
    category: 'home',
    frequency: 10,
    nouns: ['Mug', 'Coffee Mug', 'Tea Mug', 'Espresso Cup'],
    descriptors: ['Speckled', 'Handmade', 'Glazed', 'Diner', 'Stackable', 'Tall', 'Classic', 'Matte', 'Two-Tone', 'Striped', 'Polka Dot', 'Graphic'],
    features: [{ name: 'Stoneware' }, { name: 'Porcelain' }, { name: 'Enamel' }, { name: 'Ceramic' }, { name: 'Earthenware' }],
    vendors: ['Kiln & Co.', 'Maison Lumière', 'Hearth & Loom'],
    price: [14, 36],
    weight: 350,
    shape: 'mug',
    options: (rng) => [colorOption(rng, HOME_COLORS, SMALL_GOODS_COLOR_COUNTS)],
    details: [
      'Holds 350 ml, a generous pour of coffee or tea.',
      'Each piece is hand-glazed, so no two are exactly alike.',
      'A comfortable, chunky handle and a smooth rim.',
    ],
    care: ['Dishwasher and microwave safe.', 'Hand wash to keep the glaze at its best.'],
  },
  {
    key: 'candle',
    code: 'CND',
    tag: 'candle',
    category: 'home',
    frequency: 8,
    nouns: ['Candle', 'Scented Candle'],
    descriptors: ['Cedar & Sage', 'Fig Leaf', 'Sea Salt', 'Amber Musk', 'Lavender Fields', 'Vanilla Bean', 'Orange Blossom', 'Black Pepper', 'Fresh Linen', 'Smoked Oak', 'Wild Rose', 'Eucalyptus', 'Tobacco Leaf', 'Cotton Flower', 'Pine Forest', 'Bergamot'],
    features: [
      { name: 'Soy Wax', tags: ECO },
      { name: 'Coconut Wax', tags: ECO },
      { name: 'Beeswax' },
      { name: 'Rapeseed Wax', tags: ECO },
    ],
    vendors: ['Ember Candle Co.', 'Maison Lumière', 'Hearth & Loom'],
    price: [24, 48],
    weight: 400,
    shape: 'candle',
    options: (rng) => {
      const all: OptionValueDef[] = [
        { value: 'Travel 4 oz', code: 'TRV', priceDelta: -10, weightDelta: -220 },
        { value: 'Classic 8 oz', code: 'CLS', priceDelta: 0, weightDelta: 0 },
        { value: 'Large 14 oz', code: 'LRG', priceDelta: 14, weightDelta: 300 },
      ];
      const n = rng.weighted([
        [1, 45],
        [2, 35],
        [3, 20],
      ]);
      const start = n === 3 ? 0 : rng.int(0, 3 - n);
      return [{ name: 'Size', values: all.slice(start, start + n) }];
    },
    details: [
      'Hand-poured in small batches with a lead-free cotton wick.',
      'Burns cleanly for up to 50 hours in the classic size.',
      'Top notes open up within minutes and settle into a warm base.',
    ],
    care: ['Trim the wick to 5 mm before each burn.', 'Never leave a burning candle unattended.'],
  },
  {
    key: 'backpack',
    code: 'BPK',
    tag: 'backpack',
    category: 'accessories',
    frequency: 4,
    nouns: ['Backpack', 'Rucksack', 'Daypack', 'Rolltop Backpack'],
    descriptors: ['Everyday', 'Commuter', 'Minimal', 'Weekender', 'Urban', 'Trail', 'Compact', 'Travel'],
    features: [
      { name: 'Waxed Canvas' },
      { name: 'Recycled Nylon', tags: ECO },
      { name: 'Cordura' },
      { name: 'Cotton Canvas' },
      { name: 'Vegan Leather', tags: ECO },
    ],
    vendors: ['Fieldnote Goods', 'Wildgrain Studio', 'Harbor & Pine'],
    price: [65, 180],
    weight: 900,
    shape: 'backpack',
    options: (rng) => [colorOption(rng, ACCESSORY_COLORS, SMALL_GOODS_COLOR_COUNTS.slice(0, 3))],
    details: [
      'A padded sleeve fits laptops up to 16 inches.',
      'Water-resistant base, YKK zips and a hidden passport pocket.',
      'Contoured straps and a breathable back panel for all-day carry.',
    ],
    care: ['Spot clean with a damp cloth.', 'Re-wax once a year to keep it weatherproof.'],
  },
  {
    key: 'tote',
    code: 'TOT',
    tag: 'tote-bag',
    category: 'accessories',
    frequency: 6,
    nouns: ['Tote Bag', 'Tote', 'Market Tote', 'Shopper'],
    descriptors: ['Everyday', 'Market', 'Oversized', 'Graphic', 'Striped', 'Minimal', 'Beach', 'Zip-Top'],
    features: [
      { name: 'Cotton Canvas' },
      { name: 'Organic Cotton', tags: ECO },
      { name: 'Recycled Canvas', tags: ECO },
      { name: 'Jute', tags: ECO_SUMMER },
      { name: 'Linen', tags: SUMMER },
    ],
    vendors: ['Fieldnote Goods', 'Wildgrain Studio', 'Papercut Press'],
    price: [18, 45],
    weight: 300,
    shape: 'tote',
    options: (rng) => [colorOption(rng, ['Ecru', 'Black', 'Navy', 'Sand', 'Olive', 'Rust', 'Sage', 'Cream'], SMALL_GOODS_COLOR_COUNTS.slice(0, 3))],
    details: [
      'Long handles sit comfortably on the shoulder, with an inside slip pocket.',
      'Heavy 12 oz canvas that stands up on its own.',
      'Roomy enough for a laptop, groceries or a beach towel.',
    ],
    care: ['Machine wash cold, line dry.', 'Iron on the reverse if needed.'],
  },
  {
    key: 'cap',
    code: 'CAP',
    tag: 'cap',
    category: 'accessories',
    frequency: 7,
    nouns: ['Cap', 'Baseball Cap', 'Dad Cap', 'Five-Panel Cap'],
    descriptors: ['Classic', 'Washed', 'Vintage', 'Logo', 'Low-Profile', 'Unstructured', 'Embroidered', 'Camp'],
    features: [
      { name: 'Cotton Twill' },
      { name: 'Corduroy', tags: WINTER },
      { name: 'Recycled Polyester', tags: ECO },
      { name: 'Canvas', tags: SUMMER },
      { name: 'Nylon', tags: SUMMER },
      { name: 'Wool Blend', tags: WINTER },
    ],
    vendors: ['Saltwater Threads', 'Northbound Supply Co.', 'Wildgrain Studio'],
    price: [22, 38],
    weight: 110,
    shape: 'cap',
    options: (rng) => [colorOption(rng, ACCESSORY_COLORS, SMALL_GOODS_COLOR_COUNTS)],
    details: [
      'An adjustable strap with a brass buckle fits most head sizes.',
      'A curved brim and a soft, unstructured crown.',
      'Embroidered eyelets keep it breathable on warm days.',
    ],
    care: ['Hand wash cold, reshape and air dry.'],
  },
  {
    key: 'beanie',
    code: 'BNE',
    tag: 'beanie',
    category: 'accessories',
    frequency: 6,
    nouns: ['Beanie', 'Knit Beanie', 'Watch Cap'],
    descriptors: ['Ribbed', 'Chunky', 'Fisherman', 'Classic', 'Slouchy', 'Cuffed', 'Pom-Pom', 'Striped'],
    features: [
      { name: 'Merino Wool', tags: WINTER },
      { name: 'Lambswool', tags: WINTER },
      { name: 'Cashmere Blend', tags: WINTER },
      { name: 'Recycled Wool', tags: ECO_WINTER },
      { name: 'Alpaca Blend', tags: WINTER },
      { name: 'Organic Cotton', tags: ECO },
    ],
    vendors: ['Northbound Supply Co.', 'Hearth & Loom', 'Saltwater Threads'],
    price: [18, 55],
    weight: 90,
    shape: 'beanie',
    options: (rng) => [colorOption(rng, ACCESSORY_COLORS, SMALL_GOODS_COLOR_COUNTS)],
    details: [
      'A deep turn-up cuff that covers the ears.',
      'Knitted in a 2×2 rib for a snug, stretchy fit.',
      'Warm without the itch, and light enough to pocket.',
    ],
    care: ['Hand wash cold, dry flat.'],
  },
  {
    key: 'socks',
    code: 'SCK',
    tag: 'socks',
    category: 'accessories',
    frequency: 6,
    nouns: ['Socks', 'Crew Socks', 'Ankle Socks', 'Hiking Socks'],
    descriptors: ['Striped', 'Everyday', 'Ribbed', 'Polka Dot', 'Cushioned', 'Argyle', 'Colour-Block', 'Athletic', 'Speckled'],
    features: [
      { name: 'Organic Cotton', tags: ECO },
      { name: 'Merino Wool', tags: WINTER },
      { name: 'Bamboo', tags: ECO },
      { name: 'Recycled Cotton', tags: ECO },
      { name: 'Cotton Blend' },
    ],
    vendors: ['Kindred Basics', 'Saltwater Threads', 'Fieldrunner'],
    price: [9, 24],
    weight: 60,
    shape: 'socks',
    options: (rng) => [
      colorOption(rng, APPAREL_COLORS, [
        [1, 65],
        [2, 35],
      ]),
      rng.chance(0.5)
        ? {
            name: 'Size',
            values: [
              { value: 'S/M', code: 'SM' },
              { value: 'L/XL', code: 'LXL', weightDelta: 10 },
            ],
          }
        : {
            name: 'Size',
            values: [
              { value: 'S', code: 'S' },
              { value: 'M', code: 'M', weightDelta: 5 },
              { value: 'L', code: 'L', weightDelta: 10 },
            ],
          },
    ],
    details: [
      'A reinforced heel and toe, with a hand-linked seamless toe.',
      'Light cushioning underfoot and a rib that stays up all day.',
      'Sold as a single pair.',
    ],
    care: ['Machine wash warm, tumble dry low.'],
  },
  {
    key: 'scarf',
    code: 'SCF',
    tag: 'scarf',
    category: 'accessories',
    frequency: 5,
    nouns: ['Scarf', 'Wrap', 'Muffler'],
    descriptors: ['Oversized', 'Fringed', 'Striped', 'Chunky', 'Lightweight', 'Plaid', 'Herringbone', 'Classic', 'Ribbed'],
    features: [
      { name: 'Merino Wool', tags: WINTER },
      { name: 'Cashmere', tags: WINTER },
      { name: 'Lambswool', tags: WINTER },
      { name: 'Linen', tags: SUMMER },
      { name: 'Silk Blend' },
      { name: 'Recycled Wool', tags: ECO_WINTER },
      { name: 'Cotton Gauze', tags: SUMMER },
    ],
    vendors: ['Hearth & Loom', 'Maison Lumière', 'Northbound Supply Co.'],
    price: [28, 120],
    weight: 180,
    shape: 'scarf',
    options: (rng) => [colorOption(rng, ACCESSORY_COLORS, SMALL_GOODS_COLOR_COUNTS.slice(0, 3))],
    details: [
      'Generously long at 190 cm, with hand-twisted fringes.',
      'Woven on traditional looms and brushed for a soft hand.',
      'Wrap it twice or wear it loose over a coat.',
    ],
    care: ['Dry clean or hand wash cold.', 'Store folded, never hung.'],
  },
  {
    key: 'poster',
    code: 'PST',
    tag: 'art-print',
    category: 'art',
    frequency: 8,
    nouns: ['Art Print', 'Poster', 'Print'],
    descriptors: ['Retro', 'Minimal', 'Vintage', 'Abstract', 'Modern', 'Mid-Century', 'Scandi', 'Bold', 'Pastel'],
    features: [
      { name: 'Mountain Sunrise' },
      { name: 'Ocean Waves', tags: SUMMER },
      { name: 'Desert Bloom' },
      { name: 'City Grid' },
      { name: 'Botanical Study' },
      { name: 'Midnight Moon' },
      { name: 'Bauhaus Shapes' },
      { name: 'Coastal Dunes', tags: SUMMER },
      { name: 'Alpine Lake' },
      { name: 'Wildflower Field', tags: SUMMER },
      { name: 'Paper Garden' },
      { name: 'Golden Hour' },
      { name: 'Harbor Lights' },
      { name: 'Citrus Still Life', tags: SUMMER },
      { name: 'Northern Lights', tags: WINTER },
      { name: 'Summer Palms', tags: SUMMER },
      { name: 'Forest Trail' },
      { name: 'Geometric Sun' },
    ],
    vendors: ['Papercut Press', 'Atelier Nord'],
    price: [18, 40],
    weight: 80,
    shape: 'poster',
    options: (rng) => {
      const sizes: OptionValueDef[] = [
        { value: 'A4', code: 'A4', priceDelta: 0, weightDelta: 0 },
        { value: 'A3', code: 'A3', priceDelta: 10, weightDelta: 40 },
        { value: 'A2', code: 'A2', priceDelta: 22, weightDelta: 120 },
        { value: 'A1', code: 'A1', priceDelta: 40, weightDelta: 240 },
      ];
      const n = rng.int(2, 4);
      const start = rng.int(0, 4 - n);
      const frames: OptionValueDef[] = [
        { value: 'Unframed', code: 'NOF' },
        { value: 'Black Frame', code: 'BKF', priceDelta: 35, weightDelta: 900 },
        { value: 'Oak Frame', code: 'OKF', priceDelta: 45, weightDelta: 1100 },
      ];
      const nf = rng.weighted([
        [1, 50],
        [2, 30],
        [3, 20],
      ]);
      return [
        { name: 'Size', values: sizes.slice(start, start + n) },
        { name: 'Frame', values: nf === 2 ? [frames[0] as OptionValueDef, rng.pick(frames.slice(1))] : frames.slice(0, nf) },
      ];
    },
    details: [
      'Giclée-printed on 230 gsm archival matte paper with fade-resistant inks.',
      'Framed versions come in solid wood with shatterproof acrylic, ready to hang.',
      'Printed to order and shipped flat in a rigid mailer.',
    ],
    care: ['Keep out of direct sunlight.', 'Frames wipe clean with a dry cloth.'],
  },
  {
    key: 'cushion',
    code: 'CSH',
    tag: 'cushion',
    category: 'home',
    frequency: 4,
    nouns: ['Cushion Cover', 'Cushion', 'Throw Pillow'],
    descriptors: ['Embroidered', 'Tufted', 'Fringed', 'Washed', 'Piped', 'Woven', 'Classic', 'Textured'],
    features: [
      { name: 'Gingham' },
      { name: 'Stripe' },
      { name: 'Checkerboard' },
      { name: 'Polka Dot' },
      { name: 'Solid' },
      { name: 'Ticking Stripe' },
      { name: 'Grid' },
    ],
    vendors: ['Hearth & Loom', 'Maison Lumière', 'Kiln & Co.'],
    price: [28, 70],
    weight: 450,
    shape: 'cushion',
    options: (rng) => {
      const materials: OptionValueDef[] = [
        { value: 'Linen', code: 'LIN' },
        { value: 'Velvet', code: 'VEL', priceDelta: 8, weightDelta: 80 },
        { value: 'Organic Cotton', code: 'OCT' },
      ];
      return [
        colorOption(rng, HOME_COLORS, SMALL_GOODS_COLOR_COUNTS.slice(0, 3)),
        { name: 'Material', values: rng.sample(materials, rng.int(1, 2)) },
      ];
    },
    details: [
      'A 45 × 45 cm cover with a hidden zip; the feather insert is included.',
      'Finished with a neat piped edge.',
      'Pairs well with plain linens and layered throws.',
    ],
    care: ['Remove the insert and machine wash the cover at 30 °C.'],
  },
  {
    key: 'blanket',
    code: 'THR',
    tag: 'throw',
    category: 'home',
    frequency: 3,
    nouns: ['Throw', 'Throw Blanket', 'Blanket'],
    descriptors: ['Waffle', 'Chunky Knit', 'Herringbone', 'Fringed', 'Striped', 'Checked', 'Cosy', 'Quilted', 'Lightweight'],
    features: [
      { name: 'Merino Wool', tags: WINTER },
      { name: 'Organic Cotton', tags: ECO },
      { name: 'Recycled Wool', tags: ECO_WINTER },
      { name: 'Alpaca Blend', tags: WINTER },
      { name: 'Linen', tags: SUMMER },
      { name: 'Cotton Muslin', tags: SUMMER },
    ],
    vendors: ['Hearth & Loom', 'Maison Lumière'],
    price: [65, 220],
    weight: 1300,
    shape: 'blanket',
    options: (rng) => [colorOption(rng, HOME_COLORS, SMALL_GOODS_COLOR_COUNTS.slice(0, 3))],
    details: [
      'Measures 130 × 180 cm, big enough to share on the sofa.',
      'Finished with hand-knotted tassels at each end.',
      'Breathable and warm, it gets softer with every wash.',
    ],
    care: ['Hand wash cold or dry clean.', 'Dry flat in the shade.'],
  },
];

const TYPE_BY_KEY = new Map(TYPES.map((t) => [t.key, t]));
const TYPE_WEIGHTS = TYPES.map((t) => [t, t.frequency] as const);

/** Products with accented titles (search tests rely on them). Placed at fixed indices. */
interface Special {
  type: ProductType;
  title: string;
  feature?: string;
}
export const ACCENTED_TITLES: readonly Special[] = [
  { type: 'mug', title: 'Café Crème Mug', feature: 'Stoneware' },
  { type: 'scarf', title: 'Naïve Linen Scarf', feature: 'Linen' },
  { type: 'socks', title: 'Jalapeño Socks', feature: 'Organic Cotton' },
  { type: 'hoodie', title: 'Über Soft Hoodie', feature: 'Brushed Fleece' },
  { type: 'candle', title: 'Crème Brûlée Scented Candle', feature: 'Soy Wax' },
  { type: 'tshirt', title: 'Déjà Vu Graphic T-Shirt', feature: 'Organic Cotton' },
  { type: 'jeans', title: 'Zürich Selvedge Jeans', feature: 'Selvedge Denim' },
  { type: 'sneakers', title: 'São Paulo Runner Sneakers', feature: 'Recycled Knit' },
  { type: 'poster', title: 'Piñata Party Art Print', feature: 'Paper Garden' },
  { type: 'beanie', title: 'Noël Cable-Knit Beanie', feature: 'Merino Wool' },
  { type: 'tote', title: 'Smörgåsbord Canvas Tote', feature: 'Cotton Canvas' },
  { type: 'mug', title: 'Açaí Bowl Espresso Cup', feature: 'Porcelain' },
  { type: 'backpack', title: 'Ångström Rolltop Backpack', feature: 'Recycled Nylon' },
  { type: 'cap', title: 'Résumé Dad Cap', feature: 'Cotton Twill' },
  { type: 'sweatshirt', title: 'Fête Crewneck Sweatshirt', feature: 'French Terry' },
  { type: 'cushion', title: 'Piña Colada Cushion Cover', feature: 'Stripe' },
  { type: 'blanket', title: 'Mañana Wool Throw', feature: 'Merino Wool' },
  { type: 'poster', title: "Côte d'Azur Art Print", feature: 'Coastal Dunes' },
];
const SPECIAL_FIRST_INDEX = 5;
const SPECIAL_STRIDE = 27;

function specialAt(index: number): Special | undefined {
  if (index < SPECIAL_FIRST_INDEX || (index - SPECIAL_FIRST_INDEX) % SPECIAL_STRIDE !== 0) return undefined;
  return ACCENTED_TITLES[(index - SPECIAL_FIRST_INDEX) / SPECIAL_STRIDE];
}

const VENDOR_ORIGINS: Record<string, string> = {
  'Northbound Supply Co.': 'Portland, Oregon',
  'Loom Theory': 'Porto',
  'Saltwater Threads': 'San Diego',
  'Kindred Basics': 'Lisbon',
  'Harbor & Pine': 'Seattle',
  'Denim Republic': 'Okayama',
  'Indigo Works': 'Los Angeles',
  'Urban Stride': 'Barcelona',
  Fieldrunner: 'Copenhagen',
  'Kiln & Co.': 'Stoke-on-Trent',
  'Maison Lumière': 'Lyon',
  'Hearth & Loom': 'Edinburgh',
  'Ember Candle Co.': 'Brooklyn',
  'Fieldnote Goods': 'Chicago',
  'Wildgrain Studio': 'Melbourne',
  'Papercut Press': 'Amsterdam',
  'Atelier Nord': 'Oslo',
};

/** price ending per vendor: x.99, x.95 or x.00 (USD); EUR always ends in .99 or .95 */
type Ending = 99 | 95 | 0;
function vendorEnding(vendor: string): Ending {
  const e = ([99, 95, 0] as const)[hash32('ending', vendor) % 3];
  return e ?? 99;
}

// ---------------------------------------------------------------------------
// money (integer only)

/** whole major units → minor units with the vendor's ending */
export function withEnding(major: number, ending: Ending): number {
  return ending === 0 ? major * 100 : major * 100 - (100 - ending);
}

/** USD minor units → EUR minor units: ×0.92 in integer arithmetic, rounded to whole euros, then .99 or .95 */
export function usdToEur(usdMinor: number, ending: 99 | 95): number {
  const raw = usdMinor * EUR_PER_1000_USD; // exact integer
  const eurMinor = (raw - (raw % 1000)) / 1000 + (raw % 1000 >= 500 ? 1 : 0);
  const major = Math.max(1, (eurMinor + 50 - ((eurMinor + 50) % 100)) / 100);
  return major * 100 - (100 - ending);
}

/** a "nice" retail price point */
function nicePrice(major: number): number {
  if (major < 30) return major;
  if (major < 100) return major - (major % 2);
  return major - (major % 5);
}

// ---------------------------------------------------------------------------
// text

const lower = (s: string) => s.toLowerCase();
const aOrAn = (w: string) => (/^[aeiou]/i.test(w) ? 'an' : 'a');

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function openingSentence(t: TypeDef, rng: Rng, descriptor: string, feature: string, noun: string): string {
  const n = lower(noun);
  const d = lower(descriptor);
  const f = lower(feature);
  // "Socks", "Jeans", "Sneakers" read as plurals
  const plural = /[^s]s$/.test(noun);
  const a = (w: string) => (plural ? w : `${aOrAn(w)} ${w}`);
  const is = plural ? 'are' : 'is';
  const thisOne = plural ? 'these' : 'this';
  switch (t.category) {
    case 'apparel':
      return rng.pick([
        `${sentenceCase(a(d))} ${n} made from ${f}, built for everyday wear.`,
        `Our ${d} ${n} ${is} cut from ${f} and made to be worn on repeat.`,
        `${sentenceCase(d)} and easy to wear: ${a(f)} ${n} with a soft, lived-in feel.`,
      ]);
    case 'footwear':
      return rng.pick([
        `${sentenceCase(a(d))} ${n} with ${f} uppers and a grippy rubber sole.`,
        `Our ${d} ${n} pair ${aOrAn(f)} ${f} upper with all-day comfort.`,
      ]);
    case 'accessories':
      return rng.pick([
        `${sentenceCase(a(d))} ${n} in ${f}, the finishing touch for any outfit.`,
        `Made from ${f}, ${thisOne} ${d} ${n} ${is} built to be used every day.`,
      ]);
    case 'home':
      if (t.key === 'candle') {
        return rng.pick([
          `${sentenceCase(aOrAn(f))} ${f} candle scented with ${d}, poured by hand in small batches.`,
          `Notes of ${d} fill the room from this clean-burning ${f} candle.`,
        ]);
      }
      if (t.key === 'cushion') return `${sentenceCase(a(d))} ${n} in a ${f} pattern that livens up any sofa.`;
      return rng.pick([
        `${sentenceCase(a(d))} ${n} made from ${f}, designed for slow mornings.`,
        `Our ${d} ${n} ${is} crafted from ${f} to be used and loved every day.`,
      ]);
    case 'art':
      return rng.pick([
        `${sentenceCase(aOrAn(d))} ${d} take on ${f}, drawn in clean shapes and a calm palette.`,
        `${feature} reimagined as ${aOrAn(d)} ${d} print for living rooms, hallways and studios.`,
      ]);
  }
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return `${(sp > 40 ? cut.slice(0, sp) : cut).replace(/[,.;:\s]+$/, '')}…`;
}

// ---------------------------------------------------------------------------
// product generation

const iso = (ms: number) => new Date(ms).toISOString();

function patternFor(words: string, type: ProductType): ImagePattern {
  if (type === 'sneakers' || type === 'poster' || type === 'candle') return 'solid';
  if (/Stripe|Striped|Breton|Ringer|Ticking/.test(words)) return 'stripes';
  if (/Dot|Speckled/.test(words)) return 'dots';
  if (/Gingham|Plaid|Check|Argyle|Grid|Herringbone|Waffle/.test(words)) return 'grid';
  return 'solid';
}

const CANDLE_WAX: ColorName[] = ['Cream', 'White', 'Sage', 'Blush', 'Sand', 'Lavender', 'Mint', 'Mustard', 'Charcoal'];
const CANDLE_JARS: Rgb[] = [
  [170, 100, 40],
  [226, 230, 232],
  [90, 90, 96],
  [236, 236, 234],
];
const SOLES: Rgb[] = [
  [244, 243, 238],
  [196, 150, 100],
  [34, 34, 36],
];

function contrastingAccent(rng: Rng, base: Rgb): Rgb {
  const lum = (c: Rgb) => (c[0] * 299 + c[1] * 587 + c[2] * 114) / 1000;
  const options = ACCENT_COLORS.map((n) => PALETTE[n].rgb as Rgb).filter((c) => Math.abs(lum(c) - lum(base)) >= 70);
  return rng.pick(options.length > 0 ? options : [PALETTE.White.rgb, PALETTE.Black.rgb]);
}

interface Draft {
  product: SeedProduct;
  popularity: number;
  onSale: boolean;
  discountPct: number;
  minUsd: number;
  feature: Feature;
}

function cartesian(options: OptionDef[]): OptionValueDef[][] {
  let combos: OptionValueDef[][] = [[]];
  for (const o of options) combos = combos.flatMap((c) => o.values.map((v) => [...c, v]));
  return combos;
}

/** trims option values (first option first) until the cartesian product fits */
function trimOptions(options: OptionDef[]): OptionDef[] {
  const out = options.map((o) => ({ ...o, values: [...o.values] }));
  const size = () => out.reduce((n, o) => n * o.values.length, 1);
  for (const o of out) {
    while (size() > MAX_VARIANTS_PER_PRODUCT && o.values.length > 1) o.values.pop();
  }
  return out;
}

function generateProduct(seed: number, index: number, takenHandles: Set<string>): Draft {
  const rng = new Rng(hash32(seed, 'product', index));
  const special = specialAt(index);
  const type = special ? (TYPE_BY_KEY.get(special.type) as TypeDef) : rng.weighted(TYPE_WEIGHTS);
  const number = index + 1;

  // --- title & handle
  let title = '';
  let descriptor = rng.pick(type.descriptors);
  let feature = rng.pick(type.features);
  let noun = rng.pick(type.nouns);
  if (special) {
    title = special.title;
    noun = [...type.nouns].sort((x, y) => y.length - x.length).find((x) => title.endsWith(x)) ?? (type.nouns[0] as string);
    descriptor = rng.pick(type.descriptors.filter((d) => !lower(noun).includes(lower(d))));
    feature = type.features.find((f) => f.name === special.feature) ?? feature;
  } else {
    for (let attempt = 0; attempt < 12; attempt++) {
      noun = rng.pick(type.nouns);
      // never "Market Market Tote"
      descriptor = rng.pick(type.descriptors.filter((d) => !lower(noun).includes(lower(d))));
      feature = rng.pick(type.features);
      const line = rng.pick(STYLE_LINES);
      const form = rng.weighted([
        [0, 40],
        [1, 25],
        [2, 20],
        [3, 15],
      ]);
      title =
        form === 0
          ? `${descriptor} ${feature.name} ${noun}`
          : form === 1
            ? `${line} ${feature.name} ${noun}`
            : form === 2
              ? `${line} ${descriptor} ${noun}`
              : `${line} ${descriptor} ${feature.name} ${noun}`;
      if (!takenHandles.has(slugify(title))) break;
    }
  }
  let handle = slugify(title);
  if (takenHandles.has(handle)) {
    let k = 2;
    while (takenHandles.has(slugify(`${title} No ${k}`))) k++;
    title = `${title} No. ${k}`;
    handle = slugify(title);
  }
  if (!isHandle(handle)) throw new Error(`generated an invalid handle ${handle}`);
  takenHandles.add(handle);

  const vendor = rng.pick(type.vendors);
  const ending = vendorEnding(vendor);
  const eurEnding: 99 | 95 = ending === 95 ? 95 : 99;

  // --- status & time
  const status: ProductStatus = special ? 'active' : rng.weighted<ProductStatus>([
    ['active', 95],
    ['draft', 4],
    ['archived', 1],
  ]);
  const createdMs = EPOCH_MS - rng.int(60, 730 * DAY_MINUTES) * MINUTE;
  const createdAt = iso(createdMs);
  const untilEpoch = Math.floor((EPOCH_MS - createdMs) / MINUTE);
  const updatedAt = iso(createdMs + rng.int(0, Math.min(90 * DAY_MINUTES, untilEpoch)) * MINUTE);
  const publishedAt = status === 'draft' ? null : iso(createdMs + rng.int(0, Math.min(3 * DAY_MINUTES, untilEpoch)) * MINUTE);

  // --- options & variants
  const options = trimOptions(type.options(rng));
  const combos = cartesian(options);
  const baseMajor = nicePrice(rng.int(type.price[0], type.price[1]));
  const onSale = rng.chance(0.2);
  const discountPct = onSale
    ? rng.weighted([
        [10, 15],
        [15, 20],
        [20, 25],
        [25, 20],
        [30, 12],
        [40, 6],
        [50, 2],
      ])
    : 0;
  const weightBase = Math.floor((type.weight * rng.int(90, 110)) / 100);

  const variants: SeedVariant[] = combos.map((combo, position) => {
    const optionValues: Record<string, string> = {};
    combo.forEach((v, i) => {
      optionValues[(options[i] as OptionDef).name] = v.value;
    });
    const major = Math.max(1, baseMajor + combo.reduce((s, v) => s + (v.priceDelta ?? 0), 0));
    const usd = withEnding(major, ending);
    const eur = usdToEur(usd, eurEnding);
    let usdCompare: number | null = null;
    let eurCompare: number | null = null;
    if (onSale) {
      // compare-at is the "was" price: price = was × (100 − pct) / 100, rounded up to a whole unit
      const wasMajor = Math.max(major + 1, Math.ceil((major * 100) / (100 - discountPct)));
      usdCompare = withEnding(wasMajor, ending);
      eurCompare = usdToEur(usdCompare, eurEnding);
      if (eurCompare <= eur) eurCompare = eur + 100;
    }
    const weightGrams = Math.max(1, weightBase + combo.reduce((s, v) => s + (v.weightDelta ?? 0), 0));
    const outOfStock = rng.chance(0.08);
    return {
      sku: ['VT', type.code, String(number).padStart(4, '0'), ...combo.map((v) => v.code)].join('-'),
      title: combo.map((v) => v.value).join(' / '),
      position,
      optionValues,
      weightGrams,
      prices: [
        { currency: 'USD', amount: usd, compareAtAmount: usdCompare },
        { currency: 'EUR', amount: eur, compareAtAmount: eurCompare },
      ],
      inventory: { onHand: outOfStock ? 0 : rng.int(1, 200), reserved: 0 },
    };
  });
  const minUsd = Math.min(...variants.map((v) => (v.prices[0] as SeedPrice).amount));

  // --- text
  const featureTags = feature.tags ?? [];
  const materialOption = options.find((o) => o.name === 'Material');
  const eco = featureTags.includes('eco') || (materialOption?.values.some((v) => /Organic|Linen/.test(v.value)) ?? false);
  const sentences = [openingSentence(type, rng, descriptor, feature.name, noun)];
  const details = rng.sample(type.details, rng.int(1, 2));
  sentences.push(...details);
  if (sentences.length < 4) {
    if (eco) sentences.push('Made with lower-impact materials and shipped plastic-free.');
    else if (rng.chance(0.5)) sentences.push(`Designed by ${vendor} in ${VENDOR_ORIGINS[vendor] ?? 'small batches'}.`);
    else sentences.push(rng.pick(type.care));
  }
  const description = sentences.join(' ');
  const seoTitle = `${title} | ${vendor}`.length <= 70 ? `${title} | ${vendor}` : clip(title, 70);
  const seoDescription = clip(description, 155);

  const tags = new Set<string>([type.tag, type.category, slugify(feature.name), ...featureTags]);
  if (eco) tags.add('eco');
  if (type.category === 'apparel' && rng.chance(0.7)) tags.add('unisex');
  if (onSale) tags.add('sale');
  if (minUsd < 3000) tags.add('gift-idea');
  if (special) tags.add('limited-edition');

  // --- images
  const colorOpt = options.find((o) => o.name === 'Color');
  const colors = colorOpt ? colorOpt.values : [];
  const frameOpt = options.find((o) => o.name === 'Frame');
  const artColor = PALETTE[rng.pick(HOME_COLORS)].rgb as Rgb;
  const waxName = rng.pick(CANDLE_WAX);
  const words = `${title} ${descriptor} ${feature.name}`;
  const pattern = patternFor(words, type.key);
  const graphic = /Graphic|Logo|Embroidered|Varsity/.test(words);
  const motif = graphic ? rng.int(1, 5) : rng.chance(0.3) ? rng.int(1, 5) : 0;
  const imageCount = rng.weighted([
    [1, 25],
    [2, 45],
    [3, 30],
  ]);
  const images: SeedImage[] = [];
  for (let position = 0; position < imageCount; position++) {
    let view: ImageView = 'front';
    let colorIdx = 0;
    let frameIdx = 0;
    if (position === 1) {
      if (colors.length > 1) colorIdx = 1;
      else if (frameOpt && frameOpt.values.length > 1) frameIdx = 1;
      else view = 'back';
    } else if (position === 2) view = 'detail';
    const colorDef = colors[colorIdx];
    let color: Rgb;
    let accent: Rgb;
    let specMotif = motif;
    if (type.key === 'candle') {
      color = PALETTE[waxName].rgb;
      accent = CANDLE_JARS[hash32(seed, index, 'jar') % CANDLE_JARS.length] as Rgb;
    } else if (type.key === 'poster') {
      color = artColor;
      accent = contrastingAccent(rng, artColor);
      const frame = frameOpt?.values[frameIdx]?.code ?? 'NOF';
      specMotif = frame === 'BKF' ? 1 : frame === 'OKF' ? 2 : 0;
    } else if (type.key === 'sneakers') {
      color = colorDef?.rgb ?? PALETTE.White.rgb;
      accent = SOLES[hash32(seed, index, 'sole') % SOLES.length] as Rgb;
      if (color[0] > 200 && accent[0] > 200) accent = SOLES[1] as Rgb;
    } else if (type.key === 'jeans') {
      color = colorDef?.rgb ?? PALETTE['Indigo Rinse'].rgb;
      accent = [204, 136, 70];
    } else {
      color = colorDef?.rgb ?? artColor;
      accent = contrastingAccent(rng, color);
    }
    const viewLabel = view === 'detail' ? 'detail view' : type.key === 'sneakers' ? (view === 'back' ? 'inside view' : 'side view') : `${view} view`;
    const colorName = colorDef?.value;
    const frameName = frameOpt?.values[frameIdx]?.value;
    const prefix = colorName && !title.includes(colorName) ? `${colorName} ` : '';
    const framePart = frameName ? `, ${lower(frameName)}` : '';
    images.push({
      position,
      alt: `${prefix}${title}${framePart}, ${viewLabel}`,
      spec: {
        shape: type.shape,
        view,
        width: 480,
        height: type.key === 'poster' ? 600 : 480,
        color,
        accent,
        pattern,
        motif: specMotif,
        seed: hash32(seed, index, 'image', position),
      },
    });
  }

  return {
    product: {
      number,
      handle,
      title,
      description,
      vendor,
      tags: [...tags].sort(),
      status,
      productType: type.key,
      category: type.category,
      seoTitle,
      seoDescription,
      createdAt,
      updatedAt,
      publishedAt,
      options: options.map((o, position) => ({ name: o.name, position, values: o.values.map((v) => v.value) })),
      variants,
      images,
      collections: [],
    },
    popularity: rng.int(0, 9999),
    onSale,
    discountPct,
    minUsd,
    feature,
  };
}

// ---------------------------------------------------------------------------
// collections

interface CollectionDef {
  handle: string;
  title: string;
  description: string;
  seoDescription: string;
}

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    handle: 'new-arrivals',
    title: 'New Arrivals',
    description: 'The latest additions to the shop, fresh from our makers. Updated every week.',
    seoDescription: 'Shop the newest apparel, accessories and home goods at Vitrine, updated weekly.',
  },
  {
    handle: 't-shirts',
    title: 'T-Shirts',
    description: 'Everyday tees in organic cotton, linen blends and heavyweight jersey. Easy to layer and made to last.',
    seoDescription: 'Organic cotton, linen and heavyweight t-shirts in every colour. Free returns on all tees.',
  },
  {
    handle: 'hoodies-sweatshirts',
    title: 'Hoodies & Sweatshirts',
    description: 'Soft fleece, French terry and loopback cotton for cool mornings and long weekends.',
    seoDescription: 'Hoodies and crewneck sweatshirts in organic fleece and French terry.',
  },
  {
    handle: 'denim',
    title: 'Denim',
    description: 'Selvedge, stretch and raw denim jeans and jackets, cut in fits from slim to wide-leg.',
    seoDescription: 'Jeans and denim jackets in selvedge, organic and stretch denim.',
  },
  {
    handle: 'footwear',
    title: 'Footwear',
    description: 'Court classics, retro runners and canvas sneakers for every day.',
    seoDescription: 'Sneakers in leather, suede, canvas and recycled knit.',
  },
  {
    handle: 'accessories',
    title: 'Accessories',
    description: 'Caps, beanies, scarves, socks and bags: the small things that finish an outfit.',
    seoDescription: 'Caps, beanies, scarves, socks, backpacks and tote bags.',
  },
  {
    handle: 'home-kitchen',
    title: 'Home & Kitchen',
    description: 'Handmade mugs, hand-poured candles, cushions and throws for a slower pace at home.',
    seoDescription: 'Stoneware mugs, scented candles, cushions and throw blankets.',
  },
  {
    handle: 'sale',
    title: 'Sale',
    description: 'Past-season favourites at reduced prices, while stocks last.',
    seoDescription: 'Up to 50% off apparel, accessories and home goods while stocks last.',
  },
  {
    handle: 'bestsellers',
    title: 'Bestsellers',
    description: 'The pieces our customers come back for, again and again.',
    seoDescription: 'Our most-loved products, ranked by what customers buy most.',
  },
  {
    handle: 'gifts-under-30',
    title: 'Gifts under $30',
    description: 'Thoughtful presents that do not break the bank: mugs, socks, candles, prints and more.',
    seoDescription: 'Gift ideas under $30: mugs, socks, candles, caps and art prints.',
  },
  {
    handle: 'eco-collection',
    title: 'Eco Collection',
    description: 'Organic, recycled and plant-based materials, made by partners we know and trust.',
    seoDescription: 'Sustainable clothing and home goods in organic and recycled materials.',
  },
  {
    handle: 'winter-essentials',
    title: 'Winter Essentials',
    description: 'Wool, fleece and quilted layers to see you through the cold months.',
    seoDescription: 'Warm beanies, scarves, hoodies, jackets and wool throws for winter.',
  },
  {
    handle: 'summer-edit',
    title: 'Summer Edit',
    description: 'Linen, canvas and light cotton for long days in the sun.',
    seoDescription: 'Lightweight linen and cotton pieces, totes and prints for summer.',
  },
  {
    handle: 'art-prints',
    title: 'Art Prints',
    description: 'Giclée prints on archival paper, framed or unframed, from independent illustrators.',
    seoDescription: 'Archival art prints and posters, framed in black or oak, in A4 to A1.',
  },
];

const NEW_ARRIVALS_LIMIT = 48;
const BESTSELLERS_LIMIT = 36;
const MAX_COLLECTIONS_PER_PRODUCT = 4;

function primaryCollections(d: Draft): string[] {
  const p = d.product;
  switch (p.productType) {
    case 'tshirt':
      return ['t-shirts'];
    case 'hoodie':
    case 'sweatshirt':
      return ['hoodies-sweatshirts'];
    case 'jeans':
      return ['denim'];
    case 'jacket':
      return d.feature.name === 'Denim' ? ['denim'] : ['winter-essentials'];
    case 'sneakers':
      return ['footwear'];
    case 'mug':
    case 'candle':
    case 'cushion':
    case 'blanket':
      return ['home-kitchen'];
    case 'poster':
      return ['art-prints'];
    default:
      return ['accessories'];
  }
}

function assignCollections(seed: number, drafts: Draft[]): SeedCollection[] {
  const active = drafts.filter((d) => d.product.status === 'active');
  const newest = new Set(
    [...active]
      .sort((a, b) => (a.product.createdAt < b.product.createdAt ? 1 : a.product.createdAt > b.product.createdAt ? -1 : a.product.number - b.product.number))
      .slice(0, NEW_ARRIVALS_LIMIT)
      .map((d) => d.product.handle),
  );
  const best = new Set(
    [...active]
      .sort((a, b) => b.popularity - a.popularity || a.product.number - b.product.number)
      .slice(0, BESTSELLERS_LIMIT)
      .map((d) => d.product.handle),
  );

  const members = new Map<string, Draft[]>(COLLECTIONS.map((c) => [c.handle, []]));
  for (const d of drafts) {
    const p = d.product;
    const isActive = p.status === 'active';
    const tags = new Set(p.tags);
    const wanted = [...primaryCollections(d)];
    if (isActive) {
      if (d.onSale) wanted.push('sale');
      if (newest.has(p.handle)) wanted.push('new-arrivals');
      if (best.has(p.handle)) wanted.push('bestsellers');
      if (d.minUsd < 3000) wanted.push('gifts-under-30');
      if (tags.has('eco')) wanted.push('eco-collection');
      if (tags.has('winter') || (!tags.has('summer') && (p.productType === 'beanie' || p.productType === 'scarf'))) {
        wanted.push('winter-essentials');
      }
      if (tags.has('summer')) wanted.push('summer-edit');
    }
    p.collections = [...new Set(wanted)].slice(0, MAX_COLLECTIONS_PER_PRODUCT);
    if (best.has(p.handle) && p.collections.includes('bestsellers')) {
      p.tags = [...new Set([...p.tags, 'bestseller'])].sort();
    }
    for (const h of p.collections) members.get(h)?.push(d);
  }

  const featured = (handle: string) => (a: Draft, b: Draft) => {
    const sa = a.popularity + (hash32(seed, handle, a.product.number) % 4000);
    const sb = b.popularity + (hash32(seed, handle, b.product.number) % 4000);
    return sb - sa || a.product.number - b.product.number;
  };
  const orders: Record<string, (a: Draft, b: Draft) => number> = {
    'new-arrivals': (a, b) =>
      a.product.createdAt < b.product.createdAt ? 1 : a.product.createdAt > b.product.createdAt ? -1 : a.product.number - b.product.number,
    sale: (a, b) => b.discountPct - a.discountPct || b.popularity - a.popularity || a.product.number - b.product.number,
    bestsellers: (a, b) => b.popularity - a.popularity || a.product.number - b.product.number,
    'gifts-under-30': (a, b) => a.minUsd - b.minUsd || b.popularity - a.popularity || a.product.number - b.product.number,
  };

  const collectionEpoch = Date.parse('2024-01-01T09:00:00.000Z');
  return COLLECTIONS.map((c, position) => {
    const list = [...(members.get(c.handle) ?? [])].sort(orders[c.handle] ?? featured(c.handle));
    const at = iso(collectionEpoch + position * DAY_MINUTES * MINUTE);
    return {
      handle: c.handle,
      title: c.title,
      description: c.description,
      seoTitle: `${c.title} | Vitrine`,
      seoDescription: c.seoDescription,
      position,
      published: true,
      createdAt: at,
      updatedAt: at,
      productHandles: list.map((d) => d.product.handle),
    };
  });
}

// ---------------------------------------------------------------------------

export function generateCatalog(opts: GenerateOptions = {}): SeedCatalog {
  const count = opts.products ?? DEFAULT_PRODUCT_COUNT;
  const seed = (opts.seed ?? DEFAULT_SEED) >>> 0;
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new RangeError(`products must be 1..1000000, got ${count}`);
  const taken = new Set<string>();
  // reserve the accented titles so a random product never takes their handles
  for (let i = 0; i < ACCENTED_TITLES.length; i++) {
    const idx = SPECIAL_FIRST_INDEX + i * SPECIAL_STRIDE;
    if (idx < count) taken.add(slugify((ACCENTED_TITLES[i] as Special).title));
  }
  const drafts: Draft[] = [];
  for (let i = 0; i < count; i++) {
    const special = specialAt(i);
    if (special) taken.delete(slugify(special.title));
    drafts.push(generateProduct(seed, i, taken));
  }
  const collections = assignCollections(seed, drafts);
  const products = drafts.map((d) => d.product);

  // invariants the database would otherwise reject
  const skus = new Set<string>();
  for (const p of products) {
    if (p.variants.length === 0 || p.variants.length > MAX_VARIANTS_PER_PRODUCT) throw new Error(`bad variant count for ${p.handle}`);
    for (const v of p.variants) {
      if (skus.has(v.sku)) throw new Error(`duplicate SKU ${v.sku}`);
      skus.add(v.sku);
    }
  }
  return { generatorVersion: GENERATOR_VERSION, seed, epoch: CATALOG_EPOCH, products, collections };
}

/** Summary counts, for logs and tests. */
export function catalogStats(c: SeedCatalog) {
  let variants = 0;
  let images = 0;
  let outOfStock = 0;
  for (const p of c.products) {
    variants += p.variants.length;
    images += p.images.length;
    for (const v of p.variants) if (v.inventory.onHand === 0) outOfStock++;
  }
  return { products: c.products.length, variants, collections: c.collections.length, images, outOfStock };
}
