/**
 * A release's stages: entering one (its bake timer stored, its traffic published as a
 * configuration revision, its gates judged afresh), clearing the release's traffic, and the
 * promotion that ends the last stage.
 */
import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import { parseDuration } from '../gates/gate-values.js';
import { finish, reload, transition, type MachineContext } from './release-context.js';
import { planStages, stageTraffic, type PlanStage } from './release-model.js';
import type { ReleaseRecord, ReleaseTimers } from './release-store.js';

/** Moves the release to stage `index` (the promote stage promotes it); call under the release's lock. */
export async function enterStage(
  ctx: MachineContext,
  release: ReleaseRecord,
  index: number,
  actor: Principal,
): Promise<void> {
  const stages = planStages(release.spec);
  const stage = stages[index];
  if (!stage) return;
  if (stage.kind === 'promote') {
    await ctx.promote(release, actor, 'reached the promote stage');
    return;
  }
  const at = ctx.deps.clock.now();
  const timers: ReleaseTimers = { ...release.timers, stageStartedAt: at.toISOString(), ...bakeEnd(stage, at) };
  if (stage.kind === 'offline' && index !== release.stage) delete timers.offlineEvidence;
  // A new stage judges its gates afresh: "inconclusive for too long" counts from its start.
  delete timers.gateSince;
  await transition(ctx, release, { stage: index, timers }, 'release.stage-started', actor, {
    stage: index,
    kind: stage.kind,
    ...stageTraffic(stages, index),
  });
  await publishTraffic(ctx, release, stages, index, actor);
  await ctx.deps.gates.startStage(release.id, at);
}

/** Publishes stage `index`'s traffic split (a 0% stage clears the split). */
async function publishTraffic(
  ctx: MachineContext,
  release: ReleaseRecord,
  stages: PlanStage[],
  index: number,
  actor: Principal,
): Promise<void> {
  const { spec } = release;
  const traffic = stageTraffic(stages, index);
  const target = { environment: spec.environment, workflow: spec.workflow };
  const reason =
    `release ${spec.name} stage ${index + 1}: ${traffic.percent}% ${traffic.segment ? `of ${traffic.segment}` : ''}`.trim();
  if (traffic.percent === 0) {
    const current = await ctx.deps.config.current(spec.environment, spec.workflow);
    if (current?.config.split) await ctx.deps.config.clearSplit(target, actor, reason);
    return;
  }
  await ctx.deps.config.setSplit(
    target,
    {
      release: spec.name,
      candidate: spec.candidate,
      percent: traffic.percent,
      ...(traffic.segment ? { eligibleSegment: traffic.segment } : {}),
    },
    actor,
    reason,
  );
}

/** Clears the traffic split when it is this release's: traffic returns to the control. */
export async function clearTraffic(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<void> {
  const current = await ctx.deps.config.current(release.environment, release.workflow);
  if (current?.config.split?.release === release.name) await ctx.deps.config.clearSplit(release, actor, reason);
}

/**
 * Promotes the candidate: production → candidate, previous → old control (with the release's
 * cool-down, R1.4), the split ends, and the release's bundle holds are released. Call under the
 * release's lock, on a fresh read.
 */
export async function promoteRelease(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  reason: string,
): Promise<ReleaseRecord> {
  if (release.status !== 'running' && release.status !== 'paused')
    throw new AppError(
      'conflict',
      `release ${release.name} is ${release.status}: only a running or paused release can be promoted`,
    );
  const { spec } = release;
  const cooldownMs = parseDuration(spec.cooldown) ?? 72 * 3600e3;
  const why = `release ${spec.name} promoted: ${reason}`;
  await ctx.deps.registry.setLabel(
    {
      workflow: spec.workflow,
      environment: spec.environment,
      label: 'previous',
      version: spec.control,
      reason: why,
    },
    actor,
  );
  await ctx.deps.registry.setLabel(
    {
      workflow: spec.workflow,
      environment: spec.environment,
      label: 'production',
      version: spec.candidate,
      reason: why,
      cooldownMs,
    },
    actor,
  );
  const at = ctx.deps.clock.now();
  await finish(
    ctx,
    release,
    'promoted',
    'release.promoted',
    actor,
    { reason },
    { cooldownEndsAt: new Date(at.getTime() + cooldownMs).toISOString() },
  );
  return reload(ctx, release);
}

function bakeEnd(stage: PlanStage, at: Date): Pick<ReleaseTimers, 'bakeEndsAt'> {
  return stage.kind === 'canary' ? { bakeEndsAt: new Date(at.getTime() + stage.bakeMs).toISOString() } : {};
}
