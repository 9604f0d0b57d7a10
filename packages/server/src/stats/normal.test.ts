import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logNormalCdf, normalCdf, normalQuantile } from './normal.js';

describe('normal distribution', () => {
  it('matches tabulated values of Φ', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-2.326348)).toBeCloseTo(0.01, 6);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 6);
  });

  it('keeps log Φ finite and accurate deep in the lower tail', () => {
    // Φ(−10) = 7.6199e−24, log = −53.231
    expect(logNormalCdf(-10)).toBeCloseTo(-53.2312, 3);
    expect(Number.isFinite(logNormalCdf(-40))).toBe(true);
    expect(logNormalCdf(5)).toBeCloseTo(Math.log(normalCdf(5)), 9);
  });

  it('inverts Φ', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (p) => {
        expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
      }),
    );
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
  });
});
