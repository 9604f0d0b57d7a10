/**
 * Exact anytime-valid test for a rate against a fixed bound: H0: p ≤ b (or p ≥ b when lower is
 * worse). For any alternative p₁ > b the likelihood ratio Π (p₁/b)^x ((1−p₁)/(1−b))^(1−x) has
 * expectation p·p₁/b + (1−p)(1−p₁)/(1−b) ≤ 1 for every p ≤ b, so it is a nonnegative supermartingale
 * under the whole composite null, and so is any fixed mixture over p₁ (Wald 1945; Robbins 1970;
 * the "safe testing" view of Grünwald, de Heide & Koolen, JRSS-B 2024). It depends on the data only
 * through (n, k), which the gate state already keeps. Unlike the normal approximation it stays
 * exact for rare events (1 % error rates over a few hundred calls).
 */
import { EFFECT_GRID } from './effect-grid.js';

/**
 * log of the mixture likelihood ratio for H0: p ≤ bound (direction 1) or p ≥ bound (direction −1),
 * after `k` events in `n` trials, mixing equally over alternatives bound ± f·level for f in
 * {0.1, 0.25, 0.5, 1} (clipped inside (0, 1)), the same grid as the normal mixtures.
 */
export function bernoulliMixtureLogE(n: number, k: number, bound: number, direction: 1 | -1, level = bound): number {
  if (n <= 0 || !(bound > 0 && bound < 1)) return degenerateLogE(n, k, bound, direction);
  const factors = EFFECT_GRID;
  const scale = Math.max(Math.abs(level), 1e-9);
  let max = -Infinity;
  const terms: number[] = [];
  for (const f of factors) {
    const p1 = Math.min(Math.max(bound + direction * f * scale, 1e-12), 1 - 1e-12);
    if (direction * (p1 - bound) <= 0) continue;
    const term = Math.log(1 / factors.length) + k * Math.log(p1 / bound) + (n - k) * Math.log((1 - p1) / (1 - bound));
    terms.push(term);
    if (term > max) max = term;
  }
  if (terms.length === 0) return 0;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum);
}

/**
 * Bounds of exactly 0 or 1: "above 0 %" is disproved by a single event (and "below 100 %" by a
 * single non-event), which is infinite evidence; anything else carries none.
 */
function degenerateLogE(n: number, k: number, bound: number, direction: 1 | -1): number {
  if (n <= 0) return 0;
  if (direction === 1 && bound <= 0 && k > 0) return Infinity;
  if (direction === -1 && bound >= 1 && k < n) return Infinity;
  return 0;
}
