import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { rollbackRuns } from '../../db/schema.js';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import type { Actuators } from './actuator-schema.js';

/**
 * A level 3/4 job a step dispatched and waits for. `dispatched`: its actuator accepted the call;
 * `manual`: no actuator is declared, so a person runs it and reports; `running`, `succeeded`,
 * `failed`: as last reported (`POST /v1/rollbacks/{run}/jobs/{step}`).
 */
export interface JobState {
  status: 'dispatched' | 'manual' | 'running' | 'succeeded' | 'failed';
  /** 0..1, as last reported. */
  progress: number;
  message?: string;
  /** The actuator it was dispatched to (its job kind), or null when run by hand. */
  actuator: string | null;
  dispatchedAt: string;
  /** When the job must have succeeded; past it, the run fails. */
  deadlineAt: string;
  updatedAt: string;
  reportedBy?: string;
  /** A built-in kind's job (e.g. a SQL statement id): polled on each pass, never started twice. */
  handle?: string;
}

/**
 * One step of a run and where it is. `key` makes its external effects idempotent: configuration
 * revisions carry it, actuator calls send it plus a suffix. `waiting`: a job step waiting for
 * its job to report success; `failed`: the step could not be done (the run failed with it).
 */
export interface RunStep {
  index: number;
  kind: RollbackPlan['steps'][number]['kind'];
  text: string;
  key: string;
  status: 'pending' | 'started' | 'waiting' | 'done' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  result?: string;
  /** Why the step failed. */
  error?: string;
  /** Actuator calls accepted so far, by idempotency key (a resumed step does not repeat them). */
  calls?: Record<string, string>;
  job?: JobState;
}

/** A persisted rollback run. */
export interface RollbackRun {
  id: string;
  releaseId: string;
  status: 'running' | 'succeeded' | 'failed';
  plan: RollbackPlan;
  steps: RunStep[];
  /**
   * The actuator declarations the run uses, frozen when it was created (only the components and
   * job kinds its plan names; `{}` when none was declared). Undefined for runs stored before
   * declarations were frozen: those read the workflow's current spec.
   */
  actuators?: Actuators;
  actor: string;
  reason: string;
  /** When the rollback was asked for, before any wait for approvals (MTTD, MTTR); null for older runs. */
  requestedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Storage for rollback runs. */
export class RunStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Inserts a run; fails when the release already has a running one (the unique index). */
  async insert(run: RollbackRun): Promise<void> {
    await this.deps.db.insert(rollbackRuns).values(toRow(run));
  }

  /** The running run of a release, if any. */
  async running(releaseId: string): Promise<RollbackRun | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(rollbackRuns)
      .where(and(eq(rollbackRuns.releaseId, releaseId), eq(rollbackRuns.status, 'running')));
    return row && toRun(row);
  }

  /** A run by id. */
  async get(id: string): Promise<RollbackRun | undefined> {
    const [row] = await this.deps.db.select().from(rollbackRuns).where(eq(rollbackRuns.id, id));
    return row && toRun(row);
  }

  /** Every running run (to resume after a restart). */
  async allRunning(): Promise<RollbackRun[]> {
    const rows = await this.deps.db.select().from(rollbackRuns).where(eq(rollbackRuns.status, 'running'));
    return rows.map(toRun);
  }

  /** A release's runs, newest first. */
  async forRelease(releaseId: string): Promise<RollbackRun[]> {
    const rows = await this.deps.db
      .select()
      .from(rollbackRuns)
      .where(eq(rollbackRuns.releaseId, releaseId))
      .orderBy(desc(rollbackRuns.createdAt));
    return rows.map(toRun);
  }

  /** Saves a run's steps and status. */
  async save(run: Pick<RollbackRun, 'id' | 'steps' | 'status' | 'updatedAt' | 'finishedAt'>): Promise<void> {
    await this.deps.db
      .update(rollbackRuns)
      .set({ steps: run.steps, status: run.status, updatedAt: run.updatedAt, finishedAt: run.finishedAt })
      .where(eq(rollbackRuns.id, run.id));
  }
}

/**
 * Where the frozen actuators live in the row: beside the plan in its JSON column (no schema
 * change); `toRun` takes them out again, so `run.plan` is the plan alone.
 */
const FROZEN_ACTUATORS = 'frozenActuators';

function toRow(run: RollbackRun): typeof rollbackRuns.$inferInsert {
  const { actuators, ...rest } = run;
  return { ...rest, plan: actuators ? { ...run.plan, [FROZEN_ACTUATORS]: actuators } : run.plan };
}

function toRun(row: typeof rollbackRuns.$inferSelect): RollbackRun {
  const { [FROZEN_ACTUATORS]: actuators, ...plan } = row.plan as RollbackPlan & { [FROZEN_ACTUATORS]?: Actuators };
  return {
    ...row,
    status: row.status as RollbackRun['status'],
    plan,
    steps: row.steps as RunStep[],
    ...(actuators ? { actuators } : {}),
  };
}
