/**
 * One-sided normal-mixture e-values: the anytime-valid test behind every rate, mean and latency
 * gate (docs/adr/0002-sequential-tests.md).
 *
 * Model. An estimate D̂ of a "how much worse than tolerated" quantity D with variance V behaves,
 * by the time-uniform central limit theorem, like Brownian motion in information time I = 1/V:
 * the score S = D̂/V ~ N(D·I, I). For a drift λ the likelihood ratio against λ = 0 is
 * exp(λS − λ²I/2); averaging it over a half-normal prior λ ~ N⁺(0, τ²) gives the closed form
 *
 *   E = 2/√(1+r) · exp(z²/2 · r/(1+r)) · Φ(z·√(r/(1+r))),   z = D̂/√V,  r = τ²/V,
 *
 * a nonnegative supermartingale under every D ≤ 0 (the half-normal puts mass on λ > 0 only, and
 * each exp(λS − λ²I/2) with λ ≥ 0 is a supermartingale when the drift is ≤ 0). By Ville's inequality
 * P(∃t: E_t ≥ 1/α) ≤ α: the test may be looked at after every event and still spends at most α.
 *
 * This is Robbins' normal mixture (Robbins 1970), the mixture SPRT of Johari et al. ("Always valid
 * inference", 2017/2022), and the one-sided form of the asymptotic confidence sequences of
 * Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas ("Time-uniform central limit theory and asymptotic
 * confidence sequences", Annals of Statistics 2024), which GrowthBook ships with α = 0.05. With V
 * estimated from the data the guarantee is asymptotic, which is why gates only test after a minimum
 * sample and why the A/A property tests check the false-rollback rate empirically.
 *
 * A finite mixture over several τ (weights summing to 1) is still an e-process; it hedges the
 * unknown effect size at the price of at most log(1/weight) nats.
 */
import { EFFECT_GRID } from './effect-grid.js';
import { logNormalCdf } from './normal.js';

/** One mixing component: prior scale τ on D (in D's units) and its weight. */
export interface MixtureComponent {
  tau: number;
  weight: number;
}

/** log E for one component; see the module comment for the formula. */
function componentLogE(z: number, r: number): number {
  const shrink = r / (1 + r);
  return Math.LN2 - 0.5 * Math.log1p(r) + ((z * z) / 2) * shrink + logNormalCdf(z * Math.sqrt(shrink));
}

/**
 * log of the one-sided normal-mixture e-value for H0: D ≤ 0 given the estimate D̂, its variance V
 * and a mixture over τ. Returns 0 (E = 1, no evidence) when V is not a positive finite number.
 */
export function oneSidedMixtureLogE(estimate: number, variance: number, mixture: readonly MixtureComponent[]): number {
  if (!(variance > 0) || !Number.isFinite(variance) || !Number.isFinite(estimate)) return 0;
  const z = estimate / Math.sqrt(variance);
  let max = -Infinity;
  const terms: number[] = [];
  for (const { tau, weight } of mixture) {
    if (!(weight > 0) || !(tau > 0)) continue;
    const term = Math.log(weight) + componentLogE(z, (tau * tau) / variance);
    terms.push(term);
    if (term > max) max = term;
  }
  if (terms.length === 0 || max === -Infinity) return 0;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum);
}

/**
 * The mixture ripcord uses for a gate whose tolerance level (threshold on the metric's own scale)
 * is `level`: τ ∈ {0.1, 0.25, 0.5, 1} × level, equal weights — regressions from a tenth of the
 * tolerance level up to the level itself are detected within ≈ log 4 nats of a test tuned to them.
 */
export function defaultMixture(level: number): MixtureComponent[] {
  const scale = Math.abs(level);
  const factors = EFFECT_GRID;
  return factors.map((f) => ({ tau: f * scale, weight: 1 / factors.length }));
}
