/**
 * Words shoppers use for the same thing. Both adapters use these groups:
 * Postgres adds a product's group words to its indexed keywords (ranked like
 * tags), Algolia receives them as two-way synonyms (`npm run search:configure`).
 * Lower-case, one word each (the joined form of hyphenated words).
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['tshirt', 'tee', 'tees'],
  ['sneakers', 'trainers', 'runners', 'shoes'],
  ['hoodie', 'hoody', 'hoodies'],
  ['sweatshirt', 'sweater', 'jumper', 'crewneck'],
  ['jeans', 'denim'],
  ['cap', 'hat'],
  ['beanie', 'hat', 'toque'],
  ['tote', 'bag', 'shopper'],
  ['backpack', 'rucksack', 'daypack', 'bag'],
  ['mug', 'cup'],
  ['cushion', 'pillow'],
  ['throw', 'blanket'],
  ['print', 'poster', 'artprint'],
  ['scarf', 'muffler', 'wrap'],
  ['jacket', 'coat', 'overshirt'],
];

/** The other words of every group one of `words` belongs to. */
export function synonymsFor(words: Iterable<string>): string[] {
  const have = new Set(words);
  const out = new Set<string>();
  for (const group of SYNONYM_GROUPS) {
    if (group.some((w) => have.has(w))) for (const w of group) if (!have.has(w)) out.add(w);
  }
  return [...out];
}
