/**
 * Heavy keys (ADR 0002 §12): sticky bucketing assigns _keys_ (users, accounts) to arms, so when a
 * few keys carry much of the traffic and keys differ in their own rates, the requests of one key
 * are not independent and a comparison with control also compares two samples of keys. The tests
 * then see more evidence than there is and roll back A/A canaries (14–19.5 % at α = 5 %,
 * BENCHMARKS.md "Heavy keys").
 *
 * The remedy kept here: each arm's observations summed per hashed key bucket (64 per arm; x and y
 * sums, mergeable by addition, so an edge summary can carry them), from which the ratio
 * estimator's cluster-robust (batch-means) variance over buckets follows,
 *
 *   V_arm = Σ_b (X_b − θ̂·Y_b)² / (ΣY)² · B/(B−1)        (Deng, Knoblich & Lu 2018),
 *
 * and the **design effect** of the comparison, deff = max(1, V_robust / V_independent), with
 * V = V_candidate + m²·V_control for the comparison θc − m·θctl. The tests divide their evidence by
 * it (the event-share test's log e-value; the normal mixture's variance is multiplied by it): the
 * quasi-likelihood correction for observations that are correlated within keys. When keys are
 * alike deff stays near 1; when a few heavy keys dominate it grows with their weight.
 */

/** Hashed key buckets per arm. */
export const KEY_BUCKETS = 64;

/** One arm's per-bucket sums of the metric's numerator (x) and denominator (y). */
export interface BucketSums {
  x: number[];
  y: number[];
}

/** Empty sums for one arm. */
export function emptyBucketSums(): BucketSums {
  return { x: new Array<number>(KEY_BUCKETS).fill(0), y: new Array<number>(KEY_BUCKETS).fill(0) };
}

/** `a − b` per bucket (the observations in `a` after snapshot `b`). */
export function subtractBucketSums(a: BucketSums, b: BucketSums): BucketSums {
  return { x: a.x.map((v, i) => v - (b.x[i] ?? 0)), y: a.y.map((v, i) => v - (b.y[i] ?? 0)) };
}

/** `a + b` per bucket (merging summaries). */
export function addBucketSums(a: BucketSums, b: BucketSums): BucketSums {
  return { x: a.x.map((v, i) => v + (b.x[i] ?? 0)), y: a.y.map((v, i) => v + (b.y[i] ?? 0)) };
}

/**
 * The bucket of a key: FNV-1a (32 bit) of its UTF-16 code units, modulo {@link KEY_BUCKETS}. Cheap,
 * allocation-free and stable across processes and restarts (the snapshot keeps the sums).
 */
export function keyBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEY_BUCKETS;
}

/** Adds one observation to bucket `b` (in place, hot path). */
export function addToBucket(sums: BucketSums, b: number, x: number, y: number): void {
  sums.x[b] = (sums.x[b] ?? 0) + x;
  sums.y[b] = (sums.y[b] ?? 0) + y;
}

/** Cluster-robust variance of ΣX/ΣY over the buckets; `NaN` when ΣY = 0. */
export function clusterVariance(sums: BucketSums): number {
  let sx = 0;
  let sy = 0;
  for (let b = 0; b < KEY_BUCKETS; b++) {
    sx += sums.x[b] ?? 0;
    sy += sums.y[b] ?? 0;
  }
  if (!(sy > 0)) return NaN;
  const theta = sx / sy;
  let ss = 0;
  for (let b = 0; b < KEY_BUCKETS; b++) ss += ((sums.x[b] ?? 0) - theta * (sums.y[b] ?? 0)) ** 2;
  return ((ss / (sy * sy)) * KEY_BUCKETS) / (KEY_BUCKETS - 1);
}

/**
 * The design effect of θc − m·θctl: the cluster-robust variance over the independent-observation
 * one (`independent`, the same comparison's variance as the test would compute it), at least 1.
 * 1 when either is not computable (no observations yet, a variance of 0).
 */
export function designEffect(
  candidate: BucketSums,
  control: BucketSums,
  multiple: number,
  independent: number,
): number {
  const robust = clusterVariance(candidate) + multiple * multiple * clusterVariance(control);
  if (!(independent > 0) || !Number.isFinite(robust)) return 1;
  return Math.max(1, robust / independent);
}
