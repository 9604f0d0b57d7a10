import { and, desc, eq, gt, max, sql } from 'drizzle-orm';
import type { WorkflowConfig } from '@ripcord/protocol';
import type { Db } from '../../db/database.js';
import { configRevisions } from '../../db/schema.js';

/**
 * A workflow's configuration as stored: the protocol's WorkflowConfig, except that the control
 * bundle may be absent (flags defined before the workflow has a production label). Such a
 * workflow is left out of SDK snapshots until it has one.
 */
export type StoredWorkflowConfig = Omit<WorkflowConfig, 'bundles' | 'revision'> & {
  bundles: { control?: WorkflowConfig['bundles']['control']; candidate?: WorkflowConfig['bundles']['candidate'] };
};

/** What a revision changed, for the history. */
export interface ConfigChangeRecord {
  kind: 'flag.set' | 'flag.unset' | 'segment.set' | 'segment.unset' | 'split.set' | 'split.cleared' | 'control.changed';
  [detail: string]: unknown;
}

/** One configuration revision. */
export interface ConfigRevision {
  environment: string;
  revision: number;
  workflow: string;
  config: StoredWorkflowConfig;
  change: ConfigChangeRecord;
  actor: string;
  reason: string;
  at: Date;
}

/** Storage for configuration revisions. */
export class ConfigStore {
  constructor(private readonly deps: { db: Db }) {}

  /**
   * Appends a revision numbered one past the environment's head. Call inside a transaction: the
   * advisory lock serialises writers per environment so numbers never collide or go backwards.
   */
  async append(input: Omit<ConfigRevision, 'revision'>): Promise<ConfigRevision> {
    const { db } = this.deps;
    await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`ripcord.config.${input.environment}`}))`);
    const head = await this.head(input.environment);
    const row: ConfigRevision = { ...input, revision: head + 1 };
    await db.insert(configRevisions).values(row);
    return row;
  }

  /** The environment's latest revision number, 0 when none. */
  async head(environment: string): Promise<number> {
    const [row] = await this.deps.db
      .select({ head: max(configRevisions.revision) })
      .from(configRevisions)
      .where(eq(configRevisions.environment, environment));
    return row?.head ?? 0;
  }

  /** The latest revision of one workflow in an environment. */
  async latest(environment: string, workflow: string): Promise<ConfigRevision | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(configRevisions)
      .where(and(eq(configRevisions.environment, environment), eq(configRevisions.workflow, workflow)))
      .orderBy(desc(configRevisions.revision))
      .limit(1);
    return row && toRevision(row);
  }

  /** The latest revision of every workflow in an environment. */
  async latestPerWorkflow(environment: string): Promise<ConfigRevision[]> {
    const rows = await this.deps.db
      .selectDistinctOn([configRevisions.workflow])
      .from(configRevisions)
      .where(eq(configRevisions.environment, environment))
      .orderBy(configRevisions.workflow, desc(configRevisions.revision));
    return rows.map(toRevision);
  }

  /** Revisions of a workflow in an environment, newest first. */
  async history(environment: string, workflow: string, limit = 100): Promise<ConfigRevision[]> {
    const rows = await this.deps.db
      .select()
      .from(configRevisions)
      .where(and(eq(configRevisions.environment, environment), eq(configRevisions.workflow, workflow)))
      .orderBy(desc(configRevisions.revision))
      .limit(limit);
    return rows.map(toRevision);
  }

  /** Revisions of an environment after `revision`, oldest first (a replica catching up, ADR 0014). */
  async after(environment: string, revision: number, limit = 1000): Promise<ConfigRevision[]> {
    const rows = await this.deps.db
      .select()
      .from(configRevisions)
      .where(and(eq(configRevisions.environment, environment), gt(configRevisions.revision, revision)))
      .orderBy(configRevisions.revision)
      .limit(limit);
    return rows.map(toRevision);
  }

  /** Every environment that has configuration. */
  async environments(): Promise<string[]> {
    const rows = await this.deps.db.selectDistinct({ environment: configRevisions.environment }).from(configRevisions);
    return rows.map((r) => r.environment).sort();
  }
}

function toRevision(row: typeof configRevisions.$inferSelect): ConfigRevision {
  return { ...row, config: row.config as StoredWorkflowConfig, change: row.change as ConfigChangeRecord };
}
