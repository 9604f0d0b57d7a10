/**
 * Exact sequential test of a rate ratio between two arms for 0/1 metrics ("error rate above 1.5×
 * control", "safety blocks double vs control"), by conditioning on where the events fall — the
 * multinomial-count construction of Lindon & Malek ("Anytime-valid inference for multinomial count
 * data", NeurIPS 2022), which Netflix uses for canary counts (Lindon, Sanden & Shirikian, "Rapid
 * regression detection in software deployments through sequential testing", KDD 2022).
 *
 * Between two evaluations the arms served nc and nk requests and produced kc and kk events. Under
 * the Poisson model, given the kc + kk events, the candidate's share is Binomial(kc + kk, q) with
 * q = ρ·nc / (ρ·nc + nk) and ρ the true rate ratio. H0 "ρ ≤ m" means q ≤ q0; for an alternative
 * ρ1 > m the block likelihood ratio (q1/q0)^kc ((1−q1)/(1−q0))^kk has expectation ≤ 1 under H0,
 * so the product over blocks is a test supermartingale, and so is an equal-weight mixture over
 * ρ1 = m·(1+f), f ∈ {0.1, 0.25, 0.5, 1} (for "lower is worse", ρ1 = m/(1+f)). With true Bernoulli
 * outcomes and m = 1, the conditional law is hypergeometric, which Hoeffding (1963) shows is
 * dominated in convex order by the binomial, so the test stays conservative.
 *
 * Why not the normal approximation here: for a 1 % error rate over a few hundred requests the
 * normal mixture rejects a healthy A/A canary 2–4× more often than α (measured; see the ADR), and
 * nuisance-free exactness is what a false-rollback budget needs. The test reads counts only at
 * evaluation ticks, so it does not depend on the order in which batched events arrive.
 */
import { EFFECT_GRID } from './effect-grid.js';

/** Relative regressions beyond the tolerance that the mixture spreads its bets over. */
const EFFECTS = EFFECT_GRID;

/** The test's state: the counts already consumed and log of each mixture component. */
export interface EventShareState {
  /** Cumulative (requests, events) of candidate and control at the last consumed block. */
  consumed: { nc: number; kc: number; nk: number; kk: number };
  /** log of the running product, one per alternative in {@link EFFECTS}. */
  logProducts: number[];
}

/** A fresh test (nothing consumed, every product 1). */
export function emptyEventShare(): EventShareState {
  return { consumed: { nc: 0, kc: 0, nk: 0, kk: 0 }, logProducts: EFFECTS.map(() => 0) };
}

/** Cumulative counts of both arms, as the gate state keeps them. */
export interface ArmCounts {
  nc: number;
  kc: number;
  nk: number;
  kk: number;
}

/**
 * Consumes the block between `state.consumed` and `now` (pure: returns a new state). A block is
 * consumed only once both arms have served requests in it, which depends on exposures alone and
 * so does not bias the test.
 */
export function advanceEventShare(
  state: EventShareState,
  now: ArmCounts,
  multiple: number,
  direction: 1 | -1,
): EventShareState {
  const dnc = now.nc - state.consumed.nc;
  const dnk = now.nk - state.consumed.nk;
  if (dnc <= 0 || dnk <= 0 || !(multiple > 0)) return state;
  const dkc = now.kc - state.consumed.kc;
  const dkk = now.kk - state.consumed.kk;
  const q0 = (multiple * dnc) / (multiple * dnc + dnk);
  const logProducts = state.logProducts.map((logP, i) => {
    const f = EFFECTS[i] ?? 0;
    const rho1 = direction === 1 ? multiple * (1 + f) : multiple / (1 + f);
    const q1 = (rho1 * dnc) / (rho1 * dnc + dnk);
    return logP + dkc * Math.log(q1 / q0) + dkk * Math.log((1 - q1) / (1 - q0));
  });
  return { consumed: { ...now }, logProducts };
}

/** log of the mixture e-value (equal weights over the alternatives). */
export function eventShareLogE(state: EventShareState): number {
  const max = Math.max(...state.logProducts);
  if (!Number.isFinite(max)) return max;
  const sum = state.logProducts.reduce((acc, l) => acc + Math.exp(l - max), 0);
  return max + Math.log(sum / state.logProducts.length);
}
