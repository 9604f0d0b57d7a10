/**
 * Bounded windows. A `Ring` keeps the most recent N observations of an `over: { …: N }` window as
 * parallel number columns (plain JSON, N × columns numbers, never more). `TimeBuckets` keep a
 * sliding `within: 5m` window as {@link BUCKETS} fixed-width buckets, so a window costs the same
 * memory at 10 or 10,000 requests per second; its edge is exact to one bucket width (W / 20).
 */
import { addMoments, emptyMoments, type Moments } from '../../../stats/moments.js';

/** The most recent `capacity` rows of `columns.length` numbers. */
export interface Ring {
  capacity: number;
  /** Index the next row is written to. */
  head: number;
  size: number;
  columns: number[][];
}

/** An empty ring of `capacity` rows and `width` columns. */
export function createRing(capacity: number, width: number): Ring {
  return {
    capacity,
    head: 0,
    size: 0,
    columns: Array.from({ length: width }, () => new Array<number>(capacity).fill(0)),
  };
}

/**
 * Appends one row in place, overwriting the oldest when full. The row comes as arguments (columns
 * beyond the ring's width are ignored, missing ones are 0) rather than as an array, because this
 * runs for every observation of every `over:` gate and an array per call is garbage per event.
 */
export function pushRing(ring: Ring, c0: number, c1 = 0, c2 = 0, c3 = 0, c4 = 0): void {
  const columns = ring.columns;
  const head = ring.head;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    if (column !== undefined)
      column[head] = c === 0 ? c0 : c === 1 ? c1 : c === 2 ? c2 : c === 3 ? c3 : c === 4 ? c4 : 0;
  }
  ring.head = (head + 1) % ring.capacity;
  if (ring.size < ring.capacity) ring.size += 1;
}

/** Index of the oldest row. */
function oldestIndex(ring: Ring): number {
  return (ring.head - ring.size + ring.capacity) % ring.capacity;
}

/** Column `c`, oldest first. */
export function ringColumn(ring: Ring, c: number): number[] {
  const column = ring.columns[c] ?? [];
  const start = oldestIndex(ring);
  const out: number[] = [];
  for (let i = 0; i < ring.size; i++) out.push(column[(start + i) % ring.capacity] ?? 0);
  return out;
}

/** The oldest row (or `undefined` when empty). */
export function ringOldest(ring: Ring): number[] | undefined {
  if (ring.size === 0) return undefined;
  const i = oldestIndex(ring);
  return ring.columns.map((column) => column[i] ?? 0);
}

/** Moments of columns (x, y) = (0, 1) over the whole ring. */
export function ringMoments(ring: Ring): Moments {
  const m = emptyMoments();
  const xs = ringColumn(ring, 0);
  const ys = ringColumn(ring, 1);
  xs.forEach((x, i) => {
    const y = ys[i] ?? 0;
    m.n += 1;
    m.sx += x;
    m.sy += y;
    m.sxx += x * x;
    m.syy += y * y;
    m.sxy += x * y;
  });
  return m;
}

/** Number of buckets per sliding window. */
export const BUCKETS = 20;

/** A sliding window as fixed buckets: `starts[i]` is the bucket's start (ms), −1 when unused. */
export interface TimeBuckets {
  widthMs: number;
  starts: number[];
  candidate: Moments[];
  control: Moments[];
}

/** Empty buckets for a window of `windowMs`. */
export function createBuckets(windowMs: number): TimeBuckets {
  return {
    widthMs: Math.max(1, Math.ceil(windowMs / BUCKETS)),
    starts: new Array<number>(BUCKETS + 1).fill(-1),
    candidate: Array.from({ length: BUCKETS + 1 }, emptyMoments),
    control: Array.from({ length: BUCKETS + 1 }, emptyMoments),
  };
}

/** Where {@link bucketFor} placed a time: the slot (−1 for none) and whether it was just reset. */
export interface BucketPlacement {
  slot: number;
  fresh: boolean;
}

// One placement object reused by every call: bucketFor runs per observation of every `within:`
// gate, and its callers read the result at once, so a fresh object each time is only garbage.
const placement: BucketPlacement = { slot: -1, fresh: false };

/**
 * The bucket for time `atMs`, resetting a reused slot (`fresh`), or slot −1 when the time is older
 * than anything the ring holds. One spare bucket keeps the window full while the newest fills.
 * The returned object is shared and overwritten by the next call: read it before calling again.
 */
export function bucketFor(b: TimeBuckets, atMs: number): Readonly<BucketPlacement> {
  const start = Math.floor(atMs / b.widthMs) * b.widthMs;
  const slot = Math.floor(atMs / b.widthMs) % b.starts.length;
  const current = b.starts[slot] ?? -1;
  placement.fresh = false;
  if (current === start) placement.slot = slot;
  else if (current > start) placement.slot = -1;
  else {
    b.starts[slot] = start;
    b.candidate[slot] = emptyMoments();
    b.control[slot] = emptyMoments();
    placement.slot = slot;
    placement.fresh = true;
  }
  return placement;
}

/** Slots whose bucket starts within (nowMs − windowMs, nowMs]. */
export function liveSlots(b: TimeBuckets, nowMs: number, windowMs: number): number[] {
  const out: number[] = [];
  b.starts.forEach((start, slot) => {
    if (start >= 0 && start + b.widthMs > nowMs - windowMs && start <= nowMs) out.push(slot);
  });
  return out;
}

/** Sum of one arm's moments over the live buckets. */
export function bucketMoments(b: TimeBuckets, arm: 'candidate' | 'control', nowMs: number, windowMs: number): Moments {
  return liveSlots(b, nowMs, windowMs).reduce(
    (acc, slot) => addMoments(acc, b[arm][slot] ?? emptyMoments()),
    emptyMoments(),
  );
}
