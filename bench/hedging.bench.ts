/**
 * The price of not knowing (issue 4): why a sequential test that is valid for users cannot match
 * Wald's SPRT with the true rates known, in numbers. Two parts:
 *
 * 1. Hedging. A Brownian motion with drift δ (the regression, in units of the mixture's top effect)
 *    is watched by Wald's SPRT that knows δ and by e-process mixtures that must hedge over δ: the
 *    point-mass grid {0.1, 0.25, 0.5, 1} of the exact tests, the half-normal mixtures of the
 *    normal-mixture tests, and, for comparison, grids that know δ to within 3× or spread wider.
 *    Median and p90 hitting times of log(1/α) are reported as multiples of the SPRT's. Continuous
 *    monitoring (small steps), so ticks and discreteness play no part: this is the hedging alone.
 * 2. Information. For each benchmark scenario, the information per candidate observation available
 *    to a test that does not know control's rate or the cost distribution's shape, against the
 *    oracle's (Kullback–Leibler divergences; ratio > 1 means more samples needed, even with the
 *    effect size known).
 *
 * Run: node --import tsx bench/hedging.bench.ts [runs=1000]   (prints markdown; ~1 min)
 * `never`: not detected within 400/δ² units of information (the grid cannot see that effect).
 */
import { oneSidedMixtureLogE } from '../packages/server/src/stats/normal-mixture.js';
import { bernoulliKl } from '../packages/server/src/stats/sprt.js';
import { seededRandom, standardNormal } from '../packages/server/src/stats/random.js';

const ALPHA = 0.05;
const RUNS = Number(process.argv[2] ?? 1000);
const EFFECTS = [0.1, 0.13, 0.2, 0.33, 0.5, 1, 2, 4];

/** An e-process on the Brownian path: log E given the score S and information I. */
type Detector = (score: number, info: number) => number;

/** Equal-weight mixture of the likelihood ratios exp(λS − λ²I/2) over point alternatives λ. */
const pointGrid =
  (grid: readonly number[]): Detector =>
  (score, info) => {
    const terms = grid.map((l) => l * score - (l * l * info) / 2);
    const max = Math.max(...terms);
    return max + Math.log(terms.reduce((a, t) => a + Math.exp(t - max), 0) / grid.length);
  };

/** The normal-mixture tests: half-normal priors with τ on the grid, in estimate/variance form. */
const halfNormal =
  (grid: readonly number[]): Detector =>
  (score, info) =>
    oneSidedMixtureLogE(
      score / info,
      1 / info,
      grid.map((tau) => ({ tau, weight: 1 / grid.length })),
    );

const DESIGNS: { label: string; detector: Detector; alpha?: number }[] = [
  { label: 'points {0.1, 0.25, 0.5, 1} (Bernoulli, event-share)', detector: pointGrid([0.1, 0.25, 0.5, 1]) },
  { label: 'half-normals τ ∈ {0.1, 0.25, 0.5, 1} (normal mixtures)', detector: halfNormal([0.1, 0.25, 0.5, 1]) },
  { label: 'points {0.33, 0.58, 1} (knows δ within 3×)', detector: pointGrid([1 / 3, 0.58, 1]) },
  { label: 'points {0.1 … 3.2}, ratio 2 (wider)', detector: pointGrid([0.1, 0.2, 0.4, 0.8, 1.6, 3.2]) },
  {
    label: 'points {0.1, 0.25, 0.5, 1} at α = 0.01 (five gates sharing 0.05)',
    detector: pointGrid([0.1, 0.25, 0.5, 1]),
    alpha: 0.01,
  },
];

/** Hitting times (information units) of log(1/α) for the detector and for the SPRT knowing δ. */
function hittingTimes(detector: Detector, delta: number, alpha: number): { mixture: number[]; oracle: number[] } {
  const threshold = Math.log(1 / alpha);
  const dt = 0.02 / (delta * delta);
  const limit = 400 / (delta * delta);
  const mixture: number[] = [];
  const oracle: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const rng = seededRandom(9176 + r);
    let score = 0;
    let info = 0;
    let [m, o] = [Infinity, Infinity];
    while ((m === Infinity || o === Infinity) && info < limit) {
      score += delta * dt + Math.sqrt(dt) * standardNormal(rng);
      info += dt;
      if (m === Infinity && detector(score, info) >= threshold) m = info;
      if (o === Infinity && delta * score - (delta * delta * info) / 2 >= threshold) o = info;
    }
    mixture.push(m);
    oracle.push(o);
  }
  const sort = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  return { mixture: sort(mixture), oracle: sort(oracle) };
}

const at = (xs: number[], q: number): number => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Infinity;

function hedgingTable(): void {
  console.log(
    `Hedging: median (p90) time to detect ÷ SPRT knowing δ (same α); α = ${ALPHA} unless noted, ${RUNS} paths per cell.`,
  );
  console.log('');
  console.log(`| mixture | ${EFFECTS.map((d) => `δ = ${d}`).join(' | ')} |`);
  console.log(`| --- | ${EFFECTS.map(() => '---').join(' | ')} |`);
  for (const { label, detector, alpha } of DESIGNS) {
    const cells = EFFECTS.map((delta) => {
      const { mixture, oracle } = hittingTimes(detector, delta, alpha ?? ALPHA);
      const f = (q: number): string => {
        const ratio = at(mixture, q) / at(oracle, q);
        return Number.isFinite(ratio) ? ratio.toFixed(2) : 'never';
      };
      return `${f(0.5)} (${f(0.9)})`;
    });
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
}

/** Event-share information per candidate observation: (p₁ + r·p_k)·KL(q₁ ‖ q₀), q = ρ/(ρ + r). */
function eventShareInfo(p1: number, pk: number, multiple: number, r: number): number {
  const q1 = p1 / pk / (p1 / pk + r);
  const q0 = multiple / (multiple + r);
  return (p1 + r * pk) * bernoulliKl(q1, q0);
}

/** max over λ ∈ [0, 1/b) of E log(1 + λ(X − b)) for log-normal X (quadrature): the KL_inf. */
function lognormalKlInf(mean: number, sigma: number, b: number): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  let best = 0;
  for (let l = 0; l < 1 / b; l += 0.002) {
    let acc = 0;
    const steps = 2000;
    for (let i = 0; i < steps; i++) {
      const z = -8 + (16 * (i + 0.5)) / steps;
      const w = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * (16 / steps);
      acc += w * Math.log1p(l * (Math.exp(mu + sigma * z) - b));
    }
    best = Math.max(best, acc);
  }
  return best;
}

function informationTable(): void {
  const r = 9;
  const rows: [string, string, number, number][] = [];
  rows.push([
    'error 1 % → 2 % (×1.5 of control)',
    'event-share, control estimated',
    bernoulliKl(0.02, 0.015),
    eventShareInfo(0.02, 0.01, 1.5, r),
  ]);
  rows.push([
    'error 1 % → 1.5 % (×1.25 of control)',
    'event-share, control estimated',
    bernoulliKl(0.015, 0.0125),
    eventShareInfo(0.015, 0.01, 1.25, r),
  ]);
  const delta = bernoulliKl(0.15, 0.125);
  rows.push([
    'review +5pp (2.5pp tolerance)',
    'normal, control estimated',
    delta,
    (delta * (0.15 * 0.85)) / (0.15 * 0.85 + (0.1 * 0.9) / r),
  ]);
  const sigma = 0.5;
  const oracleCost = Math.log(1.3 / 1.15) ** 2 / (2 * sigma * sigma);
  const sd2 = 1.3 * 1.3 * (Math.exp(sigma * sigma) - 1);
  rows.push(['cost +30 % (1.15× tolerance)', 'normal mixture (two moments)', oracleCost, 0.15 ** 2 / (2 * sd2)]);
  rows.push([
    'cost +30 % (1.15× tolerance)',
    'betting (KL_inf, nonparametric)',
    oracleCost,
    lognormalKlInf(1.3, sigma, 1.15),
  ]);
  console.log('');
  console.log('Information per candidate observation (nats): the SPRT oracle vs the best a valid test can have.');
  console.log('');
  console.log('| scenario | test | oracle | valid test | oracle ÷ test |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [scenario, test, oracle, valid] of rows)
    console.log(
      `| ${scenario} | ${test} | ${oracle.toFixed(6)} | ${valid.toFixed(6)} | ${(oracle / valid).toFixed(2)}× |`,
    );
}

const started = Date.now();
hedgingTable();
informationTable();
console.log('');
console.log(`Ran in ${((Date.now() - started) / 1000).toFixed(0)} s, node ${process.version}.`);
