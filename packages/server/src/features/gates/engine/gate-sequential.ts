/**
 * The sequential reading of a rate, mean or latency gate: an anytime-valid one-sided test of
 * "the candidate is worse than the gate's tolerance" on everything since the release started, and
 * one restarted when the gate's words begin to hold (so a late regression is not diluted by the
 * hours before it), together at the gate's share of the release's α
 * (docs/adr/0002-sequential-tests.md §1, §9). Which test:
 *
 * | metric / comparison                 | test                                   | validity   |
 * | ----------------------------------- | -------------------------------------- | ---------- |
 * | 0/1 rate vs a fixed bound           | Bernoulli likelihood-ratio mixture     | exact      |
 * | latency vs a fixed bound            | the same, on exceedance of the bound   | exact      |
 * | 0/1 rate vs a multiple of control   | event-share test (Lindon & Malek)      | exact*     |
 * | 0/1 rate vs control + δ pp          | normal mixture (asymptotic CS)         | asymptotic |
 * | nonnegative mean/ratio vs fixed bound| betting e-process (cost, MAPE)         | exact      |
 * | other means, ratios, missing feat.  | normal mixture (asymptotic CS)         | asymptotic |
 *
 * (*) under the Poisson model; conservative for Bernoulli outcomes at m = 1.
 * Pure: the caller stores the returned `sequential` / `exceedance` parts.
 */
import { toleranceEvidence, mixtureLevel } from '../../../stats/tolerance-e-value.js';
import {
  binaryCltReady,
  toleranceEstimate,
  type ToleranceInput,
  type ToleranceNull,
} from '../../../stats/tolerance-test.js';
import {
  advanceEventShare,
  emptyEventShare,
  eventShareLogE,
  type EventShareState,
} from '../../../stats/event-share-test.js';
import { emptyMoments, ratioVariance } from '../../../stats/moments.js';
import { designEffect } from '../../../stats/key-buckets.js';
import { sketchQuantile } from '../../../stats/latency-sketch.js';
import { bettingLogE, emptyBetting, type BettingState } from '../../../stats/betting-mean.js';
import { isNonnegativeMeasure } from '../language/metric-catalog.js';
import { resolveBound, type CompiledGate, type GateReferences } from '../language/gate-compile.js';
import type { GateState, RecentTest, SequentialState } from './gate-state.js';
import {
  nextRecent,
  restartsTests,
  sinceStart,
  testAlphas,
  type SequentialContext,
  type TestData,
} from './gate-restart.js';

export { RECENT_SHARE, restartsTests, testAlphas, type SequentialContext } from './gate-restart.js';
import type { Verdict } from './gate-literal.js';

/** Which anytime-valid test a gate runs. */
export type SequentialMethod = 'bernoulli-mixture' | 'event-share' | 'betting' | 'normal-mixture';

/** The sequential reading, with its evidence. */
export interface SequentialReading {
  verdict: Verdict;
  method: SequentialMethod;
  /** log of the e-value; `eValue` = exp(logE). */
  logE: number;
  eValue: number;
  /** This gate's share of the release's α. */
  alpha: number;
  /** The e-value that breaches: 1/α (Ville's inequality). */
  needed: number;
  /** Samples the reported test has used (candidate, control): since release start, or since `since`. */
  samples: { candidate: number; control: number | null };
  reason: string | null;
  /** When the reported test is the one restarted as the words began to hold: when that was. */
  since: string | null;
}

/** The reading and the gate-state parts to store. */
export interface SequentialResult {
  reading: SequentialReading;
  sequential: SequentialState;
  exceedance: GateState['exceedance'];
}

/** Whether the metric's observations are 0/1 (so exact Bernoulli tests apply). */
export function isBinaryMetric(gate: CompiledGate): boolean {
  return gate.info.kind === 'rate' && gate.metric !== 'missing_feature_rate';
}

/**
 * Whether the gate runs the betting test: a metric nonnegative by definition
 * ({@link isNonnegativeMeasure}), higher worse, compared `above:` a fixed bound (a value, an
 * approved estimate, an SLO), with a sequential reading. Comparisons with control keep the normal
 * mixture. Only these gates pay the six `log1p` per candidate observation.
 */
export function usesBetting(gate: CompiledGate): boolean {
  return (
    gate.test !== 'literal' &&
    gate.direction === 1 &&
    gate.comparison.kind === 'absolute' &&
    isNonnegativeMeasure(gate.metric)
  );
}

/**
 * The betting test of a gate that {@link usesBetting}, with its bound resolved now — at release
 * start, as the latency threshold is — or `null` (other gates, or a bound unknown or ≤ 0 at start:
 * those fall back to the normal mixture).
 */
export function initialBetting(gate: CompiledGate, refs: GateReferences): BettingState | null {
  if (!usesBetting(gate) || gate.comparison.kind !== 'absolute') return null;
  const bound = resolveBound(gate, gate.comparison.bound, refs);
  return bound !== undefined && bound > 0 && Number.isFinite(bound) ? emptyBetting(bound) : null;
}

/** One test's outcome: its e-value, whether it may call the gate passing, and its state to keep. */
interface TestOutcome {
  method: SequentialMethod;
  logE: number;
  samples: SequentialReading['samples'];
  activated: boolean;
  reason: string | null;
  share: EventShareState | null;
  level: number | null;
}

/**
 * Runs the gate's test on `data` (pure). `level` is the normal mixture's frozen scale, if frozen;
 * the outcome says the scale to keep (frozen now when the test activates).
 */
function runTest(gate: CompiledGate, data: TestData, refs: GateReferences, level: number | null): TestOutcome {
  const { candidate: cand, control: ctl } = data;
  const c = gate.comparison;
  const usesControl = c.kind === 'control-ratio' || c.kind === 'control-delta';
  const waiting = `the test starts after ${gate.minSamples} samples per arm`;
  const outcome = (
    method: SequentialMethod,
    logE: number,
    samples: SequentialReading['samples'],
    activated: boolean,
    reason: string | null = activated ? null : waiting,
  ): TestOutcome => ({ method, logE, samples, activated, reason, share: data.share, level });
  if (gate.quantile !== undefined) {
    if (data.exceedance === null)
      return outcome(
        'bernoulli-mixture',
        0,
        { candidate: 0, control: null },
        false,
        'the latency threshold is not known yet',
      );
    const q = gate.quantile;
    const input: ToleranceInput = {
      candidate: data.exceedance,
      binary: true,
      direction: 1,
      hypothesis: { kind: 'absolute', bound: 1 - q },
    };
    const n = data.exceedance.n;
    return outcome(
      'bernoulli-mixture',
      toleranceEvidence(input, 1 - q).logE,
      { candidate: n, control: null },
      n >= gate.minSamples,
    );
  }
  const samples = { candidate: cand.n, control: usesControl ? ctl.n : null };
  const activated = cand.n >= gate.minSamples && (!usesControl || ctl.n >= gate.minSamples);
  if (data.betting !== null) {
    // Exact from the first observation: it may breach at once; `passing` still needs minSamples.
    const n = data.betting.n;
    const enough = n >= gate.minSamples;
    const reason = enough ? null : `fewer than ${gate.minSamples} samples to call it passing`;
    return outcome('betting', bettingLogE(data.betting), { candidate: n, control: null }, enough, reason);
  }
  if (isBinaryMetric(gate) && c.kind === 'control-ratio') {
    const share = advanceEventShare(
      data.share ?? emptyEventShare(),
      { nc: cand.n, kc: cand.sx, nk: ctl.n, kk: ctl.sx },
      c.multiple,
      gate.direction,
    );
    const deff = keyDesignEffect(data, c.multiple);
    return { ...outcome('event-share', eventShareLogE(share) / deff, samples, activated), share };
  }
  const hypothesis = nullOf(gate, refs);
  if (hypothesis === undefined)
    return outcome('normal-mixture', 0, samples, false, 'no value for the reference is available');
  const input: ToleranceInput = {
    candidate: cand,
    control: ctl,
    binary: isBinaryMetric(gate),
    direction: gate.direction,
    hypothesis,
    designEffect: keyDesignEffect(data, hypothesis.kind === 'ratio' ? hypothesis.multiple : 1),
  };
  // Exact from the first event: no burn-in, no data-dependent scale.
  if (input.binary && hypothesis.kind === 'absolute')
    return outcome('bernoulli-mixture', toleranceEvidence(input, hypothesis.bound).logE, samples, activated);
  // Normal mixtures need the CLT to have some data, and a scale frozen once (at activation). On 0/1
  // data that is also n·p·(1−p) ≥ 10 at the null boundary (ADR 0002 §10).
  if (activated && !binaryCltReady(input))
    return outcome('normal-mixture', 0, samples, false, 'the test starts once the candidate has 10 expected events');
  const estimate = activated && level === null ? toleranceEstimate(input) : undefined;
  const frozen = level ?? (estimate === undefined ? null : mixtureLevel(estimate));
  if (!activated || frozen === null) return outcome('normal-mixture', 0, samples, false);
  return { ...outcome('normal-mixture', toleranceEvidence(input, frozen).logE, samples, true), level: frozen };
}

/**
 * Runs the gate's tests on its state (pure): the release-long test on everything since the release
 * started, and — while the gate's words hold — a test restarted at the tick they began to hold
 * (ADR 0002 §9). The gate breaches when either reaches its share of α; the reading reports the one
 * closer to its threshold. Without `context` no restarted test runs.
 */
export function readSequential(
  gate: CompiledGate,
  gs: GateState,
  refs: GateReferences,
  alpha: number,
  context?: SequentialContext,
): SequentialResult {
  const exceedance = gate.quantile === undefined ? gs.exceedance : (gs.exceedance ?? freezeExceedance(gate, gs, refs));
  const restarts = gs.sequential.restarts ?? 0;
  const previous = gs.sequential.recent ?? null;
  const restarting = restartsTests(gate);
  const recentState =
    context === undefined || !restarting ? previous : nextRecent(gate, gs, exceedance, previous, context);
  const alphas = testAlphas(alpha, recentState?.j ?? 1, restarting);
  const main = runTest(
    gate,
    {
      candidate: gs.moments.candidate.release,
      control: gs.moments.control.release,
      exceedance: exceedance?.candidate ?? null,
      betting: gs.sequential.betting,
      share: gs.sequential.share,
      keys: gs.keys,
    },
    refs,
    gs.sequential.level,
  );
  const level = main.level;
  const recent =
    recentState === null ? null : runTest(gate, sinceStart(gs, exceedance, recentState), refs, level ?? null);
  const reading = combineTests(main, alphas.main, recent, recentState, alphas.recent);
  const sequential: SequentialState = {
    ...gs.sequential,
    level,
    share: main.share,
    recent: recentState === null || recent === null ? null : { ...recentState, share: recent.share },
    restarts: recentState !== null && previous === null ? restarts + 1 : restarts,
  };
  return { reading, sequential, exceedance };
}

/** The gate's reading from its release-long test and, if one runs, its restarted test. */
function combineTests(
  main: TestOutcome,
  mainAlpha: number,
  recent: TestOutcome | null,
  recentState: RecentTest | null,
  recentAlpha: number,
): SequentialReading {
  const margin = (t: TestOutcome, a: number) => t.logE - Math.log(1 / a);
  const recentLeads = recent !== null && recentState !== null && margin(recent, recentAlpha) > margin(main, mainAlpha);
  const lead = recentLeads && recent !== null ? recent : main;
  const leadAlpha = recentLeads ? recentAlpha : mainAlpha;
  const breached = margin(lead, leadAlpha) >= 0;
  const verdict: Verdict = breached ? 'breached' : main.activated ? 'passing' : 'inconclusive';
  return {
    verdict,
    method: lead.method,
    logE: lead.logE,
    eValue: Math.exp(Math.min(lead.logE, 700)),
    alpha: leadAlpha,
    needed: 1 / leadAlpha,
    samples: lead.samples,
    reason: breached || main.activated ? null : main.reason,
    since: recentLeads && recentState !== null ? recentState.since : null,
  };
}

/**
 * The design effect of the gate's comparison with control from its key buckets (ADR 0002 §12): 1
 * while no observation carried a bucketing key (each request its own unit), for gates without key
 * buckets, and when keys are alike; above 1 as heavy keys make the arms' key samples differ.
 */
export function keyDesignEffect(data: TestData, multiple: number): number {
  const keys = data.keys;
  if (keys === null || keys.keyed <= 0) return 1;
  const independent = ratioVariance(data.candidate) + multiple * multiple * ratioVariance(data.control);
  return designEffect(keys.candidate, keys.control, multiple, independent);
}

/** The null boundary of a rate/mean/ratio gate, or `undefined` when a reference is missing. */
function nullOf(gate: CompiledGate, refs: GateReferences): ToleranceNull | undefined {
  const c = gate.comparison;
  if (c.kind === 'control-ratio') return { kind: 'ratio', multiple: c.multiple };
  if (c.kind === 'control-delta') return { kind: 'delta', delta: c.delta };
  if (c.kind !== 'absolute') return undefined;
  const bound = resolveBound(gate, c.bound, refs);
  return bound === undefined ? undefined : { kind: 'absolute', bound };
}

/**
 * Latency: "p95 above T" ⟺ "more than 5 % of requests slower than T". The test counts exceedances
 * of T, frozen at release start (fixed references) or, for `of: control`, when control first has
 * its minimum sample; counting starts at the freeze, so the frozen T never depends on data it tests.
 * `null` while T is not known yet.
 */
function freezeExceedance(gate: CompiledGate, gs: GateState, refs: GateReferences): GateState['exceedance'] {
  const threshold = frozenThreshold(gate, gs, refs);
  return threshold === undefined ? null : { threshold, candidate: emptyMoments(), control: emptyMoments() };
}

function frozenThreshold(gate: CompiledGate, gs: GateState, refs: GateReferences): number | undefined {
  const c = gate.comparison;
  if (c.kind === 'absolute') return resolveBound(gate, c.bound, refs);
  const sketch = gs.sketches?.control.release;
  if (sketch === undefined || gs.moments.control.release.n < gate.minSamples || gate.quantile === undefined)
    return undefined;
  const base = sketchQuantile(sketch, gate.quantile);
  if (base === undefined) return undefined;
  return c.kind === 'control-ratio' ? c.multiple * base : c.kind === 'control-delta' ? base + c.delta : undefined;
}
