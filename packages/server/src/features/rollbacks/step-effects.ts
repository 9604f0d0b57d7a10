/**
 * The configuration part of a step's effect: a revision of the workflow's configuration (traffic
 * split, flags) tagged with the step's idempotency key, so a resumed step never applies it twice.
 */
import type { JsonValue } from '@ripcord/protocol';
import type { Principal } from '../auth/principal.js';
import type { ConfigService } from '../flags/config-service.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { PlanStep } from '../releases/planning/rollback-plan.js';

/** What a step's configuration effects need of the flag configuration. */
export type EffectConfig = Pick<ConfigService, 'applied' | 'current' | 'clearSplit' | 'setSplit' | 'setFlag'>;

/** Where a step's configuration effect goes and why. */
export interface EffectContext {
  config: EffectConfig;
  release: ReleaseRecord;
  actor: Principal;
  reason: string;
  /** An earlier step already switched all traffic to the control bundle. */
  trafficCleared: boolean;
}

/** Steps that end the candidate's traffic (all of it goes to the control bundle). */
export function endsTraffic(step: PlanStep): boolean {
  return step.kind === 'restore' || (step.kind === 'traffic' && step.to === 'control' && step.segment === null);
}

/** One step's configuration effect. Serving the control bundle to everyone restores every component that differs (R5.5). */
export async function applyConfigEffect(step: PlanStep, key: string, ctx: EffectContext): Promise<string> {
  const { config, release, actor, reason, trafficCleared } = ctx;
  const target = { environment: release.environment, workflow: release.workflow };
  if (await config.applied(target.environment, target.workflow, key))
    return 'already applied (resumed after a restart)';
  if (endsTraffic(step)) {
    if (trafficCleared) return 'covered by the earlier switch to the control bundle';
    const current = await config.current(target.environment, target.workflow);
    if (!current?.config.split) return 'the control bundle already serves everyone';
    const r = await config.clearSplit(target, actor, reason, { key });
    return `revision ${r.revision}: all traffic to ${release.spec.control}`;
  }
  if (step.kind === 'traffic') {
    if (trafficCleared) return 'the candidate no longer serves traffic';
    const split = {
      release: release.name,
      candidate: release.spec.candidate,
      percent: step.percent,
      ...(step.segment ? { eligibleSegment: step.segment } : {}),
    };
    const r = await config.setSplit(target, split, actor, reason, { key });
    return `revision ${r.revision}: candidate at ${step.percent}%`;
  }
  if (step.kind === 'set-flag') return setFlag(step, key, ctx);
  if (step.kind === 'pause') return 'stage advance paused';
  if (step.kind === 'job') return `${step.job} for ${step.target}`;
  return 'restored by the switch to the control bundle';
}

async function setFlag(
  step: Extract<PlanStep, { kind: 'set-flag' }>,
  key: string,
  ctx: EffectContext,
): Promise<string> {
  const target = { environment: ctx.release.environment, workflow: ctx.release.workflow };
  const value = step.value as JsonValue;
  const revisions: string[] = [];
  for (const [i, segment] of (step.segments ?? [undefined]).entries()) {
    // One revision per segment, each with its own key: a resumed step skips the ones already made.
    if (await ctx.config.applied(target.environment, target.workflow, `${key}:${i}`)) {
      revisions.push('(already applied)');
      continue;
    }
    const r = await ctx.config.setFlag(
      { ...target, key: step.flag },
      { value, ...(segment ? { segment } : {}) },
      ctx.actor,
      ctx.reason,
      { key: `${key}:${i}` },
    );
    revisions.push(String(r.revision));
  }
  return `revision ${revisions.join(', ')}: ${step.flag} = ${JSON.stringify(value)}`;
}

/** The release as an actuator's body names it. */
export function releaseRef(release: ReleaseRecord) {
  return {
    id: release.id,
    name: release.name,
    workflow: release.workflow,
    environment: release.environment,
    control: release.spec.control,
    candidate: release.spec.candidate,
  };
}
