/**
 * MurmurHash3 x86_32 over the UTF-8 encoding of JavaScript strings, computed without allocating:
 * strings are encoded on the fly, so the routing hot path hashes `workflow:release:key` with no
 * temporary string or byte array. Lone surrogates encode as U+FFFD, exactly like `TextEncoder`.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Hash state lives in module variables: hashing is synchronous and never re-entrant, and this
// keeps the per-byte path free of object allocation.
let h = 0;
let acc = 0;
let accBytes = 0;
let length = 0;

function mixBlock(block: number): void {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function pushByte(byte: number): void {
  acc |= byte << (accBytes << 3);
  length++;
  if (++accBytes === 4) {
    mixBlock(acc);
    acc = 0;
    accBytes = 0;
  }
}

function pushString(s: string): void {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      pushByte(c);
      continue;
    }
    if (c < 0x800) {
      pushByte(0xc0 | (c >> 6));
      pushByte(0x80 | (c & 0x3f));
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        pushByte(0xf0 | (c >> 18));
        pushByte(0x80 | ((c >> 12) & 0x3f));
        pushByte(0x80 | ((c >> 6) & 0x3f));
        pushByte(0x80 | (c & 0x3f));
        continue;
      }
      c = 0xfffd; // lone surrogate: same replacement TextEncoder uses
    }
    pushByte(0xe0 | (c >> 12));
    pushByte(0x80 | ((c >> 6) & 0x3f));
    pushByte(0x80 | (c & 0x3f));
  }
}

function start(seed: number): void {
  h = seed | 0;
  acc = 0;
  accBytes = 0;
  length = 0;
}

function finish(): number {
  if (accBytes > 0) {
    let k = Math.imul(acc, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `input`.
 * @returns the unsigned 32-bit hash.
 */
export function murmur3(input: string, seed = 0): number {
  start(seed);
  pushString(input);
  return finish();
}

/** MurmurHash3 x86_32 of raw bytes (used to check the implementation against published vectors). */
export function murmur3Bytes(bytes: Uint8Array, seed = 0): number {
  start(seed);
  for (const b of bytes) pushByte(b);
  return finish();
}

/** The documented bucketing seed (docs/sdk-protocol.md §3). */
export const BUCKET_SEED = 0;

/** Number of buckets; a percent with 0.01 resolution maps to a whole number of them. */
export const BUCKET_COUNT = 10_000;

/**
 * Hash of the UTF-8 string `workflow:release:key`, hashed piecewise so no string is built.
 * @returns the unsigned 32-bit hash.
 */
export function bucketHash(workflow: string, release: string, key: string): number {
  start(BUCKET_SEED);
  pushString(workflow);
  pushByte(0x3a);
  pushString(release);
  pushByte(0x3a);
  pushString(key);
  return finish();
}

/**
 * Sticky bucket 0–9999 of a request key within a release: `murmur3(workflow:release:key) % 10000`.
 * The candidate arm serves a key iff `bucket < round(percent × 100)`.
 */
export function bucket(workflow: string, release: string, key: string): number {
  return bucketHash(workflow, release, key) % BUCKET_COUNT;
}
