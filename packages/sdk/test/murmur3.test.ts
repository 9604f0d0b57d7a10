import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucket, bucketHash, murmur3, murmur3Bytes } from '../src/hash/murmur3.js';

const encoder = new TextEncoder();

describe('murmur3 over UTF-8 without allocation', () => {
  it('equals hashing TextEncoder bytes, for any string including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        expect(murmur3(s, seed)).toBe(murmur3Bytes(encoder.encode(s), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes workflow:release:key piecewise exactly like the joined string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary' }), (w, r, k) => {
        expect(bucketHash(w, r, k)).toBe(murmur3(`${w}:${r}:${k}`));
        expect(bucket(w, r, k)).toBe(murmur3(`${w}:${r}:${k}`) % 10_000);
      }),
    );
  });

  it('spreads keys evenly over the buckets', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i++) counts[Math.floor(bucket('w', 'r', `user-${i}`) / 1000)]!++;
    // ±5 % of 5,000 per decile is > 7 standard deviations: fails only on a broken hash.
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(250);
  });
});
