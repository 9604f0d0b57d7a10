/**
 * The hashed key bucket of an outcome in an edge summary (docs/sdk-protocol.md §6.1): FNV-1a
 * (32 bit) of the UTF-16 code units of its `key`, else its `requestId`, modulo 64 — the bucket the
 * server puts the same outcome in when it arrives raw (its `keyBucket`), so summarised and raw
 * outcomes add up in the same heavy-key sums.
 */
export const KEY_BUCKETS = 64;

/** The bucket of `key`. */
export function keyBucket(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEY_BUCKETS;
}
