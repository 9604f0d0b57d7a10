/**
 * Settling a release after its rollback run moved: rolled back, paused, or still rolling back
 * while a job step waits; a failed run pauses the release and pages the incident commander.
 * Runs a crash interrupted resume here, and runs waiting for a job go on here. Every function
 * that takes a release runs under that release's lock, on a fresh read.
 */
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import type { RollbackRun } from '../../rollbacks/run-store.js';
import { TEAM_LEAD_ACK_MS, type Notification } from '../authority/authority.js';
import { principalsOfAny } from '../authority/owner-roles.js';
import { timersAfterRollback } from '../authority/release-approvals.js';
import { finish, record, reload, transition, type MachineContext } from './release-context.js';
import { runOutcome, type RollbackOutcome, type RollbackRequest } from './release-rollback.js';
import type { ReleaseRecord, ReleaseTimers } from '../release-store.js';
import { levelRank } from '../planning/rollback-levels.js';

/** Drives a run a crash interrupted from its first unfinished step, and settles its release. */
export async function resumeRun(
  ctx: MachineContext,
  run: RollbackRun,
  release: ReleaseRecord,
): Promise<RollbackOutcome> {
  const actor: Principal = { ...systemPrincipal, subject: run.actor };
  const finished = await ctx.deps.executor.drive(run, release, actor);
  const outcome = runOutcome(release, finished, null);
  // A crash before the run's `rollback.executed` entry: the request it came from keeps its time (MTTD, MTTR).
  const requestedAt = release.timers.pendingRollback?.at;
  await record(ctx, release, 'rollback.resumed', actor, {
    run: run.id,
    steps: outcome.executed,
    ...(requestedAt ? { requestedAt } : {}),
  });
  return afterRollback(ctx, release, outcome, { reason: run.reason }, actor);
}

/** Records what a rollback did to the release, notifies the team lead, and opens the incident. */
export async function afterRollback(
  ctx: MachineContext,
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  request: RollbackRequest,
  actor: Principal,
): Promise<RollbackOutcome> {
  const plan = outcome.plan;
  const now = ctx.deps.clock.now();
  const notice = await teamLeadNotice(ctx, release, outcome, now);
  const timers = timersAfterRollback(release, outcome, request, actor, now);
  if (notice) {
    // A new notification: its own deadline, not an earlier one's acknowledgement.
    delete timers.teamLeadAckedAt;
    delete timers.teamLeadMissed;
    timers.teamLeadAckBy = notice.acknowledgeBy;
  }
  if (outcome.runStatus === 'running' || outcome.runStatus === 'failed') {
    await runPending(ctx, release, outcome, actor, timers, notice);
    return outcome;
  }
  if (outcome.releaseStatus === 'rolled-back') {
    await finish(
      ctx,
      release,
      'rolled-back',
      'release.rolled-back',
      actor,
      { plan: plan.level, covers: plan.covers },
      timers,
    );
  } else {
    const status = (await reload(ctx, release)).status;
    const pausing = outcome.releaseStatus !== release.status && (status === 'running' || status === 'rolling-back');
    const fields = pausing
      ? { status: 'paused' as const, timers: { ...timers, pausedBy: actor.subject, pauseReason: outcome.summary } }
      : { timers };
    await transition(ctx, release, fields, pausing ? 'release.paused' : 'release.rollback-recorded', actor, {
      reason: outcome.summary,
    });
  }
  await notifyTeamLead(ctx, release, outcome, actor, notice);
  const run =
    outcome.status === 'executed' && outcome.runId ? await ctx.deps.stores.runs.get(outcome.runId) : undefined;
  if (run) await ctx.deps.incidents.open(await reload(ctx, release), run);
  return outcome;
}

/**
 * The team lead's notification a run of level 2 or above owes (R6.1), or null when none is due:
 * once per run, whether the run finished, waits for a job (levels 3–4) or failed. The first
 * settling of a run carries authority's notification; a run a crash interrupted before it was
 * recorded is notified when it resumes or goes on.
 */
async function teamLeadNotice(
  ctx: MachineContext,
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  now: Date,
): Promise<Notification | null> {
  if (outcome.status !== 'executed' || !outcome.runId || levelRank(outcome.plan.level) < 2) return null;
  const events = await ctx.deps.stores.releases.events(release.id);
  if (events.some((e) => e.kind === 'notify.team-lead' && e.details.run === outcome.runId)) return null;
  if (outcome.authority?.outcome === 'allowed') return outcome.authority.notify[0] ?? null;
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  return {
    role: 'teamLead',
    principals: principalsOfAny(workflow?.spec.owners, ['teamLead']),
    acknowledgeBy: new Date(now.getTime() + TEAM_LEAD_ACK_MS).toISOString(),
    reason: `a ${outcome.plan.level.replace('level', 'level-')} rollback of ${release.workflow} ran; acknowledge within 15 minutes`,
  };
}

async function notifyTeamLead(
  ctx: MachineContext,
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  actor: Principal,
  notice: Notification | null,
): Promise<void> {
  if (!notice) return;
  await record(ctx, release, 'notify.team-lead', actor, {
    run: outcome.runId,
    level: outcome.plan.level,
    principals: notice.principals,
    acknowledgeBy: notice.acknowledgeBy,
    reason: notice.reason,
  });
}

/**
 * A run that is not done: a job step waits (the release stays rolling back; the run goes on when
 * the job reports or the tick finds its deadline passed), or a step failed — the release is
 * paused, never reported rolled back, and the incident commander is paged.
 */
async function runPending(
  ctx: MachineContext,
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  actor: Principal,
  timers: ReleaseTimers,
  notice: Notification | null,
): Promise<void> {
  const details = { run: outcome.runId, reason: outcome.summary, steps: outcome.executed };
  if (outcome.runStatus === 'running') {
    await transition(ctx, release, { timers }, 'rollback.waiting', actor, details);
    await notifyTeamLead(ctx, release, outcome, actor, notice);
    return;
  }
  const paused = { ...timers, pausedBy: actor.subject, pauseReason: outcome.summary };
  await transition(ctx, release, { status: outcome.releaseStatus, timers: paused }, 'rollback.failed', actor, {
    ...details,
    escalation: 'the rollback failed: the incident commander is paged',
  });
  await notifyTeamLead(ctx, release, outcome, actor, notice);
  // The incident is opened escalated: a failed rollback is never verified (R7.2).
  const run = outcome.runId ? await ctx.deps.stores.runs.get(outcome.runId) : undefined;
  if (run) await ctx.deps.incidents.openFailed(await reload(ctx, release), run, outcome.summary);
}

/** Drives a still-running run on and settles its release when it moved; null when nothing changed. */
export async function continueLocked(
  ctx: MachineContext,
  runId: string,
  release: ReleaseRecord,
): Promise<RollbackOutcome | null> {
  const run = await ctx.deps.stores.runs.get(runId);
  if (!run || run.status !== 'running') return null;
  const actor: Principal = { ...systemPrincipal, subject: run.actor };
  const { run: driven, moved } = await ctx.deps.executor.advance(run, release, actor);
  if (!moved) return null;
  const outcome = runOutcome(release, driven, null);
  await record(ctx, release, 'rollback.continued', actor, { run: run.id, steps: outcome.executed });
  return afterRollback(ctx, release, outcome, { reason: run.reason }, actor);
}

/** Checks the runs waiting for a job that no request is driving now (deadlines pass with time). */
export async function continueWaitingRuns(ctx: MachineContext): Promise<void> {
  for (const run of await ctx.deps.stores.runs.allRunning()) {
    if (ctx.deps.executor.isBusy(run.id) || !run.steps.some((s) => s.status === 'waiting')) continue;
    try {
      await ctx.continueRun(run.id);
    } catch (error) {
      ctx.deps.logger.error({ err: error, run: run.id }, 'continuing a rollback run failed');
    }
  }
}
