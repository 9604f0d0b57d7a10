/**
 * Late labels (review verdicts, complaints, ground truth) name a request id, not an arm. The index
 * remembers which arm served each recent request (and its prediction, for MAPE) so the label can be
 * attributed. It is bounded: at most `capacity` requests (default {@link DEFAULT_INDEX_CAPACITY}),
 * oldest evicted first. At ~30 bytes per entry the default costs ≈ 3 MB per release; a label for
 * an evicted request is reported as unattributed rather than guessed. Only releases with a
 * late-label gate keep an index at all.
 */
import type { Arm } from '@ripcord/protocol';

/** Default number of requests remembered per release. */
export const DEFAULT_INDEX_CAPACITY = 100_000;

/** What the index knows about one request. */
export interface IndexedRequest {
  arm: Arm;
  prediction: number | undefined;
}

/** A bounded, insertion-ordered map from request id to arm. */
export interface RequestIndex {
  capacity: number;
  entries: Map<string, IndexedRequest>;
  evicted: number;
}

/** An empty index. */
export function createRequestIndex(capacity = DEFAULT_INDEX_CAPACITY): RequestIndex {
  return { capacity, entries: new Map(), evicted: 0 };
}

/** Records a request in place (a repeat id keeps its first arm: the first outcome is authoritative). */
export function indexRequest(index: RequestIndex, requestId: string, entry: IndexedRequest): void {
  if (index.entries.has(requestId)) return;
  index.entries.set(requestId, entry);
  if (index.entries.size > index.capacity) {
    const oldest = index.entries.keys().next();
    if (oldest.done !== true) index.entries.delete(oldest.value);
    index.evicted += 1;
  }
}

/** The request's entry, if still remembered. */
export function lookupRequest(index: RequestIndex, requestId: string): IndexedRequest | undefined {
  return index.entries.get(requestId);
}

/** JSON form: `[id, arm, prediction | null]` rows, oldest first. */
export type RequestIndexSnapshot = { capacity: number; evicted: number; rows: [string, Arm, number | null][] };

/** Plain-JSON copy of the index. */
export function snapshotRequestIndex(index: RequestIndex): RequestIndexSnapshot {
  const rows: [string, Arm, number | null][] = [];
  for (const [id, e] of index.entries) rows.push([id, e.arm, e.prediction ?? null]);
  return { capacity: index.capacity, evicted: index.evicted, rows };
}

/** The inverse of {@link snapshotRequestIndex}. */
export function restoreRequestIndex(s: RequestIndexSnapshot): RequestIndex {
  const entries = new Map<string, IndexedRequest>();
  for (const [id, arm, prediction] of s.rows) entries.set(id, { arm, prediction: prediction ?? undefined });
  return { capacity: s.capacity, entries, evicted: s.evicted };
}
