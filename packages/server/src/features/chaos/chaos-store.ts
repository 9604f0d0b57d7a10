import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { chaosRuns } from '../../db/schema.js';
import type { DrillCheck, DrillStep } from '../drills/drill-store.js';
import type { Fault } from './faults.js';

/** A gate's reading when the chaos run decided (or gave up). */
export interface ChaosGate {
  gate: string;
  state: string;
  sentence: string | null;
}

/** A measured time against its target (R8.2: MTTD 30 min; MTTR L1 5 min, L2 15 min). */
export interface ChaosTiming {
  ms: number | null;
  targetMs: number | null;
  met: boolean;
}

/** Everything a chaos run recorded besides its row. */
export interface ChaosDetail {
  segment: string;
  /** The release ticket the run took its candidate, gates, rollback and authority from. */
  ticket: string;
  control: string;
  candidate: string;
  /** The drill release's name (`chaos-<hex>`): the split and the SDK's events carry it. */
  release: string;
  traffic: { requests: number; candidate: number; control: number; budget: number };
  /** The decision that detected the fault; null when no gate caught it within the budget. */
  decision: { kind: string; gates: string[]; reasoning: string; at: string } | null;
  /** Each gate's reading at the decision (or when the budget ran out). */
  gates: ChaosGate[];
  /** The planned rollback and what the ticket's authority said of running it automatically. */
  rollback: { level: string | null; plan: string; authority: string; automatic: boolean } | null;
  steps: DrillStep[];
  /** Wall-clock times: first synthetic request → decision, decision → verified restore. */
  detect: ChaosTiming;
  restore: ChaosTiming;
  verification: DrillCheck | null;
  restoreVerification: DrillCheck | null;
  /** Every check that failed, one sentence each; empty when the run passed. */
  failures: string[];
  /** The flag definitions before the run (a run a restart interrupted is restored from them). */
  flagsBefore: Record<string, unknown>;
}

/** A stored chaos run. */
export interface ChaosRecord {
  id: string;
  workflow: string;
  environment: string;
  fault: Fault;
  status: 'running' | 'passed' | 'failed';
  actor: string;
  reason: string;
  runId: string | null;
  detail: ChaosDetail;
  startedAt: Date;
  finishedAt: Date | null;
}

type Row = typeof chaosRuns.$inferSelect;

function toRecord(row: Row): ChaosRecord {
  return {
    ...row,
    fault: row.fault as Fault,
    status: row.status as ChaosRecord['status'],
    detail: row.detail as ChaosDetail,
  };
}

/** Chaos runs (R8.1), newest first. */
export class ChaosStore {
  constructor(private readonly deps: { db: Db }) {}

  async save(run: ChaosRecord): Promise<void> {
    await this.deps.db
      .insert(chaosRuns)
      .values(run)
      .onConflictDoUpdate({
        target: chaosRuns.id,
        set: { status: run.status, runId: run.runId, detail: run.detail, finishedAt: run.finishedAt },
      });
  }

  async get(id: string): Promise<ChaosRecord | undefined> {
    const [row] = await this.deps.db.select().from(chaosRuns).where(eq(chaosRuns.id, id));
    return row && toRecord(row);
  }

  /** Chaos runs, newest first, optionally of one workflow (and environment) or status. */
  async list(
    filter: { workflow?: string; environment?: string; status?: ChaosRecord['status']; limit?: number } = {},
  ): Promise<ChaosRecord[]> {
    const where: SQL[] = [];
    if (filter.workflow) where.push(eq(chaosRuns.workflow, filter.workflow));
    if (filter.environment) where.push(eq(chaosRuns.environment, filter.environment));
    if (filter.status) where.push(eq(chaosRuns.status, filter.status));
    const rows = await this.deps.db
      .select()
      .from(chaosRuns)
      .where(where.length > 0 ? and(...where) : undefined)
      .orderBy(desc(chaosRuns.startedAt))
      .limit(filter.limit ?? 200);
    return rows.map(toRecord);
  }
}
