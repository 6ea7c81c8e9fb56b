/**
 * The search contract every adapter must keep, run against each of them
 * (postgres.contract.test.ts, algolia.contract.test.ts) over the same
 * product documents: result shape, matching (prefix, accents, typos),
 * pagination, sorts, filters, disjunctive facet counts, suggestions, and
 * queries full of metacharacters. Expectations are computed from the
 * documents, never from the adapter under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Currency } from '../../../domain/money';
import type { SearchDocument } from '../../../domain/search/document';
import { foldAccents } from '../../../domain/search/normalize';
import { buildSearchRequest, buildSuggestRequest, type SearchInput } from '../../../domain/search/request';
import type { SearchEngine, SearchResult } from '../../../domain/search/types';

export interface ContractSubject {
  engine: SearchEngine;
  /** the documents the engine indexed */
  docs: SearchDocument[];
}

const text = (parts: { text: string }[]) => parts.map((p) => p.text).join('');

export function searchContract(name: string, setup: () => Promise<ContractSubject>) {
  describe(`search contract: ${name}`, () => {
    let engine: SearchEngine;
    let docs: SearchDocument[];
    const byId = (id: string) => docs.find((d) => d.id === id)!;
    const search = (input: Omit<SearchInput, 'currency'> & { currency?: Currency }) => engine.search(buildSearchRequest({ currency: 'USD', ...input }));

    beforeAll(async () => {
      ({ engine, docs } = await setup());
      expect(docs.length).toBeGreaterThan(50);
    });

    function expectShape(r: SearchResult) {
      expect(r.engine).toBe(engine.name);
      expect(r.pages).toBe(Math.ceil(r.total / r.perPage));
      expect(r.hits.length).toBeLessThanOrEqual(r.perPage);
      for (const h of r.hits) {
        expect(text(h.highlight.title)).toBe(h.product.title);
        expect(typeof h.product.handle).toBe('string');
      }
      expect(r.facets.price.map(({ min, max }) => ({ min, max }))).toEqual(buildSearchRequest({ q: 'x', currency: 'USD' }).priceBuckets);
    }

    it('finds a product by its title and marks the matched words', async () => {
      const target = docs.find((d) => d.title === 'Café Crème Mug')!;
      const r = await search({ q: 'Café Crème Mug' });
      expectShape(r);
      const hit = r.hits.find((h) => h.product.id === target.id);
      expect(hit).toBeDefined();
      expect(r.hits.indexOf(hit!)).toBeLessThan(3);
      expect(hit!.highlight.title.filter((p) => p.match).map((p) => foldAccents(p.text))).toEqual(['cafe', 'creme', 'mug']);
    });

    it('ignores accents and case, and matches word prefixes while typing', async () => {
      const plain = await search({ q: 'CAFE creme' });
      expect(plain.hits.map((h) => h.product.title)).toContain('Café Crème Mug');
      const prefix = await search({ q: 'hood', perPage: 48 });
      expect(prefix.total).toBeGreaterThan(3);
      expect(prefix.hits.some((h) => /hoodie/i.test(h.product.title))).toBe(true);
    });

    it('tolerates a typo ("blak tshirt" finds black t-shirts)', async () => {
      const r = await search({ q: 'blak tshirt', perPage: 48 });
      expect(r.total).toBeGreaterThan(0);
      for (const h of r.hits) {
        const d = byId(h.product.id);
        expect(d.options.some((o) => o.key === 'color:black')).toBe(true);
        expect(/t-shirt|tee/i.test(`${d.title} ${d.tags.join(' ')}`)).toBe(true);
      }
    });

    it('pages through every match exactly once', async () => {
      const first = await search({ q: 'cotton', perPage: 7 });
      expect(first.total).toBeGreaterThan(14);
      const seen = new Set<string>();
      for (let page = 1; page <= first.pages; page++) {
        const r = await search({ q: 'cotton', perPage: 7, page });
        expect(r.total).toBe(first.total);
        expect(r.page).toBe(page);
        for (const h of r.hits) {
          expect(seen.has(h.product.id)).toBe(false);
          seen.add(h.product.id);
        }
      }
      expect(seen.size).toBe(first.total);
      const beyond = await search({ q: 'cotton', perPage: 7, page: first.pages + 1 });
      expect(beyond.hits).toEqual([]);
      expect(beyond.total).toBe(first.total);
    });

    it('sorts by price in the requested currency and by newest', async () => {
      for (const currency of ['USD', 'EUR'] as const) {
        const asc = await search({ q: 'mug', sort: 'price-asc', currency, perPage: 48 });
        const prices = asc.hits.map((h) => byId(h.product.id).priceMin[currency]!);
        expect(prices).toEqual([...prices].sort((a, b) => a - b));
        const desc = await search({ q: 'mug', sort: 'price-desc', currency, perPage: 48 });
        const dp = desc.hits.map((h) => byId(h.product.id).priceMin[currency]!);
        expect(dp).toEqual([...dp].sort((a, b) => b - a));
        expect(desc.total).toBe(asc.total);
      }
      const newest = await search({ q: 'mug', sort: 'newest', perPage: 48 });
      const dates = newest.hits.map((h) => byId(h.product.id).createdAt);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it('filters by collection, option values (OR within, AND across), price and stock', async () => {
      const all = await search({ q: 'cotton', perPage: 48 });
      const col = all.facets.collections[0]!;
      const byCol = await search({ q: 'cotton', collections: [col.value], perPage: 48 });
      expect(byCol.total).toBe(col.count);
      for (const h of byCol.hits) expect(byId(h.product.id).collections.map((c) => c.handle)).toContain(col.value);

      const color = all.facets.options.find((o) => o.name === 'color')!;
      const [c1, c2] = color.values;
      const either = await search({ q: 'cotton', options: { color: [c1!.value, c2!.value] }, perPage: 48 });
      expect(either.total).toBeGreaterThanOrEqual(Math.max(c1!.count, c2!.count));
      for (const h of either.hits) {
        const keys = byId(h.product.id).options.map((o) => o.key);
        expect(keys.includes(`color:${c1!.value}`) || keys.includes(`color:${c2!.value}`)).toBe(true);
      }
      const size = all.facets.options.find((o) => o.name === 'size')!.values[0]!;
      const both = await search({ q: 'cotton', options: { color: [c1!.value], size: [size.value] }, perPage: 48 });
      for (const h of both.hits) {
        const keys = byId(h.product.id).options.map((o) => o.key);
        expect(keys).toContain(`color:${c1!.value}`);
        expect(keys).toContain(`size:${size.value}`);
      }

      const priced = await search({ q: 'cotton', priceMin: 2500, priceMax: 4999, perPage: 48 });
      expect(priced.total).toBeGreaterThan(0);
      for (const h of priced.hits) {
        const p = byId(h.product.id).priceMin.USD!;
        expect(p).toBeGreaterThanOrEqual(2500);
        expect(p).toBeLessThanOrEqual(4999);
      }
      const stocked = await search({ q: 'cotton', inStock: true, perPage: 48 });
      expect(stocked.total).toBe(all.facets.availability.inStock);
      for (const h of stocked.hits) expect(h.product.inStock).toBe(true);
    });

    it('counts facets disjunctively and consistently with the totals', async () => {
      const all = await search({ q: 'cotton', perPage: 1 });
      expect(all.facets.availability.inStock + all.facets.availability.outOfStock).toBe(all.total);
      expect(all.facets.price.reduce((n, b) => n + b.count, 0)).toBe(all.total);
      const color = all.facets.options.find((o) => o.name === 'color')!;
      const picked = color.values[0]!;
      const filtered = await search({ q: 'cotton', options: { color: [picked.value] }, perPage: 1 });
      expect(filtered.total).toBe(picked.count);
      // the colour facet still offers the other colours, with the same counts
      const again = filtered.facets.options.find((o) => o.name === 'color')!;
      expect(again.values).toEqual(color.values);
      // the other facets narrowed to the selection
      expect(filtered.facets.availability.inStock + filtered.facets.availability.outOfStock).toBe(filtered.total);
      // counts are ordered by count, then label
      for (const f of [all.facets.collections, ...all.facets.options.map((o) => o.values)]) {
        for (let i = 1; i < f.length; i++) expect(f[i - 1]!.count).toBeGreaterThanOrEqual(f[i]!.count);
      }
    });

    it('answers an unknown option, value or collection with no hits', async () => {
      const inputs: Pick<SearchInput, 'options' | 'collections'>[] = [{ options: { flavour: ['vanilla'] } }, { options: { color: ['no-such-colour'] } }, { collections: ['no-such-collection'] }];
      for (const input of inputs) {
        const r = await search({ q: 'cotton', ...input });
        expect(r.total).toBe(0);
        expect(r.hits).toEqual([]);
      }
    });

    it('never breaks on SQL, tsquery or regex metacharacters', async () => {
      for (const q of ["'); drop table products; --", '.*+?^${}()|[]\\', ':* & | ! <->', '%_%', "o'neil", 'mug)))', '\u0000mug']) {
        const r = await search({ q });
        expectShape(r);
      }
      // nothing searchable left: nothing matches (rather than everything)
      expect((await search({ q: '%%% !!! ***' })).total).toBe(0);
      const stillThere = await search({ q: 'mug' });
      expect(stillThere.total).toBeGreaterThan(0);
    });

    it('suggests a few products with marked titles and the collections they are in', async () => {
      const s = await engine.suggest(buildSuggestRequest('hood', 'USD', 4));
      expect(s.engine).toBe(engine.name);
      expect(s.products.length).toBeGreaterThan(0);
      expect(s.products.length).toBeLessThanOrEqual(4);
      for (const p of s.products) {
        expect(text(p.highlight.title)).toBe(p.product.title);
        expect(p.highlight.title.some((x) => x.match)).toBe(true);
      }
      expect(s.collections.length).toBeGreaterThan(0);
      expect(s.collections.length).toBeLessThanOrEqual(3);
      expect(s.collections.map((c) => c.handle)).toContain('hoodies-sweatshirts');
      const none = await engine.suggest(buildSuggestRequest('zzzzqqqq', 'USD'));
      expect(none.products).toEqual([]);
    });
  });
}
