import { and, asc, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { decisions, releaseEvents, releases } from '../../db/schema.js';
import type { ReferenceDistribution } from '../gates/engine/release-state.js';
import type { PendingRollback } from './authority/release-approvals.js';
import type { ReleaseSpec } from './ticket/release-schema.js';

/** Where a release is in its life (R2.2). Terminal: promoted, rolled-back, aborted. */
export type ReleaseStatus = 'pending' | 'running' | 'paused' | 'rolling-back' | 'rolled-back' | 'promoted' | 'aborted';
/** Statuses a release can no longer leave. */
export const terminalStatuses: readonly ReleaseStatus[] = ['promoted', 'rolled-back', 'aborted'];

/** The state machine's stored timers and bookkeeping; every time is an ISO string from the clock. */
export interface ReleaseTimers {
  stageStartedAt?: string;
  /** When the current stage's bake time is over. */
  bakeEndsAt?: string;
  /** Why the release is paused, and by whom. */
  pausedBy?: string;
  pauseReason?: string;
  /** The cool-down end after promotion (R1.4). */
  cooldownEndsAt?: string;
  /** First breach seen (MTTD). */
  firstBreachAt?: string;
  /** When the offline stage's evidence was recorded. */
  offlineEvidence?: string;
  /** The last decision recorded (`kind:gates`), so a tick records only changes. */
  lastDecision?: string;
  /** A rollback waiting for approvals (R6), with its deadline. */
  pendingRollback?: PendingRollback;
  /** The team lead's acknowledgement deadline after a level-2 rollback (R6.1), and its outcome. */
  teamLeadAckBy?: string;
  teamLeadAckedAt?: string;
  teamLeadMissed?: string;
  /** Since when each gate has been in its current state (this stage). */
  gateSince?: Record<string, { state: string; since: string }>;
  /** Reference distributions declared for `driftFromReference` gates, by series (release-references.ts). */
  referenceDistributions?: Record<string, ReferenceDistribution>;
}

/** A stored release. */
export interface ReleaseRecord {
  id: string;
  workflow: string;
  environment: string;
  name: string;
  spec: ReleaseSpec;
  contentHash: string;
  status: ReleaseStatus;
  stage: number;
  timers: ReleaseTimers;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** One entry of a release's timeline. */
export interface ReleaseEvent {
  id: number;
  releaseId: string;
  at: Date;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/** A stored decision. */
export interface DecisionRecord {
  id: string;
  releaseId: string;
  at: Date;
  kind: string;
  reasoning: string;
  evidence: Record<string, unknown>;
  actor: string;
}

/** Storage for releases, their timelines and decisions. */
export class ReleaseStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Inserts a release. */
  async insert(record: ReleaseRecord): Promise<void> {
    await this.deps.db.insert(releases).values(record);
  }

  /** Replaces the fields of a release that the state machine or a re-apply changes. */
  async update(
    id: string,
    fields: Partial<Omit<ReleaseRecord, 'id' | 'workflow' | 'environment' | 'name' | 'createdAt' | 'createdBy'>>,
  ): Promise<void> {
    await this.deps.db.update(releases).set(fields).where(eq(releases.id, id));
  }

  /**
   * Moves a running or paused release to `rolling-back`; false when it is in any other state
   * (already rolling back, or ended). The conditional update is the lock between concurrent requests.
   */
  async claimForRollback(id: string, at: Date): Promise<boolean> {
    const rows = await this.deps.db
      .update(releases)
      .set({ status: 'rolling-back', updatedAt: at })
      .where(and(eq(releases.id, id), inArray(releases.status, ['running', 'paused'])))
      .returning({ id: releases.id });
    return rows.length === 1;
  }

  /** A release by id. */
  async get(id: string): Promise<ReleaseRecord | undefined> {
    const [row] = await this.deps.db.select().from(releases).where(eq(releases.id, id));
    return row && toRelease(row);
  }

  /** A release by its name in a workflow and environment. */
  async getByName(workflow: string, environment: string, name: string): Promise<ReleaseRecord | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(releases)
      .where(and(eq(releases.workflow, workflow), eq(releases.environment, environment), eq(releases.name, name)));
    return row && toRelease(row);
  }

  /** Releases, newest first, optionally of one workflow and/or only in some statuses. */
  async list(
    options: { workflow?: string; statuses?: readonly ReleaseStatus[]; active?: boolean } = {},
  ): Promise<ReleaseRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(releases)
      .where(
        and(
          options.workflow === undefined ? undefined : eq(releases.workflow, options.workflow),
          options.statuses === undefined ? undefined : inArray(releases.status, [...options.statuses]),
          options.active ? notInArray(releases.status, [...terminalStatuses]) : undefined,
        ),
      )
      .orderBy(desc(releases.createdAt), asc(releases.id));
    return rows.map(toRelease);
  }

  /** Appends to a release's timeline. */
  async addEvent(event: Omit<ReleaseEvent, 'id'>): Promise<ReleaseEvent> {
    const [row] = await this.deps.db.insert(releaseEvents).values(event).returning();
    return { ...row!, details: row!.details as Record<string, unknown> };
  }

  /** A release's timeline, oldest first. */
  async events(releaseId: string): Promise<ReleaseEvent[]> {
    const rows = await this.deps.db
      .select()
      .from(releaseEvents)
      .where(eq(releaseEvents.releaseId, releaseId))
      .orderBy(asc(releaseEvents.id));
    return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> }));
  }

  /** Records a decision. */
  async addDecision(decision: DecisionRecord): Promise<void> {
    await this.deps.db.insert(decisions).values(decision);
  }

  /** A release's decisions, oldest first. */
  async decisions(releaseId: string): Promise<DecisionRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(decisions)
      .where(eq(decisions.releaseId, releaseId))
      .orderBy(asc(decisions.at), asc(decisions.id));
    return rows.map((r) => ({ ...r, evidence: r.evidence as Record<string, unknown> }));
  }
}

function toRelease(row: typeof releases.$inferSelect): ReleaseRecord {
  return {
    ...row,
    spec: row.spec as ReleaseSpec,
    status: row.status as ReleaseStatus,
    timers: row.timers as ReleaseTimers,
  };
}
