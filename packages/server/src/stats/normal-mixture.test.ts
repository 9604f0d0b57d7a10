import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultMixture, oneSidedMixtureLogE } from './normal-mixture.js';

/** The half-normal mixture by brute-force integration, to check the closed form. */
function integrated(estimate: number, variance: number, tau: number): number {
  const info = 1 / variance;
  const score = estimate / variance;
  let sum = 0;
  const steps = 20_000;
  const top = 12 * tau;
  for (let i = 0; i < steps; i++) {
    const lambda = ((i + 0.5) / steps) * top;
    const density = (2 / (tau * Math.sqrt(2 * Math.PI))) * Math.exp(-(lambda * lambda) / (2 * tau * tau));
    sum += Math.exp(lambda * score - (lambda * lambda * info) / 2) * density * (top / steps);
  }
  return Math.log(sum);
}

describe('one-sided normal mixture e-value', () => {
  it('equals the integral it is the closed form of', () => {
    for (const [estimate, variance, tau] of [
      [0.01, 1e-5, 0.005],
      [-0.02, 4e-4, 0.01],
      [0.3, 0.01, 0.1],
    ] as const) {
      expect(oneSidedMixtureLogE(estimate, variance, [{ tau, weight: 1 }])).toBeCloseTo(
        integrated(estimate, variance, tau),
        4,
      );
    }
  });

  it('grows with the estimate and carries no evidence without variance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (d, gap) => {
          const mixture = defaultMixture(0.5);
          expect(oneSidedMixtureLogE(d + gap, 0.01, mixture)).toBeGreaterThanOrEqual(
            oneSidedMixtureLogE(d, 0.01, mixture) - 1e-9,
          );
        },
      ),
    );
    expect(oneSidedMixtureLogE(1, 0, defaultMixture(1))).toBe(0);
  });

  it('is below 1 when the estimate says "within tolerance"', () => {
    expect(oneSidedMixtureLogE(-0.01, 1e-4, defaultMixture(0.05))).toBeLessThan(0);
  });
});
