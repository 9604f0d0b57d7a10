/**
 * The HyperLogLog distinct counter: exact at tiny counts, within its error bound at large ones,
 * blind to repeats, mergeable, and round-tripping through its JSON form.
 */
import { describe, expect, it } from 'vitest';
import {
  addDistinct,
  createDistinctCounter,
  estimateDistinct,
  EXACT_LIMIT,
  mergeDistinct,
  murmur3,
  restoreDistinct,
  snapshotDistinct,
} from './distinct-count.js';

describe('distinct counter (HyperLogLog)', () => {
  it('reads 0 empty, and counts a value added many times once', () => {
    const c = createDistinctCounter();
    expect(estimateDistinct(c)).toBe(0);
    for (let i = 0; i < 1000; i++) addDistinct(c, 'user-1');
    expect(estimateDistinct(c)).toBe(1);
    for (const k of ['user-2', 'user-3', 'user-2', '', 'é', '👩‍🚀']) addDistinct(c, k);
    expect(estimateDistinct(c)).toBe(6);
  });

  it.each([100, 600, 2_000, 10_000, 100_000, 1_000_000])('estimates %i distinct keys within 5 %% (3σ)', (n) => {
    const c = createDistinctCounter();
    for (let i = 0; i < n; i++) addDistinct(c, `account-${i}`);
    // Repeats of the same keys change nothing.
    for (let i = 0; i < Math.min(n, 10_000); i++) addDistinct(c, `account-${i}`);
    expect(Math.abs(estimateDistinct(c) - n) / n).toBeLessThan(0.05);
  });

  it('counts exactly up to EXACT_LIMIT distinct values, then estimates from the registers', () => {
    const c = createDistinctCounter();
    for (let i = 0; i < EXACT_LIMIT; i++) {
      addDistinct(c, `user-${i}`);
      addDistinct(c, `user-${i >> 1}`);
    }
    expect(estimateDistinct(c)).toBe(EXACT_LIMIT);
    addDistinct(c, 'one-more');
    expect(c.exact).toBeNull();
    expect(Math.abs(estimateDistinct(c) - (EXACT_LIMIT + 1))).toBeLessThan(0.05 * EXACT_LIMIT);
    const back = restoreDistinct(snapshotDistinct(c));
    expect(back.exact).toBeNull();
    expect(estimateDistinct(back)).toBe(estimateDistinct(c));
  });

  it('keeps a fixed memory whatever it counts', () => {
    const c = createDistinctCounter(12);
    for (let i = 0; i < 50_000; i++) addDistinct(c, `k${i}`);
    expect(c.registers.length).toBe(4096);
    expect(c.exact).toBeNull();
    expect(snapshotDistinct(c).registers.length).toBe(Math.ceil(4096 / 3) * 4);
  });

  it('merges to the union of two counters', () => {
    const a = createDistinctCounter();
    const b = createDistinctCounter();
    const both = createDistinctCounter();
    for (let i = 0; i < 3000; i++) {
      addDistinct(i < 2000 ? a : b, `k${i}`);
      if (i >= 1000 && i < 2000) addDistinct(b, `k${i}`);
      addDistinct(both, `k${i}`);
    }
    mergeDistinct(a, b);
    expect(a.registers).toEqual(both.registers);
    expect(estimateDistinct(a)).toBe(estimateDistinct(both));
    const x = createDistinctCounter();
    const y = createDistinctCounter();
    ['a', 'b'].forEach((k) => addDistinct(x, k));
    ['b', 'c'].forEach((k) => addDistinct(y, k));
    mergeDistinct(x, y);
    expect(estimateDistinct(x)).toBe(3);
    expect(() => mergeDistinct(a, createDistinctCounter(10))).toThrow(/precision/);
  });

  it('round-trips through its JSON form and refuses registers of the wrong length', () => {
    const c = createDistinctCounter();
    for (let i = 0; i < 777; i++) addDistinct(c, `k${i}`);
    const back = restoreDistinct(
      JSON.parse(JSON.stringify(snapshotDistinct(c))) as ReturnType<typeof snapshotDistinct>,
    );
    expect(back.registers).toEqual(c.registers);
    expect(estimateDistinct(back)).toBe(estimateDistinct(c));
    expect(() => restoreDistinct({ precision: 12, registers: 'AAAA', exact: null })).toThrow(/registers/);
    expect(() => createDistinctCounter(3)).toThrow(RangeError);
  });

  it('hashes evenly: 64 buckets of 64,000 keys stay within 5 σ of their mean', () => {
    const buckets = new Array<number>(64).fill(0);
    for (let i = 0; i < 64_000; i++) buckets[murmur3(`key-${i}`) >>> 26]! += 1;
    const sigma = Math.sqrt(1000);
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(5 * sigma);
    expect(murmur3('a')).not.toBe(murmur3('b'));
    expect(murmur3('ab')).not.toBe(murmur3('ba'));
  });
});
