import type { Principal } from '../../auth/principal.js';
import type { RollbackAction } from '../../gates/language/gate-spec.js';
import type { Approval } from '../authority/authority.js';
import { checkReadiness, type Readiness } from '../readiness/readiness.js';
import {
  checkWorkflowReadiness,
  type WorkflowReadiness,
  type WorkflowTarget,
} from '../readiness/readiness-workflow.js';
import type { MachineContext, ReleaseMachineDeps } from './release-context.js';
import {
  acknowledgeLocked,
  approveLocked,
  checkOverride,
  recordDeniedApproval,
  type DeniedAsk,
  type RefusedByApprover,
} from './release-deadlines.js';
import type { ReferenceDistribution } from '../../gates/engine/release-state.js';
import { declareReferences } from '../ticket/release-references.js';
import { abortRelease, pauseRelease, recordEvidence, resumeRelease, startRelease } from './release-lifecycle.js';
import { ReleaseLocks } from './release-locks.js';
import { planFor, requestRollback } from './release-rollback.js';
import { continueLocked, resumeRun, settleLeftover } from './release-settle.js';
import type { RollbackOutcome, RollbackRequest } from './rollback-request.js';
import { promoteRelease } from './release-stages.js';
import type { ReleaseRecord } from '../release-store.js';
import { tickAll, type TickResult } from './release-tick.js';
import type { PlanOverride } from '../planning/rollback-plan.js';

export type { ReleaseMachineDeps } from './release-context.js';
export type { TickResult } from './release-tick.js';

/**
 * The release ticket as a persisted state machine (R2.2): pending → running (stage by stage,
 * traffic published as configuration revisions, bake timers stored) → promoted; or rolling back
 * → rolled back; pause, resume, promote and abort by hand. `tick(now)` is the only place time
 * moves a release, so a restart or a simulation with a manual clock replays exactly.
 *
 * Every public method that changes a release runs under `this.locked(release, ...)` on a fresh
 * read; the parts (release-lifecycle, -stages, -tick, -settle, -deadlines) get the same lock and
 * call back into these methods through the context.
 */
export class ReleaseMachine {
  private ticking: Promise<TickResult[]> | undefined;
  private readonly locks = new ReleaseLocks();
  private readonly ctx: MachineContext;

  constructor(private readonly deps: ReleaseMachineDeps) {
    this.ctx = {
      deps,
      locked: <T>(release: ReleaseRecord, fn: (fresh: ReleaseRecord) => Promise<T>) => this.locked(release, fn),
      promote: (release, actor, reason) => this.promote(release, actor, reason),
      rollback: (release, actor, request, approvals) => this.rollback(release, actor, request, approvals),
      continueRun: (runId) => this.continueRun(runId),
    };
  }

  /** R2.3: the release's readiness now. */
  readiness(release: ReleaseRecord): Promise<Readiness> {
    return checkReadiness(this.deps, release);
  }

  /** R2.3 for any workflow: its active release's readiness, or the rollback path of production. */
  workflowReadiness(target: WorkflowTarget): Promise<WorkflowReadiness> {
    return checkWorkflowReadiness(this.deps, target);
  }

  /** Starts a pending release after its readiness checks pass; blocked releases stay pending. */
  start(release: ReleaseRecord, actor: Principal): Promise<{ started: boolean; readiness: Readiness }> {
    return this.locked(release, (fresh) => startRelease(this.ctx, fresh, actor));
  }

  /**
   * Evaluates every running release once and acts on its decision. One tick at a time: a timer
   * that fires while a slow tick still runs gets that tick's results, and never acts on a release
   * read before that tick moved it (which would write its old timers back).
   */
  tick(now = this.deps.clock.now()): Promise<TickResult[]> {
    this.ticking ??= tickAll(this.ctx, now).finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** Records the offline evaluation's evidence (R2.1), which lets the offline stage complete. */
  recordOfflineEvidence(
    release: ReleaseRecord,
    evidence: Record<string, unknown>,
    actor: Principal,
  ): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => recordEvidence(this.ctx, fresh, evidence, actor));
  }

  /** Declares reference distributions for the release's `driftFromReference` gates (before it starts). */
  declareReferences(
    release: ReleaseRecord,
    distributions: Record<string, ReferenceDistribution>,
    actor: Principal,
  ): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => declareReferences(this.ctx, fresh, distributions, actor));
  }

  /** Pauses stage advance (traffic stays where it is). */
  pause(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => pauseRelease(this.ctx, fresh, actor, reason));
  }

  /** Resumes a paused release; its bake restarts from now. */
  resume(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => resumeRelease(this.ctx, fresh, actor, reason));
  }

  /** Ends a release without promoting: traffic returns to the control. */
  abort(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => abortRelease(this.ctx, fresh, actor, reason));
  }

  /**
   * Promotes the candidate: production → candidate, previous → old control (with the release's
   * cool-down, R1.4), the split ends, and the release's bundle holds are released.
   */
  promote(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => promoteRelease(this.ctx, fresh, actor, reason));
  }

  /** The rollback that would run now for a request (dry run). */
  planRollback(release: ReleaseRecord, request: RollbackRequest) {
    return planFor(this.deps, release, request);
  }

  /** Plans and (within authority) runs the rollback for a decision, a request, or an override. */
  rollback(
    release: ReleaseRecord,
    actor: Principal,
    request: RollbackRequest,
    approvals: readonly Approval[] = [],
  ): Promise<RollbackOutcome> {
    return this.locked(release, (fresh) => requestRollback(this.ctx, fresh, actor, request, approvals));
  }

  /**
   * Resumes rollback runs a crash interrupted, each from its first unfinished step, and settles a
   * release an earlier version left rolling back after its run ended.
   */
  async resumeRuns(): Promise<RollbackOutcome[]> {
    const outcomes: RollbackOutcome[] = [];
    for (const run of await this.deps.stores.runs.allRunning()) {
      const listed = await this.deps.stores.releases.get(run.releaseId);
      if (!listed) continue;
      outcomes.push(await this.locked(listed, (release) => resumeRun(this.ctx, run, release)));
    }
    for (const listed of await this.deps.stores.releases.list({ statuses: ['rolling-back'] }))
      await this.locked(listed, (release) => settleLeftover(this.ctx, release));
    return outcomes;
  }

  /**
   * Drives a run on after a job status report, or to check a waiting job's deadline; records and
   * settles the release when the run moved on. Returns null when nothing changed.
   */
  async continueRun(runId: string): Promise<RollbackOutcome | null> {
    const listed = await this.deps.stores.runs.get(runId);
    const owner = listed && (await this.deps.stores.releases.get(listed.releaseId));
    return owner ? this.locked(owner, (release) => continueLocked(this.ctx, runId, release)) : null;
  }

  /** The incident commander's override (R6.2): refused for anyone else. */
  checkOverride(
    release: ReleaseRecord,
    actor: Principal,
    action: RollbackAction,
    reason: string,
    level?: 1 | 2 | 3 | 4,
  ): Promise<PlanOverride> {
    return checkOverride(this.ctx, release, actor, action, reason, level);
  }

  /** An approval (or refusal) of the rollback waiting for one; a grant re-checks authority and runs it when complete. */
  approve(
    release: ReleaseRecord,
    actor: Principal,
    verdict: 'grant' | 'refuse',
    reason: string,
  ): Promise<RollbackOutcome | RefusedByApprover> {
    return this.locked(release, (fresh) => approveLocked(this.ctx, fresh, actor, verdict, reason));
  }

  /** Records an approval or rollback request the HTTP layer refused (403) as `approval.denied`. */
  denyApproval(
    release: ReleaseRecord,
    actor: Principal,
    verdict: DeniedAsk,
    given: string,
    problem: string,
  ): Promise<void> {
    return this.locked(release, (fresh) => recordDeniedApproval(this.ctx, fresh, actor, verdict, given, problem));
  }

  /** The team lead acknowledges a level-2 rollback's notification (R6.1). */
  acknowledge(release: ReleaseRecord, actor: Principal): Promise<ReleaseRecord> {
    return this.locked(release, (fresh) => acknowledgeLocked(this.ctx, fresh, actor));
  }

  /** Runs `fn` on a fresh read of the release, holding its lock (see release-locks.ts). */
  private locked<T>(release: ReleaseRecord, fn: (fresh: ReleaseRecord) => Promise<T>): Promise<T> {
    return this.locks.run(release.id, async () => fn(await this.reload(release)));
  }

  private async reload(release: ReleaseRecord): Promise<ReleaseRecord> {
    return (await this.deps.stores.releases.get(release.id))!;
  }
}
