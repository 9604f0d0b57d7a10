/**
 * A fixed-memory count of distinct strings: HyperLogLog (Flajolet, Fusy, Gandouet & Meunier,
 * "HyperLogLog: the analysis of a near-optimal cardinality estimation algorithm", AofA 2007), with
 * the small-range linear-counting correction of that paper. Blast radius (R7.3) counts the
 * distinct request keys the candidate served with it: memory is `2^precision` bytes (4 KB at the
 * default precision 12) whatever the number of events, and the relative standard error is
 * 1.04 / √(2^precision) ≈ 1.6 %. Small counts are exact: up to {@link EXACT_LIMIT} distinct values
 * the counter also keeps their 32-bit hashes (as HyperLogLog++ keeps a sparse list, Heule, Nunkesser
 * & Hall, EDBT 2013) and answers their number — 120 keys read as 120, not 121 — then drops the list
 * (2 KB more at most) and estimates from the registers, with linear counting while
 * that is the better estimator.
 *
 * Hash: MurmurHash3 x86 32-bit (Appleby) over the string's UTF-16 code units, two per block. A
 * 32-bit hash saturates near 2^32 values; the large-range correction of the paper covers up to
 * ~10^8 distinct keys per release, far beyond one canary. Why not an npm package: the maintained
 * one that has a HyperLogLog (`bloom-filters`) brings eight runtime dependencies (lodash,
 * xxhashjs, reflect-metadata, ...) and hashes through 64-bit emulation on the ingest hot path.
 */

/** Default precision: 4,096 one-byte registers. */
export const DEFAULT_DISTINCT_PRECISION = 12;
/** Distinct values counted exactly (by their hashes) before the counter estimates. */
export const EXACT_LIMIT = 512;

/** Registers of a HyperLogLog sketch (`2^precision` of them). Mutated in place by {@link addDistinct}. */
export interface DistinctCounter {
  precision: number;
  registers: Uint8Array;
  /** The hashes seen while there are at most {@link EXACT_LIMIT}; `null` after that. */
  exact: Set<number> | null;
}

/** An empty counter (precision 4–16). */
export function createDistinctCounter(precision = DEFAULT_DISTINCT_PRECISION): DistinctCounter {
  if (!Number.isInteger(precision) || precision < 4 || precision > 16)
    throw new RangeError(`precision must be an integer from 4 to 16 (got ${precision})`);
  return { precision, registers: new Uint8Array(1 << precision), exact: new Set() };
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32-bit of a string's UTF-16 code units (as an unsigned 32-bit integer). */
export function murmur3(text: string, seed = 0): number {
  let h = seed | 0;
  const n = text.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let k = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16) | 0;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= n * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Adds a value (in place); adding it again changes nothing. */
export function addDistinct(counter: DistinctCounter, value: string): void {
  const p = counter.precision;
  const h = murmur3(value);
  const slot = h >>> (32 - p);
  // Rank: position of the first 1 bit in the remaining 32 - p bits (32 - p + 1 when all are 0).
  const rest = (h << p) >>> 0;
  const rank = rest === 0 ? 33 - p : Math.clz32(rest) + 1;
  const registers = counter.registers;
  if (rank > (registers[slot] ?? 0)) registers[slot] = rank;
  const exact = counter.exact;
  if (exact !== null && !exact.has(h)) {
    if (exact.size < EXACT_LIMIT) exact.add(h);
    else counter.exact = null;
  }
}

/** The estimated number of distinct values added (an integer). */
export function estimateDistinct(counter: DistinctCounter): number {
  if (counter.exact !== null) return counter.exact.size;
  const registers = counter.registers;
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = registers[i] ?? 0;
    sum += 2 ** -r;
    if (r === 0) zeros += 1;
  }
  const alpha = m >= 128 ? 0.7213 / (1 + 1.079 / m) : m === 64 ? 0.709 : m === 32 ? 0.697 : 0.673;
  let estimate = (alpha * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * Math.log(m / zeros);
  else if (estimate > 2 ** 32 / 30) estimate = -(2 ** 32) * Math.log(1 - estimate / 2 ** 32);
  return Math.round(estimate);
}

/** Merges `from` into `into` (same precision): the union of what both counted. */
export function mergeDistinct(into: DistinctCounter, from: DistinctCounter): void {
  if (into.precision !== from.precision) throw new RangeError('cannot merge counters of different precision');
  const a = into.registers;
  const b = from.registers;
  for (let i = 0; i < a.length; i++) if ((b[i] ?? 0) > (a[i] ?? 0)) a[i] = b[i] ?? 0;
  if (into.exact === null || from.exact === null) into.exact = null;
  else {
    for (const h of from.exact) into.exact.add(h);
    if (into.exact.size > EXACT_LIMIT) into.exact = null;
  }
}

/** JSON form: the precision, the registers as base64, and the exact hashes while kept. */
export interface DistinctCounterSnapshot {
  precision: number;
  registers: string;
  exact: number[] | null;
}

/** Plain-JSON copy of the counter. */
export function snapshotDistinct(counter: DistinctCounter): DistinctCounterSnapshot {
  const r = counter.registers;
  return {
    precision: counter.precision,
    registers: Buffer.from(r.buffer, r.byteOffset, r.byteLength).toString('base64'),
    exact: counter.exact === null ? null : [...counter.exact],
  };
}

/** The inverse of {@link snapshotDistinct}; registers of the wrong length are refused. */
export function restoreDistinct(s: DistinctCounterSnapshot): DistinctCounter {
  const counter = createDistinctCounter(s.precision);
  const bytes = Buffer.from(s.registers, 'base64');
  if (bytes.length !== counter.registers.length)
    throw new RangeError(`expected ${counter.registers.length} registers, got ${bytes.length}`);
  counter.registers.set(bytes);
  counter.exact = !Array.isArray(s.exact) || s.exact.length > EXACT_LIMIT ? null : new Set(s.exact);
  return counter;
}
