/**
 * Peers side by side (issue 13 part 5): ripcord's gate test against GrowthBook's safe-rollout test
 * (`growthbook-peer.ts`) and Wald's SPRT with every rate known, at a 50/50 and a 5/95 split, on the
 * detection benchmark's 0/1 scenarios. A/A (candidate = control), at tolerance (candidate exactly
 * at the gate's tolerance) and A/B (the regression); every detector reads the same streams at every
 * tick (10 candidate observations). A false rollback is any rollback before the horizon; samples
 * are the candidate's observations.
 *
 *   node --import tsx bench/peers.bench.ts [runs]     (default 300 per cell; prints markdown)
 */
import os from 'node:os';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bernoulliLogLr } from '../packages/server/src/stats/sprt.js';
import { seededRandom, type Random } from '../packages/server/src/stats/random.js';
import { gateSpecSchema } from '../packages/server/src/features/gates/language/gate-spec.js';
import { createReleaseState } from '../packages/server/src/features/gates/engine/release-state.js';
import { applyMeasured } from '../packages/server/src/features/gates/engine/gate-observe.js';
import { readSequential } from '../packages/server/src/features/gates/engine/gate-sequential.js';
import { addControl } from './control-sums.js';
import { GROWTHBOOK_DEFAULTS, growthbookRollsBack, type ArmSums } from './growthbook-peer.js';

const ALPHA = 0.05;
const TICK = 10;
const RUNS = Number(process.argv[2] ?? 300);

type Variant = 'aa' | 'tolerance' | 'ab';
const VARIANTS: readonly Variant[] = ['aa', 'tolerance', 'ab'];
const SPLITS = [
  { name: '50/50', controlPerCandidate: 1 },
  { name: '5/95', controlPerCandidate: 19 },
];

interface Scenario {
  title: string;
  gate: Record<string, unknown>;
  words: string;
  control: number;
  candidate: Record<Variant, number>;
  multiple: number;
  delta: number;
}

const SCENARIOS: Scenario[] = [
  {
    title: 'error 1 % → 2 %',
    gate: { metric: 'error_rate', candidate: { above: '1.5x', of: 'control' } },
    words: 'error_rate above "1.5x" of control',
    control: 0.01,
    candidate: { aa: 0.01, tolerance: 0.015, ab: 0.02 },
    multiple: 1.5,
    delta: 0,
  },
  {
    title: 'error 1 % → 1.5 %',
    gate: { metric: 'error_rate', candidate: { above: '1.25x', of: 'control' } },
    words: 'error_rate above "1.25x" of control',
    control: 0.01,
    candidate: { aa: 0.01, tolerance: 0.0125, ab: 0.015 },
    multiple: 1.25,
    delta: 0,
  },
  {
    title: 'review rejection +5pp',
    gate: { metric: 'review_rejection_rate', candidate: { worseThanControlBy: '2.5pp' } },
    words: 'review_rejection_rate worseThanControlBy "2.5pp"',
    control: 0.1,
    candidate: { aa: 0.1, tolerance: 0.125, ab: 0.15 },
    multiple: 1,
    delta: 0.025,
  },
];

const tolerance = (s: Scenario): number => s.multiple * s.control + s.delta;

/** Horizon: 8× the oracle's expected sample size (log(1/α)/KL). */
function horizonOf(s: Scenario): number {
  const [p0, p1] = [tolerance(s), s.candidate.ab];
  const kl = p1 * Math.log(p1 / p0) + (1 - p1) * Math.log((1 - p1) / (1 - p0));
  return Math.ceil((8 * Math.log(1 / ALPHA)) / kl / TICK) * TICK;
}

const binomial = (rng: Random, n: number, p: number): number => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
};

interface Detections {
  ripcord: number;
  growthbook: number;
  growthbookTolerance: number;
  sprt: number;
}

function simulate(s: Scenario, cpc: number, variant: Variant, seed: number, horizon: number): Detections {
  const rng = seededRandom(seed);
  const spec = gateSpecSchema.parse({ name: 'g', severity: 'rapid', test: 'sequential', ...s.gate });
  const release = createReleaseState({ release: 'bench', gates: [spec] }, new Date(0));
  const gate = release.compiled[0]!;
  let state = release.gates['g']!;
  const det: Detections = { ripcord: Infinity, growthbook: Infinity, growthbookTolerance: Infinity, sprt: Infinity };
  const truth = s.candidate[variant];
  const cand: ArmSums = { n: 0, sum: 0, sumSquares: 0 };
  const ctl: ArmSums = { n: 0, sum: 0, sumSquares: 0 };
  const [hit, miss] = [
    bernoulliLogLr(1, tolerance(s), s.candidate.ab),
    bernoulliLogLr(0, tolerance(s), s.candidate.ab),
  ];
  let llr = 0;
  const shipped = { ...GROWTHBOOK_DEFAULTS, binary: true, multiple: 1, delta: 0 };
  const adapted = { ...shipped, multiple: s.multiple, delta: s.delta };
  for (let n = 0; n < horizon;) {
    for (let i = 0; i < TICK; i++, n++) {
      const x = rng.next() < truth ? 1 : 0;
      applyMeasured(state, 'candidate', { x, y: 1 }, n);
      cand.n += 1;
      cand.sum += x;
      llr += x === 1 ? hit : miss;
      if (llr >= Math.log(1 / ALPHA) && det.sprt === Infinity) det.sprt = n + 1;
    }
    const k = binomial(rng, TICK * cpc, s.control);
    addControl(state, TICK * cpc, k);
    ctl.n += TICK * cpc;
    ctl.sum += k;
    cand.sumSquares = cand.sum;
    ctl.sumSquares = ctl.sum;
    const seq = readSequential(gate, state, {}, ALPHA, { now: new Date(n), wordsHold: false });
    state = { ...state, sequential: seq.sequential, exceedance: seq.exceedance };
    if (seq.reading.verdict === 'breached' && det.ripcord === Infinity) det.ripcord = n;
    if (det.growthbook === Infinity && growthbookRollsBack(ctl, cand, shipped)) det.growthbook = n;
    if (det.growthbookTolerance === Infinity && growthbookRollsBack(ctl, cand, adapted)) det.growthbookTolerance = n;
    if (Object.values(det).every(Number.isFinite)) break;
  }
  return det;
}

const DETECTORS: { key: keyof Detections; label: string }[] = [
  { key: 'ripcord', label: 'ripcord sequential' },
  { key: 'growthbook', label: 'GrowthBook safe rollout (as shipped: no worse than control)' },
  { key: 'growthbookTolerance', label: "GrowthBook's interval on the gate's tolerance (adapted)" },
  { key: 'sprt', label: 'SPRT, true rates known (bound)' },
];

function runJob(i: number, split: number, v: number): Detections[] {
  const s = SCENARIOS[i]!;
  const { controlPerCandidate } = SPLITS[split]!;
  const horizon = horizonOf(s);
  return Array.from({ length: RUNS }, (_, r) =>
    simulate(s, controlPerCandidate, VARIANTS[v]!, 2_000_003 * (i + 1) + 104_729 * split + 7919 * r + v, horizon),
  );
}

const percentile = (xs: number[], q: number): number =>
  xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Infinity;
const rate = (xs: number[]): string => `${((100 * xs.filter(Number.isFinite).length) / xs.length).toFixed(1)} %`;

function runInChild(i: number, split: number, v: number): Promise<Detections[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [String(RUNS), String(i), String(split), String(v)], {
      serialization: 'advanced',
    });
    child.once('message', (d) => resolve(d as Detections[]));
    child.once('error', reject);
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const jobs = SCENARIOS.flatMap((_, i) => SPLITS.flatMap((__, sp) => VARIANTS.map((___, v) => ({ i, sp, v }))));
  const results = new Map<string, Detections[]>();
  const worker = async (): Promise<void> => {
    for (let j = jobs.shift(); j !== undefined; j = jobs.shift())
      results.set(`${j.i}/${j.sp}/${j.v}`, await runInChild(j.i, j.sp, j.v));
  };
  await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
  console.log(
    `Peers: ${RUNS} canaries per scenario, split and variant; α = ${ALPHA}; evaluated every ${TICK} candidate observations.`,
  );
  console.log('');
  console.log(
    '| scenario | split | detector | false rollbacks, A/A | false rollbacks, at tolerance | A/B detected | A/B median samples | A/B p90 | median ÷ SPRT |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  SCENARIOS.forEach((s, i) =>
    SPLITS.forEach((split, sp) => {
      const get = (v: number) => results.get(`${i}/${sp}/${v}`) ?? [];
      const sprt = percentile(
        get(2)
          .map((d) => d.sprt)
          .sort((a, b) => a - b),
        0.5,
      );
      for (const { key, label } of DETECTORS) {
        const ab = get(2)
          .map((d) => d[key])
          .sort((a, b) => a - b);
        const median = percentile(ab, 0.5);
        const cells = [
          rate(get(0).map((d) => d[key])),
          rate(get(1).map((d) => d[key])),
          rate(ab),
          Number.isFinite(median) ? String(median) : `> ${horizonOf(s)}`,
          Number.isFinite(percentile(ab, 0.9)) ? String(percentile(ab, 0.9)) : `> ${horizonOf(s)}`,
          Number.isFinite(median) ? `${(median / sprt).toFixed(2)}×` : '—',
        ];
        console.log(`| ${s.title} | ${split.name} | ${label} | ${cells.join(' | ')} |`);
      }
      console.log(`| ${s.title} | ${split.name} | _gate: \`${s.words}\`; horizon ${horizonOf(s)}_ | | | | | | |`);
    }),
  );
  console.log('');
  console.log(
    `Ran in ${((Date.now() - started) / 1000).toFixed(0)} s on ${os.availableParallelism()} CPUs, node ${process.version}.`,
  );
}

const [only, split, variant] = [process.argv[3], process.argv[4], process.argv[5]];
if (only === undefined || split === undefined || variant === undefined) await main();
else process.send?.(runJob(Number(only), Number(split), Number(variant)));
