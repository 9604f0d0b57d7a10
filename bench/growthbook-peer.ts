/**
 * GrowthBook's safe-rollout guardrail decision, re-implemented for the peer benchmark from its
 * published source (growthbook/growthbook, read at commit 8f1db445, 2026-08-21):
 *
 * - `getAnalysisSettingsFromSafeRolloutArgs` (back-end/src/services/safeRolloutSnapshots.ts): the
 *   frequentist engine with `sequentialTesting: true`, `oneSidedIntervals: true`,
 *   `differenceType: "absolute"`, the organisation's tuning parameter (default
 *   `DEFAULT_SEQUENTIAL_TESTING_TUNING_PARAMETER` = 5000) and p-value threshold (default 0.05);
 * - gbstats `frequentist/tests.py`: for a metric where lower is better (`inverse`), the one-sided
 *   "treatment greater" sequential interval (Waudby-Smith et al. 2023, eq. 134) with
 *   ρ = √((−2 ln 2α + ln(−2 ln 2α + 1)) / N*), halfwidth
 *   √(s² · 2(nρ² + 1)/(nρ)² · ln(1 + √(nρ² + 1)/(2α))), n = both arms' units, s² = se²·n,
 *   se² = var_b/n_b + var_a/n_a; the guardrail is significant when the interval excludes 0;
 * - `getMetricResultStatus` / `hasEnoughData` / `isBelowMinChange` (shared/experiments): a result
 *   is "lost" only when significant, in the losing direction, with enough data — the larger arm's
 *   metric *value* (its count of events) at least `minSampleSize` (default 150) and both non-zero
 *   — and an absolute change of at least `minPercentChange` (0.5 %) of the baseline;
 * - `getSafeRolloutResultStatus`: any guardrail "lost" → `rollback-now`.
 *
 * Two forms: `tolerance: 0` is GrowthBook as shipped (null: the candidate is no worse than
 * control); the adapted form tests the gate's own null, D = θc − m·θctl − δ ≤ 0, with the same
 * interval (se² = var_b/n_b + m²·var_a/n_a) — GrowthBook has no tolerance setting, so this is what
 * its interval would do if it had one. Our code; nothing is copied.
 */

/** What one arm has seen: units, Σx and Σx² (0/1 data: Σx² = Σx). */
export interface ArmSums {
  n: number;
  sum: number;
  sumSquares: number;
}

export interface GrowthBookOptions {
  alpha: number;
  tuning: number;
  minSampleSize: number;
  minPercentChange: number;
  /** 0/1 metric: GrowthBook's proportion statistic, variance p(1 − p). */
  binary: boolean;
  /** The null: θc ≤ multiple · θctl + delta (GrowthBook as shipped: 1 and 0). */
  multiple: number;
  delta: number;
}

export const GROWTHBOOK_DEFAULTS = { alpha: 0.05, tuning: 5000, minSampleSize: 150, minPercentChange: 0.005 };

function meanVariance(a: ArmSums, binary: boolean): [number, number] {
  const mean = a.sum / a.n;
  if (binary) return [mean, mean * (1 - mean)];
  return [mean, Math.max(0, (a.sumSquares - a.n * mean * mean) / (a.n - 1))];
}

/** ρ of the one-sided sequential interval (gbstats `sequential_rho`, two_sided = false). */
export function sequentialRho(alpha: number, tuning: number): number {
  const a = 2 * alpha;
  return Math.sqrt((-2 * Math.log(a) + Math.log(-2 * Math.log(a) + 1)) / tuning);
}

/** The one-sided halfwidth for per-unit variance s² at n units. */
export function oneSidedHalfwidth(s2: number, n: number, alpha: number, rho: number): number {
  const nr2 = n * rho * rho;
  return Math.sqrt(((s2 * 2 * (nr2 + 1)) / (n * rho) ** 2) * Math.log(1 + Math.sqrt(nr2 + 1) / (2 * alpha)));
}

/** GrowthBook's safe-rollout verdict for a guardrail where higher is worse: true = roll back. */
export function growthbookRollsBack(control: ArmSums, candidate: ArmSums, o: GrowthBookOptions): boolean {
  if (control.n < 2 || candidate.n < 2) return false;
  // hasEnoughData: both arms' metric values non-zero, the larger at least minSampleSize.
  if (control.sum === 0 || candidate.sum === 0 || Math.max(control.sum, candidate.sum) < o.minSampleSize) return false;
  const [ma, va] = meanVariance(control, o.binary);
  const [mb, vb] = meanVariance(candidate, o.binary);
  const expected = mb - ma;
  // isBelowMinChange (absolute): |expected| / |baseline| below minPercentChange is a draw.
  if (Math.abs(expected) / Math.abs(ma) < o.minPercentChange) return false;
  if (expected <= 0) return false; // the winning direction for a lower-is-better metric
  const se2 = vb / candidate.n + (o.multiple * o.multiple * va) / control.n;
  if (!(se2 > 0)) return false;
  const n = control.n + candidate.n;
  const halfwidth = oneSidedHalfwidth(se2 * n, n, o.alpha, sequentialRho(o.alpha, o.tuning));
  // "treatment greater" interval (D − halfwidth, ∞) excludes 0.
  return mb - o.multiple * ma - o.delta - halfwidth > 0;
}
