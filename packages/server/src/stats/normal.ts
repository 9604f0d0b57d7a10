/**
 * The standard normal distribution, in log space where it matters. The sequential tests multiply
 * many small probabilities, so `logNormalCdf` stays accurate far into the lower tail instead of
 * underflowing to `log(0)`.
 *
 * erfc uses the Chebyshev fit of Numerical Recipes (Press et al., 2nd ed., §6.2, `erfcc`):
 * fractional error below 1.2e-7 everywhere, written in log form so that large arguments stay finite.
 */

const SQRT2 = Math.SQRT2;

/** log(erfc(x)) for x ≥ 0 (fractional error of erfc below 1.2e-7). */
function logErfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return Math.log(t) - x * x + poly;
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  if (z >= 0) return 1 - 0.5 * Math.exp(logErfcNonNegative(z / SQRT2));
  return 0.5 * Math.exp(logErfcNonNegative(-z / SQRT2));
}

/** log Φ(z), finite for any finite z (about −z²/2 in the lower tail). */
export function logNormalCdf(z: number): number {
  if (z >= 0) return Math.log1p(-0.5 * Math.exp(logErfcNonNegative(z / SQRT2)));
  return Math.log(0.5) + logErfcNonNegative(-z / SQRT2);
}

/** Upper-tail probability 1 − Φ(z). */
export function normalSurvival(z: number): number {
  return normalCdf(-z);
}

/**
 * Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9 after one Halley step),
 * for fixed-horizon sample-size calculations and critical values.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? -Infinity : Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ] as const;
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ] as const;
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
  const lo = 0.02425;
  let x: number;
  if (p < lo || p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(p < lo ? p : 1 - p));
    const num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5];
    const den = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1;
    x = p < lo ? num / den : -num / den;
  } else {
    const q = p - 0.5;
    const r = q * q;
    const num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q;
    const den = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1;
    x = num / den;
  }
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}
