import { describe, expect, it } from 'vitest';
import { binIndex, driftDistance, normaliseReference, quantileEdges, smoothedProportions } from './drift.js';

describe('drift distances', () => {
  it('bins by fixed edges, left-closed', () => {
    const edges = [1, 2, 3];
    expect([0.5, 1, 1.5, 2, 3, 99].map((v) => binIndex(edges, v))).toEqual([0, 1, 1, 2, 3, 3]);
  });

  it('builds deduplicated quantile edges', () => {
    expect(quantileEdges([0, 0, 0, 0, 0, 0, 0, 1, 2, 3], 10)).toEqual([0, 1, 2, 3]);
    expect(
      quantileEdges(
        Array.from({ length: 100 }, (_, i) => i),
        4,
      ),
    ).toEqual([25, 50, 75]);
  });

  it('is zero for identical distributions and matches hand-computed values', () => {
    const p = [0.5, 0.5];
    const q = [0.25, 0.75];
    expect(driftDistance('psi', p, p)).toBe(0);
    expect(driftDistance('kl', p, q)).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 12);
    expect(driftDistance('psi', p, q)).toBeCloseTo(0.25 * Math.log(2) - 0.25 * Math.log(2 / 3), 12);
    const js =
      0.5 * (0.5 * Math.log(0.5 / 0.375) + 0.5 * Math.log(0.5 / 0.625)) +
      0.5 * (0.25 * Math.log(0.25 / 0.375) + 0.75 * Math.log(0.75 / 0.625));
    expect(driftDistance('js', p, q)).toBeCloseTo(js, 12);
  });

  it('smooths empty bins so that KL and PSI stay finite', () => {
    const p = smoothedProportions([10, 0]);
    expect(p[1]).toBeGreaterThan(0);
    expect(Number.isFinite(driftDistance('kl', p, normaliseReference([0, 1])))).toBe(true);
  });
});
