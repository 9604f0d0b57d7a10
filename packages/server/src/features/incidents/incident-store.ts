import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { incidents } from '../../db/schema.js';
import type { CauseCategory } from './cause-categories.js';

/** Where an incident is: verifying the restore, verified, escalated (verification failed), closed. */
export type IncidentStatus = 'verifying' | 'verified' | 'escalated' | 'closed';

/** The times the procedure is measured by (ISO strings from the injected clock). */
export interface IncidentTimes {
  /** The candidate's first exposure to production traffic (or the release start). */
  exposedAt?: string;
  /** The first breach / the rollback request: detection. */
  detectedAt?: string;
  /** The decision to roll back. */
  decidedAt?: string;
  /** The rollback run finished: the control serves. */
  restoredAt?: string;
  /** Verification passed. */
  verifiedAt?: string;
  /** Verification keeps checking until then. */
  verifyUntil?: string;
  closedAt?: string;
}

/** Requests and distinct keys the candidate served before the restore. */
export interface BlastRadius {
  requests: number;
  distinctKeys: number;
  /** When the candidate served its first and last counted request (ISO), if it served any. */
  firstAt?: string;
  lastAt?: string;
}

/** What verification found. */
export interface Verification {
  checks: { component: string; url: string; ok: boolean; detail: string }[];
  configServesControl: boolean;
  /** The gates that fired, read on the restored route (R7.2); `null` when none could be read. */
  gates?:
    | {
        gate: string;
        state: 'passing' | 'breached' | 'inconclusive';
        sentence: string;
        samples: number | null;
        needed?: number | null;
        /** Where the gate's data comes from (absent in verifications recorded before signal gates were read). */
        source?: 'events' | 'query' | 'alert';
      }[]
    | null;
  failures: string[];
  escalation?: string;
  /** The window was extended because fired gates lacked samples or waited for a signal (verification-window.ts). */
  extension?: { until: string; bound: string; reason: string };
}

/** The post-incident review (R7.1). */
export interface IncidentReview {
  rootCause: string;
  remediation: string;
  prevention: string;
  /** The root cause category (cause-categories.ts); absent in reviews recorded without one. */
  cause?: CauseCategory;
  by: string;
  at: string;
}

/** A stored incident. */
export interface IncidentRecord {
  id: string;
  releaseId: string;
  runId: string;
  status: IncidentStatus;
  times: IncidentTimes;
  blastRadius: BlastRadius | null;
  verification: Verification | null;
  review: IncidentReview | null;
  openedAt: Date;
  updatedAt: Date;
}

/** Storage for incidents. */
export class IncidentStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Inserts an incident (one per rollback run; a second insert for the same run is ignored). */
  async insert(record: IncidentRecord): Promise<boolean> {
    const rows = await this.deps.db
      .insert(incidents)
      .values(record)
      .onConflictDoNothing()
      .returning({ id: incidents.id });
    return rows.length === 1;
  }

  /** Updates an incident's mutable fields. */
  async update(
    id: string,
    fields: Partial<Pick<IncidentRecord, 'status' | 'times' | 'blastRadius' | 'verification' | 'review' | 'updatedAt'>>,
  ): Promise<void> {
    await this.deps.db.update(incidents).set(fields).where(eq(incidents.id, id));
  }

  /** An incident by id. */
  async get(id: string): Promise<IncidentRecord | undefined> {
    const [row] = await this.deps.db.select().from(incidents).where(eq(incidents.id, id));
    return row && toIncident(row);
  }

  /** The incident of a rollback run. */
  async byRun(runId: string): Promise<IncidentRecord | undefined> {
    const [row] = await this.deps.db.select().from(incidents).where(eq(incidents.runId, runId));
    return row && toIncident(row);
  }

  /** Incidents, newest first, optionally only some statuses. */
  async list(options: { status?: IncidentStatus; limit?: number } = {}): Promise<IncidentRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(incidents)
      .where(options.status ? eq(incidents.status, options.status) : undefined)
      .orderBy(desc(incidents.openedAt))
      .limit(options.limit ?? 200);
    return rows.map(toIncident);
  }
}

function toIncident(row: typeof incidents.$inferSelect): IncidentRecord {
  return {
    ...row,
    status: row.status as IncidentStatus,
    times: row.times as IncidentTimes,
    blastRadius: row.blastRadius as BlastRadius | null,
    verification: row.verification as Verification | null,
    review: row.review as IncidentReview | null,
  };
}
