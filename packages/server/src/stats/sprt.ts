/**
 * Wald's sequential probability ratio test (Wald 1945) between two simple hypotheses with known
 * parameters: the oracle that knows the true control and candidate rates. Among all tests with the
 * same error rates it minimises the expected sample size at both hypotheses (Wald & Wolfowitz
 * 1948), so it is the lower bound the detection benchmark compares ripcord's tests against.
 */

/** Per-observation log-likelihood ratio of Bernoulli(p1) against Bernoulli(p0). */
export function bernoulliLogLr(x: 0 | 1, p0: number, p1: number): number {
  return x === 1 ? Math.log(p1 / p0) : Math.log((1 - p1) / (1 - p0));
}

/** Per-observation log-likelihood ratio of N(mu1, sigma²) against N(mu0, sigma²). */
export function gaussianLogLr(x: number, mu0: number, mu1: number, sigma: number): number {
  return ((mu1 - mu0) * (x - (mu0 + mu1) / 2)) / (sigma * sigma);
}

/** Wald's boundaries: reject H0 at log((1−β)/α), accept it at log(β/(1−α)). */
export function sprtBounds(alpha: number, beta: number): { upper: number; lower: number } {
  return { upper: Math.log((1 - beta) / alpha), lower: Math.log(beta / (1 - alpha)) };
}

/** Kullback–Leibler divergence KL(Bernoulli(p1) ‖ Bernoulli(p0)) in nats. */
export function bernoulliKl(p1: number, p0: number): number {
  const a = p1 === 0 ? 0 : p1 * Math.log(p1 / p0);
  const b = p1 === 1 ? 0 : (1 - p1) * Math.log((1 - p1) / (1 - p0));
  return a + b;
}
