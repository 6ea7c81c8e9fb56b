import { describe, expect, it } from 'vitest';
import { CURRENCIES } from '../money';
import { DEFAULT_SHOP_SETTINGS as S } from './settings';
import { zoneFor } from './shipping';

describe('shop settings are consistent', () => {
  it('every supported country has a shipping zone with at least one rate', () => {
    for (const c of S.countries) expect(zoneFor(S, c.code)?.rates.length ?? 0, c.code).toBeGreaterThan(0);
  });

  it('rates are priced in every currency, brackets ascend, rate ids are unique', () => {
    const ids = new Set<string>();
    for (const z of S.shippingZones) {
      for (const r of z.rates) {
        expect(ids.has(r.id), r.id).toBe(false);
        ids.add(r.id);
        for (const cur of CURRENCIES) {
          if (r.kind === 'flat') expect(Number.isSafeInteger(r.amount[cur])).toBe(true);
          else {
            const ups = r.brackets.map((b) => b.upToGrams);
            expect(ups).toEqual([...ups].sort((a, b) => a - b));
            r.brackets.forEach((b) => expect(Number.isSafeInteger(b.amount[cur])).toBe(true));
          }
        }
      }
    }
  });

  it('tax rates name supported countries and regions, at most one per country/region', () => {
    const seen = new Set<string>();
    for (const t of S.taxRates) {
      const country = S.countries.find((c) => c.code === t.country);
      expect(country, t.country).toBeDefined();
      if (t.region) expect(country!.regions?.[t.region], `${t.country}-${t.region}`).toBeDefined();
      const k = `${t.country}-${t.region ?? ''}`;
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
      expect(Number.isInteger(t.ratePpm) && t.ratePpm >= 0 && t.ratePpm < 1_000_000).toBe(true);
    }
  });
});
