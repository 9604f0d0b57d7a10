import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { drills } from '../../db/schema.js';

/** What a drill checked at one point (after the rollback, after the restore). */
export interface DrillCheck {
  ok: boolean;
  /** Health endpoints probed, configuration read back. */
  checks: { what: string; ok: boolean; detail: string }[];
  failures: string[];
}

/** One step of a drill with its measured time. */
export interface DrillStep {
  /** `rollback` steps are the run's (planner and executor); `restore` and `verify` are the drill's own. */
  phase: 'rollback' | 'verify' | 'restore' | 'verify-restore';
  text: string;
  status: 'done' | 'failed' | 'skipped';
  startedAt: string;
  finishedAt: string;
  ms: number;
  result?: string;
}

/** Everything a drill recorded besides its row. */
export interface DrillDetail {
  segment: string;
  /** The bundle production serves (the drill's "bad" version) and the one a rollback returns to. */
  production: string | null;
  target: string | null;
  steps: DrillStep[];
  /** The rollback part's duration (its run's first step start to last step end), what estimates use. */
  rollbackMs: number | null;
  verification: DrillCheck | null;
  restoreVerification: DrillCheck | null;
  /** What failed, in one sentence; null when the drill passed. */
  failure: string | null;
  /** The flag definitions before the drill (a drill a restart interrupted is restored from them). */
  flagsBefore?: Record<string, unknown>;
  /** A post-deployment rollback test: the promoted release it tested. */
  release?: { id: string; name: string };
}

/** A stored drill. */
export interface DrillRecord {
  id: string;
  workflow: string;
  environment: string;
  level: 1 | 2 | 3 | 4;
  status: 'running' | 'passed' | 'failed';
  trigger: 'manual' | 'schedule' | 'post-deploy';
  actor: string;
  reason: string;
  runId: string | null;
  detail: DrillDetail;
  startedAt: Date;
  finishedAt: Date | null;
}

type Row = typeof drills.$inferSelect;

function toRecord(row: Row): DrillRecord {
  return {
    ...row,
    level: row.level as DrillRecord['level'],
    status: row.status as DrillRecord['status'],
    trigger: row.trigger as DrillRecord['trigger'],
    detail: row.detail as DrillDetail,
  };
}

/** Drills (R8.1), newest first. */
export class DrillStore {
  constructor(private readonly deps: { db: Db }) {}

  async save(drill: DrillRecord): Promise<void> {
    const row = { ...drill };
    await this.deps.db
      .insert(drills)
      .values(row)
      .onConflictDoUpdate({
        target: drills.id,
        set: {
          status: row.status,
          runId: row.runId,
          detail: row.detail,
          finishedAt: row.finishedAt,
        },
      });
  }

  async get(id: string): Promise<DrillRecord | undefined> {
    const [row] = await this.deps.db.select().from(drills).where(eq(drills.id, id));
    return row && toRecord(row);
  }

  /** Drills, newest first, optionally of one workflow (and environment) or status. */
  async list(
    filter: { workflow?: string; environment?: string; status?: DrillRecord['status']; limit?: number } = {},
  ): Promise<DrillRecord[]> {
    const where: SQL[] = [];
    if (filter.workflow) where.push(eq(drills.workflow, filter.workflow));
    if (filter.environment) where.push(eq(drills.environment, filter.environment));
    if (filter.status) where.push(eq(drills.status, filter.status));
    const rows = await this.deps.db
      .select()
      .from(drills)
      .where(where.length > 0 ? and(...where) : undefined)
      .orderBy(desc(drills.startedAt))
      .limit(filter.limit ?? 200);
    return rows.map(toRecord);
  }
}
