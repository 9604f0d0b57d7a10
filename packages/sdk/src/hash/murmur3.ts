/**
 * MurmurHash3 x86_32 over the UTF-8 encoding of JavaScript strings, computed without allocating:
 * strings are encoded on the fly, so the routing hot path hashes `workflow:release:key` with no
 * temporary string or byte array. Lone surrogates encode as U+FFFD, exactly like `TextEncoder`.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Hash state lives in a typed array: hashing is synchronous and never re-entrant, and (unlike
// module-level `let`s, which V8 boxes as heap numbers once a value leaves the small-integer
// range) typed-array slots store raw int32s, so the hot path allocates nothing.
const state = new Int32Array(4);
const H = 0;
const ACC = 1;
const ACC_BYTES = 2;
const LENGTH = 3;

function pushByte(byte: number): void {
  const n = state[ACC_BYTES]!;
  const acc = state[ACC]! | (byte << (n << 3));
  state[LENGTH] = state[LENGTH]! + 1;
  if (n === 3) {
    state[H] = mix(state[H]!, acc);
    state[ACC] = 0;
    state[ACC_BYTES] = 0;
  } else {
    state[ACC] = acc;
    state[ACC_BYTES] = n + 1;
  }
}

function mix(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** UTF-8 bytes of the code point at `s[i]`, packed little-endian into an int; count in `utf8Count`. */
let utf8Count = 0;
function utf8At(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x800) {
    utf8Count = 2;
    return 0xc0 | (c >> 6) | ((0x80 | (c & 0x3f)) << 8);
  }
  if (c >= 0xd800 && c <= 0xdfff) {
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      utf8Count = 4;
      return (
        0xf0 |
        (cp >> 18) |
        ((0x80 | ((cp >> 12) & 0x3f)) << 8) |
        ((0x80 | ((cp >> 6) & 0x3f)) << 16) |
        ((0x80 | (cp & 0x3f)) << 24)
      );
    }
    utf8Count = 3;
    return 0xef | (0xbf << 8) | (0xbd << 16); // lone surrogate → U+FFFD, as TextEncoder does
  }
  utf8Count = 3;
  return 0xe0 | (c >> 12) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
}

/** Hashes the UTF-8 of `s` into the state, in local variables (one load and store per string). */
function pushString(s: string): void {
  let h = state[H]!;
  let acc = state[ACC]!;
  let nb = state[ACC_BYTES]!;
  let len = state[LENGTH]!;
  const n = s.length;
  let i = 0;
  while (i < n) {
    // Fast path: four ASCII characters on a block boundary form one block.
    if (nb === 0 && i + 3 < n) {
      const c0 = s.charCodeAt(i);
      const c1 = s.charCodeAt(i + 1);
      const c2 = s.charCodeAt(i + 2);
      const c3 = s.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) < 0x80) {
        h = mix(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
        len += 4;
        i += 4;
        continue;
      }
    }
    const c = s.charCodeAt(i);
    let bytes = c;
    let count = 1;
    if (c >= 0x80) {
      bytes = utf8At(s, i);
      count = utf8Count;
      if (count === 4) i++;
    }
    i++;
    for (let j = 0; j < count; j++, bytes >>>= 8) {
      acc |= (bytes & 0xff) << (nb << 3);
      len++;
      if (++nb === 4) {
        h = mix(h, acc);
        acc = 0;
        nb = 0;
      }
    }
  }
  state[H] = h;
  state[ACC] = acc;
  state[ACC_BYTES] = nb;
  state[LENGTH] = len;
}

function start(seed: number): void {
  state[H] = seed | 0;
  state[ACC] = 0;
  state[ACC_BYTES] = 0;
  state[LENGTH] = 0;
}

/** Finalises into state[H]; callers read it there so no uint32 crosses a call boundary boxed. */
function finish(): void {
  let h = state[H]!;
  if (state[ACC_BYTES]! > 0) {
    let k = Math.imul(state[ACC]!, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= state[LENGTH]!;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  state[H] = h;
}

/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `input`.
 * @returns the unsigned 32-bit hash.
 */
export function murmur3(input: string, seed = 0): number {
  start(seed);
  pushString(input);
  finish();
  return state[H]! >>> 0;
}

/** MurmurHash3 x86_32 of raw bytes (used to check the implementation against published vectors). */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
  start(seed);
  for (const b of bytes) pushByte(b);
  finish();
  return state[H]! >>> 0;
}

/** The documented bucketing seed (docs/sdk-protocol.md §3). */
export const BUCKET_SEED = 0;

/** Number of buckets; a percent with 0.01 resolution maps to a whole number of them. */
export const BUCKET_COUNT = 10_000;

function hashBucketInput(workflow: string, release: string, key: string): void {
  start(BUCKET_SEED);
  pushString(workflow);
  pushByte(0x3a);
  pushString(release);
  pushByte(0x3a);
  pushString(key);
  finish();
}

/**
 * Hash of the UTF-8 string `workflow:release:key`, hashed piecewise so no string is built.
 * @returns the unsigned 32-bit hash.
 */
export function bucketHash(workflow: string, release: string, key: string): number {
  hashBucketInput(workflow, release, key);
  return state[H]! >>> 0;
}

/**
 * Sticky bucket 0–9999 of a request key within a release: `murmur3(workflow:release:key) % 10000`.
 * The candidate arm serves a key iff `bucket < round(percent × 100)`.
 */
export function bucket(workflow: string, release: string, key: string): number {
  hashBucketInput(workflow, release, key);
  return (state[H]! >>> 0) % BUCKET_COUNT;
}
