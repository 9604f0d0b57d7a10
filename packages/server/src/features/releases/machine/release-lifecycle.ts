/**
 * A release's moves by hand (R2.2): start after readiness, offline evidence, pause, resume and
 * abort. Each runs under the release's lock on a fresh read (the machine's public methods take
 * the lock) and answers the release as stored after it.
 */
import { randomBytes } from 'node:crypto';
import { inTransaction } from '../../../db/stores.js';
import { AppError } from '../../../errors.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import {
  asOfflineEvidence,
  judgeOfflineEvidence,
  offlineEvidenceProblem,
  offlineRequirement,
} from '../ticket/offline-evidence.js';
import { checkReadiness, type Readiness } from '../readiness/readiness.js';
import { event, finish, reload, transition, type MachineContext } from './release-context.js';
import { planStages } from '../ticket/release-model.js';
import { assertSegmentsDefined, clearTraffic, enterStage } from './release-stages.js';
import type { ReleaseRecord } from '../release-store.js';
import { terminalStatuses } from '../release-store.js';

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
  // Every segment the plan names must exist now (409 otherwise), and the start commits with its
  // first stage and that stage's traffic: a start that cannot publish its traffic changes nothing.
  await assertSegmentsDefined(ctx, release, planStages(release.spec));
  const started = (startedAt: Date): ReleaseRecord => ({ ...release, status: 'running', startedAt });
  await enterStage(ctx, release, 0, actor, {
    async writes(s, at) {
      await s.releases.update(release.id, { status: 'running', startedAt: at, updatedAt: at });
      await event(ctx, s, release, at, 'release.started', actor.subject, { warnings: readiness.warnings });
      return started(at);
    },
    committed: (at) => ctx.deps.gates.start(started(at), at),
  });
  return { started: true, readiness };
}

/**
 * Records and judges the offline evaluation's evidence (R2.1; see offline-evidence.ts). Evidence
 * that passes completes the offline stage. Evidence for fewer tasks than the plan asks for (or for
 * another dataset) leaves it incomplete. Evidence below the required pass rate leaves it incomplete
 * too, records an `investigate` decision naming the numbers, and pauses a running release: only a
 * person resumes it, and it then waits in its offline stage for an evaluation that passes. The
 * latest evidence counts. A paused release in its offline stage may record evidence too.
 */
export async function recordEvidence(
  ctx: MachineContext,
  release: ReleaseRecord,
  recorded: Record<string, unknown>,
  actor: Principal,
): Promise<ReleaseRecord> {
  const stage = planStages(release.spec)[release.stage];
  if ((release.status !== 'running' && release.status !== 'paused') || stage?.kind !== 'offline')
    throw new AppError('conflict', `release ${release.name} is not in an offline stage`);
  const problem = offlineEvidenceProblem(recorded);
  if (problem !== null) throw new AppError('validation_failed', `invalid offline evidence: ${problem}`);
  const evidence = asOfflineEvidence(recorded);
  const candidate = await ctx.deps.stores.registry.getBundle(release.workflow, release.spec.candidate);
  const judgement = judgeOfflineEvidence(evidence, offlineRequirement(stage, candidate?.spec));
  const at = ctx.deps.clock.now();
  const { offlineEvidence: _previous, ...timers } = release.timers;
  const pause = judgement.verdict === 'failed' && release.status === 'running';
  await inTransaction(ctx.deps.db, async (s) => {
    await s.releases.update(release.id, {
      ...(pause ? { status: 'paused' as const } : {}),
      timers: {
        ...timers,
        ...(judgement.verdict === 'passed' ? { offlineEvidence: at.toISOString() } : {}),
        ...(pause ? { pausedBy: systemPrincipal.subject, pauseReason: judgement.reason } : {}),
      },
      updatedAt: at,
    });
    await event(ctx, s, release, at, 'release.offline-evidence', actor.subject, {
      ...evidence,
      verdict: judgement.verdict,
      reason: judgement.reason,
      required: judgement.required,
    });
    if (judgement.verdict !== 'failed') return;
    await s.releases.addDecision({
      id: `dec_${randomBytes(6).toString('hex')}`,
      releaseId: release.id,
      at,
      kind: 'investigate',
      reasoning: judgement.reason,
      evidence: { offline: judgement },
      actor: systemPrincipal.subject,
    });
    await event(ctx, s, release, at, 'decision', systemPrincipal.subject, {
      kind: 'investigate',
      gates: [],
      reasoning: judgement.reason,
    });
    if (pause)
      await event(ctx, s, release, at, 'release.paused', systemPrincipal.subject, { reason: judgement.reason });
  });
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
  // The resume commits with the stage's traffic, as at start.
  await enterStage(ctx, release, release.stage, actor, {
    async writes(s, at) {
      await s.releases.update(release.id, { status: 'running', timers, updatedAt: at });
      await event(ctx, s, release, at, 'release.resumed', actor.subject, { reason });
      return { ...release, status: 'running', timers };
    },
  });
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
