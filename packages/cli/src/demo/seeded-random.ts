/**
 * Seeded randomness for the demo, so a run replays exactly: a sequential generator for the
 * traffic (who asks, when) and a stateless one keyed by request id for the model services, whose
 * answers must not depend on the order in which concurrent requests arrive.
 */

// The same seeded generator the statistics simulations use, so both replay alike.
import { seededRandom, type Random } from '@ripcord/server';

export { seededRandom, type Random };

/** FNV-1a of a string, mixed with a seed: the seed of a request's own generator. */
export function hashSeed(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A generator for one request: the same id and seed always draw the same numbers. */
export function requestRandom(requestId: string, seed: number): Random {
  return seededRandom(hashSeed(requestId, seed));
}

/** A standard normal draw (Box–Muller). */
export function standardNormal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal draw with the given mean and log-scale σ. */
export function logNormal(rng: Random, mean: number, sigma: number): number {
  return mean * Math.exp(sigma * standardNormal(rng) - (sigma * sigma) / 2);
}

/** True with probability `p`. */
export function chance(rng: Random, p: number): boolean {
  return rng.next() < p;
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(rng: Random, items: readonly [T, ...T[]]): T {
  return items[Math.floor(rng.next() * items.length)] ?? items[0];
}
