/**
 * Heavy keys through the engine (ADR 0002 §12, docs/gates.md "Heavy keys"): sticky keys with Zipf
 * volumes and per-key error rates that differ a lot, the candidate serving the keys assigned to its
 * 10 %, both arms the same bundle (A/A). The same seeded streams are fed twice: with the bucketing
 * key on every outcome (`key`), and without it — which is what the engine did before key buckets,
 * every request its own unit. Without keys the comparison with control rolls back far more than α
 * of these canaries; with keys it stays within α (plus simulation error), and an A/B canary whose
 * bundle really doubles every key's rate is still caught.
 */
import { describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '@ripcord/protocol';
import { seededRandom, standardNormal, type Random } from '../../../stats/random.js';
import { KEY_BUCKETS } from '../../../stats/key-buckets.js';
import { gateSpecSchema } from '../language/gate-spec.js';
import { ManualClock } from '../../../clock.js';
import { applyEvent } from './release-ingest.js';
import { createReleaseState } from './release-state.js';
import { evaluateRelease } from './release-evaluate.js';
import { snapshotReleaseState, restoreReleaseState } from './state-snapshot.js';
import { T0 } from './gate-test-release.js';

const KEYS = 300;
const CANDIDATE_REQUESTS = 6_000;
const READ_EVERY = 250;
const CANARIES = 40;

function gamma(rng: Random, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(rng.next()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Keys (rates alike at 2 %, or else): Zipf(1.3) volumes, error rates Beta(0.1, 4.9) (mean 2 %, a few keys at 10–30 %), 10 % candidate. */
function population(rng: Random, alike: boolean) {
  const cdf: number[] = [];
  const rate: number[] = [];
  const candidate: boolean[] = [];
  let total = 0;
  for (let i = 0; i < KEYS; i++) {
    total += 1 / (i + 1) ** 1.3;
    cdf.push(total);
    const a = gamma(rng, 0.1);
    rate.push(alike ? 0.02 : a / (a + gamma(rng, 4.9)));
    candidate.push(rng.next() < 0.1);
  }
  return { cdf: cdf.map((c) => c / total), rate, candidate };
}

function pick(rng: Random, cdf: number[]): number {
  const u = rng.next();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const gate = gateSpecSchema.parse({
  name: 'errors',
  severity: 'rapid',
  metric: 'error_rate',
  candidate: { above: '1.5x', of: 'control' },
  test: 'sequential',
});

/** One canary: whether the gate ever breached, and the state at the end. */
function canary(seed: number, withKeys: boolean, lift: number, alike = false) {
  const rng = seededRandom(seed);
  const pop = population(rng, alike);
  // One gate at the release's whole α (0.05).
  let state = createReleaseState({ release: 'r1', gates: [gate] }, T0);
  const clock = new ManualClock(T0);
  let served = 0;
  let i = 0;
  let breached = false;
  while (served < CANDIDATE_REQUESTS && !breached) {
    const key = pick(rng, pop.cdf);
    const cand = pop.candidate[key] === true;
    const error = rng.next() < Math.min(1, (pop.rate[key] ?? 0) * (cand ? lift : 1));
    const e: OutcomeEvent = {
      type: 'outcome',
      id: `e${i}`,
      workflow: 'w',
      environment: 'prod',
      at: clock.now().toISOString(),
      requestId: `q${i++}`,
      arm: cand ? 'candidate' : 'control',
      error,
      ...(withKeys ? { key: `user-${key}` } : {}),
    };
    applyEvent(state, e);
    if (!cand || ++served % READ_EVERY !== 0) continue;
    clock.advance(1000);
    const result = evaluateRelease(state, clock);
    state = result.state;
    breached = result.evaluation.gates[0]?.state === 'breached';
  }
  return { breached, state };
}

const rate = (withKeys: boolean, lift: number, seed: number, alike = false, canaries = CANARIES): number =>
  Array.from({ length: canaries }, (_, r) => canary(seed + r, withKeys, lift, alike).breached).filter(Boolean).length /
  canaries;

/** α + 3 standard errors of a rate estimated from {@link CANARIES} canaries. */
const allowed = 0.05 + 3 * Math.sqrt((0.05 * 0.95) / CANARIES);

describe('heavy keys: comparisons with control read the key buckets', () => {
  it('A/A with heavy keys: at most α false rollbacks with keys, far more when every request is its own unit', () => {
    const withKeys = rate(true, 1, 4_100);
    const withoutKeys = rate(false, 1, 4_100);
    expect(withKeys).toBeLessThanOrEqual(allowed);
    expect(withoutKeys).toBeGreaterThan(allowed);
  }, 120_000);

  it('still catches a bundle that multiplies every key’s error rate by 2.5 when keys are alike', () => {
    // Keys alike: the design effect stays near 1 and the test keeps (nearly) its power.
    expect(rate(true, 2.5, 8_300, true, 20)).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('keeps the bucket sums per arm, and a snapshot restores them exactly', () => {
    const { state } = canary(77, true, 1);
    const keys = state.gates.errors?.keys;
    expect(keys?.candidate.x).toHaveLength(KEY_BUCKETS);
    expect(keys?.keyed).toBeGreaterThan(0);
    const sum = (xs: number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);
    const moments = state.gates.errors?.moments;
    expect(sum(keys?.candidate.y)).toBe(moments?.candidate.release.n);
    expect(sum(keys?.control.x)).toBe(moments?.control.release.sx);
    const restored = restoreReleaseState(JSON.parse(JSON.stringify(snapshotReleaseState(state))));
    expect(restored.gates.errors?.keys).toEqual(keys);
    const clock = new ManualClock(new Date(T0.getTime() + 3_600_000));
    expect(evaluateRelease(restored, clock).evaluation).toEqual(evaluateRelease(state, clock).evaluation);
  });
});
