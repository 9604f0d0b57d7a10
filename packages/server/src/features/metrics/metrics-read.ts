/**
 * What `/metrics` reads from the store at scrape time: releases by status, decisions by class,
 * rollback runs by level and result, incidents' MTTD, MTTR and verification outcomes, and alerts by
 * outcome. A read model over other features' tables (aggregates only, no ids): the numbers are
 * exact after a restart, and nothing on a request path pays for them.
 */
import { count, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { alerts, decisions, incidents, releases, rollbackRuns } from '../../db/schema.js';

/** A count for one combination of label values. */
export interface LabelledCount<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/** One incident's durations (seconds) and verification outcome. */
export interface IncidentTimesRow {
  mttdSeconds: number | null;
  mttrSeconds: number | null;
  /** `verified`, `failed` (escalated), or `pending` (still verifying). */
  verification: 'verified' | 'failed' | 'pending';
}

const seconds = (from: unknown, to: unknown): number | null => {
  if (typeof from !== 'string' || typeof to !== 'string') return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
};

/** Aggregates over the store for the scrape. */
export class MetricsRead {
  constructor(private readonly deps: { db: Db }) {}

  /** Releases by status. */
  async releasesByStatus(): Promise<LabelledCount<'status'>[]> {
    const rows = await this.deps.db
      .select({ status: releases.status, n: count() })
      .from(releases)
      .groupBy(releases.status);
    return rows.map((r) => ({ labels: { status: r.status }, value: r.n }));
  }

  /** Decisions recorded, by class (R5.1). */
  async decisionsByKind(): Promise<LabelledCount<'kind'>[]> {
    const rows = await this.deps.db
      .select({ kind: decisions.kind, n: count() })
      .from(decisions)
      .groupBy(decisions.kind);
    return rows.map((r) => ({ labels: { kind: r.kind }, value: r.n }));
  }

  /** Rollback runs by the plan's level and the run's result (`running`, `succeeded`, `failed`). */
  async rollbacksByLevel(): Promise<LabelledCount<'level' | 'result'>[]> {
    const level = sql<string>`coalesce(${rollbackRuns.plan}->>'level', 'unknown')`;
    const rows = await this.deps.db
      .select({ level, result: rollbackRuns.status, n: count() })
      .from(rollbackRuns)
      .groupBy(level, rollbackRuns.status);
    return rows.map((r) => ({ labels: { level: r.level, result: r.result }, value: r.n }));
  }

  /** Every incident's MTTD (exposure → detection) and MTTR (decision → verified), R8.2. */
  async incidentTimes(): Promise<IncidentTimesRow[]> {
    const rows = await this.deps.db
      .select({ times: incidents.times, status: incidents.status, verification: incidents.verification })
      .from(incidents);
    return rows.map((r) => {
      const t = (r.times ?? {}) as Record<string, unknown>;
      const escalated =
        r.status === 'escalated' || typeof (r.verification as { escalation?: unknown } | null)?.escalation === 'string';
      return {
        mttdSeconds: seconds(t.exposedAt, t.detectedAt),
        mttrSeconds: seconds(t.decidedAt, t.verifiedAt),
        verification: typeof t.verifiedAt === 'string' ? 'verified' : escalated ? 'failed' : 'pending',
      };
    });
  }

  /** Alerts received, by outcome and status. */
  async alertsByOutcome(): Promise<LabelledCount<'outcome' | 'status'>[]> {
    const rows = await this.deps.db
      .select({ outcome: alerts.outcome, status: alerts.status, n: count() })
      .from(alerts)
      .groupBy(alerts.outcome, alerts.status);
    return rows.map((r) => ({ labels: { outcome: r.outcome, status: r.status }, value: r.n }));
  }
}
