import type { Clock } from '../../../clock.js';
import type { Stores } from '../../../db/stores.js';
import { AppError, notFound } from '../../../errors.js';
import { systemPrincipal, type Principal } from '../../auth/principal.js';
import type { ConfigService } from '../../flags/config-service.js';
import type { StoredWorkflowConfig } from '../../flags/config-store.js';
import { authorityActionOf, authorizePlan, type Approval, type AuthorityDecision } from '../authority/authority.js';
import type { Decision } from './decision.js';
import type { LiveFlagValue } from '../planning/flag-effects.js';
import type { ReleaseRecord, ReleaseStatus } from '../release-store.js';
import type { BreachedGate, PlanOverride, RollbackPlan, SideEffectFacts } from '../planning/rollback-plan.js';
import { planRollback } from '../planning/rollback-planner.js';
import { recordReleaseEvent } from './release-timeline.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import { endedMessage, endsTraffic, type RollbackExecutor } from '../../rollbacks/rollback-executor.js';
import type { RollbackRun } from '../../rollbacks/run-store.js';
import { MANUAL_GATE } from '../planning/plan-intent.js';

/** Why a rollback is asked for: a decision of the gates, or a person (optionally with a level or an override). */
export interface RollbackRequest {
  decision?: Decision;
  gates?: BreachedGate[];
  requestedLevel?: 1 | 2 | 3 | 4;
  override?: PlanOverride;
  reason?: string;
  /** When the rollback was first asked for (ISO), when it waited for approvals: MTTD and MTTR start there. */
  requestedAt?: string;
}

/** What a rollback request did. */
export interface RollbackOutcome {
  /** `joined`: a run for this release was already going; its id is `runId`. */
  status: 'executed' | 'joined' | 'awaiting-approval' | 'refused' | 'no-op';
  /** The rollback run that executed (or is executing) the plan. */
  runId?: string;
  /** Where that run is: `running` while a job step waits for its job, `failed` when a step failed. */
  runStatus?: RollbackRun['status'];
  /** Where the release ends up. */
  releaseStatus: ReleaseStatus;
  plan: RollbackPlan;
  authority: AuthorityDecision | null;
  /** The steps that ran, in order. */
  executed: string[];
  summary: string;
}

/** Where a plan's side-effect facts come from (ingest counts the candidate's write tool calls). */
export interface SideEffectSource {
  sideEffectFacts(releaseId: string): Promise<SideEffectFacts>;
}

interface Deps {
  stores: Stores;
  clock: Clock;
  config: ConfigService;
  executor: RollbackExecutor;
  notifications?: NotificationService;
  facts?: SideEffectSource;
}

/** The plan for a request against what is live now (dry-run and execution share it). */
export async function planFor(deps: Deps, release: ReleaseRecord, request: RollbackRequest): Promise<RollbackPlan> {
  const { spec } = release;
  const [control, candidate] = await Promise.all([
    deps.stores.registry.getBundle(spec.workflow, spec.control),
    deps.stores.registry.getBundle(spec.workflow, spec.candidate),
  ]);
  if (!control || !candidate) throw notFound(`bundles of release ${spec.name}`);
  const [current, facts] = await Promise.all([
    deps.config.current(spec.environment, spec.workflow),
    deps.facts?.sideEffectFacts(release.id),
  ]);
  const breached =
    request.gates ?? request.decision?.rollback ?? (request.reason ? [{ gate: MANUAL_GATE, segments: [] }] : []);
  return planRollback({
    release: spec,
    control: control.spec,
    candidate: candidate.spec,
    breached,
    live: { stage: Math.max(release.stage, 0), ...liveFlags(current?.config, candidate.spec.flags ?? {}) },
    ...(request.requestedLevel ? { requestedLevel: request.requestedLevel } : {}),
    ...(request.override ? { override: request.override } : {}),
    ...(facts ? { facts } : {}),
  });
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
 * Checks authority (R6) and runs the plan's steps as configuration revisions. Automatic requests
 * act only within the ticket's `automatic` list; beyond it they wait for approvals (recorded).
 */
export async function executeRollback(
  deps: Deps,
  release: ReleaseRecord,
  plan: RollbackPlan,
  actor: Principal,
  request: RollbackRequest,
  approvals: readonly Approval[] = [],
): Promise<RollbackOutcome> {
  // Status first: a release that is not running (or already rolling back) gets a plain answer,
  // and nothing is written into its timeline for a rollback that cannot happen.
  const joined = await joinOrRefuse(deps, release);
  if (joined) return joined;
  const base = { plan, executed: [] as string[] };
  if (plan.status === 'refused')
    return record(deps, release, actor, {
      ...base,
      status: 'refused',
      releaseStatus: pausedIfRunning(release),
      authority: null,
      summary: `no safe rollback: ${plan.reason ?? 'refused'}; the incident commander is needed`,
    });
  if (plan.status === 'no-op')
    return record(deps, release, actor, {
      ...base,
      status: 'no-op',
      releaseStatus: release.status,
      authority: null,
      summary: 'everything the plan asks for already holds',
    });
  const workflow = await deps.stores.registry.getWorkflow(release.workflow);
  const authority = authorizePlan({
    workflow: { name: release.workflow, owners: workflow?.spec.owners },
    release: release.spec,
    action: authorityActionOf(plan),
    actor: actor.tokenId === systemPrincipal.tokenId ? 'automatic' : actor,
    approvals,
    now: deps.clock.now(),
  });
  if (authority.outcome !== 'allowed') {
    const status = authority.outcome === 'refused' ? 'refused' : 'awaiting-approval';
    return record(deps, release, actor, {
      ...base,
      status,
      releaseStatus: pausedIfRunning(release),
      authority,
      summary: authority.reason,
    });
  }
  const requestedAt = request.requestedAt ?? deps.clock.now().toISOString();
  const { run, created } = await deps.executor.start(release, plan, actor, request.reason ?? plan.covers.join(', '));
  // Another request (a person, or the automation) is already rolling this release back: join it.
  if (!created) return joinedOutcome(release, run, authority);
  const finished = await deps.executor.drive(run, release, actor);
  return record(deps, release, actor, runOutcome(release, finished, authority), { run: run.id, requestedAt });
}

/**
 * A release that is not running cannot be rolled back. One already rolling back joins its
 * running run; one a run already rolled back answers with that run (so simultaneous requests all
 * get its id), saying it is done; pending (not started) or otherwise ended (promoted, aborted) is
 * refused with what happened to it (409). Null when the request may go on to planning and authority.
 */
async function joinOrRefuse(deps: Deps, release: ReleaseRecord): Promise<RollbackOutcome | null> {
  if (release.status === 'running' || release.status === 'paused') return null;
  const running = release.status === 'rolling-back' ? await deps.stores.runs.running(release.id) : undefined;
  if (running) return joinedOutcome(release, running, null);
  if (release.status === 'rolling-back') return null; // the executor's claim settles it
  const [last] = await deps.stores.runs.forRelease(release.id);
  if (release.status === 'rolled-back' && last) return joinedOutcome(release, last, null);
  throw new AppError('conflict', endedMessage(release, last));
}

/** The answer to a request another run serves: the running run, or the run that already rolled the release back. */
function joinedOutcome(release: ReleaseRecord, run: RollbackRun, authority: AuthorityDecision | null): RollbackOutcome {
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

/**
 * The outcome of a run `drive` returned: rolled back when it succeeded and the candidate's traffic
 * ended (else paused); still `rolling-back` while a job step waits; a failed run pauses the
 * release and is never reported as a success.
 */
export function runOutcome(
  release: ReleaseRecord,
  run: RollbackRun,
  authority: AuthorityDecision | null,
): RollbackOutcome {
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
      releaseStatus: release.status === 'rolled-back' ? release.status : 'paused',
      summary: `${run.plan.level} rollback FAILED at ${failed ? `step ${failed.index + 1} (${failed.text}): ${failed.error}` : 'a step'}; the incident commander is paged`,
    };
  }
  const releaseStatus: ReleaseStatus = run.plan.steps.some(endsTraffic) ? 'rolled-back' : pausedIfRunning(release);
  return {
    ...base,
    releaseStatus,
    summary: `${run.plan.level} rollback ran: ${run.steps.map((x) => x.text).join('; ')}`,
  };
}

function pausedIfRunning(release: ReleaseRecord): ReleaseStatus {
  return release.status === 'running' ? 'paused' : release.status;
}

async function record(
  deps: Deps,
  release: ReleaseRecord,
  actor: Principal,
  outcome: RollbackOutcome,
  started?: { run: string; requestedAt: string },
): Promise<RollbackOutcome> {
  const at = deps.clock.now();
  const details = {
    ...started,
    status: outcome.status,
    level: outcome.plan.level,
    summary: outcome.summary,
    steps: outcome.executed,
    covers: outcome.plan.covers,
    refusals: outcome.plan.refusals.map((r) => r.reason),
    cannotUndo: outcome.plan.cannotUndo.map((c) => c.text),
    ...(outcome.authority ? { authority: outcome.authority } : {}),
  };
  await recordReleaseEvent(deps.stores, deps.notifications, release, {
    at,
    kind: `rollback.${outcome.status}`,
    actor: actor.subject,
    details,
  });
  return outcome;
}
