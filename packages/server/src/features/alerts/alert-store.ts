/**
 * Alerts as received (R4.5): one row per alert occurrence — its source, fingerprint and start —
 * kept whether or not it matched a gate, updated by its repeats and by its resolve. The row is the
 * record that an alert arrived, what it was applied to, and when it ended.
 */
import { and, desc, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { alerts } from '../../db/schema.js';

/** A gate an alert was applied to. */
export interface AlertMatch {
  releaseId: string;
  release: string;
  gate: string;
}

/** A stored alert. */
export interface AlertRecord {
  id: string;
  source: string;
  fingerprint: string;
  name: string;
  status: 'firing' | 'resolved';
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  outcome: 'matched' | 'unmatched';
  matches: AlertMatch[];
  /** Why it matched nothing; `null` when matched. */
  reason: string | null;
  firstReceivedAt: Date;
  lastReceivedAt: Date;
  resolvedAt: Date | null;
  deliveries: number;
}

function toRecord(row: typeof alerts.$inferSelect): AlertRecord {
  return {
    ...row,
    status: row.status as AlertRecord['status'],
    outcome: row.outcome as AlertRecord['outcome'],
    labels: row.labels as Record<string, string>,
    annotations: row.annotations as Record<string, string>,
    matches: row.matches as AlertMatch[],
  };
}

/** Storage for received alerts. */
export class AlertStore {
  constructor(private readonly deps: { db: Db }) {}

  /** The alert `id`. */
  async get(id: string): Promise<AlertRecord | undefined> {
    const [row] = await this.deps.db.select().from(alerts).where(eq(alerts.id, id));
    return row && toRecord(row);
  }

  /** Inserts or replaces an alert's row (the caller merges repeats; see alert-service.ts). */
  async save(record: AlertRecord): Promise<void> {
    const { id: _id, ...fields } = record;
    await this.deps.db.insert(alerts).values(record).onConflictDoUpdate({ target: alerts.id, set: fields });
  }

  /** Alerts by last delivery, newest first; only matched or unmatched ones when asked. */
  async list(options: {
    outcome?: AlertRecord['outcome'];
    status?: AlertRecord['status'];
    limit: number;
  }): Promise<AlertRecord[]> {
    const where = and(
      options.outcome === undefined ? undefined : eq(alerts.outcome, options.outcome),
      options.status === undefined ? undefined : eq(alerts.status, options.status),
    );
    const rows = await this.deps.db
      .select()
      .from(alerts)
      .where(where)
      .orderBy(desc(alerts.lastReceivedAt), desc(alerts.id))
      .limit(options.limit);
    return rows.map(toRecord);
  }

  /** When any alert was last delivered; `null` before the first. */
  async lastReceived(): Promise<Date | null> {
    const [row] = await this.deps.db.select({ at: max(alerts.lastReceivedAt) }).from(alerts);
    return row?.at ?? null;
  }
}
