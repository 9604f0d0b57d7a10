/**
 * Property tests of the sequential tests: across seeds and settings, (1) a candidate exactly at
 * the tolerance boundary — the hardest healthy case — is rolled back at most α of the time, within
 * simulation error (mean + 3 standard errors of R simulated canaries, each watched continuously up
 * to its horizon), and (2) a large regression is detected. Seeds are fixed, so runs replay.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bernoulliMixtureLogE } from './bernoulli-mixture.js';
import { advanceEventShare, emptyEventShare, eventShareLogE } from './event-share-test.js';
import { addObservation, emptyMoments } from './moments.js';
import { logNormalWithMean, seededRandom, type Random } from './random.js';
import { mixtureLevel, toleranceEvidence } from './tolerance-e-value.js';
import { toleranceEstimate, type ToleranceInput } from './tolerance-test.js';

const R = 300;
const HORIZON = 2000;
const TICK = 10;
const BURN_IN = 100;

/** α + 3 standard errors of a rate estimated from R runs. */
const allowed = (alpha: number): number => alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / R);

/** Fraction of R canaries whose test ever reached 1/α (checked every tick up to the horizon). */
function rejectionRate(seed: number, alpha: number, canary: (rng: Random) => () => number): number {
  let rejected = 0;
  for (let r = 0; r < R; r++) {
    const step = canary(seededRandom(seed * 1000 + r));
    for (let t = 0; t < HORIZON / TICK; t++) {
      if (step() >= Math.log(1 / alpha)) {
        rejected += 1;
        break;
      }
    }
  }
  return rejected / R;
}

/** Exact Bernoulli test of p ≤ bound; the candidate's true rate is `p`. */
const bernoulliCanary = (bound: number, p: number) => (rng: Random) => {
  let n = 0;
  let k = 0;
  return (): number => {
    for (let i = 0; i < TICK; i++, n++) if (rng.next() < p) k++;
    return bernoulliMixtureLogE(n, k, bound, 1);
  };
};

/** Event-share test of "rate ratio ≤ m"; control rate `pk`, candidate `ratio · pk`, share `share`. */
const shareCanary = (m: number, pk: number, ratio: number, share: number) => (rng: Random) => {
  const counts = { nc: 0, kc: 0, nk: 0, kk: 0 };
  let state = emptyEventShare();
  return (): number => {
    const target = counts.nc + TICK;
    while (counts.nc < target) {
      if (rng.next() < share) {
        counts.nc++;
        if (rng.next() < ratio * pk) counts.kc++;
      } else {
        counts.nk++;
        if (rng.next() < pk) counts.kk++;
      }
    }
    state = advanceEventShare(state, counts, m, 1);
    return eventShareLogE(state);
  };
};

/** Normal-mixture test (asymptotic): `draw` gives (candidate, control) observations per tick. */
const normalCanary =
  (
    make: (rng: Random) => { c: () => number; k: () => number },
    input: Omit<ToleranceInput, 'candidate' | 'control'>,
    controlPerCandidate: number,
  ) =>
  (rng: Random) => {
    const c = emptyMoments();
    const k = emptyMoments();
    const draw = make(rng);
    let level: number | null = null;
    return (): number => {
      for (let i = 0; i < TICK; i++) {
        addObservation(c, draw.c(), 1);
        for (let j = 0; j < controlPerCandidate; j++) addObservation(k, draw.k(), 1);
      }
      const full: ToleranceInput = { ...input, candidate: c, control: k };
      if (c.n < BURN_IN) return 0;
      const estimate = toleranceEstimate(full);
      if (level === null && estimate !== undefined) level = mixtureLevel(estimate);
      return level === null ? 0 : toleranceEvidence(full, level).logE;
    };
  };

const seeds = fc.integer({ min: 1, max: 1_000_000 });
const options = { seed: 20260502, numRuns: 4 };

describe('A/A at the tolerance boundary: false rollbacks ≤ α + simulation error', () => {
  it('exact Bernoulli mixture (rate vs a fixed bound)', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.01, 0.05, 0.2), fc.constantFrom(0.05, 0.01), (seed, p, alpha) => {
        expect(rejectionRate(seed, alpha, bernoulliCanary(p, p))).toBeLessThanOrEqual(allowed(alpha));
      }),
      options,
    );
  });

  it('event-share test (rate vs a multiple of control)', () => {
    fc.assert(
      fc.property(
        seeds,
        fc.constantFrom(1, 1.5, 2),
        fc.constantFrom(0.005, 0.02, 0.1),
        fc.constantFrom(0.1, 0.5),
        (seed, m, pk, share) => {
          expect(rejectionRate(seed, 0.05, shareCanary(m, pk, m, share))).toBeLessThanOrEqual(allowed(0.05));
        },
      ),
      options,
    );
  });

  it('normal mixture on 0/1 data (rate vs control + δ)', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.05, 0.2), fc.constantFrom(0, 0.02), (seed, pk, delta) => {
        const make = (rng: Random) => ({
          c: () => (rng.next() < pk + delta ? 1 : 0),
          k: () => (rng.next() < pk ? 1 : 0),
        });
        const canary = normalCanary(make, { binary: true, direction: 1, hypothesis: { kind: 'delta', delta } }, 3);
        expect(rejectionRate(seed, 0.05, canary)).toBeLessThanOrEqual(allowed(0.05));
      }),
      options,
    );
  });

  it('normal mixture on skewed costs (mean vs a fixed bound)', () => {
    fc.assert(
      fc.property(seeds, fc.constantFrom(0.3, 0.6), (seed, sigma) => {
        const make = (rng: Random) => ({ c: () => logNormalWithMean(rng, 0.0042, sigma), k: () => 0 });
        const canary = normalCanary(
          make,
          { binary: false, direction: 1, hypothesis: { kind: 'absolute', bound: 0.0042 } },
          0,
        );
        expect(rejectionRate(seed, 0.05, canary)).toBeLessThanOrEqual(allowed(0.05));
      }),
      options,
    );
  });
});

describe('the harness has teeth', () => {
  it('flags a test that peeks: a fixed-horizon z-test looked at every tick rejects a healthy canary far above α', () => {
    const peeking = (rng: Random) => {
      let n = 0;
      let k = 0;
      return (): number => {
        for (let i = 0; i < TICK; i++, n++) if (rng.next() < 0.05) k++;
        const z = (k / n - 0.05) / Math.sqrt((0.05 * 0.95) / n);
        return z > 1.645 ? Infinity : 0;
      };
    };
    expect(rejectionRate(1, 0.05, peeking)).toBeGreaterThan(allowed(0.05));
  });
});

describe('a large regression is detected', () => {
  it('by every test, in at least 95 % of canaries', () => {
    fc.assert(
      fc.property(seeds, (seed) => {
        expect(rejectionRate(seed, 0.01, bernoulliCanary(0.02, 0.06))).toBeGreaterThanOrEqual(0.95);
        expect(rejectionRate(seed, 0.01, shareCanary(1.5, 0.02, 4, 0.2))).toBeGreaterThanOrEqual(0.95);
        const costs = (rng: Random) => ({ c: () => logNormalWithMean(rng, 0.0063, 0.3), k: () => 0 });
        const canary = normalCanary(
          costs,
          { binary: false, direction: 1, hypothesis: { kind: 'absolute', bound: 0.0042 } },
          0,
        );
        expect(rejectionRate(seed, 0.01, canary)).toBeGreaterThanOrEqual(0.95);
      }),
      options,
    );
  });
});
