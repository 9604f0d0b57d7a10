/**
 * "Candidate worse than the gate's tolerance", as one number D with D ≤ 0 the null hypothesis
 * (the candidate is within tolerance) and D > 0 a regression, for the three comparison shapes of
 * the gate language (GATES.md "Comparisons"):
 *
 *   absolute   s·(θc − b)            ≤ 0   `above: X`, `above: "2x", of: sla`, `below: slo`
 *   ratio      s·(θc − m·θctl)       ≤ 0   `above: "2x", of: control`, `worseThanControlBy: "10%"`
 *   delta      s·(θc − θctl) − δ     ≤ 0   `worseThanControlBy: "5pp"`
 *
 * where s = +1 when higher is worse and −1 when lower is worse. The estimate and its variance feed
 * the normal-mixture e-value (`normal-mixture.ts`). For 0/1 metrics the variance is evaluated at
 * the null boundary closest to the data (a score-test variance: pooled estimate under θc = m·θctl,
 * or θc = θctl + δ), which is better calibrated for small rates than the plug-in p̂(1−p̂) — with a
 * plug-in, a single early error on a 1 % metric looks like overwhelming evidence.
 */
import { ratioEstimate, ratioVariance, type Moments } from './moments.js';

/** Which way is worse: +1 higher, −1 lower. */
export type Direction = 1 | -1;

/** The null boundary of a gate's comparison. */
export type ToleranceNull =
  { kind: 'absolute'; bound: number } | { kind: 'ratio'; multiple: number } | { kind: 'delta'; delta: number };

/** Everything one test needs: both arms' sums, whether the metric is 0/1, direction and null. */
export interface ToleranceInput {
  candidate: Moments;
  /** Required for `ratio` and `delta`. */
  control?: Moments;
  /** 0/1 observations with y = 1 (rates, latency exceedance). */
  binary: boolean;
  direction: Direction;
  hypothesis: ToleranceNull;
  /**
   * Comparisons with control: the variance's multiplier for observations correlated within keys
   * (`key-buckets.ts`, ≥ 1); absent = 1, independent observations.
   */
  designEffect?: number;
}

/** D̂, its variance, and the tolerance level on the metric's scale (for sizing the mixture). */
export interface ToleranceEstimate {
  estimate: number;
  variance: number;
  /** The threshold the candidate is compared with, on the metric's scale (b, m·θctl, θctl ± δ). */
  level: number;
}

const clampUnit = (p: number): number => Math.min(Math.max(p, 0), 1);

/** D̂ and Var(D̂) for the input, or `undefined` when not computable (missing control, n < 2). */
export function toleranceEstimate(input: ToleranceInput): ToleranceEstimate | undefined {
  const { candidate, control, direction: s, hypothesis: h } = input;
  const thetaC = ratioEstimate(candidate);
  if (candidate.n < 2 || !Number.isFinite(thetaC)) return undefined;
  if (h.kind === 'absolute') {
    const variance = input.binary ? binaryVariance(h.bound, candidate.n) : ratioVariance(candidate);
    return { estimate: s * (thetaC - h.bound), variance, level: h.bound };
  }
  if (control === undefined || control.n < 2) return undefined;
  const thetaK = ratioEstimate(control);
  if (!Number.isFinite(thetaK)) return undefined;
  const m = h.kind === 'ratio' ? h.multiple : 1;
  const delta = h.kind === 'delta' ? h.delta : 0;
  const estimate = s * (thetaC - m * thetaK) - delta;
  const level = h.kind === 'ratio' ? m * thetaK : thetaK + s * delta;
  const independent = input.binary
    ? restrictedBinaryVariance(candidate, control, m, s * delta)
    : ratioVariance(candidate) + m * m * ratioVariance(control);
  return { estimate, variance: independent * Math.max(1, input.designEffect ?? 1), level };
}

/**
 * Expected events and non-events the candidate needs at the null boundary before a normal mixture
 * on 0/1 data may read it: the textbook n·p·(1−p) ≥ 10 rule for the CLT. Below it the candidate's
 * count is Poisson-skewed and a few early events look like overwhelming evidence: at a 5 % canary
 * with 1 % rates, "0pp worse than control" rolled back 5.3 % of A/A canaries at α = 5 % with the
 * 100-sample minimum alone, 2.6 % with this rule (ADR 0002 §10).
 */
export const MIN_BINARY_INFORMATION = 10;

/**
 * Whether a 0/1 test against control (`ratio` or `delta`, the normal-mixture forms) has the
 * candidate information {@link MIN_BINARY_INFORMATION} at the null boundary closest to the data.
 * Tests on continuous data and against fixed bounds are always ready.
 */
export function binaryCltReady(input: ToleranceInput): boolean {
  const { candidate: c, control: k, hypothesis: h } = input;
  if (!input.binary || h.kind === 'absolute' || k === undefined) return true;
  const m = h.kind === 'ratio' ? h.multiple : 1;
  const shift = h.kind === 'delta' ? input.direction * h.delta : 0;
  const ctl = clampUnit((c.sx + k.sx - c.n * shift) / (m * c.n + k.n));
  const cand = clampUnit(m * ctl + shift);
  return c.n * cand * (1 - cand) >= MIN_BINARY_INFORMATION;
}

/** p(1−p)/n with p kept off 0 and 1 by half an observation, so the variance is never 0. */
function binaryVariance(p: number, n: number): number {
  const q = Math.min(Math.max(p, 0.5 / n), 1 - 0.5 / n);
  return (q * (1 - q)) / n;
}

/**
 * Variance of θ̂c − m·θ̂ctl at the pooled null estimate: for θc = m·θctl + shift (shift = s·δ),
 * θ̃ctl = (kc + kctl − nc·shift)/(m·nc + nctl), clipped so both rates stay in [0, 1].
 */
function restrictedBinaryVariance(c: Moments, k: Moments, m: number, shift: number): number {
  let ctl = clampUnit((c.sx + k.sx - c.n * shift) / (m * c.n + k.n));
  let cand = m * ctl + shift;
  if (cand > 1) {
    cand = 1;
    ctl = clampUnit((1 - shift) / m);
  } else if (cand < 0) {
    cand = 0;
    ctl = clampUnit(-shift / m);
  }
  return binaryVariance(cand, c.n) + m * m * binaryVariance(ctl, k.n);
}
