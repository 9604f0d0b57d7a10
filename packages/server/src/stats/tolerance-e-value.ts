/**
 * The e-value of one gate's sequential test: exact Bernoulli mixtures for 0/1 metrics against a
 * fixed bound, normal mixtures (asymptotic confidence sequences) for everything else. The caller
 * freezes the mixture's scale (`level`) once, when the test becomes active, so that the mixture is
 * fixed for all later data (a data-dependent prior would break the supermartingale property).
 */
import { bernoulliMixtureLogE } from './bernoulli-mixture.js';
import { defaultMixture, oneSidedMixtureLogE } from './normal-mixture.js';
import { binaryCltReady, toleranceEstimate, type ToleranceEstimate, type ToleranceInput } from './tolerance-test.js';

/** The evidence against "within tolerance", with the estimate behind it. */
export interface ToleranceEvidence {
  /** log of the e-value; the test rejects (candidate worse than tolerated) when ≥ log(1/α). */
  logE: number;
  /** `undefined` when not computable yet (too little data, no control). */
  estimate: ToleranceEstimate | undefined;
}

/**
 * The scale to freeze at activation: the tolerance level, but never below two standard errors of
 * D̂ (a control rate of exactly 0 would otherwise give a zero-width prior and a test that can
 * never reject).
 */
export function mixtureLevel(estimate: ToleranceEstimate): number {
  return Math.max(Math.abs(estimate.level), 2 * Math.sqrt(Math.max(estimate.variance, 0)), 1e-12);
}

/** log E of the gate's test given its inputs and the frozen mixture scale. */
export function toleranceEvidence(input: ToleranceInput, frozenLevel: number): ToleranceEvidence {
  const estimate = toleranceEstimate(input);
  const h = input.hypothesis;
  if (input.binary && h.kind === 'absolute') {
    const logE = bernoulliMixtureLogE(input.candidate.n, input.candidate.sx, h.bound, input.direction, frozenLevel);
    return { logE, estimate };
  }
  if (estimate === undefined || !binaryCltReady(input)) return { logE: 0, estimate };
  return { logE: oneSidedMixtureLogE(estimate.estimate, estimate.variance, defaultMixture(frozenLevel)), estimate };
}
