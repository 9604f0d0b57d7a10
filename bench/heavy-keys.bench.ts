/**
 * Heavy keys (issue 13 part 5): A/A and A/B canaries whose traffic comes from sticky keys with
 * Zipf(1.1) volumes and per-key error rates Beta-distributed around 1 % (concentration c: the
 * smaller, the more keys differ). The candidate serves the keys hashed into its 10 %. Gate:
 * `error_rate above "1.5x" of control`. Two tests on the same streams, read every 10 candidate
 * requests up to 20,000:
 *
 *   event-share, keys ignored — the exact test on the arms' request and error counts (what the
 *                            engine runs when outcomes carry no `key`): exact for independent
 *                            requests, blind to keys;
 *   key buckets (robust)   — keys hashed into 64 buckets per arm; the ratio estimator's
 *                            cluster-robust (batch-means) variance over buckets, Σ(k_b − θ̂·n_b)² /
 *                            N² · B/(B−1) (Deng, Knoblich & Lu 2018), in the one-sided normal mixture
 *                            of ADR 0002, from 100 candidate requests on (measured, not used);
 *   event-share ÷ design effect (engine) — what the engine runs when outcomes carry a `key`: the
 *                            event-share log e-value divided by the design effect max(1, robust /
 *                            independent variance) of the comparison (`stats/key-buckets.ts`,
 *                            ADR 0002 §12), computed by the engine's own code.
 *
 *   node --import tsx bench/heavy-keys.bench.ts [runs]    (default 200 per cell)
 */
import { advanceEventShare, emptyEventShare, eventShareLogE } from '../packages/server/src/stats/event-share-test.js';
import { defaultMixture, oneSidedMixtureLogE } from '../packages/server/src/stats/normal-mixture.js';
import { seededRandom, standardNormal, type Random } from '../packages/server/src/stats/random.js';
import { addEventCounts, emptyMoments, ratioVariance } from '../packages/server/src/stats/moments.js';
import { designEffect, KEY_BUCKETS } from '../packages/server/src/stats/key-buckets.js';

const RUNS = Number(process.argv[2] ?? 200);
const ALPHA = 0.05;
const TICK = 10;
const HORIZON = 20_000;
const BUCKETS = KEY_BUCKETS;
const MULTIPLE = 1.5;
const MIN_SAMPLES = 100;

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
const beta = (rng: Random, a: number, b: number): number => {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
};

interface Population {
  cdf: Float64Array;
  rate: Float64Array;
  candidate: Uint8Array;
  bucket: Uint8Array;
}

function population(rng: Random, keys: number, zipf: boolean, concentration: number): Population {
  const cdf = new Float64Array(keys);
  const rate = new Float64Array(keys);
  const candidate = new Uint8Array(keys);
  const bucket = new Uint8Array(keys);
  let total = 0;
  for (let i = 0; i < keys; i++) {
    total += zipf ? 1 / (i + 1) ** 1.1 : 1;
    cdf[i] = total;
    rate[i] = Number.isFinite(concentration) ? beta(rng, 0.01 * concentration, 0.99 * concentration) : 0.01;
    candidate[i] = rng.next() < 0.1 ? 1 : 0;
    bucket[i] = Math.floor(rng.next() * BUCKETS);
  }
  for (let i = 0; i < keys; i++) cdf[i] = (cdf[i] ?? 0) / total;
  return { cdf, rate, candidate, bucket };
}

function pickKey(rng: Random, cdf: Float64Array): number {
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

/** Cluster-robust variance of Σk/Σn over buckets. */
function bucketVariance(n: Float64Array, k: Float64Array): [number, number] {
  let sn = 0;
  let sk = 0;
  for (let b = 0; b < BUCKETS; b++) {
    sn += n[b] ?? 0;
    sk += k[b] ?? 0;
  }
  const theta = sk / sn;
  let ss = 0;
  for (let b = 0; b < BUCKETS; b++) ss += ((k[b] ?? 0) - theta * (n[b] ?? 0)) ** 2;
  return [theta, ((ss / (sn * sn)) * BUCKETS) / (BUCKETS - 1)];
}

/** The engine's design effect (`stats/key-buckets.ts`) for the arms' bucket sums and counts. */
function engineDesignEffect(nc: Float64Array, kc: Float64Array, nk: Float64Array, kk: Float64Array): number {
  const arm = (n: Float64Array, k: Float64Array) => {
    const m = emptyMoments();
    for (let b = 0; b < BUCKETS; b++) addEventCounts(m, k[b] ?? 0, n[b] ?? 0);
    return m;
  };
  const independent = ratioVariance(arm(nc, kc)) + MULTIPLE * MULTIPLE * ratioVariance(arm(nk, kk));
  const sums = (n: Float64Array, k: Float64Array) => ({ x: Array.from(k), y: Array.from(n) });
  return designEffect(sums(nc, kc), sums(nk, kk), MULTIPLE, independent);
}

interface Result {
  share: number;
  robust: number;
  tempered: number;
}

function canary(seed: number, zipf: boolean, keys: number, c: number, lift: number): Result {
  const rng = seededRandom(seed);
  const pop = population(rng, keys, zipf, c);
  const nc = new Float64Array(BUCKETS);
  const kc = new Float64Array(BUCKETS);
  const nk = new Float64Array(BUCKETS);
  const kk = new Float64Array(BUCKETS);
  const counts = { nc: 0, kc: 0, nk: 0, kk: 0 };
  let share = emptyEventShare();
  let level: number | null = null;
  const out: Result = { share: Infinity, robust: Infinity, tempered: Infinity };
  const bound = Math.log(1 / ALPHA);
  while (counts.nc < HORIZON) {
    const target = counts.nc + TICK;
    while (counts.nc < target) {
      const key = pickKey(rng, pop.cdf);
      const cand = pop.candidate[key] === 1;
      const p = Math.min(1, (pop.rate[key] ?? 0) * (cand ? lift : 1));
      const err = rng.next() < p ? 1 : 0;
      const b = pop.bucket[key] ?? 0;
      if (cand) {
        counts.nc++;
        counts.kc += err;
        nc[b] = (nc[b] ?? 0) + 1;
        kc[b] = (kc[b] ?? 0) + err;
      } else {
        counts.nk++;
        counts.kk += err;
        nk[b] = (nk[b] ?? 0) + 1;
        kk[b] = (kk[b] ?? 0) + err;
      }
    }
    share = advanceEventShare(share, counts, MULTIPLE, 1);
    const logE = eventShareLogE(share);
    if (out.share === Infinity && logE >= bound) out.share = counts.nc;
    if (out.tempered === Infinity && logE >= bound && logE / engineDesignEffect(nc, kc, nk, kk) >= bound)
      out.tempered = counts.nc;
    if (out.robust === Infinity && counts.nc >= MIN_SAMPLES) {
      const [tc, vc] = bucketVariance(nc, kc);
      const [tk, vk] = bucketVariance(nk, kk);
      const variance = vc + MULTIPLE * MULTIPLE * vk;
      level ??= Math.max(MULTIPLE * tk, 2 * Math.sqrt(variance), 1e-12);
      if (variance > 0 && oneSidedMixtureLogE(tc - MULTIPLE * tk, variance, defaultMixture(level)) >= bound)
        out.robust = counts.nc;
    }
    if (out.share !== Infinity && out.robust !== Infinity && out.tempered !== Infinity) break;
  }
  return out;
}

const CELLS: { keys: number; zipf: boolean; c: number }[] = [
  { keys: 5000, zipf: false, c: Infinity },
  { keys: 5000, zipf: false, c: 20 },
  { keys: 5000, zipf: true, c: 200 },
  { keys: 5000, zipf: true, c: 20 },
  { keys: 500, zipf: true, c: 20 },
];
const median = (xs: number[]): string => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length * 2 <= xs.length ? `> ${HORIZON}` : String(s[Math.floor(xs.length / 2)]);
};
const pct = (xs: number[]): string => `${((100 * xs.filter(Number.isFinite).length) / xs.length).toFixed(1)} %`;

console.log(
  `Heavy keys: ${RUNS} canaries per cell and variant, α = ${ALPHA}, candidate 10 % of keys, ${HORIZON} candidate requests, read every ${TICK}.`,
);
console.log('');
console.log(
  '| keys | volumes | per-key rates (Beta conc.) | test | false rollbacks, A/A | A/B (×2) detected | A/B median samples |',
);
console.log('| ---: | --- | ---: | --- | ---: | ---: | ---: |');
const started = Date.now();
for (const [i, cell] of CELLS.entries()) {
  const aa = Array.from({ length: RUNS }, (_, r) => canary(9_001 * (i + 1) + r, cell.zipf, cell.keys, cell.c, 1));
  const ab = Array.from({ length: RUNS }, (_, r) => canary(7_777_001 * (i + 1) + r, cell.zipf, cell.keys, cell.c, 2));
  for (const test of ['share', 'robust', 'tempered'] as const) {
    const label =
      test === 'share'
        ? 'event-share, keys ignored'
        : test === 'robust'
          ? `key buckets, ${BUCKETS} per arm (robust mixture)`
          : 'event-share ÷ design effect (engine)';
    console.log(
      `| ${cell.keys} | ${cell.zipf ? 'Zipf 1.1' : 'uniform'} | ${cell.c} | ${label} | ${pct(aa.map((x) => x[test]))} | ${pct(ab.map((x) => x[test]))} | ${median(ab.map((x) => x[test]))} |`,
    );
  }
}
console.log('');
console.log(`Ran in ${((Date.now() - started) / 1000).toFixed(0)} s, node ${process.version}.`);
