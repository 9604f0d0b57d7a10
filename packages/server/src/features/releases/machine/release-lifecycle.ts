/**
 * A release's moves by hand (R2.2): start after readiness, offline evidence, pause, resume and
 * abort. Each runs under the release's lock on a fresh read (the machine's public methods take
 * the lock) and answers the release as stored after it.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../errors.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import {
  asOfflineEvidence,
  judgeOfflineEvidence,
  offlineEvidenceProblem,
  offlineRequirement,
} from '../ticket/offline-evidence.js';
import { checkReadiness, type Readiness } from '../readiness/readiness.js';
import { end, entryIn, move, moveIn, record, reload, saveIn, type MachineContext } from './release-context.js';
import { planStages } from '../ticket/release-model.js';
import { assertSegmentsDefined, clearTraffic, enterStage } from './release-stages.js';
import type { ReleaseRecord } from '../release-store.js';
import { firstBreachOf, terminalStatuses, type ReleaseState } from './status-state.js';
import { assertEvent } from './transitions.js';

/** Starts a pending release after its readiness checks pass; blocked releases stay pending. */
export async function startRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
): Promise<{ started: boolean; readiness: Readiness }> {
  assertEvent(release, 'start');
  const readiness = await checkReadiness(ctx.deps, release);
  if (!readiness.ready) {
    await record(ctx, release, {
      kind: 'release.readiness-blocked',
      actor,
      details: { blockers: readiness.blockers },
    });
    return { started: false, readiness };
  }
  // Every segment the plan names must exist now (409 otherwise), and the start commits with its
  // first stage and that stage's traffic: a start that cannot publish its traffic changes nothing.
  await assertSegmentsDefined(ctx, release, planStages(release.spec));
  let started: ReleaseRecord | undefined;
  await enterStage(ctx, release, 0, actor, {
    async writes(s, at, entered) {
      started = await moveIn(ctx, s, release, 'start', { state: entered, startedAt: at }, at, {
        kind: 'release.started',
        actor,
        details: { warnings: readiness.warnings },
      });
      return started;
    },
    committed: (at) => ctx.deps.gates.start(started!, at),
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
  const { evidenceAt: _previous, ...clock } = release.state.stage;
  const judged = {
    ...release.state,
    stage: judgement.verdict === 'passed' ? { ...clock, evidenceAt: at.toISOString() } : clock,
  };
  await ctx.deps.transact(async (s) => {
    const saved = await saveIn(s, release, { status: release.status, state: judged } as ReleaseState, at);
    await entryIn(ctx, s, release, at, {
      kind: 'release.offline-evidence',
      actor,
      details: { ...evidence, verdict: judgement.verdict, reason: judgement.reason, required: judgement.required },
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
    await entryIn(ctx, s, release, at, {
      kind: 'decision',
      actor: systemPrincipal,
      details: { kind: 'investigate', gates: [], reasoning: judgement.reason },
    });
    if (saved.status === 'running')
      await moveIn(
        ctx,
        s,
        saved,
        'pause',
        { state: { ...saved.state, pause: { by: systemPrincipal.subject, reason: judgement.reason } } },
        at,
        { kind: 'release.paused', actor: systemPrincipal, details: { reason: judgement.reason } },
      );
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
  assertEvent(release, 'pause');
  if (release.status !== 'running') throw new Error('unreachable: assertEvent checked running');
  return move(
    ctx,
    release,
    'pause',
    { state: { ...release.state, pause: { by: actor.subject, reason } } },
    { kind: 'release.paused', actor, details: { reason } },
  );
}

/** Resumes a paused release; its bake restarts from now. */
export async function resumeRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<ReleaseRecord> {
  assertEvent(release, 'resume');
  if (release.status !== 'paused') throw new Error('unreachable: assertEvent checked paused');
  const { pause: _pause, ...running } = release.state;
  // The resume commits with the stage's traffic, as at start.
  await enterStage(ctx, release, release.stage, actor, {
    writes: (s, at, entered) =>
      moveIn(ctx, s, release, 'resume', { state: { ...running, ...entered } }, at, {
        kind: 'release.resumed',
        actor,
        details: { reason },
      }),
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
  assertEvent(release, 'abort');
  await clearTraffic(ctx, release, actor, `abort: ${reason}`);
  const firstBreachAt = firstBreachOf(release);
  return end(ctx, release, 'abort', firstBreachAt ? { firstBreachAt } : {}, {
    kind: 'release.aborted',
    actor,
    details: { reason },
  });
}
