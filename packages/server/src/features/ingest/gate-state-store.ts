import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { eq, inArray, like, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { gateStates } from '../../db/schema.js';
import type { ReleaseStateSnapshot } from '../gates/index.js';
import { assembleSnapshot, indexChunkRowId, isChunkedIndex, type IndexChunk } from './gate-state-chunks.js';

const gzipAsync = promisify(gzip);

/** One release's persisted gate state: the engine's JSON snapshot and its applied-event count. */
export interface GateStateRow {
  releaseId: string;
  state: ReleaseStateSnapshot;
  /** Events the state has applied (`state.applied.events`), readable without decoding the state. */
  applied: number;
  updatedAt: Date;
}

/**
 * How a snapshot sits in the `state` jsonb column: gzip-compressed JSON, base64. Rewritten at every
 * group commit, a 50-gate snapshot is ~0.4 MB of JSON (~4 MB with a full late-label index); PGlite
 * parses structured jsonb at ~10 MB/s in WebAssembly, while one compressed string costs it ~1 ms
 * per 100 KB and gzip runs on libuv's thread pool, off the event loop (docs/ingest.md, "Storage").
 */
export interface EncodedGateState {
  encoding: 'gzip-base64-json';
  data: string;
}

/** A row ready to write: encoded outside the transaction, so the store is held only to write. */
export interface EncodedGateStateRow {
  releaseId: string;
  state: EncodedGateState;
  applied: number;
  updatedAt: Date;
}

/** A row whose snapshot is already JSON text (`serializeReleaseState`): what the group commit has. */
export interface GateStateJsonRow {
  releaseId: string;
  /** The snapshot as JSON text. */
  json: string;
  applied: number;
  updatedAt: Date;
}

/** Compresses a row's snapshot (level 1: ~5× smaller at a fraction of the default's CPU). */
export async function encodeGateStateRow(row: GateStateRow): Promise<EncodedGateStateRow> {
  const { state, ...rest } = row;
  return encodeGateStateJson({ ...rest, json: JSON.stringify(state) });
}

/** Compresses a snapshot already written as JSON text, as {@link encodeGateStateRow} does. */
export async function encodeGateStateJson(row: GateStateJsonRow): Promise<EncodedGateStateRow> {
  const { json, ...rest } = row;
  const data = (await gzipAsync(json, { level: 1 })).toString('base64');
  return { ...rest, state: { encoding: 'gzip-base64-json', data } };
}

/** The snapshot in a stored `state` value (a plain snapshot is read as is). */
export function decodeGateState(stored: unknown): ReleaseStateSnapshot {
  const s = stored as Partial<EncodedGateState>;
  if (s.encoding !== 'gzip-base64-json' || typeof s.data !== 'string') return stored as ReleaseStateSnapshot;
  return JSON.parse(gunzipSync(Buffer.from(s.data, 'base64')).toString('utf8')) as ReleaseStateSnapshot;
}

/**
 * Aggregated gate state per release (one row per release, rewritten in place). Outcome events are
 * never stored one per row: the snapshot is the aggregate of all of them (DESIGN.md, storage).
 */
export class GateStateStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Inserts or replaces the rows (one statement for all of them: the group commit's write). */
  async save(rows: readonly EncodedGateStateRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.deps.db
      .insert(gateStates)
      .values([...rows])
      .onConflictDoUpdate({
        target: gateStates.releaseId,
        set: {
          state: sql`excluded.state`,
          applied: sql`excluded.applied`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }

  /** One release's row, decoded (with its request index read back from its chunk rows). */
  async get(releaseId: string): Promise<GateStateRow | undefined> {
    return (await this.list([releaseId]))[0];
  }

  /** The rows of these releases (those that have one), decoded, each with its index chunks. */
  async list(releaseIds: readonly string[]): Promise<GateStateRow[]> {
    if (releaseIds.length === 0) return [];
    const rows = await this.deps.db
      .select()
      .from(gateStates)
      .where(inArray(gateStates.releaseId, [...releaseIds]));
    const decoded = rows.map((row) => ({ ...row, state: decodeGateState(row.state) }));
    const chunkIds = decoded.flatMap((row) => {
      const index: unknown = row.state.index;
      return isChunkedIndex(index)
        ? Array.from({ length: index.chunks }, (_, n) => indexChunkRowId(row.releaseId, n))
        : [];
    });
    const chunks = new Map<string, IndexChunk>();
    if (chunkIds.length > 0) {
      const stored = await this.deps.db.select().from(gateStates).where(inArray(gateStates.releaseId, chunkIds));
      for (const c of stored) chunks.set(c.releaseId, decodeGateState(c.state) as unknown as IndexChunk);
    }
    return decoded.map((row) => ({
      ...row,
      state: assembleSnapshot(row.state, (n) => chunks.get(indexChunkRowId(row.releaseId, n))),
    }));
  }

  /** Removes a release's row and its index chunks (true when there was a row). */
  async delete(releaseId: string): Promise<boolean> {
    const chunks = `${indexChunkRowId(releaseId, 0)
      .slice(0, -1)
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.deps.db
      .delete(gateStates)
      .where(or(eq(gateStates.releaseId, releaseId), like(gateStates.releaseId, chunks)))
      .returning({ id: gateStates.releaseId });
    return rows.some((r) => r.id === releaseId);
  }
}
