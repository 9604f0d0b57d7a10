/**
 * Settling a release when its rollback run ends: rolled back (or paused, when the candidate still
 * serves), the team lead's notification (R6.1) and the incident (R7.1) are written in the
 * transaction that writes the run's final state (the executor calls back here through its `RunEnd`
 * port), so a crash leaves either a run still running — resumed at boot — or all of it. A run that
 * waits for a job (levels 3–4) records that it waits; runs a crash interrupted resume here.
 */
import type { MachineStores } from './machine-stores.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import type { RunEnd } from '../../rollbacks/rollback-executor.js';
import type { RollbackRun } from '../../rollbacks/run-store.js';
import type { BlastRadius } from '../../incidents/incident-store.js';
import { TEAM_LEAD_ACK_MS, type AuthorityDecision, type Notification } from '../authority/authority.js';
import { principalsOfAny } from '../authority/owner-roles.js';
import { levelRank } from '../planning/rollback-levels.js';
import type { ReleaseRecord } from '../release-store.js';
import { endIn, entryIn, moveIn, reload, saveIn, type MachineContext } from './release-context.js';
import { outcomeDetails, runOutcome } from './rollback-outcomes.js';
import type { RollbackOutcome } from './rollback-request.js';
import type { TeamLeadNotice } from './status-state.js';

/** How a run was driven this time, for the entry that records it. */
export interface DriveContext {
  /** Its first drive, a resume after a crash, or going on after a job report or deadline. */
  how: 'rollback.executed' | 'rollback.resumed' | 'rollback.continued';
  actor: Principal;
  /** The authority that allowed it (its first drive only). */
  authority: AuthorityDecision | null;
  /** When the rollback was asked for (ISO): MTTD and MTTR start there. */
  requestedAt?: string;
}

/** Drives a claimed run (first time or resumed) and settles its release; call under the release's lock. */
export async function driveRun(
  ctx: MachineContext,
  release: ReleaseRecord,
  run: RollbackRun,
  actor: Principal,
  drive: DriveContext,
): Promise<RollbackOutcome> {
  const finished = await ctx.deps.executor.drive(run, release, actor, settleWith(ctx, drive));
  return afterDrive(ctx, release, finished, drive);
}

/** Drives a still-running run on and settles its release when it moved; null when nothing changed. */
export async function continueLocked(
  ctx: MachineContext,
  runId: string,
  release: ReleaseRecord,
): Promise<RollbackOutcome | null> {
  const run = await ctx.deps.stores.runs.get(runId);
  if (!run || run.status !== 'running') return null;
  const drive: DriveContext = { how: 'rollback.continued', actor: runActor(run), authority: null };
  const { run: driven, moved } = await ctx.deps.executor.advance(run, release, drive.actor, settleWith(ctx, drive));
  return moved ? afterDrive(ctx, release, driven, drive) : null;
}

/** Drives a run a crash interrupted from its first unfinished step, and settles its release. */
export function resumeRun(ctx: MachineContext, run: RollbackRun, release: ReleaseRecord): Promise<RollbackOutcome> {
  return driveRun(ctx, release, run, runActor(run), {
    how: 'rollback.resumed',
    actor: runActor(run),
    authority: null,
    ...(run.requestedAt ? { requestedAt: run.requestedAt.toISOString() } : {}),
  });
}

/**
 * A release left rolling back by a run that ended without settling it (a crash before this
 * version made the two one transaction): settled now, as a resumed run would be.
 */
export async function settleLeftover(ctx: MachineContext, release: ReleaseRecord): Promise<void> {
  if (release.status !== 'rolling-back' || (await ctx.deps.stores.runs.running(release.id))) return;
  const [last] = await ctx.deps.stores.runs.forRelease(release.id);
  if (!last) return;
  const drive: DriveContext = { how: 'rollback.resumed', actor: runActor(last), authority: null };
  const settle = await settleWith(ctx, drive)(last);
  await ctx.deps.transact(settle);
  await afterDrive(ctx, release, last, drive);
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

function runActor(run: RollbackRun): Principal {
  return { ...systemPrincipal, subject: run.actor };
}

/**
 * After a drive returned: a run still waiting for a job records that it waits; an ended run was
 * settled in its last transaction, and what is left needs no atomicity (its gates stop; its
 * incident's first verification runs — a crash before that is caught up by the incident tick).
 */
async function afterDrive(
  ctx: MachineContext,
  release: ReleaseRecord,
  run: RollbackRun,
  drive: DriveContext,
): Promise<RollbackOutcome> {
  const outcome = runOutcome(run, drive.authority);
  if (run.status === 'running') {
    await recordWaiting(ctx, release, run, outcome, drive);
    return outcome;
  }
  if ((await reload(ctx, release)).status === 'rolled-back') await ctx.deps.gates.stop(release.id);
  if (run.status === 'succeeded') await ctx.deps.incidents.verifyOpened(run.id);
  return outcome;
}

/** The entry recording how the run was driven this time. */
function driveEntry(run: RollbackRun, outcome: RollbackOutcome, drive: DriveContext) {
  const requested = drive.requestedAt ? { requestedAt: drive.requestedAt } : {};
  const details =
    drive.how === 'rollback.executed'
      ? { run: run.id, ...requested, ...outcomeDetails(outcome) }
      : { run: run.id, steps: outcome.executed, ...requested };
  return { kind: drive.how, actor: drive.actor, details };
}

/** A job step waits (levels 3–4): the release stays rolling back, and the team lead is told once. */
async function recordWaiting(
  ctx: MachineContext,
  release: ReleaseRecord,
  run: RollbackRun,
  outcome: RollbackOutcome,
  drive: DriveContext,
): Promise<void> {
  const at = ctx.deps.clock.now();
  await ctx.deps.transact(async (s) => {
    const fresh = (await s.releases.get(release.id))!;
    await entryIn(ctx, s, fresh, at, driveEntry(run, outcome, drive));
    const notice = await teamLeadNotice(s, fresh, run, drive.authority, at);
    if (fresh.status === 'rolling-back' && notice)
      await saveIn(s, fresh, { status: 'rolling-back', state: { ...fresh.state, teamLead: waiting(notice) } }, at);
    const details = { run: run.id, reason: outcome.summary, steps: outcome.executed };
    await entryIn(ctx, s, fresh, at, { kind: 'rollback.waiting', actor: drive.actor, details });
    if (notice) await notifyEntry(ctx, s, fresh, run, notice, drive.actor, at);
  });
}

/** The `RunEnd` port: settles the run's release in the transaction that ends the run. */
function settleWith(ctx: MachineContext, drive: DriveContext): RunEnd {
  return async (run) => {
    // Read before the transaction: the blast radius ingest counted up to the run's end.
    const exposure = await ctx.deps.incidents.exposureOf(run.releaseId);
    return (s) => settleIn(ctx, s, run, drive, exposure);
  };
}

async function settleIn(
  ctx: MachineContext,
  s: MachineStores,
  run: RollbackRun,
  drive: DriveContext,
  exposure: BlastRadius | null,
): Promise<void> {
  const release = await s.releases.get(run.releaseId);
  if (release?.status !== 'rolling-back') return;
  const at = ctx.deps.clock.now();
  const outcome = runOutcome(run, drive.authority);
  await entryIn(ctx, s, release, at, driveEntry(run, outcome, drive));
  const notice = await teamLeadNotice(s, release, run, drive.authority, at);
  const teamLead = notice ? waiting(notice) : release.state.teamLead;
  const kept = { ...(teamLead ? { teamLead } : {}) };
  const { firstBreachAt } = release.state;
  let settled: ReleaseRecord;
  if (outcome.releaseStatus === 'rolled-back') {
    const state = { ...kept, ...(firstBreachAt ? { firstBreachAt } : {}) };
    settled = await endIn(ctx, s, release, 'settle-rolled-back', state, at, {
      kind: 'release.rolled-back',
      actor: drive.actor,
      details: { plan: run.plan.level, covers: run.plan.covers },
    });
  } else {
    const state = { ...release.state, ...kept, pause: { by: drive.actor.subject, reason: outcome.summary } };
    const details =
      run.status === 'failed'
        ? {
            run: run.id,
            reason: outcome.summary,
            steps: outcome.executed,
            escalation: 'the rollback failed: the incident commander is paged',
          }
        : { reason: outcome.summary };
    const kind = run.status === 'failed' ? 'rollback.failed' : 'release.paused';
    settled = await moveIn(ctx, s, release, 'settle-paused', { state }, at, { kind, actor: drive.actor, details });
  }
  if (notice) await notifyEntry(ctx, s, settled, run, notice, drive.actor, at);
  // A failed run's incident opens escalated: a failed rollback is never verified (R7.2).
  if (run.status === 'failed') await ctx.deps.incidents.openFailedIn(s, settled, run, outcome.summary, at, exposure);
  else await ctx.deps.incidents.openIn(s, settled, run, at, exposure);
}

function waiting(notice: Notification): TeamLeadNotice {
  return { ackBy: notice.acknowledgeBy, answer: 'waiting' };
}

/**
 * The team lead's notification a run of level 2 or above owes (R6.1), or null when none is due:
 * once per run, whether the run finished, waits for a job (levels 3–4) or failed. A run's first
 * drive carries authority's notification; a resumed or continued run builds it from the owners.
 */
async function teamLeadNotice(
  s: MachineStores,
  release: ReleaseRecord,
  run: RollbackRun,
  authority: AuthorityDecision | null,
  now: Date,
): Promise<Notification | null> {
  if (levelRank(run.plan.level) < 2) return null;
  const events = await s.releases.events(release.id);
  if (events.some((e) => e.kind === 'notify.team-lead' && e.details.run === run.id)) return null;
  if (authority?.outcome === 'allowed') return authority.notify[0] ?? null;
  const workflow = await s.registry.getWorkflow(release.workflow);
  return {
    role: 'teamLead',
    principals: principalsOfAny(workflow?.spec.owners, ['teamLead']),
    acknowledgeBy: new Date(now.getTime() + TEAM_LEAD_ACK_MS).toISOString(),
    reason: `a ${run.plan.level.replace('level', 'level-')} rollback of ${release.workflow} ran; acknowledge within 15 minutes`,
  };
}

async function notifyEntry(
  ctx: MachineContext,
  s: MachineStores,
  release: ReleaseRecord,
  run: RollbackRun,
  notice: Notification,
  actor: Principal,
  at: Date,
): Promise<void> {
  await entryIn(ctx, s, release, at, {
    kind: 'notify.team-lead',
    actor,
    details: {
      run: run.id,
      level: run.plan.level,
      principals: notice.principals,
      acknowledgeBy: notice.acknowledgeBy,
      reason: notice.reason,
    },
  });
}
