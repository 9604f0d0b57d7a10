/**
 * What a rollback request answers: the outcome of a run (rolled back, still waiting for a job,
 * failed), a request another run already serves, and why a release that has ended cannot be
 * rolled back. Pure.
 */
import type { RollbackRun } from '../../rollbacks/run-store.js';
import { endsTraffic } from '../../rollbacks/step-effects.js';
import type { AuthorityDecision } from '../authority/authority.js';
import type { ReleaseRecord } from '../release-store.js';
import type { RollbackOutcome } from './rollback-request.js';
import type { ReleaseStatus } from './status-state.js';

/**
 * The outcome of a run `drive` returned: rolled back when it succeeded and the candidate's traffic
 * ended (else paused); still `rolling-back` while a job step waits; a failed run pauses the
 * release and is never reported as a success.
 */
export function runOutcome(run: RollbackRun, authority: AuthorityDecision | null): RollbackOutcome {
  const executed = run.steps.map(
    (s) => `${s.text} (${s.status === 'failed' ? `failed: ${s.error}` : (s.result ?? s.status)})`,
  );
  const base = {
    plan: run.plan,
    executed,
    status: 'executed' as const,
    runId: run.id,
    runStatus: run.status,
    authority,
  };
  if (run.status === 'running') {
    const waiting = run.steps.find((s) => s.status === 'waiting');
    return {
      ...base,
      releaseStatus: 'rolling-back',
      summary: `${run.plan.level} rollback running: waiting for ${waiting ? `step ${waiting.index + 1}, ${waiting.text}` : 'its next step'}`,
    };
  }
  if (run.status === 'failed') {
    const failed = run.steps.find((s) => s.status === 'failed');
    return {
      ...base,
      releaseStatus: 'paused',
      summary: `${run.plan.level} rollback FAILED at ${failed ? `step ${failed.index + 1} (${failed.text}): ${failed.error}` : 'a step'}; the incident commander is paged`,
    };
  }
  return {
    ...base,
    releaseStatus: run.plan.steps.some(endsTraffic) ? 'rolled-back' : 'paused',
    summary: `${run.plan.level} rollback ran: ${run.steps.map((x) => x.text).join('; ')}`,
  };
}

/** The answer to a request another run serves: the running run, or the run that already rolled the release back. */
export function joinedOutcome(
  release: ReleaseRecord,
  run: RollbackRun,
  authority: AuthorityDecision | null,
): RollbackOutcome {
  const ended = run.status !== 'running';
  return {
    plan: run.plan,
    executed: [],
    status: 'joined',
    runId: run.id,
    runStatus: run.status,
    releaseStatus: ended ? 'rolled-back' : release.status,
    authority,
    summary: ended
      ? endedMessage({ name: release.name, status: 'rolled-back', finishedAt: run.finishedAt }, run)
      : `rollback ${run.id} is already running for ${release.name} (started at ${run.createdAt.toISOString()} by ${run.actor}): joined it`,
  };
}

/** Where a rollback that does not run leaves the release: a running one is held (paused). */
export function pausedIfRunning(release: Pick<ReleaseRecord, 'status'>): ReleaseStatus {
  return release.status === 'running' ? 'paused' : release.status;
}

/**
 * Why a release that is not running or paused cannot be rolled back, naming its last rollback
 * run and that run's outcome when it had one: "… was already rolled back by run X (succeeded at T)".
 */
export function endedMessage(
  release: Pick<ReleaseRecord, 'name' | 'status' | 'finishedAt'>,
  last: RollbackRun | undefined,
): string {
  const name = `release ${release.name}`;
  const at = release.finishedAt ? ` at ${release.finishedAt.toISOString()}` : '';
  const outcome = (run: RollbackRun) =>
    run.status === 'running'
      ? 'still running'
      : `${run.status}${run.finishedAt ? ` at ${run.finishedAt.toISOString()}` : ''}`;
  const lastRun = last ? `; its last rollback run ${last.id} ${outcome(last)}` : '';
  switch (release.status) {
    case 'pending':
      return `${name} has not started (it is pending): there is nothing to roll back; \`releases start\` starts it`;
    case 'rolled-back':
      return last
        ? `${name} was already rolled back by run ${last.id} (${outcome(last)}); there is nothing left to roll back`
        : `${name} was already rolled back${at}; there is nothing left to roll back`;
    case 'promoted':
      return `${name} was promoted${at}; it has ended and can no longer be rolled back${lastRun}`;
    case 'aborted':
      return `${name} was aborted${at}; it has ended and its candidate serves no traffic${lastRun}`;
    case 'running':
    case 'paused':
    case 'rolling-back':
      return `${name} is ${release.status} and cannot be rolled back now${lastRun}`;
  }
}

/** The details of a rollback's timeline entry (`rollback.executed`, `rollback.refused`, ...). */
export function outcomeDetails(outcome: RollbackOutcome): Record<string, unknown> {
  return {
    status: outcome.status,
    level: outcome.plan.level,
    summary: outcome.summary,
    steps: outcome.executed,
    covers: outcome.plan.covers,
    refusals: outcome.plan.refusals.map((r) => r.reason),
    cannotUndo: outcome.plan.cannotUndo.map((c) => c.text),
    ...(outcome.authority ? { authority: outcome.authority } : {}),
  };
}
