/**
 * Effectiveness metrics (R8.2) over a period, per workflow and overall: MTTD p50/p90 against
 * 30 min, MTTR per level against L1 < 5 min and L2 < 15 min, rollback success on the first try
 * against ≥ 99 %, blast radius, drill completion against 100 %, rollback frequency, and root causes
 * from post-incident reviews. Read from the stored incidents, runs, releases and drills.
 */
import type { Clock } from '../../clock.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RunStore } from '../rollbacks/run-store.js';
import { AppError } from '../../errors.js';
import { parseDuration } from '../gates/language/gate-values.js';
import type { DrillStore } from '../drills/drill-store.js';
import { DEFAULT_DRILL_EVERY } from '../drills/drill-service.js';
import { quantile } from '../drills/drill-timings.js';
import type { IncidentRecord } from '../incidents/incident-store.js';

/** The stores the report reads. */
export interface ReportStores {
  registry: RegistryStore;
  incidents: IncidentStore;
  releases: ReleaseStore;
  runs: RunStore;
}

/** The targets R8.2 measures against. */
export const TARGETS = {
  mttdSeconds: 1800,
  mttrSeconds: { level1: 300, level2: 900 } as Record<string, number>,
  firstTry: 0.99,
  drillCompletion: 1,
} as const;

/** p50/p90 of some durations in seconds, and whether p90 meets its target. */
export interface Spread {
  count: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  targetSeconds: number | null;
  /** p90 within the target; null without data or without a target. */
  met: boolean | null;
}

/** One workflow's (or everything's) numbers. */
export interface ReportSection {
  workflow: string | null;
  incidents: number;
  rollbacks: { count: number; perWeek: number; byLevel: Record<string, number> };
  mttd: Spread;
  mttr: (Spread & { level: string })[];
  firstTry: { successes: number; finished: number; rate: number | null; target: number; met: boolean | null };
  blastRadius: { requests: number; distinctKeys: number; largestRequests: number };
  drills: {
    expected: number;
    passed: number;
    failed: number;
    rate: number | null;
    target: number;
    met: boolean | null;
  };
  rootCauses: { cause: string; count: number }[];
  unreviewed: number;
}

/** The report. */
export interface EffectivenessReport {
  since: string;
  until: string;
  workflow: string | null;
  overall: ReportSection;
  workflows: ReportSection[];
}

interface Row {
  workflow: string;
  incident: IncidentRecord;
  level: string;
  firstTry: boolean | null;
}

/** Builds reports. */
export class ReportService {
  constructor(private readonly deps: { stores: ReportStores; drills: DrillStore; clock: Clock }) {}

  /** `since`: a duration back from now (`30d`, `12h`) or an ISO time; default 30d. */
  async report(
    options: { since?: string | undefined; workflow?: string | undefined } = {},
  ): Promise<EffectivenessReport> {
    const until = this.deps.clock.now();
    const since = sinceOf(options.since ?? '30d', until);
    if (options.workflow && !(await this.deps.stores.registry.getWorkflow(options.workflow)))
      throw new AppError('not_found', `workflow ${options.workflow} not found`);
    const rows = (await this.rows(since, until)).filter((r) => !options.workflow || r.workflow === options.workflow);
    const workflows = options.workflow
      ? [options.workflow]
      : (await this.deps.stores.registry.listWorkflows()).map((w) => w.name).sort();
    const sections: ReportSection[] = [];
    for (const name of workflows)
      sections.push(
        await this.section(
          name,
          rows.filter((r) => r.workflow === name),
          since,
          until,
        ),
      );
    const overall = combine(await this.section(null, rows, since, until), sections);
    return {
      since: since.toISOString(),
      until: until.toISOString(),
      workflow: options.workflow ?? null,
      overall,
      workflows: sections,
    };
  }

  private async rows(since: Date, until: Date): Promise<Row[]> {
    const out: Row[] = [];
    const releases = new Map<string, string | undefined>();
    for (const incident of await this.deps.stores.incidents.list({ limit: 100_000 })) {
      if (incident.openedAt < since || incident.openedAt > until) continue;
      if (!releases.has(incident.releaseId))
        releases.set(incident.releaseId, (await this.deps.stores.releases.get(incident.releaseId))?.workflow);
      const workflow = releases.get(incident.releaseId);
      if (!workflow) continue;
      const runs = await this.deps.stores.runs.forRelease(incident.releaseId);
      const run = runs.find((r) => r.id === incident.runId);
      const escalated = incident.status === 'escalated' || incident.verification?.escalation !== undefined;
      const finished = escalated || incident.times.verifiedAt !== undefined;
      out.push({
        workflow,
        incident,
        level: run?.plan.level ?? 'unknown',
        firstTry: finished ? !escalated && runs.filter((r) => r.createdAt <= incident.openedAt).length === 1 : null,
      });
    }
    return out;
  }

  private async section(workflow: string | null, rows: Row[], since: Date, until: Date): Promise<ReportSection> {
    const weeks = Math.max((until.getTime() - since.getTime()) / (7 * 86_400_000), 1 / 7);
    const byLevel: Record<string, number> = {};
    for (const r of rows) byLevel[r.level] = (byLevel[r.level] ?? 0) + 1;
    const mttd = rows.flatMap((r) => seconds(r.incident.times.exposedAt, r.incident.times.detectedAt));
    const levels = [...new Set(rows.map((r) => r.level))].sort();
    const finished = rows.filter((r) => r.firstTry !== null);
    const successes = finished.filter((r) => r.firstTry).length;
    const causes = new Map<string, number>();
    for (const r of rows)
      if (r.incident.review) {
        const cause = r.incident.review.cause ?? 'unclassified';
        causes.set(cause, (causes.get(cause) ?? 0) + 1);
      }
    const firstTryRate = finished.length > 0 ? successes / finished.length : null;
    return {
      workflow,
      incidents: rows.length,
      rollbacks: { count: rows.length, perWeek: round(rows.length / weeks), byLevel },
      mttd: spread(mttd, TARGETS.mttdSeconds),
      mttr: levels.map((level) => ({
        level,
        ...spread(
          rows
            .filter((r) => r.level === level)
            .flatMap((r) => seconds(r.incident.times.decidedAt, r.incident.times.verifiedAt)),
          TARGETS.mttrSeconds[level] ?? null,
        ),
      })),
      firstTry: {
        successes,
        finished: finished.length,
        rate: firstTryRate,
        target: TARGETS.firstTry,
        met: firstTryRate === null ? null : firstTryRate >= TARGETS.firstTry,
      },
      blastRadius: {
        requests: sum(rows.map((r) => r.incident.blastRadius?.requests ?? 0)),
        distinctKeys: sum(rows.map((r) => r.incident.blastRadius?.distinctKeys ?? 0)),
        largestRequests: Math.max(0, ...rows.map((r) => r.incident.blastRadius?.requests ?? 0)),
      },
      drills: workflow === null ? emptyDrills() : await this.drills(workflow, since, until),
      rootCauses: [...causes].map(([cause, count]) => ({ cause, count })).sort((a, b) => b.count - a.count),
      unreviewed: rows.filter((r) => !r.incident.review).length,
    };
  }

  /**
   * Drill completion: each environment with a production label expects one passing drill per
   * schedule period within the report's period (at least one); passing drills count up to that.
   */
  private async drills(workflow: string, since: Date, until: Date): Promise<ReportSection['drills']> {
    const record = await this.deps.stores.registry.getWorkflow(workflow);
    const everyMs = parseDuration(record?.spec.drills?.every ?? DEFAULT_DRILL_EVERY)!;
    const periods = Math.max(1, Math.floor((until.getTime() - since.getTime()) / everyMs));
    const envs = new Set(
      (await this.deps.stores.registry.listLabels(workflow))
        .filter((l) => l.label === 'production')
        .map((l) => l.environment),
    );
    const drills = (await this.deps.drills.list({ workflow, limit: 10_000 })).filter(
      (d) => d.startedAt >= since && d.startedAt <= until,
    );
    let expected = 0;
    let passed = 0;
    for (const env of envs) {
      expected += periods;
      passed += Math.min(periods, drills.filter((d) => d.environment === env && d.status === 'passed').length);
    }
    const rate = expected > 0 ? passed / expected : null;
    return {
      expected,
      passed,
      failed: drills.filter((d) => d.status === 'failed').length,
      rate,
      target: TARGETS.drillCompletion,
      met: rate === null ? null : rate >= TARGETS.drillCompletion,
    };
  }
}

function emptyDrills(): ReportSection['drills'] {
  return { expected: 0, passed: 0, failed: 0, rate: null, target: TARGETS.drillCompletion, met: null };
}

/** The overall section's drills are the workflows' summed. */
function combine(overall: ReportSection, sections: readonly ReportSection[]): ReportSection {
  const expected = sum(sections.map((s) => s.drills.expected));
  const passed = sum(sections.map((s) => s.drills.passed));
  const rate = expected > 0 ? passed / expected : null;
  return {
    ...overall,
    drills: {
      expected,
      passed,
      failed: sum(sections.map((s) => s.drills.failed)),
      rate,
      target: TARGETS.drillCompletion,
      met: rate === null ? null : rate >= TARGETS.drillCompletion,
    },
  };
}

/** `30d`, `12h` back from `now`, or an ISO time. */
export function sinceOf(text: string, now: Date): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now.getTime() - ms);
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(text))
    throw new AppError('bad_request', `since must be a duration such as 30d or 12h, or an ISO time (got "${text}")`);
  return new Date(at);
}

function spread(values: number[], targetSeconds: number | null): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const p50 = sorted.length > 0 ? quantile(sorted, 0.5) : null;
  const p90 = sorted.length > 0 ? quantile(sorted, 0.9) : null;
  return {
    count: sorted.length,
    p50Seconds: p50,
    p90Seconds: p90,
    targetSeconds,
    met: p90 === null || targetSeconds === null ? null : p90 <= targetSeconds,
  };
}

function seconds(from: string | undefined, to: string | undefined): number[] {
  return from && to ? [(Date.parse(to) - Date.parse(from)) / 1000] : [];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
