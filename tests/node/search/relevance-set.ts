/**
 * Relevance set over the demo seed catalog (dev/seed, default size and seed):
 * each query lists the products (handles) that must appear in the first five
 * results. Run by relevance.test.ts against the Postgres adapter; the score
 * is printed and recorded in docs/SEARCH.md.
 */
export type RelevanceKind = 'exact' | 'accents' | 'typo' | 'prefix' | 'synonym' | 'attribute' | 'multi-word';

export interface RelevanceCase {
  query: string;
  top5: string[];
  kind: RelevanceKind;
}

export const RELEVANCE_SET: readonly RelevanceCase[] = [
  // the title as written
  { query: 'Café Crème Mug', top5: ['cafe-creme-mug'], kind: 'exact' },
  { query: 'Nordic Merino Wool Beanie', top5: ['nordic-merino-wool-beanie'], kind: 'exact' },
  { query: 'Zephyr Urban Rolltop Backpack', top5: ['zephyr-urban-rolltop-backpack'], kind: 'exact' },
  { query: 'Matte Ceramic Coffee Mug', top5: ['matte-ceramic-coffee-mug'], kind: 'exact' },
  // accents: typed without them, or with them
  { query: 'cafe creme', top5: ['cafe-creme-mug'], kind: 'accents' },
  { query: 'uber hoodie', top5: ['uber-soft-hoodie'], kind: 'accents' },
  { query: 'creme brulee candle', top5: ['creme-brulee-scented-candle'], kind: 'accents' },
  { query: 'deja vu t-shirt', top5: ['deja-vu-graphic-t-shirt'], kind: 'accents' },
  { query: 'zurich jeans', top5: ['zurich-selvedge-jeans'], kind: 'accents' },
  { query: 'sao paulo sneakers', top5: ['sao-paulo-runner-sneakers'], kind: 'accents' },
  { query: 'pinata print', top5: ['pinata-party-art-print'], kind: 'accents' },
  { query: 'noel beanie', top5: ['noel-cable-knit-beanie'], kind: 'accents' },
  { query: 'smorgasbord tote', top5: ['smorgasbord-canvas-tote'], kind: 'accents' },
  { query: 'acai espresso cup', top5: ['acai-bowl-espresso-cup'], kind: 'accents' },
  { query: 'angstrom backpack', top5: ['angstrom-rolltop-backpack'], kind: 'accents' },
  { query: 'resume dad cap', top5: ['resume-dad-cap'], kind: 'accents' },
  { query: 'fete sweatshirt', top5: ['fete-crewneck-sweatshirt'], kind: 'accents' },
  { query: 'pina colada', top5: ['pina-colada-cushion-cover'], kind: 'accents' },
  { query: 'manana throw', top5: ['manana-wool-throw'], kind: 'accents' },
  { query: "cote d'azur", top5: ['cote-d-azur-art-print'], kind: 'accents' },
  { query: 'naive scarf', top5: ['naive-linen-scarf'], kind: 'accents' },
  { query: 'jalapeno socks', top5: ['jalapeno-socks'], kind: 'accents' },
  { query: 'crème', top5: ['cafe-creme-mug', 'creme-brulee-scented-candle'], kind: 'accents' },
  { query: 'Zürich', top5: ['zurich-selvedge-jeans'], kind: 'accents' },
  // misspellings
  { query: 'uber hodie', top5: ['uber-soft-hoodie'], kind: 'typo' },
  { query: 'sao paulo sneakrs', top5: ['sao-paulo-runner-sneakers'], kind: 'typo' },
  { query: 'angstrom bakpack', top5: ['angstrom-rolltop-backpack'], kind: 'typo' },
  { query: 'creme brulee candel', top5: ['creme-brulee-scented-candle'], kind: 'typo' },
  { query: 'nordic wildflowr poster', top5: ['nordic-wildflower-field-poster'], kind: 'typo' },
  { query: 'monterey enamal mug', top5: ['monterey-enamel-mug'], kind: 'typo' },
  { query: 'blak classic supima tshirt', top5: ['classic-supima-cotton-t-shirt'], kind: 'typo' },
  { query: 'jalapeño sockss', top5: ['jalapeno-socks'], kind: 'typo' },
  // search as you type
  { query: 'zephyr rollt', top5: ['zephyr-urban-rolltop-backpack'], kind: 'prefix' },
  { query: 'fjord orange blos', top5: ['fjord-orange-blossom-candle'], kind: 'prefix' },
  { query: 'smörg', top5: ['smorgasbord-canvas-tote'], kind: 'prefix' },
  // words shoppers use for the same thing
  { query: 'zephyr rucksack', top5: ['zephyr-urban-rolltop-backpack'], kind: 'synonym' },
  { query: 'sao paulo trainers', top5: ['sao-paulo-runner-sneakers'], kind: 'synonym' },
  { query: 'pina colada pillow', top5: ['pina-colada-cushion-cover'], kind: 'synonym' },
  { query: 'manana blanket', top5: ['manana-wool-throw'], kind: 'synonym' },
  { query: 'fete jumper', top5: ['fete-crewneck-sweatshirt'], kind: 'synonym' },
  // option values, vendors, collections
  { query: 'zephyr chocolate tee', top5: ['zephyr-pima-cotton-pocket-tee'], kind: 'attribute' },
  { query: 'kiln & co espresso cup', top5: ['acai-bowl-espresso-cup'], kind: 'attribute' },
  { query: "cote d'azur oak frame", top5: ['cote-d-azur-art-print'], kind: 'attribute' },
  { query: 'washed black selvedge jeans', top5: ['zurich-selvedge-jeans'], kind: 'attribute' },
  // several words, title first
  { query: 'merino wool beanie nordic', top5: ['nordic-merino-wool-beanie'], kind: 'multi-word' },
  { query: 'black classic t-shirt supima', top5: ['classic-supima-cotton-t-shirt'], kind: 'multi-word' },
];
