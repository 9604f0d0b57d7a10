/**
 * The incident of a rollback, from the stored records (first exposure, decision, executed
 * rollback) and the application's own counts (blast radius): MTTD, MTTR, blast radius, what the
 * rollback cannot undo, and the customer message (SPEC R7.4, R8.2). The server's own incident
 * record (issue 6) will replace the demo's counts once it exists.
 */
import type { Incident } from './demo-events.js';
import type { StoredRecords } from './outcome-check.js';
import { executedRollback } from './outcome-check.js';
import type { ArmTally } from './simulated-app.js';

/** The five customer message templates of R7.4; the demo uses the known-issue one. */
export const customerTemplates = {
  unavailable: (what: string) =>
    `Feature temporarily unavailable: ${what} is temporarily unavailable while we fix an issue.`,
  reviewMode: (what: string) => `Review mode enabled: ${what} are now reviewed by a person before they are used.`,
  regenerationDisabled: (what: string) =>
    `Regeneration disabled: regenerating ${what} is turned off while we fix an issue.`,
  knownIssue: (what: string) =>
    `Known workflow issue: We found an issue affecting ${what} and are restoring the prior behavior.`,
  correctedOutput: (what: string) => `Corrected output: ${what} affected by an issue have been corrected.`,
} as const;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const seconds = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 1000);

/** What the incident needs beyond the stored records. */
export interface IncidentInput {
  records: StoredRecords;
  /** The candidate's tally before the restore reached the application. */
  candidate: ArmTally;
  propagationMs: number | null;
  verifiedAt: string | null;
  /** What users saw affected (for the customer message). */
  affected: string | undefined;
}

/** The incident, or null when no rollback executed. */
export function buildIncident(input: IncidentInput): Incident | null {
  const { release, timeline, decisions } = input.records.shown;
  const executed = executedRollback(timeline);
  const decision = decisions.find((d) => d.kind === 'rollback-now');
  const exposure = timeline.find((t) => t.kind === 'release.stage-started' && t.details.kind === 'canary');
  if (executed === undefined || decision === undefined) return null;
  const exposedAt = exposure?.at ?? release.startedAt ?? decision.at;
  return {
    release: release.name,
    workflow: release.workflow,
    exposedAt,
    detectedAt: decision.at,
    restoredAt: executed.at,
    verifiedAt: input.verifiedAt,
    mttdSeconds: seconds(exposedAt, decision.at),
    mttrSeconds: seconds(decision.at, executed.at),
    verifiedSeconds: input.verifiedAt === null ? null : seconds(decision.at, input.verifiedAt),
    propagationMs: input.propagationMs === null ? null : Math.round(input.propagationMs * 10) / 10,
    level: String(executed.details.level),
    gates: strings(decision.evidence.gates),
    refusals: strings(executed.details.refusals),
    steps: strings(executed.details.steps),
    cannotUndo: strings(executed.details.cannotUndo),
    blastRadius: {
      requests: input.candidate.requests,
      keys: input.candidate.keys.size,
      brokenOutputs: input.candidate.schemaFailures,
      writesExecuted: input.candidate.writesExecuted,
      source: "the simulated application's own counts (the server's incident record is issue 6)",
    },
    customerMessage: input.affected === undefined ? null : customerTemplates.knownIssue(input.affected),
  };
}
