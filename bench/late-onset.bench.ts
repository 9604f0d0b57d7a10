/**
 * Late regressions (ADR 0002 §9): a candidate that is healthy for a while and then regresses. The
 * release-long sequential test weighs everything since the release started, so hours of healthy
 * traffic dilute a late regression; the test restarted when the gate's words begin to hold reads
 * only what came after. For each gate and each onset (candidate observations of healthy traffic
 * before the regression), this reports how many candidate observations after the onset the gate
 * (default `both` mode) needs to breach — with the restarted test (the engine as it runs) and
 * without it (the release-long test alone, at the gate's whole α) — and the false-rollback rate of
 * healthy canaries of the same length (A/A), which the restarted tests must not raise above α.
 * Only gates with an `over:` or `within:` window restart; the first case (a stage window) shows
 * what words that read since the stage began do with a late regression.
 *
 * Run: node --import tsx bench/late-onset.bench.ts [canaries=100]   (prints markdown; ~3 min on 2 cores)
 * Candidate = 10 % of traffic; control as per-tick counts; one evaluation per 10 candidate
 * observations; α = 0.05 for the one-gate release. `never`: not within 40,000 observations after onset.
 */
import { seededRandom, type Random } from '../packages/server/src/stats/random.js';
import { gateSpecSchema } from '../packages/server/src/features/gates/language/gate-spec.js';
import { createReleaseState } from '../packages/server/src/features/gates/engine/release-state.js';
import { applyMeasured } from '../packages/server/src/features/gates/engine/gate-observe.js';
import { readLiteral } from '../packages/server/src/features/gates/engine/gate-literal.js';
import {
  readSequential,
  RECENT_SHARE,
  restartsTests,
} from '../packages/server/src/features/gates/engine/gate-sequential.js';
import { combine } from '../packages/server/src/features/gates/engine/gate-evaluate.js';
import { addControl } from './control-sums.js';

const ALPHA = 0.05;
const TICK = 10;
const CONTROL_PER_CANDIDATE = 9;
const AFTER = 40_000;
const RUNS = Number(process.argv[2] ?? 100);
const ONSETS = [0, 5_000, 20_000];

interface Case {
  title: string;
  gate: Record<string, unknown>;
  healthy: number;
  regressed: number;
  control: number;
}

const CASES: Case[] = [
  {
    title: 'error 1 % → 2 %, `above "1.5x" of control`',
    gate: { metric: 'error_rate', candidate: { above: '1.5x', of: 'control' } },
    healthy: 0.01,
    regressed: 0.02,
    control: 0.01,
  },
  {
    title: 'schema failures 0.1 % → 3 %, `above "1.0%"` over 200 calls',
    gate: { metric: 'schema_failure_rate', candidate: { above: '1.0%' }, over: { consecutiveCalls: 200 } },
    healthy: 0.001,
    regressed: 0.03,
    control: 0.001,
  },
  {
    title: 'rejections 8 % → 20 %, `worseThanControlBy "5pp"` over 200',
    gate: { metric: 'conversion_rate', candidate: { worseThanControlBy: '5pp' }, over: { consecutiveCalls: 200 } },
    // conversion is lower-is-worse: the rates below are conversions (92 % → 80 %).
    healthy: 0.92,
    regressed: 0.8,
    control: 0.92,
  },
];

function binomial(rng: Random, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k += 1;
  return k;
}

/** Candidate observations after `onset` until the gate breaches (`Infinity`: never; −1: before onset). */
function simulate(c: Case, onset: number, regress: boolean, restarts: boolean, seed: number): number {
  const rng = seededRandom(seed);
  const spec = gateSpecSchema.parse({ name: 'g', severity: 'rapid', test: 'both', ...c.gate });
  const release = createReleaseState({ release: 'bench', gates: [spec] }, new Date(0));
  const gate = release.compiled[0]!;
  let gs = release.gates.g!;
  for (let n = 0; n < onset + AFTER;) {
    for (let i = 0; i < TICK; i++, n++) {
      const p = regress && n >= onset ? c.regressed : c.healthy;
      applyMeasured(gs, 'candidate', { x: rng.next() < p ? 1 : 0, y: 1 }, n);
    }
    addControl(gs, TICK * CONTROL_PER_CANDIDATE, binomial(rng, TICK * CONTROL_PER_CANDIDATE, c.control));
    const now = new Date(n * 1000);
    const literal = readLiteral(gate, gs, { now, references: {} });
    const wordsHold = literal.verdict === 'breached' && !literal.blocking;
    const seq = restarts
      ? readSequential(gate, gs, {}, ALPHA, { now, wordsHold })
      : // the release-long test alone, at the gate's whole α
        readSequential(gate, gs, {}, restartsTests(gate) ? ALPHA / (1 - RECENT_SHARE) : ALPHA);
    gs = { ...gs, sequential: seq.sequential, exceedance: seq.exceedance };
    if (combine('both', literal, seq.reading).verdict === 'breached') return n < onset ? -1 : n - onset;
  }
  return Infinity;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const fmt = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'never');

console.log(
  `Late regressions: ${RUNS} canaries per cell, α = ${ALPHA}, candidate 10 % of traffic, one evaluation per ${TICK} candidate observations.\n`,
);
console.log(
  '| gate | healthy before onset | median obs. after onset: with restarts | without | false rollbacks (A/A, same length): with | without |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const c of CASES) {
  for (const onset of ONSETS) {
    const cell = (regress: boolean, restarts: boolean) =>
      Array.from({ length: RUNS }, (_, i) => simulate(c, onset, regress, restarts, 1000 + i));
    const [withR, without] = [cell(true, true), cell(true, false)];
    const [aaWith, aaWithout] = [cell(false, true), cell(false, false)];
    const rate = (xs: number[]) => `${((100 * xs.filter((x) => x !== Infinity).length) / xs.length).toFixed(1)} %`;
    // A breach before the onset counts as detection at 0 (it would have rolled back anyway).
    const after = (xs: number[]) => median(xs.map((x) => Math.max(x, 0)));
    console.log(
      `| ${c.title} | ${fmt(onset)} | ${fmt(after(withR))} | ${fmt(after(without))} | ${rate(aaWith)} | ${rate(aaWithout)} |`,
    );
  }
}
