import { and, asc, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { decisions, releaseEvents, releases } from '../../db/schema.js';
import type { ReferenceDistribution } from '../gates/engine/release-state.js';
import type { ReleaseState, ReleaseStatus } from './machine/status-state.js';
import { terminalStatuses } from './machine/status-state.js';

export type { ReleaseStatus } from './machine/status-state.js';
import type { ReleaseSpec } from './ticket/release-schema.js';

/** The fields every release has, whatever its status. */
export interface ReleaseBase {
  id: string;
  workflow: string;
  environment: string;
  name: string;
  spec: ReleaseSpec;
  contentHash: string;
  /** Index into the plan's stages; -1 before the first stage. */
  stage: number;
  /** Reference distributions declared for `driftFromReference` gates, by series (ticket/release-references.ts). */
  references: Record<string, ReferenceDistribution>;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A stored release: its fields, its status and the state that status keeps (machine/status-state.ts). */
export type ReleaseRecord = ReleaseBase & ReleaseState;

/** The fields a status change writes. */
export type StatusFields = ReleaseState & {
  updatedAt: Date;
  stage?: number;
  startedAt?: Date;
  finishedAt?: Date;
};

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

  /** Replaces a pending release's ticket (a re-apply) or its declared references. */
  async updateTicket(
    id: string,
    fields: Partial<Pick<ReleaseBase, 'spec' | 'contentHash' | 'references'>> & { updatedAt: Date },
  ): Promise<void> {
    await this.deps.db.update(releases).set(fields).where(eq(releases.id, id));
  }

  /**
   * Writes a status change (machine/transitions.ts) only if the release is still in `from`; false
   * when another move got there first.
   */
  async transition(id: string, from: ReleaseStatus, fields: StatusFields): Promise<boolean> {
    const rows = await this.deps.db
      .update(releases)
      .set(fields)
      .where(and(eq(releases.id, id), eq(releases.status, from)))
      .returning({ id: releases.id });
    return rows.length === 1;
  }

  /** Writes the state (and stage) a release keeps in its status, only while it is still in that status. */
  async saveState(id: string, next: ReleaseState & { updatedAt: Date; stage?: number }): Promise<boolean> {
    const rows = await this.deps.db
      .update(releases)
      .set({ state: next.state, updatedAt: next.updatedAt, ...(next.stage !== undefined ? { stage: next.stage } : {}) })
      .where(and(eq(releases.id, id), eq(releases.status, next.status)))
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
    references: row.references as Record<string, ReferenceDistribution>,
    ...({ status: row.status, state: row.state } as ReleaseState),
  };
}
