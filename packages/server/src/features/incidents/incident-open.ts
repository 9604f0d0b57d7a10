/**
 * A new incident record for a rollback run (R7.1), with the times the procedure is measured by:
 * first exposure, detection (the first breach, or the request), the decision, the restore.
 */
import { randomBytes } from 'node:crypto';
import { firstBreachOf } from '../releases/machine/status-state.js';
import type { ReleaseEvent, ReleaseRecord } from '../releases/release-store.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import type { IncidentStores } from './incident-deps.js';
import type { BlastRadius, IncidentRecord, IncidentTimes, Verification } from './incident-store.js';

/** The run an incident is opened for. */
export interface Opened {
  release: ReleaseRecord;
  run: RollbackRun;
  now: Date;
  blastRadius: BlastRadius | null;
}

/** Inserts the incident of a run, `verifying` (times up to the restore) or `escalated` at once. */
export async function insertIncident(
  stores: IncidentStores,
  opened: Opened,
  status: IncidentRecord['status'],
  verification: Verification | null,
): Promise<IncidentRecord> {
  const { release, run, now, blastRadius } = opened;
  const events = await stores.releases.events(release.id);
  const requestedAt = run.requestedAt?.toISOString() ?? requestTime(events, run);
  const breach = firstBreachOf(release);
  const times: IncidentTimes = {
    ...exposure(events, release),
    detectedAt: breach !== undefined && breach < requestedAt ? breach : requestedAt,
    decidedAt: requestedAt,
    ...(status === 'verifying' ? { restoredAt: (run.finishedAt ?? now).toISOString() } : {}),
  };
  const incident: IncidentRecord = {
    id: `inc_${randomBytes(6).toString('hex')}`,
    releaseId: release.id,
    runId: run.id,
    status,
    times,
    blastRadius,
    verification,
    review: null,
    openedAt: now,
    updatedAt: now,
  };
  await stores.incidents.insert(incident);
  return incident;
}

/**
 * When the rollback a run executes was asked for: the tick's decision or the person's request,
 * before any wait for approvals (recorded with the run's `rollback.executed` entry, or its
 * `rollback.resumed` one after a crash); the run's creation when neither says (an older run).
 */
function requestTime(events: readonly ReleaseEvent[], run: RollbackRun): string {
  const said = events.find(
    (e) =>
      (e.kind === 'rollback.executed' || e.kind === 'rollback.resumed') &&
      e.details.run === run.id &&
      typeof e.details.requestedAt === 'string',
  );
  return (said?.details.requestedAt as string | undefined) ?? run.createdAt.toISOString();
}

function exposure(events: ReleaseEvent[], release: ReleaseRecord): Pick<IncidentTimes, 'exposedAt'> {
  const first = events.find(
    (e) => e.kind === 'release.stage-started' && typeof e.details.percent === 'number' && e.details.percent > 0,
  );
  const at = first?.at ?? release.startedAt;
  return at ? { exposedAt: at.toISOString() } : {};
}
