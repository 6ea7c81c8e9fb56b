import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate';
import { divRoundHalfUp, mulDivRound, percentOf, taxInGross, taxOnNet } from './rounding';

describe('rounding: half up (away from zero), integers only', () => {
  it('rounds halves away from zero', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(5n, 3n)).toBe(2n);
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });

  it('computes percentages and taxes as documented', () => {
    expect(percentOf(1999, 1500)).toBe(300); // 299.85 → 300
    expect(percentOf(1000, 1250)).toBe(125);
    expect(taxOnNet(1000, 72_500)).toBe(73); // 72.5 → 73 (half up)
    expect(taxOnNet(999, 88_750)).toBe(89); // 88.66 → 89
    expect(taxInGross(1190, 190_000)).toBe(190); // 19 % VAT inside €11.90
    expect(taxInGross(1000, 200_000)).toBe(167); // 166.67
    expect(() => mulDivRound(1.5, 1, 1)).toThrow(RangeError);
  });

  it('never loses precision for large amounts (BigInt intermediates)', () => {
    expect(mulDivRound(Number.MAX_SAFE_INTEGER, 1, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(taxOnNet(9_000_000_000_000, 200_000)).toBe(1_800_000_000_000);
  });

  it('property: the result is within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (a, n, d) => {
        const r = mulDivRound(a, n, d);
        // |r·d − a·n| ≤ d/2, exactly, in BigInt
        const diff = BigInt(r) * BigInt(d) - BigInt(a) * BigInt(n);
        const abs = diff < 0n ? -diff : diff;
        return abs * 2n <= BigInt(d);
      }),
    );
  });

  it('property: inclusive tax never exceeds the gross amount and matches exclusive tax on the net', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e8 }), fc.integer({ min: 0, max: 500_000 }), (gross, ppm) => {
        const tax = taxInGross(gross, ppm);
        return tax >= 0 && tax <= gross && Math.abs(taxOnNet(gross - tax, ppm) - tax) <= 1;
      }),
    );
  });
});

describe('allocate (largest remainder)', () => {
  it('splits exactly, remainders to the largest fractions, ties to earlier lines', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [500, 300, 200])).toEqual([5, 3, 2]);
    expect(allocate(1, [1, 1])).toEqual([1, 0]);
    expect(allocate(0, [])).toEqual([]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
    expect(() => allocate(1, [0])).toThrow(RangeError);
    expect(() => allocate(-1, [1])).toThrow(RangeError);
  });

  it('property: parts sum to the amount, each within its weight and proportional share ±1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const total = weights.reduce((a, b) => a + b, 0);
          const amount = Math.floor(total * f);
          const parts = allocate(amount, weights);
          const sum = parts.reduce((a, b) => a + b, 0);
          return (
            sum === amount &&
            parts.every((p, i) => p >= 0 && p <= weights[i]! && Math.abs(p - (amount * weights[i]!) / total) < 1 + 1e-9)
          );
        },
      ),
    );
  });
});
