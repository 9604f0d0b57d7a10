/**
 * A small, seeded pseudo-random generator (sfc32, from PractRand by Chris Doty-Humphrey) with the
 * samplers the property tests and the detection benchmark need. Deterministic by seed, so a failing
 * seed replays exactly; never used by the engine itself.
 */

/** A seeded source of uniforms in [0, 1). */
export interface Random {
  next(): number;
}

/** sfc32 seeded from one 32-bit integer (warmed up 12 rounds so nearby seeds decorrelate). */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** 1 with probability p. */
export function bernoulli(rng: Random, p: number): 0 | 1 {
  return rng.next() < p ? 1 : 0;
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal draw with the given mean and log-scale σ. */
export function logNormalWithMean(rng: Random, mean: number, sigma: number): number {
  return mean * Math.exp(sigma * standardNormal(rng) - (sigma * sigma) / 2);
}

/** Binomial(n, p) by counting (n is small in the callers; exact). */
export function binomial(rng: Random, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}
