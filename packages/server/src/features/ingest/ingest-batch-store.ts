import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { ingestBatches } from '../../db/schema.js';

/** The response given to an ingested batch, kept so that a retry with its key gets it again. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/** One remembered batch: its (principal-scoped) Idempotency-Key, response and time. */
export interface IngestBatchRow {
  key: string;
  response: StoredResponse;
  at: Date;
}

/**
 * Idempotency keys of ingested batches. A key is written in the same transaction as the gate state
 * that includes its batch, so "key stored" and "batch counted" are one fact, even across kill -9.
 */
export class IngestBatchStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Remembers batches; a key already present keeps its first response. */
  async insert(rows: readonly IngestBatchRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.deps.db
      .insert(ingestBatches)
      .values([...rows])
      .onConflictDoNothing();
  }

  /** The batch stored under `key`. */
  async get(key: string): Promise<IngestBatchRow | undefined> {
    const [row] = await this.deps.db.select().from(ingestBatches).where(eq(ingestBatches.key, key));
    return row && { ...row, response: row.response as StoredResponse };
  }

  /** The batches stored under any of `keys` (one query for many look-ups). */
  async getMany(keys: readonly string[]): Promise<IngestBatchRow[]> {
    if (keys.length === 0) return [];
    const rows = await this.deps.db
      .select()
      .from(ingestBatches)
      .where(inArray(ingestBatches.key, [...keys]));
    return rows.map((row) => ({ ...row, response: row.response as StoredResponse }));
  }

  /** Forgets batches stored before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const rows = await this.deps.db
      .delete(ingestBatches)
      .where(lt(ingestBatches.at, before))
      .returning({ key: ingestBatches.key });
    return rows.length;
  }
}
