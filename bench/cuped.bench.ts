/**
 * Beyond the peers (issue 13 part 5, stretch, measured): where the same keys were seen before the
 * release, their history is a covariate that removes the between-key part of the variance
 * (CUPED: Deng, Xu, Kohavi & Walker 2013), inside the same anytime-valid one-sided normal mixture
 * the engine runs for continuous metrics against control (ADR 0002). Not wired into the engine.
 *
 * Traffic: 200,000 keys; key k's metric is μ_k + ε with μ_k ~ N(10, σ_key²) and ε ~ N(0, 3²); a key's
 * history x_k is the mean of its `pre` requests before the release (keys without history: x = the
 * population mean). Requests pick keys uniformly; the candidate serves the keys hashed into its
 * share. Gate: mean `above "1.1x" of control`; A/A: the candidate like control; at tolerance: +10 %;
 * A/B: +20 %. Each tick (10 candidate requests) both tests read:
 *
 *   plain  — D̂ = ȳc − 1.1·ȳctl, variance s²c/nc + 1.21·s²ctl/nctl (what the engine runs);
 *   CUPED  — y − θ·(x − x̄), θ = Cov(x, y)/Var(x) pooled over both arms *up to the previous tick*
 *            (predictable, so it does not look at the observation it adjusts), then the same test
 *            on the adjusted means (the tolerance on the unadjusted control mean).
 *
 *   node --import tsx bench/cuped.bench.ts [runs]     (default 300 per cell)
 */
import { defaultMixture, oneSidedMixtureLogE } from '../packages/server/src/stats/normal-mixture.js';
import { seededRandom, standardNormal, type Random } from '../packages/server/src/stats/random.js';

const RUNS = Number(process.argv[2] ?? 300);
const ALPHA = 0.05;
const TICK = 10;
const HORIZON = 20_000;
const MULTIPLE = 1.1;
const MIN_SAMPLES = 100;
const KEYS = 200_000;
const WITHIN_SD = 3;

interface Sums {
  n: number;
  y: number;
  yy: number;
  x: number;
  xx: number;
  xy: number;
}
const empty = (): Sums => ({ n: 0, y: 0, yy: 0, x: 0, xx: 0, xy: 0 });
const add = (s: Sums, y: number, x: number): void => {
  s.n += 1;
  s.y += y;
  s.yy += y * y;
  s.x += x;
  s.xx += x * x;
  s.xy += x * y;
};

/** Mean and per-observation variance of y − θ·(x − centre). */
function adjusted(s: Sums, theta: number, centre: number): [number, number] {
  const my = s.y / s.n;
  const mx = s.x / s.n;
  const vy = (s.yy - s.n * my * my) / (s.n - 1);
  const vx = (s.xx - s.n * mx * mx) / (s.n - 1);
  const cxy = (s.xy - s.n * mx * my) / (s.n - 1);
  return [my - theta * (mx - centre), Math.max(vy - 2 * theta * cxy + theta * theta * vx, 1e-12)];
}

function pooledTheta(a: Sums, b: Sums): number {
  const n = a.n + b.n;
  const mx = (a.x + b.x) / n;
  const my = (a.y + b.y) / n;
  const vx = (a.xx + b.xx) / n - mx * mx;
  const cxy = (a.xy + b.xy) / n - mx * my;
  return vx > 1e-12 ? cxy / vx : 0;
}

interface Result {
  plain: number;
  cuped: number;
}

function canary(rng: Random, keySd: number, pre: number, share: number, lift: number): Result {
  const mu = new Float64Array(KEYS);
  const hist = new Float64Array(KEYS);
  for (let k = 0; k < KEYS; k++) {
    mu[k] = 10 + keySd * standardNormal(rng);
    hist[k] = pre === 0 ? 10 : (mu[k] ?? 0) + (WITHIN_SD * standardNormal(rng)) / Math.sqrt(pre);
  }
  const c = empty();
  const k = empty();
  let theta = 0;
  const levels: { plain: number | null; cuped: number | null } = { plain: null, cuped: null };
  const out: Result = { plain: Infinity, cuped: Infinity };
  const bound = Math.log(1 / ALPHA);
  while (c.n < HORIZON) {
    const target = c.n + TICK;
    while (c.n < target) {
      const key = Math.floor(rng.next() * KEYS);
      const cand = (key * 2654435761) % 1000 < share * 1000;
      const y = ((mu[key] ?? 0) + WITHIN_SD * standardNormal(rng)) * (cand ? lift : 1);
      add(cand ? c : k, y, hist[key] ?? 0);
    }
    if (c.n >= MIN_SAMPLES && k.n >= MIN_SAMPLES) {
      const centre = (c.x + k.x) / (c.n + k.n);
      for (const form of ['plain', 'cuped'] as const) {
        if (out[form] !== Infinity) continue;
        const t = form === 'plain' ? 0 : theta;
        const [mc, vc] = adjusted(c, t, centre);
        const [mk, vk] = adjusted(k, t, centre);
        const variance = vc / c.n + (MULTIPLE * MULTIPLE * vk) / k.n;
        levels[form] ??= Math.max(MULTIPLE * mk, 2 * Math.sqrt(variance));
        const logE = oneSidedMixtureLogE(mc - MULTIPLE * mk, variance, defaultMixture(levels[form] ?? 1));
        if (logE >= bound) out[form] = c.n;
      }
    }
    theta = pooledTheta(c, k); // used from the next tick on: predictable
    if (out.plain !== Infinity && out.cuped !== Infinity) break;
  }
  return out;
}

const CELLS = [
  { keySd: 9, pre: 20, share: 0.1 },
  { keySd: 9, pre: 5, share: 0.1 },
  { keySd: 9, pre: 20, share: 0.5 },
  { keySd: 3, pre: 20, share: 0.1 },
  { keySd: 9, pre: 0, share: 0.1 },
];
const median = (xs: number[]): string => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length * 2 < xs.length ? `> ${HORIZON}` : String(s[Math.floor(xs.length / 2)]);
};
const pct = (xs: number[]): string => `${((100 * xs.filter(Number.isFinite).length) / xs.length).toFixed(1)} %`;

console.log(
  `CUPED: ${RUNS} canaries per cell and variant, α = ${ALPHA}, ${HORIZON} candidate requests, read every ${TICK}.`,
);
console.log('');
console.log(
  '| key sd (within-key sd 3) | history per key | split | test | false rollbacks, A/A | at tolerance | A/B (+20 %) median samples | CUPED ÷ plain |',
);
console.log('| ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |');
const started = Date.now();
for (const [i, cell] of CELLS.entries()) {
  const run = (lift: number, v: number) =>
    Array.from({ length: RUNS }, (_, r) =>
      canary(seededRandom(31_337 * (i + 1) + 1_000_003 * v + r), cell.keySd, cell.pre, cell.share, lift),
    );
  const [aa, tol, ab] = [run(1, 0), run(MULTIPLE, 1), run(1.2, 2)];
  const med = (form: 'plain' | 'cuped') => median(ab.map((x) => x[form]));
  const ratio = Number(med('cuped')) / Number(med('plain'));
  for (const form of ['plain', 'cuped'] as const) {
    const cells = [
      pct(aa.map((x) => x[form])),
      pct(tol.map((x) => x[form])),
      med(form),
      form === 'cuped' && Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '',
    ];
    const split = cell.share === 0.5 ? '50/50' : '10/90';
    console.log(`| ${cell.keySd} | ${cell.pre} requests | ${split} | ${form} | ${cells.join(' | ')} |`);
  }
}
console.log('');
console.log(`Ran in ${((Date.now() - started) / 1000).toFixed(0)} s, node ${process.version}.`);
