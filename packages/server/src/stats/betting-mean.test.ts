/**
 * The betting test of a nonnegative mean: exact validity at the tolerance boundary over many seeds
 * and shapes (skewed, heavy-tailed, two-point, ratio with failed tasks), detection of a regression,
 * and the guards that keep the supermartingale property when inputs are out of range.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addBet, bettingLogE, emptyBetting } from './betting-mean.js';
import { logNormalWithMean, seededRandom, type Random } from './random.js';

const R = 300;
const HORIZON = 2000;
const TICK = 10;
const allowed = (alpha: number): number => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / R);

/** Fraction of R canaries whose e-value ever reached 1/α, read every tick up to the horizon. */
function rejectionRate(seed: number, alpha: number, bound: number, draw: (rng: Random) => [number, number]): number {
  let rejected = 0;
  for (let r = 0; r < R; r++) {
    const rng = seededRandom(seed * 1000 + r);
    const state = emptyBetting(bound);
    for (let n = 0; n < HORIZON; n += TICK) {
      for (let i = 0; i < TICK; i++) addBet(state, ...draw(rng));
      if (bettingLogE(state) >= Math.log(1 / alpha)) {
        rejected += 1;
        break;
      }
    }
  }
  return rejected / R;
}

const seeds = fc.integer({ min: 1, max: 1_000_000 });
const options = { seed: 20261122, numRuns: 3 };

describe('betting test of a nonnegative mean: false rollbacks at the tolerance ≤ α + simulation error', () => {
  it('log-normal costs, from mildly to very skewed', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.3, 1, 2), fc.constantFrom(0.05, 0.01), (seed, sigma, alpha) => {
        const draw = (rng: Random): [number, number] => [logNormalWithMean(rng, 1.15, sigma), 1];
        expect(rejectionRate(seed, alpha, 1.15, draw)).toBeLessThanOrEqual(allowed(alpha));
      }),
      options,
    );
  });

  it('two-point values (0 or a large cost), the least favourable shape for a bettor', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.5, 0.1), (seed, p) => {
        const draw = (rng: Random): [number, number] => [rng.next() < p ? 1 / p : 0, 1];
        expect(rejectionRate(seed, 0.05, 1, draw)).toBeLessThanOrEqual(allowed(0.05));
      }),
      options,
    );
  });

  it('cost per successful task (failed tasks cost but do not count), ratio exactly at the bound', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.6, 0.9), (seed, success) => {
        // E[cost] = 2·success, E[y] = success: the ratio is exactly 2.
        const draw = (rng: Random): [number, number] => [
          logNormalWithMean(rng, 2 * success, 0.8),
          rng.next() < success ? 1 : 0,
        ];
        expect(rejectionRate(seed, 0.05, 2, draw)).toBeLessThanOrEqual(allowed(0.05));
      }),
      options,
    );
  });
});

describe('betting test of a nonnegative mean: power and guards', () => {
  it('detects a 30 % regression over a 15 % tolerance in nearly every canary', () => {
    const draw = (rng: Random): [number, number] => [logNormalWithMean(rng, 1.3, 0.5), 1];
    expect(rejectionRate(7, 0.05, 1.15, draw)).toBeGreaterThanOrEqual(0.95);
  });

  it('gains evidence with costs above the bound and loses it below', () => {
    const high = emptyBetting(1);
    const low = emptyBetting(1);
    for (let i = 0; i < 50; i++) {
      addBet(high, 1.5, 1);
      addBet(low, 0.5, 1);
    }
    expect(bettingLogE(high)).toBeGreaterThan(Math.log(20));
    expect(bettingLogE(low)).toBeLessThan(0);
  });

  it('ignores values that would break the bet (negative, NaN, y outside [0, 1], no bound)', () => {
    const state = emptyBetting(1);
    for (const [x, y] of [
      [-5, 1],
      [Number.NaN, 1],
      [Infinity, 1],
      [1, 2],
    ] as const)
      addBet(state, x, y);
    expect(state.n).toBe(0);
    expect(bettingLogE(state)).toBe(0);
    const unbounded = emptyBetting(0);
    addBet(unbounded, 3, 1);
    expect(bettingLogE(unbounded)).toBe(0);
  });

  it('round-trips through JSON (it lives in the persisted gate state)', () => {
    const state = emptyBetting(1.15);
    for (let i = 0; i < 10; i++) addBet(state, 1 + i / 10, 1);
    const copy = JSON.parse(JSON.stringify(state)) as typeof state;
    expect(bettingLogE(copy)).toBe(bettingLogE(state));
  });
});
