/**
 * Distribution drift between a candidate and a reference over fixed bins: the population stability
 * index (PSI, Yurdakul 2018; the credit-scoring rule of thumb reads 0.1 as "some" and 0.2 as
 * "significant" shift), Kullback–Leibler divergence KL(candidate ‖ reference) and Jensen–Shannon
 * divergence, all in nats. Bins are fixed once, at release start, from the reference (GATES.md):
 * re-binning on live data would let the metric move because the bins moved.
 */

/** The three distances the gate language names. */
export type DriftMethod = 'psi' | 'kl' | 'js';

/** Additive smoothing per bin (Jeffreys' half count): empty bins would make KL and PSI infinite. */
export const BIN_SMOOTHING = 0.5;

/**
 * Inner cut points at the 1/b, 2/b, … quantiles of `values` (deduplicated, so heavy ties give
 * fewer bins rather than empty ones). `b` bins need b − 1 cut points.
 */
export function quantileEdges(values: readonly number[], bins = 10): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))];
    if (v !== undefined && (edges.length === 0 || v > (edges[edges.length - 1] ?? -Infinity))) edges.push(v);
  }
  return edges;
}

/** The bin of `value`: 0 for value < edges[0], i for edges[i−1] ≤ value < edges[i]. */
export function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value < (edges[mid] ?? Infinity)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Counts → proportions with {@link BIN_SMOOTHING} added to every bin. */
export function smoothedProportions(counts: readonly number[]): number[] {
  const total = counts.reduce((a, c) => a + c, 0) + BIN_SMOOTHING * counts.length;
  return counts.map((c) => (c + BIN_SMOOTHING) / total);
}

/** Declared reference proportions, floored at 1e-4 per bin and renormalised. */
export function normaliseReference(proportions: readonly number[]): number[] {
  const floored = proportions.map((p) => Math.max(p, 1e-4));
  const total = floored.reduce((a, p) => a + p, 0);
  return floored.map((p) => p / total);
}

function kl(p: readonly number[], q: readonly number[]): number {
  let sum = 0;
  p.forEach((pi, i) => {
    const qi = q[i] ?? 0;
    if (pi > 0 && qi > 0) sum += pi * Math.log(pi / qi);
  });
  return sum;
}

/** Distance between candidate proportions `p` and reference proportions `q` (same length). */
export function driftDistance(method: DriftMethod, p: readonly number[], q: readonly number[]): number {
  switch (method) {
    case 'kl':
      return kl(p, q);
    case 'psi':
      return p.reduce((sum, pi, i) => {
        const qi = q[i] ?? 0;
        return pi > 0 && qi > 0 ? sum + (pi - qi) * Math.log(pi / qi) : sum;
      }, 0);
    case 'js': {
      const m = p.map((pi, i) => (pi + (q[i] ?? 0)) / 2);
      return 0.5 * kl(p, m) + 0.5 * kl(q, m);
    }
  }
}
