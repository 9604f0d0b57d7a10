/**
 * Late labels (review verdicts, complaints, ground truth) name a request id, not an arm. The index
 * remembers which arm served each recent request (and its prediction, for MAPE) so the label can be
 * attributed. It is bounded: at most `capacity` requests (default {@link DEFAULT_INDEX_CAPACITY}),
 * oldest evicted first. At ~30 bytes per entry the default costs ≈ 3 MB per release; a label for
 * an evicted request is reported as unattributed rather than guessed. Only releases with a
 * late-label gate keep an index at all.
 *
 * Eviction order comes from an array ring of ids beside the map, not from the map itself: finding
 * a V8 Map's oldest key (`keys().next()`) walks over every slot deleted since the table was last
 * rehashed, so with one delete per insert it cost 42–125 µs per event once the index was full
 * (BENCHMARKS.md "Ingest"); reading the ring's slot is O(1).
 */
import type { Arm } from '@ripcord/protocol';

/** Default number of requests remembered per release. */
export const DEFAULT_INDEX_CAPACITY = 100_000;

/** What the index knows about one request. */
export interface IndexedRequest {
  arm: Arm;
  prediction: number | undefined;
}

/**
 * A bounded, insertion-ordered map from request id to arm. What is known of each request sits in
 * per-slot arrays of numbers, not in an object per request: 100,000 objects that each live for
 * 100,000 events are the worst case of a generational GC (each is promoted, then dies old).
 */
export interface RequestIndex {
  capacity: number;
  /** Request id → its slot in {@link order}. */
  entries: Map<string, number>;
  /**
   * Ids in insertion order as a ring: it grows to `capacity` ids, then slot {@link next} holds the
   * oldest, which the next insert overwrites. Always the same ids as `entries`.
   */
  order: string[];
  /** Per slot: 1 when the candidate served the request, 0 when the control did. */
  arms: number[];
  /** Per slot: the request's prediction, `NaN` when it had none (events carry finite numbers only). */
  predictions: number[];
  /** Once `order` is full, the slot of the oldest id (0 while it is still growing). */
  next: number;
  evicted: number;
}

/** An empty index. */
export function createRequestIndex(capacity = DEFAULT_INDEX_CAPACITY): RequestIndex {
  return { capacity, entries: new Map(), order: [], arms: [], predictions: [], next: 0, evicted: 0 };
}

const armCode = (arm: Arm): number => (arm === 'candidate' ? 1 : 0);
const armAt = (index: RequestIndex, slot: number): Arm => (index.arms[slot] === 1 ? 'candidate' : 'control');
const predictionAt = (index: RequestIndex, slot: number): number | null => {
  const p = index.predictions[slot];
  return p === undefined || Number.isNaN(p) ? null : p;
};

/** Records a request in place (a repeat id keeps its first arm: the first outcome is authoritative). */
export function indexRequest(index: RequestIndex, requestId: string, entry: IndexedRequest): void {
  if (index.entries.has(requestId)) return;
  const order = index.order;
  const prediction = entry.prediction ?? Number.NaN;
  // `length + 1 <= capacity` (not `length < capacity`) keeps a fractional capacity at its floor.
  if (order.length + 1 <= index.capacity) {
    index.entries.set(requestId, order.length);
    order.push(requestId);
    index.arms.push(armCode(entry.arm));
    index.predictions.push(prediction);
    return;
  }
  index.evicted += 1;
  // A zero-capacity index remembers nothing: the new id is itself the oldest and goes at once.
  if (order.length === 0) return;
  const slot = index.next;
  const oldest = order[slot];
  if (oldest !== undefined) index.entries.delete(oldest);
  index.entries.set(requestId, slot);
  order[slot] = requestId;
  index.arms[slot] = armCode(entry.arm);
  index.predictions[slot] = prediction;
  index.next = slot + 1 === order.length ? 0 : slot + 1;
}

/** The request's entry, if still remembered. */
export function lookupRequest(index: RequestIndex, requestId: string): IndexedRequest | undefined {
  const slot = index.entries.get(requestId);
  return slot === undefined
    ? undefined
    : { arm: armAt(index, slot), prediction: predictionAt(index, slot) ?? undefined };
}

/** JSON form: `[id, arm, prediction | null]` rows, oldest first. */
export type RequestIndexSnapshot = { capacity: number; evicted: number; rows: [string, Arm, number | null][] };

/** Plain-JSON copy of the index. */
export function snapshotRequestIndex(index: RequestIndex): RequestIndexSnapshot {
  const rows: [string, Arm, number | null][] = [];
  // The map iterates in insertion order minus what was evicted: oldest first, as the ring holds them.
  for (const [id, slot] of index.entries) rows.push([id, armAt(index, slot), predictionAt(index, slot)]);
  return { capacity: index.capacity, evicted: index.evicted, rows };
}

/**
 * An index from its rows in ring-slot order and the slot of the oldest (`next`), as a chunked
 * store keeps it: the same index as restoring its snapshot (rows oldest first).
 */
export function restoreRequestIndexSlots(
  s: { capacity: number; evicted: number; next: number },
  slots: readonly [string, Arm, number | null][],
): RequestIndex {
  const next = s.next > 0 && s.next < slots.length ? s.next : 0;
  const rows = next === 0 ? slots : [...slots.slice(next), ...slots.slice(0, next)];
  return restoreRequestIndex({ capacity: s.capacity, evicted: s.evicted, rows: [...rows] });
}

/**
 * The inverse of {@link snapshotRequestIndex}. A snapshot never holds more rows than its capacity;
 * if one did (edited by hand), only the newest `capacity` rows are kept, so the bound holds again.
 */
export function restoreRequestIndex(s: RequestIndexSnapshot): RequestIndex {
  const index = createRequestIndex(s.capacity);
  const from = Math.max(0, s.rows.length - Math.max(0, Math.floor(s.capacity)));
  for (let i = from; i < s.rows.length; i++) {
    const row = s.rows[i];
    if (row === undefined) continue;
    const [id, arm, prediction] = row;
    // A repeated id (never written by the engine) keeps its first place and takes the later value,
    // as a Map.set would.
    let slot = index.entries.get(id);
    if (slot === undefined) {
      slot = index.order.length;
      index.order.push(id);
      index.entries.set(id, slot);
    }
    index.arms[slot] = armCode(arm);
    index.predictions[slot] = prediction ?? Number.NaN;
  }
  index.evicted = s.evicted;
  return index;
}

/**
 * Slots per cached piece of the index's JSON text. Small enough that the pieces rewritten at each
 * commit (those holding new ids, and the one the ring's start falls in) cost little, large enough
 * that joining the pieces is cheap.
 */
const JSON_CHUNK = 256;

/** The JSON text of each chunk of ring slots, and the index's counters when it was taken. */
interface IndexJsonCache {
  chunks: (string | undefined)[];
  length: number;
  next: number;
  evicted: number;
}

/**
 * Keyed by the index object itself: the cache lives exactly as long as the index it describes,
 * and a restored index (a new object) starts without one.
 */
const jsonCaches = new WeakMap<RequestIndex, IndexJsonCache>();

/** Rows of ring slots [from, to) as JSON array elements (no brackets), in slot order. */
export function rowsJson(index: RequestIndex, from: number, to: number): string {
  const rows: [string, Arm, number | null][] = [];
  for (let i = from; i < to; i++) {
    const id = index.order[i];
    if (id !== undefined) rows.push([id, armAt(index, i), predictionAt(index, i)]);
  }
  return JSON.stringify(rows).slice(1, -1);
}

/** The ring's counters at one moment: what was written since follows from them alone. */
export interface IndexMark {
  length: number;
  next: number;
  evicted: number;
}

/** The index's counters now. */
export function indexMark(index: RequestIndex): IndexMark {
  return { length: index.order.length, next: index.next, evicted: index.evicted };
}

/**
 * The slot ranges `[from, to)` written since `mark` was taken, or `null` when every slot may have
 * changed. Ids are only ever appended (while the ring grows) and then written over from slot
 * `next` on, one per eviction, so the counters alone say which slots changed.
 */
export function slotsWrittenSince(index: RequestIndex, mark: IndexMark): [number, number][] | null {
  const length = index.order.length;
  const appended = length - mark.length;
  const overwritten = index.evicted - mark.evicted;
  if (appended < 0 || overwritten < 0 || appended + overwritten >= length) return null;
  const ranges: [number, number][] = [];
  if (appended > 0) ranges.push([mark.length, length]);
  // Overwrites went on cyclically from the slot that was next then (0 while the ring was growing).
  for (let start = mark.next, left = overwritten; left > 0; start = 0) {
    const end = Math.min(length, start + left);
    ranges.push([start, end]);
    left -= end - start;
  }
  return ranges;
}

/** Drops the cached chunks whose slots were written since the cache was taken. */
function invalidate(cache: IndexJsonCache, index: RequestIndex): void {
  const ranges = slotsWrittenSince(index, cache);
  if (ranges === null) {
    cache.chunks = [];
    return;
  }
  for (const [from, to] of ranges)
    for (let c = Math.floor(from / JSON_CHUNK); c * JSON_CHUNK < to; c++) cache.chunks[c] = undefined;
}

/**
 * The index as JSON text: exactly `JSON.stringify(snapshotRequestIndex(index))`. A full index is
 * 100,000 rows (~3.5 MB) rewritten at every commit while only the ids added since the last one
 * changed; chunks of unchanged slots reuse their text from the previous call.
 */
export function requestIndexJson(index: RequestIndex): string {
  const cache = freshCache(index);
  const parts: string[] = [];
  // Oldest first: from the ring's start to the end of the array, then from slot 0 to the start.
  cachedRows(index, cache, index.next, index.order.length, parts);
  cachedRows(index, cache, 0, index.next, parts);
  return `{"capacity":${JSON.stringify(index.capacity)},"evicted":${JSON.stringify(index.evicted)},"rows":[${parts.join(',')}]}`;
}

/**
 * Rows of ring slots [from, to) as JSON array elements (no brackets), in slot order: what
 * {@link rowsJson} writes, from the same cached chunks as {@link requestIndexJson}.
 */
export function slotsJson(index: RequestIndex, from: number, to: number): string {
  const parts: string[] = [];
  cachedRows(index, freshCache(index), from, to, parts);
  return parts.join(',');
}

/** The index's JSON cache, with the chunks written since it was last used dropped. */
function freshCache(index: RequestIndex): IndexJsonCache {
  let cache = jsonCaches.get(index);
  if (cache === undefined) {
    cache = { chunks: [], length: 0, next: 0, evicted: index.evicted };
    jsonCaches.set(index, cache);
  }
  invalidate(cache, index);
  cache.length = index.order.length;
  cache.next = index.next;
  cache.evicted = index.evicted;
  return cache;
}

/** Appends the non-empty texts of slots [from, to) to `parts`, reusing whole cached chunks. */
function cachedRows(index: RequestIndex, cache: IndexJsonCache, from: number, to: number, parts: string[]): void {
  const chunks = cache.chunks;
  const length = index.order.length;
  for (let c = Math.floor(from / JSON_CHUNK); c * JSON_CHUNK < to; c++) {
    const start = c * JSON_CHUNK;
    const end = Math.min(start + JSON_CHUNK, length);
    // A chunk the range cuts (the ring's start falls in it) is written fresh, in parts, and not kept.
    const whole = start >= from && end <= to;
    const text = whole
      ? (chunks[c] ??= rowsJson(index, start, end))
      : rowsJson(index, Math.max(start, from), Math.min(end, to));
    if (text !== '') parts.push(text);
  }
}
