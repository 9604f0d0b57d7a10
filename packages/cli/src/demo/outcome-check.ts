/**
 * Whether a scenario ended as it must, judged from what the control plane stored (the release,
 * its decisions and timeline, the configuration, labels and the audit log), not from what the
 * demo printed. The demo's exit code rests on these checks; the end-to-end test re-asserts them.
 */
import type { ApiClient } from '../client.js';
import type { ApiResult, AuditEntry, IncidentShown, ReleaseShown, TimelineEntry } from '@ripcord/protocol/api';
import type { Scenario } from './scenarios.js';

/** The stored records of one release. */
export interface StoredRecords {
  shown: ReleaseShown;
  config: ApiResult<'getWorkflowConfig'> | null;
  labels: Record<string, string>;
  /** Audit entries about the release (subject = release id). */
  audit: AuditEntry[];
  auditChainOk: boolean;
  /** The release's incident (one per rollback run), with its metrics; null when there is none. */
  incident: IncidentShown | null;
}

/** The incident of a release, if the server recorded one. */
export async function readIncident(api: ApiClient, releaseId: string): Promise<IncidentShown | null> {
  const { incidents } = await api.get<ApiResult<'listIncidents'>>('/v1/incidents');
  const mine = incidents.find((i) => i.releaseId === releaseId);
  return mine === undefined ? null : api.get<ApiResult<'getIncident'>>(`/v1/incidents/${mine.id}`);
}

/** Reads a release's stored records through the public API. */
export async function readRecords(api: ApiClient, releaseId: string): Promise<StoredRecords> {
  const shown = await api.get<ApiResult<'getRelease'>>(`/v1/releases/${releaseId}`);
  const { workflow, environment } = shown.release;
  const config = await api
    .get<ApiResult<'getWorkflowConfig'>>(`/v1/workflows/${workflow}/environments/${environment}/config`)
    .catch(() => null);
  const { labels } = await api.get<ApiResult<'listLabels'>>(`/v1/workflows/${workflow}/labels`, { environment });
  const audit: AuditEntry[] = [];
  for (let afterSeq = 0; ;) {
    const page = await api.get<ApiResult<'listAuditEntries'>>('/v1/audit', { afterSeq, limit: 5000 });
    audit.push(...page.entries.filter((e) => e.subject === releaseId));
    const last = page.entries.at(-1);
    if (page.entries.length < 5000 || last === undefined) break;
    afterSeq = last.seq;
  }
  const verify = await api.get<ApiResult<'verifyAuditChain'>>('/v1/audit/verify');
  return {
    shown,
    config,
    labels: Object.fromEntries(labels.map((l) => [l.label, l.bundleVersion])),
    audit,
    auditChainOk: verify.ok,
    incident: await readIncident(api, releaseId),
  };
}

/** The value a stored flag definition serves to everyone, if it has a default variant. */
export function storedFlagValue(config: ApiResult<'getWorkflowConfig'> | null, key: string): unknown {
  const def = config?.config.flags?.[key];
  if (def?.defaultVariant === undefined) return undefined;
  return def.variants?.[def.defaultVariant];
}

/** The executed rollback of a release, if any. */
export function executedRollback(timeline: readonly TimelineEntry[]): TimelineEntry | undefined {
  return timeline.find((e) => e.kind === 'rollback.executed');
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** What happened, in a few words (for the summary). */
export function describeOutcome(records: StoredRecords): string {
  const { release, timeline } = records.shown;
  const executed = executedRollback(timeline);
  if (executed !== undefined)
    return `${release.status}: ${String(executed.details.level)} rollback by ${executed.actor}`;
  return release.status;
}

/** The expected outcome in words. */
export function describeExpectation(s: Scenario): string {
  const e = s.expect;
  if (e.status === 'promoted') return 'promoted through every stage, no rollback';
  const refused = e.refusedLevel ? ` (${e.refusedLevel} refused: ${e.refusalMentions ?? ''})` : '';
  return `automatic ${e.level} rollback${refused}, incident verified`;
}

/** Every way the stored records differ from what the scenario must end with (empty: all good). */
export function checkOutcome(s: Scenario, records: StoredRecords, verificationPassed: boolean | null): string[] {
  const failures: string[] = [];
  const { release, timeline, decisions } = records.shown;
  const fail = (what: string) => failures.push(what);
  if (!records.auditChainOk) fail('the audit chain does not verify');
  const e = s.expect;
  if (e.status === 'promoted') {
    if (release.status !== 'promoted') fail(`release ${release.name} is ${release.status}, not promoted`);
    const rollbackDecisions = decisions.filter((d) => d.kind === 'rollback-now');
    if (rollbackDecisions.length > 0)
      fail(`false rollback decision(s): ${rollbackDecisions.map((d) => d.reasoning).join(' | ')}`);
    const rollbacks = timeline.filter((t) => t.kind.startsWith('rollback.'));
    if (rollbacks.length > 0) fail(`rollback entries in the timeline: ${rollbacks.map((t) => t.kind).join(', ')}`);
    const canaries = release.spec.plan.filter((p) => 'canary' in p).length;
    const entered = timeline.filter((t) => t.kind === 'release.stage-started' && t.details.kind === 'canary').length;
    if (entered < canaries) fail(`entered ${entered} of ${canaries} canary stages`);
    if (records.labels.production !== release.spec.candidate)
      fail(`production label is ${records.labels.production ?? 'unset'}, not the candidate ${release.spec.candidate}`);
    if (records.labels.previous !== release.spec.control)
      fail(`previous label is ${records.labels.previous ?? 'unset'}, not the control ${release.spec.control}`);
    if (!records.audit.some((a) => a.action === 'release.promoted')) fail('no release.promoted audit entry');
    if (records.incident !== null) fail(`an incident was opened: ${records.incident.incident.id}`);
    return failures;
  }
  if (release.status !== 'rolled-back') fail(`release ${release.name} is ${release.status}, not rolled-back`);
  if (!decisions.some((d) => d.kind === 'rollback-now')) fail('no rollback-now decision was stored');
  const executed = executedRollback(timeline);
  if (executed === undefined) {
    fail('no rollback.executed entry in the timeline');
    return failures;
  }
  if (executed.actor !== 'ripcord') fail(`the rollback was run by ${executed.actor}, not automatically`);
  if (executed.details.level !== e.level) fail(`the rollback ran at ${String(executed.details.level)}, not ${e.level}`);
  if (e.refusedLevel !== undefined) {
    const asked = release.spec.firstRollback?.level;
    if (asked !== Number(e.refusedLevel.replace('level', '')))
      fail(`the ticket's firstRollback level is ${String(asked)}, not ${e.refusedLevel}`);
    const refusals = strings(executed.details.refusals);
    if (!refusals.some((r) => r.includes(e.refusalMentions ?? '')))
      fail(`no refusal mentions ${e.refusalMentions ?? ''} (refusals: ${refusals.join(' | ') || 'none'})`);
  }
  if (e.level === 'level2' && !timeline.some((t) => t.kind === 'notify.team-lead'))
    fail('a level-2 rollback did not notify the team lead');
  if (records.config?.config.split !== undefined) fail('traffic is still split to the candidate');
  for (const [key, value] of Object.entries(e.flags ?? {})) {
    const stored = storedFlagValue(records.config, key);
    if (stored !== value) fail(`${key} is ${JSON.stringify(stored)} in the stored configuration, not ${value}`);
  }
  if (!records.audit.some((a) => a.action === 'rollback.executed')) fail('no rollback.executed audit entry');
  const incident = records.incident?.incident;
  if (incident === undefined) fail('no incident was recorded for the rollback');
  else if (incident.status !== 'verified' && incident.status !== 'closed')
    fail(
      `the incident is ${incident.status}${incident.verification?.failures.length ? `: ${incident.verification.failures.join('; ')}` : ''}`,
    );
  if (!timeline.some((t) => t.kind === 'verification.passed')) fail('no verification.passed entry in the timeline');
  if (verificationPassed === false) fail("the application's view of the restore failed a check");
  if (verificationPassed === null) fail('the application did not check the restore');
  return failures;
}
