/**
 * The sequential reading of a rate, mean or latency gate: an anytime-valid one-sided test of
 * "the candidate is worse than the gate's tolerance" on everything since the release started,
 * at the gate's share of the release's α (docs/adr/0002-sequential-tests.md). Which test:
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
import { toleranceEvidence, mixtureLevel } from '../../stats/tolerance-e-value.js';
import { toleranceEstimate, type ToleranceInput, type ToleranceNull } from '../../stats/tolerance-test.js';
import { advanceEventShare, emptyEventShare, eventShareLogE } from '../../stats/event-share-test.js';
import { emptyMoments } from '../../stats/moments.js';
import { sketchQuantile } from '../../stats/latency-sketch.js';
import { bettingLogE, emptyBetting, type BettingState } from '../../stats/betting-mean.js';
import { isNonnegativeMeasure } from './metric-catalog.js';
import { resolveBound, type CompiledGate, type GateReferences } from './gate-compile.js';
import type { GateState, SequentialState } from './gate-state.js';
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
  /** Samples since release start the test has used (candidate, control). */
  samples: { candidate: number; control: number | null };
  reason: string | null;
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

type Make = (
  method: SequentialMethod,
  logE: number,
  samples: SequentialReading['samples'],
  activated: boolean,
) => SequentialReading;

/** Runs the gate's test on its state (pure). */
export function readSequential(
  gate: CompiledGate,
  gs: GateState,
  refs: GateReferences,
  alpha: number,
): SequentialResult {
  const cand = gs.moments.candidate.release;
  const ctl = gs.moments.control.release;
  const c = gate.comparison;
  const usesControl = c.kind === 'control-ratio' || c.kind === 'control-delta';
  const waiting = `the test starts after ${gate.minSamples} samples per arm`;
  const make: Make = (method, logE, samples, activated) => {
    const breached = logE >= Math.log(1 / alpha);
    const verdict: Verdict = breached ? 'breached' : activated ? 'passing' : 'inconclusive';
    return {
      verdict,
      method,
      logE,
      eValue: Math.exp(Math.min(logE, 700)),
      alpha,
      needed: 1 / alpha,
      samples,
      reason: breached || activated ? null : waiting,
    };
  };
  if (gate.quantile !== undefined) return readExceedance(gate, gs, refs, make);
  const samples = { candidate: cand.n, control: usesControl ? ctl.n : null };
  const activated = cand.n >= gate.minSamples && (!usesControl || ctl.n >= gate.minSamples);
  const keep = { sequential: gs.sequential, exceedance: gs.exceedance };
  const betting = gs.sequential.betting;
  if (betting !== null) {
    // Exact from the first observation: it may breach at once; `passing` still needs minSamples.
    const enough = betting.n >= gate.minSamples;
    const reading = make('betting', bettingLogE(betting), { candidate: betting.n, control: null }, enough);
    const reason = `fewer than ${gate.minSamples} samples to call it passing`;
    return { ...keep, reading: reading.verdict === 'inconclusive' ? { ...reading, reason } : reading };
  }
  if (isBinaryMetric(gate) && c.kind === 'control-ratio') {
    const share = advanceEventShare(
      gs.sequential.share ?? emptyEventShare(),
      { nc: cand.n, kc: cand.sx, nk: ctl.n, kk: ctl.sx },
      c.multiple,
      gate.direction,
    );
    return {
      ...keep,
      reading: make('event-share', eventShareLogE(share), samples, activated),
      sequential: { ...gs.sequential, share },
    };
  }
  const hypothesis = nullOf(gate, refs);
  if (hypothesis === undefined)
    return {
      ...keep,
      reading: { ...make('normal-mixture', 0, samples, false), reason: 'no value for the reference is available' },
    };
  const input: ToleranceInput = {
    candidate: cand,
    control: ctl,
    binary: isBinaryMetric(gate),
    direction: gate.direction,
    hypothesis,
  };
  if (input.binary && hypothesis.kind === 'absolute') {
    // Exact from the first event: no burn-in, no data-dependent scale.
    return {
      ...keep,
      reading: make('bernoulli-mixture', toleranceEvidence(input, hypothesis.bound).logE, samples, activated),
    };
  }
  // Normal mixtures need the CLT to have some data, and a scale frozen once (at activation).
  const estimate = activated && gs.sequential.level === null ? toleranceEstimate(input) : undefined;
  const level = gs.sequential.level ?? (estimate === undefined ? null : mixtureLevel(estimate));
  if (!activated || level === null) return { ...keep, reading: make('normal-mixture', 0, samples, false) };
  const reading = make('normal-mixture', toleranceEvidence(input, level).logE, samples, true);
  return { ...keep, reading, sequential: { ...gs.sequential, level } };
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
 */
function readExceedance(gate: CompiledGate, gs: GateState, refs: GateReferences, make: Make): SequentialResult {
  const q = gate.quantile ?? 0.95;
  let exceedance = gs.exceedance;
  if (exceedance === null) {
    const threshold = frozenThreshold(gate, gs, refs);
    if (threshold === undefined) {
      const reading = {
        ...make('bernoulli-mixture', 0, { candidate: 0, control: null }, false),
        reason: 'the latency threshold is not known yet',
      };
      return { reading, sequential: gs.sequential, exceedance: null };
    }
    exceedance = { threshold, candidate: emptyMoments(), control: emptyMoments() };
  }
  const cand = exceedance.candidate;
  const input: ToleranceInput = {
    candidate: cand,
    binary: true,
    direction: 1,
    hypothesis: { kind: 'absolute', bound: 1 - q },
  };
  const evidence = toleranceEvidence(input, 1 - q);
  const reading = make(
    'bernoulli-mixture',
    evidence.logE,
    { candidate: cand.n, control: null },
    cand.n >= gate.minSamples,
  );
  return { reading, sequential: gs.sequential, exceedance };
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
