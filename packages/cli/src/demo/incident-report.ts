/**
 * The incident of a rollback as the demo prints it: the server's incident record (times, MTTD,
 * MTTR, verification, blast radius when ingest counts it) joined with what only the simulated
 * application knows (how fast the restore reached its SDK, broken outputs and automatic refunds
 * it served), the plan's steps from the release timeline, and the R7.4 customer messages.
 */
import type { IncidentShown } from '@ripcord/protocol/api';
import type { Incident } from './demo-events.js';
import type { StoredRecords } from './outcome-check.js';
import { executedRollback, storedFlagValue } from './outcome-check.js';
import type { ArmTally } from './simulated-app.js';

/**
 * The R7.4 templates a rollback of this kind calls for, word for word from the seed: review mode
 * when automatic actions moved to draft-only or human review, and the known workflow issue when
 * the previous version was restored.
 */
export function customerMessages(outputs: string, actionMode: unknown, restored: boolean): string[] {
  const out: string[] = [];
  if (actionMode === 'draft-only' || actionMode === 'human-review')
    out.push('Review mode enabled: This request will be reviewed before it is sent or applied.');
  if (restored)
    out.push(
      `Known workflow issue: We found an issue affecting AI-generated ${outputs} for this task type and are restoring the prior behavior.`,
    );
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const seconds = (from: string | null | undefined, to: string | null | undefined): number | null =>
  from && to ? Math.round((Date.parse(to) - Date.parse(from)) / 1000) : null;

/** What the incident needs beyond the stored release records. */
export interface IncidentInput {
  records: StoredRecords;
  /** The server's incident of the release, when it keeps them. */
  server: IncidentShown | null;
  /** The candidate's tally before the restore reached the application. */
  candidate: ArmTally;
  propagationMs: number | null;
  /** What the workflow produces, as users name it (`summaries`, `prices`). */
  outputs: string;
}

/** The incident, or null when no rollback executed. */
export function buildIncident(input: IncidentInput): Incident | null {
  const { release, timeline, decisions } = input.records.shown;
  const executed = executedRollback(timeline);
  const decision = decisions.find((d) => d.kind === 'rollback-now');
  if (executed === undefined) return null;
  const server = input.server?.incident;
  const exposure = timeline.find(
    (t) => t.kind === 'release.stage-started' && typeof t.details.percent === 'number' && t.details.percent > 0,
  );
  const t = {
    exposedAt: server?.times.exposedAt ?? exposure?.at ?? release.startedAt,
    detectedAt: server?.times.detectedAt ?? decision?.at ?? null,
    decidedAt: server?.times.decidedAt ?? decision?.at ?? null,
    restoredAt: server?.times.restoredAt ?? executed.at,
    verifiedAt: server?.times.verifiedAt ?? null,
  };
  const metrics = input.server?.metrics;
  const app = input.candidate;
  const counted = server?.blastRadius ?? null;
  return {
    id: server?.id ?? null,
    status: server?.status ?? 'not recorded',
    release: release.name,
    workflow: release.workflow,
    ...t,
    mttdSeconds: metrics?.mttdMs != null ? Math.round(metrics.mttdMs / 1000) : seconds(t.exposedAt, t.detectedAt),
    mttrSeconds: metrics?.mttrMs != null ? Math.round(metrics.mttrMs / 1000) : seconds(t.decidedAt, t.verifiedAt),
    restoreSeconds: seconds(t.decidedAt, t.restoredAt),
    firstTry: metrics?.firstTry ?? null,
    propagationMs: input.propagationMs === null ? null : Math.round(input.propagationMs * 10) / 10,
    level: metrics?.level ?? String(executed.details.level),
    gates: decision && 'gates' in decision.evidence ? decision.evidence.gates : [],
    refusals: strings(executed.details.refusals),
    steps: strings(executed.details.steps),
    cannotUndo: strings(executed.details.cannotUndo),
    blastRadius: {
      requests: counted?.requests ?? app.requests,
      keys: counted?.distinctKeys ?? app.keys.size,
      brokenOutputs: app.schemaFailures,
      writesExecuted: app.writesExecuted,
      source:
        counted === null
          ? "the simulated application's own counts (the server's incident has no blast radius yet)"
          : "the server's incident record",
    },
    verificationFailures: server?.verification?.failures ?? null,
    customerMessages: customerMessages(
      input.outputs,
      storedFlagValue(input.records.config, 'ai.action.mode'),
      String(executed.details.level) !== 'flags',
    ),
    source:
      server === undefined ? 'the release timeline (this server keeps no incident records)' : `incident ${server.id}`,
  };
}
