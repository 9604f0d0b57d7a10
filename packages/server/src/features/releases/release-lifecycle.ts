/**
 * A release's moves by hand (R2.2): start after readiness, offline evidence, pause, resume and
 * abort. Each runs under the release's lock on a fresh read (the machine's public methods take
 * the lock) and answers the release as stored after it.
 */
import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { checkReadiness, type Readiness } from './readiness.js';
import { event, finish, reload, transition, type MachineContext } from './release-context.js';
import { planStages } from './release-model.js';
import { clearTraffic, enterStage } from './release-stages.js';
import type { ReleaseRecord } from './release-store.js';
import { terminalStatuses } from './release-store.js';

/** Starts a pending release after its readiness checks pass; blocked releases stay pending. */
export async function startRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
): Promise<{ started: boolean; readiness: Readiness }> {
  if (release.status !== 'pending')
    throw new AppError('conflict', `release ${release.name} is ${release.status}, not pending`);
  const readiness = await checkReadiness(ctx.deps, release);
  const at = ctx.deps.clock.now();
  if (!readiness.ready) {
    await event(ctx, ctx.deps.stores, release, at, 'release.readiness-blocked', actor.subject, {
      blockers: readiness.blockers,
    });
    return { started: false, readiness };
  }
  await transition(ctx, release, { status: 'running', startedAt: at }, 'release.started', actor, {
    warnings: readiness.warnings,
  });
  await ctx.deps.gates.start({ ...release, status: 'running', startedAt: at }, at);
  await enterStage(ctx, await reload(ctx, release), 0, actor);
  return { started: true, readiness };
}

/** Records the offline evaluation's evidence (R2.1), which lets the offline stage complete. */
export async function recordEvidence(
  ctx: MachineContext,
  release: ReleaseRecord,
  evidence: Record<string, unknown>,
  actor: Principal,
): Promise<ReleaseRecord> {
  const stage = planStages(release.spec)[release.stage];
  if (release.status !== 'running' || stage?.kind !== 'offline')
    throw new AppError('conflict', `release ${release.name} is not in an offline stage`);
  const at = ctx.deps.clock.now();
  await transition(
    ctx,
    release,
    { timers: { ...release.timers, offlineEvidence: at.toISOString() } },
    'release.offline-evidence',
    actor,
    evidence,
  );
  return reload(ctx, release);
}

/** Pauses stage advance (traffic stays where it is). */
export async function pauseRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<ReleaseRecord> {
  if (release.status !== 'running')
    throw new AppError('conflict', `release ${release.name} is ${release.status}, not running`);
  await transition(
    ctx,
    release,
    { status: 'paused', timers: { ...release.timers, pausedBy: actor.subject, pauseReason: reason } },
    'release.paused',
    actor,
    { reason },
  );
  return reload(ctx, release);
}

/** Resumes a paused release; its bake restarts from now. */
export async function resumeRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<ReleaseRecord> {
  if (release.status !== 'paused')
    throw new AppError('conflict', `release ${release.name} is ${release.status}, not paused`);
  const { pausedBy: _p, pauseReason: _r, ...timers } = release.timers;
  await transition(ctx, release, { status: 'running', timers }, 'release.resumed', actor, { reason });
  await enterStage(ctx, await reload(ctx, release), release.stage, actor);
  return reload(ctx, release);
}

/** Ends a release without promoting: traffic returns to the control. */
export async function abortRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<ReleaseRecord> {
  if (terminalStatuses.includes(release.status))
    throw new AppError('conflict', `release ${release.name} already ended (${release.status})`);
  await clearTraffic(ctx, release, actor, `abort: ${reason}`);
  await finish(ctx, release, 'aborted', 'release.aborted', actor, { reason });
  return reload(ctx, release);
}
