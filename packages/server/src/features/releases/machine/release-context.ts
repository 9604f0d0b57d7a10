/**
 * What the release state machine's parts share: its dependencies, the per-release lock, the
 * public operations they call back into (each under the lock, on a fresh read), and the writes
 * every part makes the same way — a transition (transitions.ts) or a state change within a status,
 * each with its timeline entry, in one transaction.
 */
import type { Clock } from '../../../clock.js';
import type { Transact } from '../../../db/transaction.js';
import type { MachineStores } from './machine-stores.js';
import { AppError } from '../../../errors.js';
import type { Logger } from '../../../logger.js';
import type { Principal } from '../../auth/principal.js';
import type { RegistryPort } from '../../bundles/registry-service.js';
import type { ConfigService } from '../../flags/config-service.js';
import type { IncidentService } from '../../incidents/incident-service.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { RollbackExecutor } from '../../rollbacks/rollback-executor.js';
import type { Approval } from '../authority/authority.js';
import type { SideEffectFacts } from '../planning/rollback-plan.js';
import type { HealthProbe, SignalReadinessPort } from '../readiness/readiness.js';
import type { ReleaseRecord } from '../release-store.js';
import type { GatePort } from './gate-port.js';
import { watchesAfterPromotion } from './promotion-watch.js';
import { recordReleaseEvent } from './release-timeline.js';
import type { RollbackOutcome, RollbackRequest } from './rollback-request.js';
import type { ReleaseState } from './status-state.js';
import { transition, type ReleaseEventName, type TargetOf, type TransitionWrite } from './transitions.js';

/** Where a plan's side-effect facts come from (ingest counts the candidate's write tool calls). */
export interface SideEffectSource {
  sideEffectFacts(releaseId: string): Promise<SideEffectFacts>;
}

/** Dependencies of the state machine. */
export interface ReleaseMachineDeps {
  stores: MachineStores;
  transact: Transact<MachineStores>;
  clock: Clock;
  config: ConfigService;
  registry: RegistryPort;
  gates: GatePort;
  probe: HealthProbe;
  executor: RollbackExecutor;
  incidents: IncidentService;
  notifications?: NotificationService;
  /** What ingest counted of the candidate's write side effects, for each plan's "cannot undo" (R5.4). */
  facts?: SideEffectSource;
  logger: Logger;
  /** Readiness of the signal sources the release's gates read (R4.5; features/signals). */
  signals?: SignalReadinessPort;
}

/**
 * The machine as its parts see it. `locked` and the operations here are the machine's own: each
 * runs under the release's lock (re-entrant, see release-locks.ts) on a fresh read of the release.
 */
export interface MachineContext {
  readonly deps: ReleaseMachineDeps;
  /** Runs `fn` on a fresh read of the release, holding its lock (see release-locks.ts). */
  locked<T>(release: ReleaseRecord, fn: (fresh: ReleaseRecord) => Promise<T>): Promise<T>;
  /** The machine's public promote. */
  promote(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord>;
  /** The machine's public rollback. */
  rollback(
    release: ReleaseRecord,
    actor: Principal,
    request: RollbackRequest,
    approvals?: readonly Approval[],
  ): Promise<RollbackOutcome>;
  /** The machine's public continueRun. */
  continueRun(runId: string): Promise<RollbackOutcome | null>;
}

/** A timeline entry's kind, actor and details (its time is the write's). */
export interface Entry {
  kind: string;
  actor: Principal | string;
  details: Record<string, unknown>;
}

const subject = (actor: Principal | string) => (typeof actor === 'string' ? actor : actor.subject);

/** The release as stored now. */
export async function reload(ctx: MachineContext, release: ReleaseRecord): Promise<ReleaseRecord> {
  return (await ctx.deps.stores.releases.get(release.id))!;
}

/** Appends one timeline entry (with its audit entry and notification) in the caller's transaction. */
export async function entryIn(
  ctx: MachineContext,
  stores: MachineStores,
  release: ReleaseRecord,
  at: Date,
  entry: Entry,
): Promise<void> {
  await recordReleaseEvent(stores, ctx.deps.notifications, release, {
    at,
    kind: entry.kind,
    actor: subject(entry.actor),
    details: entry.details,
  });
}

/** Records one timeline entry on its own. */
export async function record(ctx: MachineContext, release: ReleaseRecord, entry: Entry): Promise<void> {
  await ctx.deps.transact((s) => entryIn(ctx, s, release, ctx.deps.clock.now(), entry));
}

/** Performs a transition (transitions.ts) in the caller's transaction. */
export function moveIn<E extends ReleaseEventName>(
  ctx: MachineContext,
  stores: MachineStores,
  release: ReleaseRecord,
  event: E,
  write: TransitionWrite<TargetOf<E>>,
  at: Date,
  entry: Entry,
): Promise<ReleaseRecord> {
  return transition(stores, ctx.deps.notifications, release, event, write, {
    at,
    kind: entry.kind,
    actor: subject(entry.actor),
    details: entry.details,
  });
}

/** Performs a transition in a transaction of its own. */
export function move<E extends ReleaseEventName>(
  ctx: MachineContext,
  release: ReleaseRecord,
  event: E,
  write: TransitionWrite<TargetOf<E>>,
  entry: Entry,
): Promise<ReleaseRecord> {
  const at = ctx.deps.clock.now();
  return ctx.deps.transact((s) => moveIn(ctx, s, release, event, write, at, entry));
}

/**
 * Writes the state a release keeps within its status (a stage's clock, an approval, a decision)
 * in the caller's transaction; a release that changed status meanwhile is a 409, never overwritten.
 */
export async function saveIn(
  stores: MachineStores,
  release: ReleaseRecord,
  next: ReleaseState,
  at: Date,
  stage?: number,
): Promise<ReleaseRecord> {
  if (next.status !== release.status)
    throw new Error(`saveIn: ${release.status} → ${next.status} is a transition (transitions.ts)`);
  const saved = await stores.releases.saveState(release.id, {
    ...next,
    updatedAt: at,
    ...(stage !== undefined ? { stage } : {}),
  });
  if (!saved) throw new AppError('conflict', `release ${release.name} changed meanwhile; try again`);
  return { ...release, ...next, updatedAt: at, ...(stage !== undefined ? { stage } : {}) };
}

/** Writes a release's state within its status, with an optional timeline entry, in one transaction. */
export function save(
  ctx: MachineContext,
  release: ReleaseRecord,
  next: ReleaseState,
  entry?: Entry,
): Promise<ReleaseRecord> {
  const at = ctx.deps.clock.now();
  return ctx.deps.transact(async (s) => {
    const saved = await saveIn(s, release, next, at);
    if (entry) await entryIn(ctx, s, release, at, entry);
    return saved;
  });
}

/**
 * Ends a release (promote, abort, or a run that rolled it back) in the caller's transaction: the
 * transition and its bundle holds released. The caller stops its gates once this commits.
 */
export async function endIn<E extends 'promote' | 'abort' | 'settle-rolled-back'>(
  ctx: MachineContext,
  stores: MachineStores,
  release: ReleaseRecord,
  event: E,
  state: TransitionWrite<TargetOf<E>>['state'],
  at: Date,
  entry: Entry,
): Promise<ReleaseRecord> {
  const ended = await moveIn(ctx, stores, release, event, { state, finishedAt: at }, at, entry);
  for (const version of [release.spec.control, release.spec.candidate])
    await stores.registry.releaseHolds(release.workflow, version, 'release', at);
  return ended;
}

/** Ends a release in a transaction of its own; its gates stop. */
export async function end<E extends 'promote' | 'abort'>(
  ctx: MachineContext,
  release: ReleaseRecord,
  event: E,
  state: TransitionWrite<TargetOf<E>>['state'],
  entry: Entry,
): Promise<ReleaseRecord> {
  const at = ctx.deps.clock.now();
  const ended = await ctx.deps.transact((s) => endIn(ctx, s, release, event, state, at, entry));
  // Delayed and late-label gates keep watching through the cool-down (cooldown-watch.ts).
  if (event === 'promote' && ctx.deps.gates.watchLabels !== undefined && watchesAfterPromotion(release))
    await ctx.deps.gates.watchLabels(release.id);
  else await ctx.deps.gates.stop(release.id);
  return ended;
}
