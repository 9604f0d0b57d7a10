/**
 * A release's stages: entering one (its bake timer stored, its traffic published as a
 * configuration revision, its gates judged afresh), clearing the release's traffic, and the
 * promotion that ends the last stage.
 */
import { AppError } from '../../../errors.js';
import type { Principal } from '../../auth/principal.js';
import { parseDuration } from '../../gates/language/gate-values.js';
import type { MachineStores } from './machine-stores.js';
import type { ConfigRevision } from '../../flags/config-store.js';
import { end, entryIn, saveIn, type MachineContext } from './release-context.js';
import { planStages, stageTraffic, type PlanStage } from '../ticket/release-model.js';
import type { ReleaseRecord } from '../release-store.js';
import { firstBreachOf, watchOf, type Watch } from './status-state.js';
import { assertEvent } from './transitions.js';

/**
 * A move that enters a stage (a start, a resume): `writes` commits its transition together with the
 * stage's entry, given the watch the entered stage starts with, and answers the release as it
 * leaves it; `committed` runs once it has committed, before the stage's gates start.
 */
export interface StageLead {
  writes(stores: MachineStores, at: Date, entered: Pick<Watch, 'stage' | 'gateSince'>): Promise<ReleaseRecord>;
  committed?(at: Date): Promise<void>;
}

/**
 * The watch a release starts stage `index` with: a fresh clock (the bake counts from now), its
 * offline evidence kept only when it re-enters the same offline stage (a resume), and since when
 * each gate has been inconclusive or breached on both arms kept (a new stage does not make an
 * old doubt new: "inconclusive for too long" and a shared cause count from when they began).
 */
function enteredWatch(release: ReleaseRecord, stage: PlanStage, at: Date): Pick<Watch, 'stage' | 'gateSince'> {
  const evidenceAt = stage.index === release.stage ? watchOf(release)?.stage.evidenceAt : undefined;
  return {
    stage: {
      startedAt: at.toISOString(),
      ...(stage.kind === 'canary' ? { bakeEndsAt: new Date(at.getTime() + stage.bakeMs).toISOString() } : {}),
      ...(stage.kind === 'offline' && evidenceAt ? { evidenceAt } : {}),
    },
    gateSince: keptSince(release),
  };
}

/** The gates' `since` entries that survive a stage change: inconclusive and shared-breached ones. */
function keptSince(release: ReleaseRecord): Watch['gateSince'] {
  const previous = watchOf(release)?.gateSince ?? {};
  return Object.fromEntries(
    Object.entries(previous).filter(([, v]) => v.state === 'inconclusive' || v.state === 'shared'),
  );
}

/**
 * Moves the release to stage `index` (the promote stage promotes it); call under the release's lock.
 * The stage's state, its timeline entry and its traffic revision commit together, after `lead`'s
 * transition (a start, a resume) in the same transaction; without a lead the release is running
 * and advances. A stage whose traffic cannot be published (e.g. its segment is not defined) leaves
 * the release exactly as it was.
 */
export async function enterStage(
  ctx: MachineContext,
  release: ReleaseRecord,
  index: number,
  actor: Principal,
  lead?: StageLead,
): Promise<void> {
  const stages = planStages(release.spec);
  const stage = stages[index];
  if (!stage) return;
  if (stage.kind === 'promote') {
    let current = release;
    if (lead) {
      const at = ctx.deps.clock.now();
      current = await ctx.deps.transact((s) => lead.writes(s, at, enteredWatch(release, stage, at)));
      await lead.committed?.(at);
    }
    await ctx.promote(current, actor, 'reached the promote stage');
    return;
  }
  await assertSegmentsDefined(ctx, release, [stage]);
  const at = ctx.deps.clock.now();
  const revision = await ctx.deps.transact(async (s) => {
    const entered = enteredWatch(release, stage, at);
    const entering = lead ? await lead.writes(s, at, entered) : release;
    if (entering.status !== 'running')
      throw new Error(`entering a stage needs a running release, not ${entering.status}`);
    await saveIn(s, entering, { status: 'running', state: { ...entering.state, ...entered } }, at, index);
    await entryIn(ctx, s, release, at, {
      kind: 'release.stage-started',
      actor,
      details: { stage: index, kind: stage.kind, ...stageTraffic(stages, index) },
    });
    return writeTraffic(ctx, s, release, stages, index, actor);
  });
  if (revision) ctx.deps.config.afterCommit(revision);
  await lead?.committed?.(at);
  await ctx.deps.gates.startStage(release.id, at);
}

/**
 * Refuses (409, nothing changed) a stage limited to a segment that the release's environment does
 * not define: its split could not be published (SDKs would reject it).
 */
export async function assertSegmentsDefined(
  ctx: MachineContext,
  release: ReleaseRecord,
  stages: readonly PlanStage[],
): Promise<void> {
  const { spec } = release;
  const current = await ctx.deps.config.current(spec.environment, spec.workflow);
  const defined = current?.config.segments ?? {};
  for (const stage of stages) {
    if (stage.kind !== 'canary' || stage.segment === null || stage.segment in defined) continue;
    throw new AppError(
      'conflict',
      `plan stage ${stage.index + 1} (canary ${stage.percent}% of ${stage.segment}) names segment ${stage.segment}, ` +
        `which ${spec.workflow} does not define in ${spec.environment}: define it ` +
        `(ripcord segments set ${spec.workflow} ${stage.segment} --env ${spec.environment}) or change the plan; the release was not changed`,
      [{ path: `plan[${stage.index}].canary.segment`, message: `segment ${stage.segment} is not defined` }],
    );
  }
}

/**
 * Writes stage `index`'s traffic split (a 0% stage clears the split) in the caller's transaction;
 * the caller publishes the revision with `config.afterCommit` once it commits.
 */
async function writeTraffic(
  ctx: MachineContext,
  stores: MachineStores,
  release: ReleaseRecord,
  stages: PlanStage[],
  index: number,
  actor: Principal,
): Promise<ConfigRevision | null> {
  const { spec } = release;
  const traffic = stageTraffic(stages, index);
  const target = { environment: spec.environment, workflow: spec.workflow };
  const reason =
    `release ${spec.name} stage ${index + 1}: ${traffic.percent}% ${traffic.segment ? `of ${traffic.segment}` : ''}`.trim();
  const outer = { outer: stores };
  if (traffic.percent === 0) {
    const current = await ctx.deps.config.current(spec.environment, spec.workflow);
    return current?.config.split ? ctx.deps.config.clearSplit(target, actor, reason, outer) : null;
  }
  return ctx.deps.config.setSplit(
    target,
    {
      release: spec.name,
      candidate: spec.candidate,
      percent: traffic.percent,
      ...(traffic.segment ? { eligibleSegment: traffic.segment } : {}),
    },
    actor,
    reason,
    outer,
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
  assertEvent(release, 'promote');
  const { spec } = release;
  const cooldownMs = parseDuration(spec.cooldown) ?? 72 * 3600e3;
  const why = `release ${spec.name} promoted: ${reason}`;
  const target = { workflow: spec.workflow, environment: spec.environment, reason: why };
  await ctx.deps.registry.setLabel({ ...target, label: 'previous', version: spec.control }, actor);
  await ctx.deps.registry.setLabel({ ...target, label: 'production', version: spec.candidate, cooldownMs }, actor);
  const at = ctx.deps.clock.now();
  const firstBreachAt = firstBreachOf(release);
  return end(
    ctx,
    release,
    'promote',
    {
      cooldownEndsAt: new Date(at.getTime() + cooldownMs).toISOString(),
      ...(firstBreachAt ? { firstBreachAt } : {}),
    },
    { kind: 'release.promoted', actor, details: { reason } },
  );
}
