import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { batchOutputs } from '../../db/schema.js';

/** Who marked an output invalid, when, why, and for which incident (if any). */
export interface Invalidation {
  by: string;
  at: string;
  reason: string;
  incident: string | null;
}

/** One registered output of a batch job (R5.4). */
export interface BatchOutput {
  id: string;
  workflow: string;
  bundleVersion: string;
  batchKey: string;
  batchId: string;
  inputHash: string;
  location: string;
  outputHash: string;
  items: { ids?: string[]; count?: number };
  status: 'valid' | 'superseded' | 'invalidated';
  supersededBy: string | null;
  invalidation: Invalidation | null;
  registeredBy: string;
  startedAt: Date;
  finishedAt: Date;
  createdAt: Date;
}

type Row = typeof batchOutputs.$inferSelect;
const toOutput = (row: Row): BatchOutput => ({
  ...row,
  items: row.items as BatchOutput['items'],
  status: row.status as BatchOutput['status'],
  invalidation: row.invalidation as Invalidation | null,
});

/** Storage for batch outputs. */
export class BatchOutputStore {
  constructor(private readonly deps: { db: Db }) {}

  async insert(output: BatchOutput): Promise<void> {
    await this.deps.db.insert(batchOutputs).values(output);
  }

  /** Outputs, newest first. */
  async list(filter: { workflow: string; version?: string; batchKey?: string; status?: BatchOutput['status'] }) {
    const where: SQL[] = [eq(batchOutputs.workflow, filter.workflow)];
    if (filter.version) where.push(eq(batchOutputs.bundleVersion, filter.version));
    if (filter.batchKey) where.push(eq(batchOutputs.batchKey, filter.batchKey));
    if (filter.status) where.push(eq(batchOutputs.status, filter.status));
    const rows = await this.deps.db
      .select()
      .from(batchOutputs)
      .where(and(...where))
      .orderBy(desc(batchOutputs.createdAt), desc(batchOutputs.id));
    return rows.map(toOutput);
  }

  async supersede(ids: readonly string[], by: string): Promise<void> {
    if (ids.length === 0) return;
    await this.deps.db
      .update(batchOutputs)
      .set({ status: 'superseded', supersededBy: by })
      .where(inArray(batchOutputs.id, [...ids]));
  }

  async invalidate(ids: readonly string[], invalidation: Invalidation): Promise<void> {
    if (ids.length === 0) return;
    await this.deps.db
      .update(batchOutputs)
      .set({ status: 'invalidated', invalidation })
      .where(inArray(batchOutputs.id, [...ids]));
  }
}
