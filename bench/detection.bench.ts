/**
 * Detection benchmark (issue 4): thousands of simulated canaries, A/A, A/A at the gate's
 * tolerance (the hardest healthy case) and A/B, judged by four detectors on the same streams:
 *
 *   ripcord sequential — the gate's anytime-valid test, as the engine runs it (src/stats); for
 *                        the cost scenario (a nonnegative mean against a fixed bound) that is the
 *                        betting e-process (src/stats/betting-mean.ts), fed by the engine at every
 *                        candidate observation (ADR 0002 §8);
 *   ripcord default    — `both`: the literal words and the test must agree (immediate/rapid);
 *   normal mixture     — cost only: the same gate with the betting test switched off, i.e. the
 *                        two-moment test the engine ran for cost before §8 was wired (for comparison);
 *   literal            — the gate's words alone, read at every tick (what the seeds do);
 *   Mann–Whitney       — Kayenta-style judge: one look at a planned horizon, 98 % confidence,
 *                        plus Kayenta's effect-size check against the gate's tolerance;
 *   SPRT (oracle)      — Wald's test of "at tolerance" vs the true candidate value, true rates
 *                        known, checked after every observation: the lower bound.
 *
 * Run: node --import tsx bench/detection.bench.ts [runs]   (prints a markdown table)
 * Traffic: candidate 10 % / control 90 %; a tick = 10 candidate observations (+ ~90 control).
 */
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ToleranceNull } from '../packages/server/src/stats/tolerance-test.js';
import { bernoulliLogLr, gaussianLogLr } from '../packages/server/src/stats/sprt.js';
import { mannWhitneyBinaryGreaterP, mannWhitneyGreaterP } from '../packages/server/src/stats/mann-whitney.js';
import { normalQuantile } from '../packages/server/src/stats/normal.js';
import { seededRandom, standardNormal, type Random } from '../packages/server/src/stats/random.js';
import { gateSpecSchema, type GateSpec } from '../packages/server/src/features/gates/language/gate-spec.js';
import type { CompiledGate, GateReferences } from '../packages/server/src/features/gates/language/gate-compile.js';
import type { GateState } from '../packages/server/src/features/gates/engine/gate-state.js';
import { createReleaseState } from '../packages/server/src/features/gates/engine/release-state.js';
import { applyLatency, applyMeasured } from '../packages/server/src/features/gates/engine/gate-observe.js';
import { readLiteral } from '../packages/server/src/features/gates/engine/gate-literal.js';
import { readSequential } from '../packages/server/src/features/gates/engine/gate-sequential.js';
import { combine } from '../packages/server/src/features/gates/engine/gate-evaluate.js';
import { addControl } from './control-sums.js';

const ALPHA = 0.05;
const TICK = 10;
const CONTROL_PER_CANDIDATE = 9;
const RUNS = Number(process.argv[2] ?? 500);

type Variant = 'aa' | 'tolerance' | 'ab';
const VARIANTS: readonly Variant[] = ['aa', 'tolerance', 'ab'];

/** One scenario: a gate, and the candidate's true value in each variant. */
interface Scenario {
  title: string;
  gate: string;
  unit: string;
  /** Binary (rates, exceedance) or log-normal (cost, σ in log space). */
  kind: 'binary' | 'lognormal';
  control: number;
  candidate: Record<Variant, number>;
  /** The null of the gate's test, and the literal window (`0` = since the stage began). */
  hypothesis: ToleranceNull;
  window: number;
  /** Mixture scale for the exact tests (the tolerance level on the metric's scale). */
  sigma?: number;
}

const SCENARIOS: Scenario[] = [
  {
    title: 'error 1 % → 2 %',
    gate: 'error_rate above "1.5x" of control',
    unit: 'requests',
    kind: 'binary',
    control: 0.01,
    candidate: { aa: 0.01, tolerance: 0.015, ab: 0.02 },
    hypothesis: { kind: 'ratio', multiple: 1.5 },
    window: 0,
  },
  {
    title: 'error 1 % → 1.5 %',
    gate: 'error_rate above "1.25x" of control',
    unit: 'requests',
    kind: 'binary',
    control: 0.01,
    candidate: { aa: 0.01, tolerance: 0.0125, ab: 0.015 },
    hypothesis: { kind: 'ratio', multiple: 1.25 },
    window: 0,
  },
  {
    title: 'latency exceedance 5 % → 10 %',
    gate: 'latency_p95 above "1x" of baseline_p95_7d',
    unit: 'requests',
    kind: 'binary',
    control: 0.05,
    candidate: { aa: 0.05, tolerance: 0.05, ab: 0.1 },
    hypothesis: { kind: 'absolute', bound: 0.05 },
    window: 0,
  },
  {
    title: 'cost +30 %',
    gate: 'cost_per_successful_task above "1.15x" of approved_estimate, over 1000 completed tasks',
    unit: 'tasks',
    kind: 'lognormal',
    control: 1,
    candidate: { aa: 1, tolerance: 1.15, ab: 1.3 },
    hypothesis: { kind: 'absolute', bound: 1.15 },
    window: 1000,
    sigma: 0.5,
  },
  {
    title: 'review rejection +5pp',
    gate: 'review_rejection_rate worseThanControlBy "2.5pp", over 200 reviewed outputs',
    unit: 'reviews',
    kind: 'binary',
    control: 0.1,
    candidate: { aa: 0.1, tolerance: 0.125, ab: 0.15 },
    hypothesis: { kind: 'delta', delta: 0.025 },
    window: 200,
  },
];

/** The boundary of the gate's null on the metric's scale, given the true control value. */
function toleranceValue(s: Scenario): number {
  const h = s.hypothesis;
  return h.kind === 'absolute' ? h.bound : h.kind === 'ratio' ? h.multiple * s.control : s.control + h.delta;
}

/** Per-observation variance of the metric at value v. */
const variance = (s: Scenario, v: number): number =>
  s.kind === 'binary' ? v * (1 - v) : v * v * (Math.exp((s.sigma ?? 0) ** 2) - 1);

/** Kayenta's horizon: 80 % power for both its MW test (one-sided 0.01) and its effect-size check. */
function fixedHorizon(s: Scenario): number {
  const b = s.candidate.ab;
  const se1 = Math.sqrt(
    variance(s, b) + (s.hypothesis.kind === 'absolute' ? 0 : variance(s, s.control) / CONTROL_PER_CANDIDATE),
  );
  const zTest = normalQuantile(0.99) + normalQuantile(0.8);
  const n = Math.max(
    ((zTest * se1) / (b - s.control)) ** 2,
    ((normalQuantile(0.8) * se1) / (b - toleranceValue(s))) ** 2,
  );
  return Math.ceil(n / TICK) * TICK;
}

/** Oracle SPRT's theoretical expected sample size (log(1/α) / KL), used to size the horizon. */
function sprtExpected(s: Scenario): number {
  const p0 = toleranceValue(s);
  const p1 = s.candidate.ab;
  const kl =
    s.kind === 'binary'
      ? p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0))
      : Math.log(p1 / p0) ** 2 / (2 * (s.sigma ?? 1) ** 2);
  return Math.log(1 / ALPHA) / kl;
}

const binomial = (rng: Random, n: number, p: number): number => {
  // Inversion (exact); the callers have n·p below ~10, so this loop is short.
  let k = 0;
  let prob = (1 - p) ** n;
  let cdf = prob;
  const u = rng.next();
  while (u > cdf && k < n) {
    prob *= ((n - k) / (k + 1)) * (p / (1 - p));
    k += 1;
    cdf += prob;
  }
  return k;
};
const logNormal = (rng: Random, mean: number, sigma: number): number =>
  mean * Math.exp(sigma * standardNormal(rng) - (sigma * sigma) / 2);

/** When each detector first fired (candidate observations), `Infinity` when it never did. */
interface Detections {
  sequential: number;
  both: number;
  mixture: number;
  literal: number;
  mannWhitney: number;
  sprt: number;
}

const NEVER: Detections = {
  sequential: Infinity,
  both: Infinity,
  mixture: Infinity,
  literal: Infinity,
  mannWhitney: Infinity,
  sprt: Infinity,
};

/** The gate as ripcord compiles it, with the engine state the run feeds. */
function engineGate(s: Scenario): { gate: CompiledGate; state: GateState; references: GateReferences } {
  const spec = gateSpecFor(s);
  const config = { release: 'bench', gates: [spec], references: { baselineP95Ms7d: LATENCY_P95 } };
  const release = createReleaseState(config, new Date(0));
  const gate = release.compiled[0];
  const state = release.gates[spec.name];
  if (gate === undefined || state === undefined) throw new Error('bench gate did not compile');
  return { gate, state, references: config.references };
}

/** The scenario's gate in the ticket language (parsed by the real schema). */
function gateSpecFor(s: Scenario): GateSpec {
  const base = { name: 'g', severity: 'rapid', test: 'both' };
  const specs: Record<string, unknown> = {
    'error 1 % → 2 %': { ...base, metric: 'error_rate', candidate: { above: '1.5x', of: 'control' } },
    'error 1 % → 1.5 %': { ...base, metric: 'error_rate', candidate: { above: '1.25x', of: 'control' } },
    'latency exceedance 5 % → 10 %': {
      ...base,
      metric: 'latency_p95',
      candidate: { above: '1x', of: 'baseline_p95_7d' },
    },
    'cost +30 %': {
      ...base,
      metric: 'cost_per_successful_task',
      candidate: { above: '1.15x', of: 'approved_estimate' },
      approvedEstimateUsd: 1,
      over: { completedTasks: 1000 },
    },
    'review rejection +5pp': {
      ...base,
      metric: 'review_rejection_rate',
      candidate: { worseThanControlBy: '2.5pp' },
      over: { reviewedOutputs: 200 },
    },
  };
  return gateSpecSchema.parse(specs[s.title]);
}

/** Latency model of the exceedance scenario: log-normal, σ = 0.5, control p95 = 1,000 ms. */
const LATENCY_SIGMA = 0.5;
const LATENCY_P95 = 1000;
const latencyMu = (exceed: number): number => Math.log(LATENCY_P95) - normalQuantile(1 - exceed) * LATENCY_SIGMA;

/** One candidate observation of the scenario, on the engine's scale. */
function draw(s: Scenario, rng: Random, value: number): number {
  if (s.title.startsWith('latency')) return Math.exp(latencyMu(value) + LATENCY_SIGMA * standardNormal(rng));
  return s.kind === 'binary' ? (rng.next() < value ? 1 : 0) : logNormal(rng, value, s.sigma ?? 0);
}

/** Wald's per-observation log-likelihood ratio of "true value" against "at tolerance". */
function sprtStep(s: Scenario): (x: number) => number {
  const p0 = toleranceValue(s);
  const p1 = s.candidate.ab;
  const [hit, miss] = [bernoulliLogLr(1, p0, p1), bernoulliLogLr(0, p0, p1)];
  if (s.title.startsWith('latency')) return (x) => (x > LATENCY_P95 ? hit : miss);
  if (s.kind === 'binary') return (x) => (x === 1 ? hit : miss);
  const sigma = s.sigma ?? 1;
  return (x) => gaussianLogLr(Math.log(x), Math.log(p0) - sigma ** 2 / 2, Math.log(p1) - sigma ** 2 / 2, sigma);
}

/** The Kayenta-style judge at its horizon: MW one-sided p < 0.01 and the effect beyond tolerance. */
function mannWhitney(s: Scenario, rng: Random, cand: number[], state: GateState): boolean {
  const n = cand.length;
  const mean = cand.reduce((a, b) => a + b, 0) / n;
  if (s.kind === 'binary' && !s.title.startsWith('latency')) {
    const c = state.moments.control.release;
    const effect =
      s.hypothesis.kind === 'delta'
        ? mean - c.sx / c.n > s.hypothesis.delta
        : mean > toleranceValue(s) * (c.sx / c.n / s.control);
    return effect && mannWhitneyBinaryGreaterP(Math.round(mean * n), n, c.sx, c.n) < 0.01;
  }
  const control = Array.from({ length: n * CONTROL_PER_CANDIDATE }, () => draw(s, rng, s.control));
  const controlMean = control.reduce((a, b) => a + b, 0) / control.length;
  const effect = s.title.startsWith('latency') ? fractionAbove(cand, LATENCY_P95) > 0.05 : mean / controlMean > 1.15;
  return effect && mannWhitneyGreaterP(cand, control) < 0.01;
}

const fractionAbove = (xs: number[], t: number): number => xs.filter((x) => x > t).length / xs.length;

/** One simulated canary: when each detector fires (candidate observations), up to `horizon`. */
function simulate(s: Scenario, variant: Variant, seed: number, horizon: number, nFixed: number): Detections {
  const rng = seededRandom(seed);
  const { gate, state: initial, references } = engineGate(s);
  let state = initial;
  const det: Detections = { ...NEVER };
  const truth = s.candidate[variant];
  const kept: number[] = [];
  let llr = 0;
  const step = sprtStep(s);
  const sprtBound = Math.log(1 / ALPHA);
  // The cost gate's state without its betting test: the normal mixture it used to run.
  let mixture = initial.sequential.betting === null ? null : withoutBetting(s);
  for (let n = 0; n < horizon;) {
    for (let i = 0; i < TICK; i++, n++) {
      const x = draw(s, rng, truth);
      if (s.title.startsWith('latency')) applyLatency(state, 'candidate', x, n);
      else applyMeasured(state, 'candidate', { x, y: 1 }, n);
      if (mixture !== null) applyMeasured(mixture, 'candidate', { x, y: 1 }, n);
      if (kept.length < nFixed) kept.push(x);
      llr += step(x);
      if (llr >= sprtBound && det.sprt === Infinity) det.sprt = n + 1;
    }
    if (s.kind === 'binary' && !s.title.startsWith('latency'))
      addControl(state, TICK * CONTROL_PER_CANDIDATE, binomial(rng, TICK * CONTROL_PER_CANDIDATE, s.control));
    const literal = readLiteral(gate, state, { now: new Date(n), references });
    const seq = readSequential(gate, state, references, ALPHA, {
      now: new Date(n),
      wordsHold: literal.verdict === 'breached' && !literal.blocking,
    });
    state = { ...state, sequential: seq.sequential, exceedance: seq.exceedance };
    const both = combine('both', literal, seq.reading).verdict;
    if (literal.verdict === 'breached' && det.literal === Infinity) det.literal = n;
    if (seq.reading.verdict === 'breached' && det.sequential === Infinity) det.sequential = n;
    if (both === 'breached' && det.both === Infinity) det.both = n;
    if (mixture !== null) {
      const m = readSequential(gate, mixture, references, ALPHA, {
        now: new Date(n),
        wordsHold: readLiteral(gate, mixture, { now: new Date(n), references }).verdict === 'breached',
      });
      mixture = { ...mixture, sequential: m.sequential };
      if (m.reading.verdict === 'breached' && det.mixture === Infinity) det.mixture = n;
    }
    if (n === nFixed && mannWhitney(s, rng, kept, state)) det.mannWhitney = n;
    if (
      n >= nFixed &&
      det.sequential !== Infinity &&
      det.both !== Infinity &&
      (mixture === null || det.mixture !== Infinity) &&
      det.literal !== Infinity &&
      det.sprt !== Infinity
    )
      break;
  }
  return det;
}

/** A fresh engine state of the scenario's gate with the betting test off (normal mixture). */
function withoutBetting(s: Scenario): GateState {
  const { state } = engineGate(s);
  return { ...state, sequential: { ...state.sequential, betting: null } };
}

const DETECTORS: { key: keyof Detections; label: string; only?: (s: Scenario) => boolean }[] = [
  { key: 'sequential', label: 'ripcord sequential' },
  { key: 'both', label: 'ripcord default (both)' },
  {
    key: 'mixture',
    label: 'normal mixture (cost test before betting was wired)',
    only: (s) => s.kind === 'lognormal',
  },
  { key: 'literal', label: 'literal words (seed rules)' },
  { key: 'mannWhitney', label: 'Mann–Whitney, fixed horizon (Kayenta 0.98)' },
  { key: 'sprt', label: 'SPRT, true rates known (bound)' },
];

const percentile = (xs: number[], q: number): number =>
  xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Infinity;
const rate = (xs: number[]): string => `${((100 * xs.filter(Number.isFinite).length) / xs.length).toFixed(1)} %`;
const count = (x: number, horizon: number): string => (Number.isFinite(x) ? String(x) : `> ${horizon}`);

/** The sizes of one scenario's runs. */
function sizes(s: Scenario): { horizon: number; nFixed: number } {
  const nFixed = fixedHorizon(s);
  // A canary long enough for every detector to have its chance: 6× the oracle's expected
  // sample size, twice Kayenta's horizon and three times the literal window.
  const horizon = Math.ceil(Math.max(6 * sprtExpected(s), 2 * nFixed, 3 * s.window, 1000) / TICK) * TICK;
  return { horizon, nFixed };
}

/** All runs of one scenario × variant (one job; jobs run in parallel child processes). */
function runJob(index: number, v: number): Detections[] {
  const s = SCENARIOS[index];
  const variant = VARIANTS[v];
  if (s === undefined || variant === undefined) return [];
  const { horizon, nFixed } = sizes(s);
  return Array.from({ length: RUNS }, (_, r) =>
    simulate(s, variant, 1_000_003 * (index + 1) + 7919 * r + v, horizon, nFixed),
  );
}

/** The table rows of one scenario from its three variants' detections. */
function rowsOf(s: Scenario, results: Record<Variant, Detections[]>): string[] {
  const { horizon, nFixed } = sizes(s);
  const sprtMedian = percentile(
    results.ab.map((d) => d.sprt).sort((a, b) => a - b),
    0.5,
  );
  return DETECTORS.filter(({ only }) => only === undefined || only(s))
    .map(({ key, label }) => {
      const ab = results.ab.map((d) => d[key]).sort((a, b) => a - b);
      const median = percentile(ab, 0.5);
      const ratio =
        Number.isFinite(median) && Number.isFinite(sprtMedian) ? `${(median / sprtMedian).toFixed(2)}×` : '—';
      const cells = [
        rate(results.aa.map((d) => d[key])),
        rate(results.tolerance.map((d) => d[key])),
        rate(ab),
        count(median, horizon),
        count(percentile(ab, 0.9), horizon),
        ratio,
      ];
      return `| ${s.title} | ${label} | ${cells.join(' | ')} |`;
    })
    .concat([
      `| ${s.title} | *gate: \`${s.gate}\`; horizon ${horizon} ${s.unit}, Kayenta look at ${nFixed}* | | | | | | |`,
    ]);
}

/** Jobs are spread over the machine's cores (child processes), longest first. */
async function main(): Promise<void> {
  const started = Date.now();
  const jobs = SCENARIOS.flatMap((s, i) =>
    VARIANTS.map((_, v) => ({ i, v, cost: v === 2 ? sizes(s).horizon / 3 : sizes(s).horizon })),
  );
  jobs.sort((a, b) => b.cost - a.cost);
  const results = SCENARIOS.map((): Record<Variant, Detections[]> => ({ aa: [], tolerance: [], ab: [] }));
  const worker = async (): Promise<void> => {
    for (let job = jobs.shift(); job !== undefined; job = jobs.shift()) {
      const variant = VARIANTS[job.v] ?? 'ab';
      const target = results[job.i];
      if (target !== undefined) target[variant] = await runInChild(job.i, job.v);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
  const rows = SCENARIOS.flatMap((s, i) => rowsOf(s, results[i] ?? { aa: [], tolerance: [], ab: [] }));
  console.log(
    `Detection benchmark: ${RUNS} canaries per scenario and variant (A/A, A/A at tolerance, A/B), α = ${ALPHA} per release (one gate), candidate 10 % of traffic, evaluated every ${TICK} candidate observations.`,
  );
  console.log('');
  console.log(
    '| scenario | detector | false rollbacks, A/A | false rollbacks, at tolerance | A/B detected | A/B median samples | A/B p90 samples | median ÷ SPRT |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
  console.log('');
  console.log(
    `Samples are the candidate's observations of the gate's denominator. Ran in ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.availableParallelism()} CPUs, node ${process.version}.`,
  );
}

function runInChild(index: number, v: number): Promise<Detections[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [String(RUNS), String(index), String(v)], {
      serialization: 'advanced',
    });
    child.once('message', (d) => resolve(d as Detections[]));
    child.once('error', reject);
  });
}

const [only, variantIndex] = [process.argv[3], process.argv[4]];
if (only === undefined || variantIndex === undefined) await main();
else process.send?.(runJob(Number(only), Number(variantIndex)));
