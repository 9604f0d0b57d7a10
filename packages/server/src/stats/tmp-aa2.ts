import { seededRandom } from './random.js';
import { emptyMoments, addObservation, type Moments } from './moments.js';
import { defaultMixture, oneSidedMixtureLogE } from './normal-mixture.js';
import { toleranceEstimate, type ToleranceInput } from './tolerance-test.js';
import { mixtureLevel } from './tolerance-e-value.js';
function k3(p: number, n: number) { const q = Math.min(Math.max(p, 0.5 / n), 1 - 0.5 / n); return q * (1 - q) * (1 - 2 * q) / (n * n); }
function cf(c: Moments, k: Moments, m: number, est: number, v: number): number {
  let z = est / Math.sqrt(v);
  const ctl = (c.sx + k.sx) / (m * c.n + k.n); const cand = m * ctl;
  const g = (k3(cand, c.n) - m ** 3 * k3(ctl, k.n)) / v ** 1.5;
  if (g > 0 && z > 1) { const zc = Math.min(z, 1 / g + 1e-9); z = z - g * (zc * zc - 1) / 6 - (z - zc) * 0; }
  return z;
}
function run(p: number, share: number, alpha: number, horizon: number, runs: number, mode: number) {
  let fr = 0;
  for (let r = 0; r < runs; r++) {
    const rng = seededRandom(r * 7919 + 1);
    const c = emptyMoments(), k = emptyMoments();
    let level: number | undefined;
    const input: ToleranceInput = { candidate: c, control: k, binary: true, direction: 1, hypothesis: { kind: 'ratio', multiple: 1 } };
    let i = 0;
    while (c.n < horizon) {
      i++;
      const x = rng.next() < p ? 1 : 0;
      if (rng.next() < share) addObservation(c, x, 1); else addObservation(k, x, 1);
      if (i % 10 !== 0) continue;
      if (c.n < 100 || k.n < 100) continue;
      const e = toleranceEstimate(input); if (!e) continue;
      if (level === undefined) level = mixtureLevel(e);
      let est = e.estimate;
      if (mode === 1) { const z = cf(c, k, 1, e.estimate, e.variance); est = z * Math.sqrt(e.variance); }
      const logE = oneSidedMixtureLogE(est, e.variance, defaultMixture(level));
      if (logE >= Math.log(1 / alpha)) { fr++; break; }
    }
  }
  return fr / runs;
}
for (const [p, share, alpha] of [[0.01, 0.1, 0.05], [0.01, 0.1, 0.005], [0.001, 0.1, 0.05], [0.001, 0.1, 0.005], [0.05, 0.1, 0.005], [0.01,0.5,0.005]] as const) {
  console.log(p, share, alpha, 'plain', run(p, share, alpha, 5000, 600, 0), 'cf', run(p, share, alpha, 5000, 600, 1));
}
