/**
 * Running sums for a ratio estimator θ̂ = Σx / Σy over observations (x, y). A rate has y = 1 and
 * x ∈ {0, 1}; a mean has y = 1; cost per successful task has x = cost and y = 1 if successful.
 * Six numbers, whatever the traffic: this is what keeps gate memory independent of event count.
 * Sums can be subtracted, so "the window between two snapshots" costs nothing extra.
 *
 * The variance is the delta-method (linearisation) variance of a ratio of means,
 * Var(θ̂) ≈ Var(x − θ·y) / (n · ȳ²), the standard estimator for ratio metrics in online experiments
 * (e.g. Deng, Knoblich & Lu, "Applying the Delta Method in Metric Analytics", KDD 2018).
 */

/** Sums of one arm's observations (plain JSON). */
export interface Moments {
  /** Number of observations (the metric's denominator events). */
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/** Moments of no observations. */
export function emptyMoments(): Moments {
  return { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
}

/** Adds one observation in place (hot path: no allocation). */
export function addObservation(m: Moments, x: number, y: number): void {
  m.n += 1;
  m.sx += x;
  m.sy += y;
  m.sxx += x * x;
  m.syy += y * y;
  m.sxy += x * y;
}

/**
 * Adds `n` 0/1 observations of which `k` are events, in place: the sums of k ones and n − k zeros
 * (y = 1 each), as if added one by one. For counts that arrive aggregated (Prometheus counters).
 */
export function addEventCounts(m: Moments, k: number, n: number): void {
  m.n += n;
  m.sx += k;
  m.sy += n;
  m.sxx += k;
  m.syy += n;
  m.sxy += k;
}

/** `a − b`: the observations in `a` that arrived after snapshot `b`. */
export function subtractMoments(a: Moments, b: Moments): Moments {
  return { n: a.n - b.n, sx: a.sx - b.sx, sy: a.sy - b.sy, sxx: a.sxx - b.sxx, syy: a.syy - b.syy, sxy: a.sxy - b.sxy };
}

/** `a + b`, for merging windows or buckets. */
export function addMoments(a: Moments, b: Moments): Moments {
  return { n: a.n + b.n, sx: a.sx + b.sx, sy: a.sy + b.sy, sxx: a.sxx + b.sxx, syy: a.syy + b.syy, sxy: a.sxy + b.sxy };
}

/** θ̂ = Σx / Σy; `Infinity` when Σx > 0 and Σy = 0 (cost with no success), `NaN` when both are 0. */
export function ratioEstimate(m: Moments): number {
  if (m.sy === 0) return m.sx > 0 ? Infinity : NaN;
  return m.sx / m.sy;
}

/**
 * Delta-method variance of θ̂ = x̄/ȳ: (Sxx − 2θSxy + θ²Syy − n(x̄ − θȳ)²) / (n(n−1)ȳ²). The last term
 * is 0 by construction of θ but kept out; sample (n−1) denominators. `NaN` with fewer than 2.
 */
export function ratioVariance(m: Moments): number {
  if (m.n < 2 || m.sy === 0) return NaN;
  const theta = m.sx / m.sy;
  const ybar = m.sy / m.n;
  const residualSquares = m.sxx - 2 * theta * m.sxy + theta * theta * m.syy;
  return Math.max(residualSquares, 0) / ((m.n - 1) * m.n * ybar * ybar);
}
