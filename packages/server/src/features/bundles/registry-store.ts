import { and, asc, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { bundles, labelHistory, labels, retentionHolds, workflows } from '../../db/schema.js';
import type { BundleSpec } from './bundle-schema.js';
import type { WorkflowSpec } from './workflow-schema.js';

/** A stored workflow. */
export interface WorkflowRecord {
  name: string;
  spec: WorkflowSpec;
  contentHash: string;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** A stored bundle. */
export interface BundleRecord {
  id: string;
  workflow: string;
  version: string;
  spec: BundleSpec;
  createdAt: Date;
  createdBy: string;
  archivedAt: Date | null;
  archivedBy: string | null;
}

/** Where a label points. */
export interface LabelRecord {
  workflow: string;
  environment: string;
  label: string;
  bundleVersion: string;
  updatedAt: Date;
  updatedBy: string;
}

/** One label move. `toVersion` null means the label was removed. */
export interface LabelMove {
  id: number;
  workflow: string;
  environment: string;
  label: string;
  fromVersion: string | null;
  toVersion: string | null;
  actor: string;
  reason: string;
  at: Date;
}

/** A retention hold on a bundle (cool-down, release, …). `until` null holds until released. */
export interface RetentionHold {
  id: number;
  workflow: string;
  bundleVersion: string;
  kind: string;
  reason: string;
  until: Date | null;
  createdAt: Date;
  releasedAt: Date | null;
}

/** Storage for workflows, bundles, labels, label history and retention holds. */
export class RegistryStore {
  constructor(private readonly deps: { db: Db }) {}

  /** The workflow named `name`, if any. */
  async getWorkflow(name: string): Promise<WorkflowRecord | undefined> {
    const [row] = await this.deps.db.select().from(workflows).where(eq(workflows.name, name));
    return row && { ...row, spec: row.spec as WorkflowSpec };
  }

  /** All workflows by name. */
  async listWorkflows(): Promise<WorkflowRecord[]> {
    const rows = await this.deps.db.select().from(workflows).orderBy(asc(workflows.name));
    return rows.map((row) => ({ ...row, spec: row.spec as WorkflowSpec }));
  }

  /** Inserts a new workflow. */
  async insertWorkflow(record: WorkflowRecord): Promise<void> {
    await this.deps.db.insert(workflows).values(record);
  }

  /** Replaces a workflow's spec. */
  async updateWorkflow(name: string, spec: WorkflowSpec, contentHash: string, by: string, at: Date): Promise<void> {
    await this.deps.db
      .update(workflows)
      .set({ spec, contentHash, updatedAt: at, updatedBy: by })
      .where(eq(workflows.name, name));
  }

  /** The bundle `version` of `workflow`, if any. */
  async getBundle(workflow: string, version: string): Promise<BundleRecord | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(bundles)
      .where(and(eq(bundles.workflow, workflow), eq(bundles.version, version)));
    return row && toBundle(row);
  }

  /** The bundle with content id `id`, if any. */
  async getBundleById(id: string): Promise<BundleRecord | undefined> {
    const [row] = await this.deps.db.select().from(bundles).where(eq(bundles.id, id));
    return row && toBundle(row);
  }

  /** A workflow's bundles, oldest first; archived ones only when asked. */
  async listBundles(workflow: string, options: { includeArchived?: boolean } = {}): Promise<BundleRecord[]> {
    const rows = await this.deps.db
      .select()
      .from(bundles)
      .where(and(eq(bundles.workflow, workflow), options.includeArchived ? undefined : isNull(bundles.archivedAt)))
      .orderBy(asc(bundles.createdAt), asc(bundles.version));
    return rows.map(toBundle);
  }

  /**
   * Inserts a bundle unless one with the same (workflow, version) or id exists; returns whether it
   * did. No exception on a race, so a surrounding transaction stays usable.
   */
  async insertBundle(record: BundleRecord): Promise<boolean> {
    const rows = await this.deps.db.insert(bundles).values(record).onConflictDoNothing().returning({ id: bundles.id });
    return rows.length === 1;
  }

  /** Marks a bundle archived. */
  async archiveBundle(workflow: string, version: string, by: string, at: Date): Promise<void> {
    await this.deps.db
      .update(bundles)
      .set({ archivedAt: at, archivedBy: by })
      .where(and(eq(bundles.workflow, workflow), eq(bundles.version, version)));
  }

  /** Clears a bundle's archived mark. */
  async unarchiveBundle(workflow: string, version: string): Promise<void> {
    await this.deps.db
      .update(bundles)
      .set({ archivedAt: null, archivedBy: null })
      .where(and(eq(bundles.workflow, workflow), eq(bundles.version, version)));
  }

  /** Deletes a bundle row. The service checks retention first. */
  async deleteBundle(workflow: string, version: string): Promise<void> {
    await this.deps.db.delete(bundles).where(and(eq(bundles.workflow, workflow), eq(bundles.version, version)));
  }

  /** Labels of a workflow, optionally in one environment. */
  async listLabels(workflow: string, environment?: string): Promise<LabelRecord[]> {
    return this.deps.db
      .select()
      .from(labels)
      .where(
        and(eq(labels.workflow, workflow), environment === undefined ? undefined : eq(labels.environment, environment)),
      )
      .orderBy(asc(labels.environment), asc(labels.label));
  }

  /** Every label (in any workflow's environment) pointing at a bundle. */
  async labelsPointingAt(workflow: string, version: string): Promise<LabelRecord[]> {
    return this.deps.db
      .select()
      .from(labels)
      .where(and(eq(labels.workflow, workflow), eq(labels.bundleVersion, version)));
  }

  /** One label, if set. */
  async getLabel(workflow: string, environment: string, label: string): Promise<LabelRecord | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(labels)
      .where(and(eq(labels.workflow, workflow), eq(labels.environment, environment), eq(labels.label, label)));
    return row;
  }

  /** Points a label at a bundle and appends the move to the history. Call inside a transaction. */
  async moveLabel(move: Omit<LabelMove, 'id' | 'fromVersion'> & { toVersion: string }): Promise<LabelMove> {
    const { db } = this.deps;
    const current = await this.getLabel(move.workflow, move.environment, move.label);
    const row = { workflow: move.workflow, environment: move.environment, label: move.label };
    await db
      .insert(labels)
      .values({ ...row, bundleVersion: move.toVersion, updatedAt: move.at, updatedBy: move.actor })
      .onConflictDoUpdate({
        target: [labels.workflow, labels.environment, labels.label],
        set: { bundleVersion: move.toVersion, updatedAt: move.at, updatedBy: move.actor },
      });
    const [history] = await db
      .insert(labelHistory)
      .values({ ...move, fromVersion: current?.bundleVersion ?? null })
      .returning();
    return history!;
  }

  /** The history of label moves, newest first, optionally for one environment and label. */
  async labelHistory(
    workflow: string,
    options: { environment?: string; label?: string; limit?: number } = {},
  ): Promise<LabelMove[]> {
    return this.deps.db
      .select()
      .from(labelHistory)
      .where(
        and(
          eq(labelHistory.workflow, workflow),
          options.environment === undefined ? undefined : eq(labelHistory.environment, options.environment),
          options.label === undefined ? undefined : eq(labelHistory.label, options.label),
        ),
      )
      .orderBy(desc(labelHistory.id))
      .limit(options.limit ?? 500);
  }

  /** Adds a retention hold. */
  async addHold(hold: Omit<RetentionHold, 'id' | 'releasedAt'>): Promise<RetentionHold> {
    const [row] = await this.deps.db.insert(retentionHolds).values(hold).returning();
    return row!;
  }

  /** Holds on a bundle still in force at `now`. */
  async activeHolds(workflow: string, version: string, now: Date): Promise<RetentionHold[]> {
    return this.deps.db
      .select()
      .from(retentionHolds)
      .where(
        and(
          eq(retentionHolds.workflow, workflow),
          eq(retentionHolds.bundleVersion, version),
          isNull(retentionHolds.releasedAt),
          or(isNull(retentionHolds.until), gt(retentionHolds.until, now)),
        ),
      )
      .orderBy(asc(retentionHolds.id));
  }

  /** Ends holds of a kind on a bundle (e.g. when a release finishes). */
  async releaseHolds(workflow: string, version: string, kind: string, at: Date): Promise<void> {
    await this.deps.db
      .update(retentionHolds)
      .set({ releasedAt: at })
      .where(
        and(
          eq(retentionHolds.workflow, workflow),
          eq(retentionHolds.bundleVersion, version),
          eq(retentionHolds.kind, kind),
          isNull(retentionHolds.releasedAt),
        ),
      );
  }
}

function toBundle(row: typeof bundles.$inferSelect): BundleRecord {
  return { ...row, spec: row.spec as BundleSpec };
}
