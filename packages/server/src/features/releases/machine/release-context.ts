/**
 * What the release state machine's parts share: its dependencies, the per-release lock, the
 * public operations they call back into (each under the lock, on a fresh read), and the writes
 * that change a release and record its timeline entry in one transaction.
 */
import type { Clock } from '../../../clock.js';
import type { Db } from '../../../db/database.js';
import { inTransaction, type Stores } from '../../../db/stores.js';
import type { Logger } from '../../../logger.js';
import type { Principal } from '../../auth/principal.js';
import type { RegistryService } from '../../bundles/registry-service.js';
import type { ConfigService } from '../../flags/config-service.js';
import type { IncidentService } from '../../incidents/incident-service.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { RollbackExecutor } from '../../rollbacks/rollback-executor.js';
import type { Approval } from '../authority/authority.js';
import type { GatePort } from './gate-port.js';
import type { HealthProbe, SignalReadinessPort } from '../readiness/readiness.js';
import type { RollbackOutcome, RollbackRequest, SideEffectSource } from './release-rollback.js';
import type { ReleaseRecord, ReleaseStatus, ReleaseTimers } from '../release-store.js';
import { recordReleaseEvent } from './release-timeline.js';

/** Dependencies of the state machine. */
export interface ReleaseMachineDeps {
  db: Db;
  stores: Stores;
  clock: Clock;
  config: ConfigService;
  registry: RegistryService;
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

/** The release as stored now. */
export async function reload(ctx: MachineContext, release: ReleaseRecord): Promise<ReleaseRecord> {
  return (await ctx.deps.stores.releases.get(release.id))!;
}

/** Records one timeline entry (and its audit entry and notification) on its own. */
export async function record(
  ctx: MachineContext,
  release: ReleaseRecord,
  kind: string,
  actor: Principal,
  details: Record<string, unknown>,
): Promise<void> {
  await inTransaction(ctx.deps.db, (s) => event(ctx, s, release, ctx.deps.clock.now(), kind, actor.subject, details));
}

/** Changes a release's fields and records the timeline entry saying why, in one transaction. */
export async function transition(
  ctx: MachineContext,
  release: ReleaseRecord,
  fields: Partial<Pick<ReleaseRecord, 'status' | 'stage' | 'timers' | 'startedAt'>>,
  kind: string,
  actor: Principal,
  details: Record<string, unknown>,
): Promise<void> {
  const at = ctx.deps.clock.now();
  await inTransaction(ctx.deps.db, async (s) => {
    await s.releases.update(release.id, { ...fields, updatedAt: at });
    await event(ctx, s, release, at, kind, actor.subject, details);
  });
}

/** Ends a release in `status`: its bundle holds are released and its gates stop. */
export async function finish(
  ctx: MachineContext,
  release: ReleaseRecord,
  status: ReleaseStatus,
  kind: string,
  actor: Principal,
  details: Record<string, unknown>,
  timers: Partial<ReleaseTimers> = {},
): Promise<void> {
  const at = ctx.deps.clock.now();
  const fresh = await reload(ctx, release);
  // A finished release waits for no approval: a request left pending would expire and page later.
  const { pendingRollback: _moot, ...kept } = { ...fresh.timers, ...timers };
  await inTransaction(ctx.deps.db, async (s) => {
    await s.releases.update(release.id, { status, finishedAt: at, updatedAt: at, timers: kept });
    for (const version of [release.spec.control, release.spec.candidate])
      await s.registry.releaseHolds(release.workflow, version, 'release', at);
    await event(ctx, s, release, at, kind, actor.subject, details);
  });
  await ctx.deps.gates.stop(release.id);
}

/** Appends a timeline entry in the caller's transaction (see release-timeline.ts). */
export async function event(
  ctx: MachineContext,
  stores: Stores,
  release: ReleaseRecord,
  at: Date,
  kind: string,
  actor: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordReleaseEvent(stores, ctx.deps.notifications, release, { at, kind, actor, details });
}
