/**
 * Exact, nonparametric anytime-valid test for a mean or ratio metric whose values are bounded on
 * the "better" side — cost, tokens, tool calls, latency in ms: never below 0 — against a fixed
 * bound b: H0: E[x] ≤ b·E[y] (cost per successful task: x = cost, y = 1 if successful; a mean: y = 1).
 *
 * Testing by betting (Shafer & Vovk; Waudby-Smith & Ramdas, "Estimating means of bounded random
 * variables by betting", JRSS-B 2023; Ramdas, Grünwald, Vovk & Shafer, "Game-theoretic statistics
 * and safe anytime-valid inference", Statist. Sci. 2023). With ξ = (x − b·y)/b ≥ −1 (because x ≥ 0
 * and 0 ≤ y ≤ 1), a gambler who stakes a fraction λ ∈ [0, 1) of her wealth on "the mean is above b"
 * has wealth Π(1 + λξᵢ), which stays nonnegative and has E[1 + λξ | past] ≤ 1 under every
 * distribution in H0 — a test supermartingale with no central limit theorem, no variance estimate
 * and no minimum sample. An equal-weight mixture over a fixed grid of λ is one too, so by Ville's
 * inequality P(∃t: Eₜ ≥ 1/α) ≤ α for every law of x with mean ≤ b, however skewed.
 *
 * Why it detects sooner than a normal mixture on skewed costs. It grows at the rate of the grid's
 * best λ, close to max_λ E log(1 + λξ): the KL_inf of the nonparametric null (Honda & Takemura, COLT 2010, and JMLR
 * 2015 for semi-bounded support), which uses the whole shape of the data; a normal mixture only
 * sees two moments, E[ξ]²/(2·Var ξ). For log-normal costs with σ = 0.5 and a 30 % regression over a
 * 15 % tolerance they are 0.029 and 0.023 nats per task, while Wald's SPRT that knows the
 * log-normal family gets 0.030 (bench/hedging.bench.ts, docs/adr/0002-sequential-tests.md).
 *
 * Each observation needs one log per grid point, so the wealth must be updated per observation (the
 * sums the gate keeps are not enough). The state is plain JSON.
 */

/** Fractions of wealth staked (λ); dyadic from 0.8 down to 0.025. */
export const BETTING_GRID: readonly number[] = [0.8, 0.4, 0.2, 0.1, 0.05, 0.025];

/** The running wealth of each constant bettor, as logs (plain JSON). */
export interface BettingState {
  /** The null's bound b on x/y (> 0), fixed before the first observation. */
  bound: number;
  /** Observations consumed. */
  n: number;
  /** log Π(1 + λₖ·ξᵢ), one per λₖ in {@link BETTING_GRID}. */
  logWealth: number[];
}

/** A fresh test of H0: E[x] ≤ bound·E[y] (bound > 0). */
export function emptyBetting(bound: number): BettingState {
  return { bound, n: 0, logWealth: BETTING_GRID.map(() => 0) };
}

/**
 * Adds one observation in place (hot path: no allocation). `x` must be ≥ 0 and `y` in [0, 1]: the
 * test is only for metrics that are nonnegative by definition (ingest rejects negative costs). A
 * value outside that range cannot come from such a metric and is not bet on (the product would no
 * longer be a supermartingale); for a metric that can be negative, skipping would bias the test, so
 * such metrics must use the normal mixture instead. A non-positive bound disables the test.
 */
export function addBet(state: BettingState, x: number, y: number): void {
  const b = state.bound;
  if (!(b > 0) || !(x >= 0) || !Number.isFinite(x) || !(y >= 0 && y <= 1)) return;
  const xi = (x - b * y) / b;
  const w = state.logWealth;
  for (let k = 0; k < w.length; k++) w[k] = (w[k] ?? 0) + Math.log1p((BETTING_GRID[k] ?? 0) * xi);
  state.n += 1;
}

/** log of the mixture e-value, log((1/K)·Σₖ Πᵢ(1 + λₖξᵢ)); 0 before any observation. */
export function bettingLogE(state: BettingState): number {
  const w = state.logWealth;
  if (w.length === 0) return 0;
  let max = -Infinity;
  for (const v of w) if (v > max) max = v;
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of w) sum += Math.exp(v - max);
  return max + Math.log(sum / w.length);
}
