/**
 * The Mann–Whitney U test (Mann & Whitney 1947) with the normal approximation and tie correction,
 * as Kayenta's NetflixACAJudge uses it: one look at a fixed horizon. It is here only as the
 * fixed-horizon baseline of the detection benchmark; ripcord's gates never use it.
 */
import { normalSurvival } from './normal.js';

/**
 * One-sided p-value for "candidate values tend to be larger than control values" from the two
 * samples (tie-corrected normal approximation; exact enough for the benchmark's sample sizes).
 */
export function mannWhitneyGreaterP(candidate: readonly number[], control: readonly number[]): number {
  const n1 = candidate.length;
  const n2 = control.length;
  if (n1 === 0 || n2 === 0) return 1;
  const all = candidate.map((v) => ({ v, c: 1 })).concat(control.map((v) => ({ v, c: 0 })));
  all.sort((a, b) => a.v - b.v);
  let rankSum = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]?.v === all[i]?.v) j++;
    const t = j - i + 1;
    const midRank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (all[k]?.c === 1) rankSum += midRank;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return uPValue(rankSum - (n1 * (n1 + 1)) / 2, n1, n2, tieTerm);
}

/** The same test on 0/1 data from counts alone (candidate k1 of n1, control k2 of n2). */
export function mannWhitneyBinaryGreaterP(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const zeros = n1 - k1 + (n2 - k2);
  const ones = k1 + k2;
  const rankZero = (zeros + 1) / 2;
  const rankOne = zeros + (ones + 1) / 2;
  const rankSum = (n1 - k1) * rankZero + k1 * rankOne;
  const tieTerm = zeros ** 3 - zeros + (ones ** 3 - ones);
  return uPValue(rankSum - (n1 * (n1 + 1)) / 2, n1, n2, tieTerm);
}

function uPValue(u: number, n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return 1;
  return normalSurvival((u - mean - 0.5) / Math.sqrt(variance));
}
