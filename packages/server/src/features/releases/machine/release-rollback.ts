import type { Clock } from '../../../clock.js';
import type { MachineStores } from './machine-stores.js';
import { AppError, notFound } from '../../../errors.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import type { ConfigService } from '../../flags/config-service.js';
import type { StoredWorkflowConfig } from '../../flags/config-store.js';
import type { RollbackRun } from '../../rollbacks/run-store.js';
import { authorityActionOf, authorizePlan, type Approval } from '../authority/authority.js';
import { pendingAfter } from '../authority/release-approvals.js';
import type { LiveFlagValue } from '../planning/flag-effects.js';
import { MANUAL_GATE } from '../planning/plan-intent.js';
import { withInheritedRequirements } from '../../bundles/component-requirements.js';
import type { RollbackPlan } from '../planning/rollback-plan.js';
import { planRollback } from '../planning/rollback-planner.js';
import type { ReleaseRecord } from '../release-store.js';
import {
  entryIn,
  moveIn,
  saveIn,
  type MachineContext,
  type ReleaseMachineDeps,
  type SideEffectSource,
} from './release-context.js';
import { driveRun } from './release-settle.js';
import { rollbackPromoted } from './promoted-rollback.js';
import { endedMessage, joinedOutcome, outcomeDetails, pausedIfRunning } from './rollback-outcomes.js';
import type { RollbackOutcome, RollbackRequest } from './rollback-request.js';
import { watchOf, type ReleaseState, type Watch } from './status-state.js';

/** What planning reads. */
interface Deps {
  stores: MachineStores;
  clock: Clock;
  config: ConfigService;
  facts?: SideEffectSource;
  batchOutputs?: ReleaseMachineDeps['batchOutputs'];
}

/** The plan for a request against what is live now (dry-run and execution share it). */
export async function planFor(deps: Deps, release: ReleaseRecord, request: RollbackRequest): Promise<RollbackPlan> {
  const { spec } = release;
  const [control, candidate] = await Promise.all([
    deps.stores.registry.getBundle(spec.workflow, spec.control),
    deps.stores.registry.getBundle(spec.workflow, spec.candidate),
  ]);
  if (!control || !candidate) throw notFound(`bundles of release ${spec.name}`);
  const [current, facts, all] = await Promise.all([
    deps.config.current(spec.environment, spec.workflow),
    deps.facts?.sideEffectFacts(release.id),
    deps.stores.registry.listBundles(spec.workflow, { includeArchived: true }),
  ]);
  // Each component keeps what it was declared to need in any bundle (component-requirements.ts).
  const others = all.map((b) => b.spec);
  const breached =
    request.gates ?? request.decision?.rollback ?? (request.reason ? [{ gate: MANUAL_GATE, segments: [] }] : []);
  const plan = planRollback({
    release: spec,
    control: withInheritedRequirements(control.spec, others),
    candidate: withInheritedRequirements(candidate.spec, others),
    breached,
    live: { stage: Math.max(release.stage, 0), ...liveFlags(current?.config, candidate.spec.flags ?? {}) },
    ...(request.requestedLevel ? { requestedLevel: request.requestedLevel } : {}),
    ...(request.override ? { override: request.override } : {}),
    ...(facts ? { facts } : {}),
  });
  // R5.4: what the bad version wrote in batch must be invalidated downstream.
  const invalidate = await deps.batchOutputs?.toInvalidate(spec.workflow, spec.candidate);
  return invalidate ? { ...plan, invalidate } : plan;
}

/** Flag values in force now: definitions with a default over the candidate's bundle values, and per-segment rules. */
function liveFlags(config: StoredWorkflowConfig | undefined, bundleFlags: Record<string, unknown>) {
  const flags: Record<string, LiveFlagValue> = { ...(bundleFlags as Record<string, LiveFlagValue>) };
  const segmentFlags: Record<string, Record<string, LiveFlagValue>> = {};
  for (const [key, def] of Object.entries(config?.flags ?? {})) {
    if (def.defaultVariant !== undefined) flags[key] = def.variants[def.defaultVariant] as LiveFlagValue;
    for (const rule of def.rules ?? [])
      (segmentFlags[rule.segment] ??= {})[key] = def.variants[rule.variant] as LiveFlagValue;
  }
  return { flags, segmentFlags };
}

/**
 * Plans and (within authority) runs the rollback for a decision, a request, or an override; call
 * under the release's lock, on a fresh read. Automatic requests act only within the ticket's
 * `automatic` list; beyond it they wait for approvals (recorded). A run's end is settled in the
 * transaction that ends it (release-settle.ts).
 */
export async function requestRollback(
  ctx: MachineContext,
  release: ReleaseRecord,
  actor: Principal,
  request: RollbackRequest,
  approvals: readonly Approval[] = [],
): Promise<RollbackOutcome> {
  // A promoted release restores its previous bundle within the cool-down (promoted-rollback.ts).
  if (release.status === 'promoted')
    return rollbackPromoted(ctx, release, actor, request, approvals, {
      plan: (r, req) => planFor(ctx.deps, r, req),
      authorize: (r, plan, given) => withoutRun(ctx, r, plan, actor, given),
    });
  // Status first: a release that is not running (or already rolling back) gets a plain answer,
  // and nothing is written into its timeline for a rollback that cannot happen.
  const joined = await joinOrRefuse(ctx, release);
  if (joined) return joined;
  const plan = await planFor(ctx.deps, release, request);
  const held = await withoutRun(ctx, release, plan, actor, approvals);
  if (held.status !== 'executed') return holdForRollback(ctx, release, held, request, actor);
  const requestedAt = request.requestedAt ?? ctx.deps.clock.now().toISOString();
  const claimed = await claimRun(ctx, release, plan, actor, request, requestedAt);
  if (!claimed.created) return joinedOutcome(release, claimed.run, held.authority);
  const settle = { how: 'rollback.executed' as const, actor, authority: held.authority, requestedAt };
  return driveRun(ctx, claimed.release, claimed.run, actor, settle);
}

/**
 * A request that runs nothing: refused, nothing to do, or waiting for approvals; or, when
 * authority allows the plan, `executed` with the authority that allowed it (the run comes next).
 */
async function withoutRun(
  ctx: MachineContext,
  release: ReleaseRecord,
  plan: RollbackPlan,
  actor: Principal,
  approvals: readonly Approval[],
): Promise<RollbackOutcome> {
  const base = { plan, executed: [] as string[] };
  if (plan.status === 'refused')
    return {
      ...base,
      status: 'refused',
      releaseStatus: pausedIfRunning(release),
      authority: null,
      summary: `no safe rollback: ${plan.reason ?? 'refused'}; the incident commander is needed`,
    };
  if (plan.status === 'no-op')
    return {
      ...base,
      status: 'no-op',
      releaseStatus: release.status,
      authority: null,
      summary: 'everything the plan asks for already holds',
    };
  const workflow = await ctx.deps.stores.registry.getWorkflow(release.workflow);
  const authority = authorizePlan({
    workflow: { name: release.workflow, owners: workflow?.spec.owners },
    release: release.spec,
    action: authorityActionOf(plan),
    actor: actor.tokenId === systemPrincipal.tokenId ? 'automatic' : actor,
    approvals,
    now: ctx.deps.clock.now(),
  });
  const status =
    authority.outcome === 'allowed' ? 'executed' : authority.outcome === 'refused' ? 'refused' : 'awaiting-approval';
  return {
    ...base,
    status,
    releaseStatus: status === 'executed' ? 'rolling-back' : pausedIfRunning(release),
    authority,
    summary: authority.reason,
  };
}

/**
 * Records a rollback that does not run, in one transaction: its entry, and a running release held
 * (paused) with the request waiting for approvals when it needs them (R6).
 */
async function holdForRollback(
  ctx: MachineContext,
  release: ReleaseRecord,
  outcome: RollbackOutcome,
  request: RollbackRequest,
  actor: Principal,
): Promise<RollbackOutcome> {
  if (release.status !== 'running' && release.status !== 'paused')
    throw new Error(`holdForRollback: ${release.status} (joinOrRefuse lets only running and paused through)`);
  const now = ctx.deps.clock.now();
  const pendingRollback = pendingAfter(release, outcome, request, actor, now);
  const { pendingRollback: _previous, ...rest } = release.state;
  const state = { ...rest, ...(pendingRollback ? { pendingRollback } : {}) };
  await ctx.deps.transact(async (s) => {
    await entryIn(ctx, s, release, now, {
      kind: `rollback.${outcome.status}`,
      actor,
      details: outcomeDetails(outcome),
    });
    const entry = { actor, details: { reason: outcome.summary } };
    if (release.status === 'running' && outcome.releaseStatus === 'paused')
      await moveIn(
        ctx,
        s,
        release,
        'hold',
        { state: { ...state, pause: { by: actor.subject, reason: outcome.summary } } },
        now,
        {
          ...entry,
          kind: 'release.paused',
        },
      );
    else {
      const saved = await saveIn(s, release, { status: release.status, state } as ReleaseState, now);
      await entryIn(ctx, s, saved, now, { ...entry, kind: 'release.rollback-recorded' });
    }
  });
  return outcome;
}

/**
 * Claims the release for a run (running or paused → rolling-back, the approval it waited for
 * consumed) and stores the run, in one transaction: simultaneous requests (two operators, a person
 * and the automation, another replica) make exactly one run; the others join it.
 */
async function claimRun(
  ctx: MachineContext,
  release: ReleaseRecord,
  plan: RollbackPlan,
  actor: Principal,
  request: RollbackRequest,
  requestedAt: string,
): Promise<{ created: true; run: RollbackRun; release: ReleaseRecord } | { created: false; run: RollbackRun }> {
  const watch = watchOf(release);
  if (!watch) throw new Error(`claimRun: ${release.status} has no watch`);
  const {
    pendingRollback: _consumed,
    pause: _pause,
    ...state
  } = watch as Watch & { pendingRollback?: unknown; pause?: unknown };
  const reason = request.reason ?? plan.covers.join(', ');
  const run = await ctx.deps.executor.newRun(release, plan, actor, reason, new Date(requestedAt));
  const at = ctx.deps.clock.now();
  try {
    const claimed = await ctx.deps.transact(async (s) => {
      const moved = await moveIn(ctx, s, release, 'claim', { state }, at, {
        kind: 'rollback.started',
        actor,
        details: { run: run.id, level: plan.level, requestedAt },
      });
      await s.runs.insert(run);
      return moved;
    });
    return { created: true, run, release: claimed };
  } catch (error) {
    // Another process claimed it first: join its run.
    const running = await ctx.deps.stores.runs.running(release.id);
    if (running) return { created: false, run: running };
    throw error;
  }
}

/**
 * A release that is not running cannot be rolled back. One already rolling back joins its
 * running run; one a run already rolled back answers with that run (so simultaneous requests all
 * get its id), saying it is done; pending (not started) or otherwise ended (promoted, aborted) is
 * refused with what happened to it (409). Null when the request may go on to planning and authority.
 */
async function joinOrRefuse(ctx: MachineContext, release: ReleaseRecord): Promise<RollbackOutcome | null> {
  if (release.status === 'running' || release.status === 'paused') return null;
  const runs = ctx.deps.stores.runs;
  const running = release.status === 'rolling-back' ? await runs.running(release.id) : undefined;
  if (running) return joinedOutcome(release, running, null);
  const [last] = await runs.forRelease(release.id);
  if (release.status === 'rolled-back' && last) return joinedOutcome(release, last, null);
  throw new AppError('conflict', endedMessage(release, last));
}
