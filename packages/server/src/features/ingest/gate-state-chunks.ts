/**
 * Incremental persistence of a release's gate state within the `gate_states` table: the late-label
 * request index (up to 100,000 ids, ~3.5 MB of JSON) is kept in rows of {@link INDEX_CHUNK_SLOTS}
 * ring slots each, `<release id>#index/<n>`, and only the chunks whose slots were written since
 * the last successful commit are rewritten; the release's own row holds everything else and, in
 * place of the index's rows, where the ring stands (`next`, `length`, the number of chunks). A
 * commit of a few thousand events thus writes the gates (~0.4 MB of JSON) and two or three
 * chunks instead of the whole index (BENCHMARKS.md, "Ingest").
 *
 * Crash safety is the group commit's: the main row and its changed chunks are written in the same
 * transaction, so a reader sees the ring's counters and the slots they describe together. Which
 * chunks changed follows from the ring's counters at the last successful write
 * (`slotsWrittenSince`); after a failed write nothing is marked written, so the next one covers
 * both. A state restored from the store is a new index object with no mark: its first write
 * rewrites every chunk.
 */
import type { Arm } from '@ripcord/protocol';
import {
  indexMark,
  slotsJson,
  slotsWrittenSince,
  type IndexMark,
  type RequestIndex,
} from '../gates/engine/request-index.js';
import { restoreRequestIndexSlots, snapshotRequestIndex } from '../gates/engine/request-index.js';
import { serializeReleaseStateWith, type ReleaseGateState, type ReleaseStateSnapshot } from '../gates/index.js';

/**
 * Ring slots per chunk row: ~35 KB of JSON (~10 KB gzipped) at 35 bytes per request id; a
 * multiple of the 256-slot pieces whose text `slotsJson` reuses until a slot in them changes.
 */
export const INDEX_CHUNK_SLOTS = 1024;

const CHUNK_INFIX = '#index/';

/** The row id of chunk `n` of a release's request index. */
export const indexChunkRowId = (releaseId: string, n: number): string => `${releaseId}${CHUNK_INFIX}${n}`;

/** Whether a `gate_states` row id names an index chunk rather than a state. */
export const isIndexChunkRowId = (rowId: string): boolean => rowId.includes(CHUNK_INFIX);

/** The `index` of a main row whose request index is kept in chunk rows. */
export interface ChunkedIndexRef {
  capacity: number;
  evicted: number;
  /** The ring slot of the oldest id. */
  next: number;
  /** Slots in use. */
  length: number;
  chunkSlots: number;
  chunks: number;
}

/** A chunk row's state: the rows of its slots, in slot order. */
export interface IndexChunk {
  slots: [string, Arm, number | null][];
}

/** One row to write: its id and its JSON text. */
export interface StateText {
  rowId: string;
  json: string;
}

/** The marks of the last successful write, by index object (a restored index has none). */
const written = new WeakMap<RequestIndex, IndexMark>();

/**
 * The rows one commit writes for a release: the main row, and the index chunks changed since the
 * last successful write. Call `done()` once they are committed. Synchronous: the texts are the
 * state at this instant.
 */
export function stateTexts(releaseId: string, state: ReleaseGateState): { texts: StateText[]; done: () => void } {
  const index = state.index;
  if (index === null) return { texts: [{ rowId: releaseId, json: serializeReleaseStateWith(state, 'null') }], done };
  const mark = indexMark(index);
  const chunks = Math.ceil(mark.length / INDEX_CHUNK_SLOTS);
  const ref: ChunkedIndexRef = {
    capacity: index.capacity,
    evicted: index.evicted,
    next: index.next,
    length: mark.length,
    chunkSlots: INDEX_CHUNK_SLOTS,
    chunks,
  };
  const texts: StateText[] = [{ rowId: releaseId, json: serializeReleaseStateWith(state, JSON.stringify(ref)) }];
  for (const n of changedChunks(index, chunks)) {
    const from = n * INDEX_CHUNK_SLOTS;
    const to = Math.min(from + INDEX_CHUNK_SLOTS, mark.length);
    texts.push({ rowId: indexChunkRowId(releaseId, n), json: `{"slots":[${slotsJson(index, from, to)}]}` });
  }
  return { texts, done: () => written.set(index, mark) };
}

function done(): void {}

function changedChunks(index: RequestIndex, chunks: number): number[] {
  const since = written.get(index);
  const ranges = since === undefined ? null : slotsWrittenSince(index, since);
  if (ranges === null) return Array.from({ length: chunks }, (_, n) => n);
  const out = new Set<number>();
  for (const [from, to] of ranges)
    for (let n = Math.floor(from / INDEX_CHUNK_SLOTS); n * INDEX_CHUNK_SLOTS < to; n++) out.add(n);
  return [...out].sort((a, b) => a - b);
}

/** Whether a stored snapshot's index is kept in chunk rows. */
export function isChunkedIndex(index: unknown): index is ChunkedIndexRef {
  return typeof index === 'object' && index !== null && 'chunks' in index && !('rows' in index);
}

/**
 * The whole snapshot from a main row and its chunk rows (by chunk number). A missing chunk is an
 * error, never a silently smaller index.
 */
export function assembleSnapshot(
  snapshot: ReleaseStateSnapshot,
  chunk: (n: number) => IndexChunk | undefined,
): ReleaseStateSnapshot {
  const ref: unknown = snapshot.index;
  if (!isChunkedIndex(ref)) return snapshot;
  const slots: [string, Arm, number | null][] = [];
  for (let n = 0; n < ref.chunks; n++) {
    const part = chunk(n);
    if (part === undefined) throw new Error(`request index chunk ${n} of ${ref.chunks} is missing`);
    for (const row of part.slots) slots.push(row);
  }
  if (slots.length !== ref.length) throw new Error(`request index has ${slots.length} slots, expected ${ref.length}`);
  const index = snapshotRequestIndex(restoreRequestIndexSlots(ref, slots));
  return { ...snapshot, index };
}
