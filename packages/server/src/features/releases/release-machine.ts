import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import { inTransaction, type Stores } from '../../db/stores.js';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { systemPrincipal, type Principal } from '../auth/principal.js';
import type { RegistryService } from '../bundles/registry-service.js';
import type { ConfigService } from '../flags/config-service.js';
import { parseDuration } from '../gates/gate-values.js';
import { decide, type Decision, type GateEvaluation } from './decision.js';
import type { GatePort } from './gate-port.js';
import type { SideEffectSource } from './release-rollback.js';
import type { RollbackExecutor } from '../rollbacks/rollback-executor.js';
import type { RollbackRun } from '../rollbacks/run-store.js';
import { ReleaseLocks } from './release-locks.js';
import type { IncidentService } from '../incidents/incident-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { recordReleaseEvent } from './release-timeline.js';
import { checkReadiness, healthUrls, type HealthProbe, type Readiness } from './readiness.js';
import { planStages, stageTraffic, type PlanStage } from './release-model.js';
import type { ReleaseRecord, ReleaseStatus, ReleaseTimers } from './release-store.js';
import { terminalStatuses } from './release-store.js';
import {
  executeRollback,
  planFor,
  runOutcome,
  type RollbackOutcome,
  type RollbackRequest,
} from './release-rollback.js';
import {
  approvalsFor,
  checkTeamLead,
  expiredTimers,
  requirePending,
  timersAfterRollback,
} from './release-approvals.js';
import { authorizeOverride, type Approval } from './authority.js';
import type { RollbackAction } from '../gates/gate-spec.js';
import type { PlanOverride } from './rollback-plan.js';

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
}

/** What one tick did to one release. */
export interface TickResult {
  release: string;
  decision: Decision['kind'] | null;
  action: 'none' | 'advanced' | 'promoted' | 'rolled-back' | 'paused' | 'awaiting-approval';
}

/**
 * The release ticket as a persisted state machine (R2.2): pending → running (stage by stage,
 * traffic published as configuration revisions, bake timers stored) → promoted; or rolling back
 * → rolled back; pause, resume, promote and abort by hand. `tick(now)` is the only place time
 * moves a release, so a restart or a simulation with a manual clock replays exactly.
 */
export class ReleaseMachine {
  private ticking: Promise<TickResult[]> | undefined;
  private readonly locks = new ReleaseLocks();

  constructor(private readonly deps: ReleaseMachineDeps) {}

  /** R2.3: the release's readiness now. */
  readiness(release: ReleaseRecord): Promise<Readiness> {
    return checkReadiness(this.deps, release);
  }

  /** Starts a pending release after its readiness checks pass; blocked releases stay pending. */
  start(release: ReleaseRecord, actor: Principal): Promise<{ started: boolean; readiness: Readiness }> {
    return this.locked(release, async (release) => {
      if (release.status !== 'pending')
        throw new AppError('conflict', `release ${release.name} is ${release.status}, not pending`);
      const readiness = await this.readiness(release);
      const at = this.deps.clock.now();
      if (!readiness.ready) {
        await this.event(this.deps.stores, release, at, 'release.readiness-blocked', actor.subject, {
          blockers: readiness.blockers,
        });
        return { started: false, readiness };
      }
      await this.transition(release, { status: 'running', startedAt: at }, 'release.started', actor, {
        warnings: readiness.warnings,
      });
      await this.deps.gates.start({ ...release, status: 'running', startedAt: at }, at);
      await this.enterStage(await this.reload(release), 0, actor);
      return { started: true, readiness };
    });
  }

  /**
   * Evaluates every running release once and acts on its decision. One tick at a time: a timer
   * that fires while a slow tick still runs gets that tick's results, and never acts on a release
   * read before that tick moved it (which would write its old timers back).
   */
  tick(now = this.deps.clock.now()): Promise<TickResult[]> {
    this.ticking ??= this.tickAll(now).finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async tickAll(now: Date): Promise<TickResult[]> {
    await this.expireTimers(now);
    await this.continueWaitingRuns();
    await this.deps.incidents.tick(now);
    const running = await this.deps.stores.releases.list({ statuses: ['running'] });
    const results: TickResult[] = [];
    for (const release of running) {
      try {
        // A request may have moved the release since the list was read: act on its state under the lock.
        const result = await this.locked(release, (fresh) =>
          fresh.status === 'running' ? this.tickOne(fresh, now) : Promise.resolve(null),
        );
        if (result !== null) results.push(result);
      } catch (error) {
        this.deps.logger.error({ err: error, release: release.id }, 'release tick failed');
      }
    }
    return results;
  }

  private async tickOne(release: ReleaseRecord, now: Date): Promise<TickResult> {
    const stages = planStages(release.spec);
    const stage = stages[release.stage];
    await this.probeHealth(release, now);
    const evaluations = await this.withSince(release, await this.deps.gates.evaluate(release.id, now), now);
    const next = stages[release.stage + 1];
    const decision = decide({
      evaluations,
      criticality: (await this.deps.stores.registry.getWorkflow(release.workflow))?.spec.criticality,
      stage: {
        next: next ? next.kind : null,
        bakeEndsAt: release.timers.bakeEndsAt ?? null,
        ...(stage?.kind === 'canary' ? { bakeMs: stage.bakeMs } : {}),
        evidenceComplete: stage?.kind !== 'offline' || release.timers.offlineEvidence !== undefined,
        ...(release.timers.stageStartedAt ? { startedAt: release.timers.stageStartedAt } : {}),
      },
      now,
    });
    await this.recordDecision(release, decision, now);
    const result: TickResult = { release: release.id, decision: decision.kind, action: 'none' };
    if (decision.kind === 'rollback-now') {
      const outcome = await this.rollback(release, systemPrincipal, { decision });
      result.action =
        outcome.status === 'awaiting-approval'
          ? 'awaiting-approval'
          : outcome.releaseStatus === 'paused'
            ? 'paused'
            : 'rolled-back';
    } else if (decision.advance && next) {
      if (next.kind === 'promote')
        await this.promote(release, systemPrincipal, 'every gate held through the last stage');
      else await this.enterStage(release, next.index, systemPrincipal);
      result.action = next.kind === 'promote' ? 'promoted' : 'advanced';
    }
    return result;
  }

  /**
   * Adds to each evaluation since when its gate has been in its state, kept in the release's
   * timers (R4.4: an immediate or rapid gate inconclusive for too long blocks advancing).
   */
  private async withSince(release: ReleaseRecord, evaluations: GateEvaluation[], now: Date): Promise<GateEvaluation[]> {
    const previous = release.timers.gateSince ?? {};
    const next: Record<string, { state: string; since: string }> = {};
    const out = evaluations.map((e) => {
      const kept = previous[e.gate]?.state === e.state ? previous[e.gate]!.since : now.toISOString();
      next[e.gate] = { state: e.state, since: kept };
      return { ...e, since: e.since ?? kept };
    });
    if (JSON.stringify(next) !== JSON.stringify(previous)) {
      release.timers = { ...release.timers, gateSince: next };
      await this.deps.stores.releases.update(release.id, { timers: release.timers, updatedAt: now });
    }
    return out;
  }

  /** Probes both arms' declared health endpoints and feeds the health gates (GATES.md: 3 failures = failing). */
  private async probeHealth(release: ReleaseRecord, now: Date): Promise<void> {
    if (!this.deps.gates.probe) return;
    for (const arm of ['control', 'candidate'] as const) {
      const bundle = await this.deps.stores.registry.getBundle(release.workflow, release.spec[arm]);
      for (const { url } of bundle ? healthUrls(bundle.spec.components) : []) {
        const result = await this.deps.probe(url);
        await this.deps.gates.probe(release.id, arm, result.ok, now);
      }
    }
  }

  /** Records the offline evaluation's evidence (R2.1), which lets the offline stage complete. */
  recordOfflineEvidence(
    release: ReleaseRecord,
    evidence: Record<string, unknown>,
    actor: Principal,
  ): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      const stage = planStages(release.spec)[release.stage];
      if (release.status !== 'running' || stage?.kind !== 'offline')
        throw new AppError('conflict', `release ${release.name} is not in an offline stage`);
      const at = this.deps.clock.now();
      await this.transition(
        release,
        { timers: { ...release.timers, offlineEvidence: at.toISOString() } },
        'release.offline-evidence',
        actor,
        evidence,
      );
      return this.reload(release);
    });
  }

  /** Pauses stage advance (traffic stays where it is). */
  pause(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      if (release.status !== 'running')
        throw new AppError('conflict', `release ${release.name} is ${release.status}, not running`);
      await this.transition(
        release,
        { status: 'paused', timers: { ...release.timers, pausedBy: actor.subject, pauseReason: reason } },
        'release.paused',
        actor,
        { reason },
      );
      return this.reload(release);
    });
  }

  /** Resumes a paused release; its bake restarts from now. */
  resume(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      if (release.status !== 'paused')
        throw new AppError('conflict', `release ${release.name} is ${release.status}, not paused`);
      const { pausedBy: _p, pauseReason: _r, ...timers } = release.timers;
      await this.transition(release, { status: 'running', timers }, 'release.resumed', actor, { reason });
      await this.enterStage(await this.reload(release), release.stage, actor);
      return this.reload(release);
    });
  }

  /** Ends a release without promoting: traffic returns to the control. */
  abort(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      if (terminalStatuses.includes(release.status))
        throw new AppError('conflict', `release ${release.name} already ended (${release.status})`);
      await this.clearTraffic(release, actor, `abort: ${reason}`);
      await this.finish(release, 'aborted', 'release.aborted', actor, { reason });
      return this.reload(release);
    });
  }

  /**
   * Promotes the candidate: production → candidate, previous → old control (with the release's
   * cool-down, R1.4), the split ends, and the release's bundle holds are released.
   */
  promote(release: ReleaseRecord, actor: Principal, reason: string): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      if (release.status !== 'running' && release.status !== 'paused')
        throw new AppError(
          'conflict',
          `release ${release.name} is ${release.status}: only a running or paused release can be promoted`,
        );
      const { spec } = release;
      const cooldownMs = parseDuration(spec.cooldown) ?? 72 * 3600e3;
      const why = `release ${spec.name} promoted: ${reason}`;
      await this.deps.registry.setLabel(
        {
          workflow: spec.workflow,
          environment: spec.environment,
          label: 'previous',
          version: spec.control,
          reason: why,
        },
        actor,
      );
      await this.deps.registry.setLabel(
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
      const at = this.deps.clock.now();
      await this.finish(
        release,
        'promoted',
        'release.promoted',
        actor,
        { reason },
        { cooldownEndsAt: new Date(at.getTime() + cooldownMs).toISOString() },
      );
      return this.reload(release);
    });
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
    return this.locked(release, async (release) => {
      const plan = await planFor(this.deps, release, request);
      const outcome = await executeRollback(this.deps, release, plan, actor, request, approvals);
      if (outcome.status === 'joined') return outcome;
      return this.afterRollback(release, outcome, request, actor);
    });
  }

  /** Resumes rollback runs a crash interrupted, each from its first unfinished step. */
  async resumeRuns(): Promise<RollbackOutcome[]> {
    const outcomes: RollbackOutcome[] = [];
    for (const run of await this.deps.stores.runs.allRunning()) {
      const listed = await this.deps.stores.releases.get(run.releaseId);
      if (!listed) continue;
      outcomes.push(await this.locked(listed, (release) => this.resumeRun(run, release)));
    }
    return outcomes;
  }

  private async resumeRun(run: RollbackRun, release: ReleaseRecord): Promise<RollbackOutcome> {
    const actor: Principal = { ...systemPrincipal, subject: run.actor };
    const finished = await this.deps.executor.drive(run, release, actor);
    const outcome = runOutcome(release, finished, null);
    await this.record(release, 'rollback.resumed', actor, { run: run.id, steps: outcome.executed });
    return this.afterRollback(release, outcome, { reason: run.reason }, actor);
  }

  private async afterRollback(
    release: ReleaseRecord,
    outcome: RollbackOutcome,
    request: RollbackRequest,
    actor: Principal,
  ): Promise<RollbackOutcome> {
    const plan = outcome.plan;
    const now = this.deps.clock.now();
    const timers = timersAfterRollback(release, outcome, request, actor, now);
    if (outcome.runStatus === 'running' || outcome.runStatus === 'failed')
      return this.runPending(release, outcome, actor, timers);
    if (outcome.releaseStatus === 'rolled-back') {
      await this.finish(
        release,
        'rolled-back',
        'release.rolled-back',
        actor,
        { plan: plan.level, covers: plan.covers },
        timers,
      );
    } else {
      const status = (await this.reload(release)).status;
      const pausing = outcome.releaseStatus !== release.status && (status === 'running' || status === 'rolling-back');
      const fields = pausing
        ? { status: 'paused' as const, timers: { ...timers, pausedBy: actor.subject, pauseReason: outcome.summary } }
        : { timers };
      await this.transition(release, fields, pausing ? 'release.paused' : 'release.rollback-recorded', actor, {
        reason: outcome.summary,
      });
    }
    const notify = outcome.authority?.outcome === 'allowed' ? outcome.authority.notify : [];
    for (const n of notify)
      await this.record(release, 'notify.team-lead', actor, {
        principals: n.principals,
        acknowledgeBy: n.acknowledgeBy,
        reason: n.reason,
      });
    const run =
      outcome.status === 'executed' && outcome.runId ? await this.deps.stores.runs.get(outcome.runId) : undefined;
    if (run) await this.deps.incidents.open(await this.reload(release), run);
    return outcome;
  }

  /**
   * A run that is not done: a job step waits (the release stays rolling back; the run goes on when
   * the job reports or the tick finds its deadline passed), or a step failed — the release is
   * paused, never reported rolled back, and the incident commander is paged.
   */
  private async runPending(
    release: ReleaseRecord,
    outcome: RollbackOutcome,
    actor: Principal,
    timers: ReleaseTimers,
  ): Promise<RollbackOutcome> {
    const details = { run: outcome.runId, reason: outcome.summary, steps: outcome.executed };
    if (outcome.runStatus === 'running') {
      await this.transition(release, { timers }, 'rollback.waiting', actor, details);
      return outcome;
    }
    const paused = { ...timers, pausedBy: actor.subject, pauseReason: outcome.summary };
    await this.transition(release, { status: outcome.releaseStatus, timers: paused }, 'rollback.failed', actor, {
      ...details,
      escalation: 'the rollback failed: the incident commander is paged',
    });
    // The incident is opened escalated: a failed rollback is never verified (R7.2).
    const run = outcome.runId ? await this.deps.stores.runs.get(outcome.runId) : undefined;
    if (run) await this.deps.incidents.openFailed(await this.reload(release), run, outcome.summary);
    return outcome;
  }

  /**
   * Drives a run on after a job status report, or to check a waiting job's deadline; records and
   * settles the release when the run moved on. Returns null when nothing changed.
   */
  async continueRun(runId: string): Promise<RollbackOutcome | null> {
    const listed = await this.deps.stores.runs.get(runId);
    const owner = listed && (await this.deps.stores.releases.get(listed.releaseId));
    return owner ? this.locked(owner, (release) => this.continueLocked(runId, release)) : null;
  }

  private async continueLocked(runId: string, release: ReleaseRecord): Promise<RollbackOutcome | null> {
    const run = await this.deps.stores.runs.get(runId);
    if (!run || run.status !== 'running') return null;
    const actor: Principal = { ...systemPrincipal, subject: run.actor };
    const { run: driven, moved } = await this.deps.executor.advance(run, release, actor);
    if (!moved) return null;
    const outcome = runOutcome(release, driven, null);
    await this.record(release, 'rollback.continued', actor, { run: run.id, steps: outcome.executed });
    return this.afterRollback(release, outcome, { reason: run.reason }, actor);
  }

  /** Checks the runs waiting for a job that no request is driving now (deadlines pass with time). */
  private async continueWaitingRuns(): Promise<void> {
    for (const run of await this.deps.stores.runs.allRunning()) {
      if (this.deps.executor.isBusy(run.id) || !run.steps.some((s) => s.status === 'waiting')) continue;
      try {
        await this.continueRun(run.id);
      } catch (error) {
        this.deps.logger.error({ err: error, run: run.id }, 'continuing a rollback run failed');
      }
    }
  }

  /** The incident commander's override (R6.2): refused for anyone else. */
  async checkOverride(
    release: ReleaseRecord,
    actor: Principal,
    action: RollbackAction,
    reason: string,
    level?: 1 | 2 | 3 | 4,
  ): Promise<PlanOverride> {
    const workflow = await this.deps.stores.registry.getWorkflow(release.workflow);
    const verdict = authorizeOverride({
      workflow: { name: release.workflow, owners: workflow?.spec.owners },
      release: release.spec,
      actor,
    });
    if (verdict.outcome !== 'allowed') throw new AppError('forbidden', verdict.reason);
    return { by: actor.subject, reason, action, ...(level ? { level } : {}) };
  }

  /** An approval (or refusal) of the rollback waiting for one; a grant re-checks authority and runs it when complete. */
  approve(
    release: ReleaseRecord,
    actor: Principal,
    verdict: 'grant' | 'refuse',
    reason: string,
  ): Promise<RollbackOutcome | { status: 'refused-by-approver'; summary: string }> {
    return this.locked(release, async (release) => {
      const pending = requirePending(release);
      if (verdict === 'refuse') {
        const { pendingRollback: _p, ...timers } = release.timers;
        await this.transition(release, { timers }, 'approval.refused', actor, { reason, level: pending.level });
        return {
          status: 'refused-by-approver',
          summary: `${actor.subject} refused the ${pending.level} rollback: ${reason}`,
        };
      }
      await this.record(release, 'approval.granted', actor, { reason, level: pending.level, principal: actor });
      const fresh = await this.reload(release);
      const approvals = await approvalsFor(this.deps.stores, fresh);
      const requester: Principal = pending.requestedBy === systemPrincipal.subject ? systemPrincipal : actor;
      return this.rollback(fresh, requester, pending.request, approvals);
    });
  }

  /** The team lead acknowledges a level-2 rollback's notification (R6.1). */
  acknowledge(release: ReleaseRecord, actor: Principal): Promise<ReleaseRecord> {
    return this.locked(release, async (release) => {
      const workflow = await this.deps.stores.registry.getWorkflow(release.workflow);
      checkTeamLead(release, workflow?.spec.owners, actor);
      const at = this.deps.clock.now();
      await this.transition(
        release,
        { timers: { ...release.timers, teamLeadAckedAt: at.toISOString() } },
        'notify.acknowledged',
        actor,
        { deadline: release.timers.teamLeadAckBy },
      );
      return this.reload(release);
    });
  }

  /** Acts on expired approval and acknowledgement deadlines: recorded, and escalated to the incident commander. */
  private async expireTimers(now: Date): Promise<void> {
    const candidates = await this.deps.stores.releases.list({ statuses: ['running', 'paused', 'rolled-back'] });
    for (const listed of candidates) await this.locked(listed, (release) => this.expireOne(release, now));
  }

  private async expireOne(release: ReleaseRecord, now: Date): Promise<void> {
    const expired = expiredTimers(release, now);
    if (expired.approval) {
      const { pendingRollback, ...timers } = release.timers;
      await this.transition(release, { timers }, 'approval.expired', systemPrincipal, {
        level: pendingRollback?.level,
        remaining: pendingRollback?.remaining,
        escalation: 'incident commander paged',
      });
    }
    if (expired.teamLead) {
      const fresh = await this.reload(release);
      await this.transition(
        fresh,
        { timers: { ...fresh.timers, teamLeadMissed: now.toISOString() } },
        'notify.team-lead-missed',
        systemPrincipal,
        { deadline: release.timers.teamLeadAckBy, escalation: 'incident commander paged' },
      );
    }
  }

  private async record(
    release: ReleaseRecord,
    kind: string,
    actor: Principal,
    details: Record<string, unknown>,
  ): Promise<void> {
    await inTransaction(this.deps.db, (s) =>
      this.event(s, release, this.deps.clock.now(), kind, actor.subject, details),
    );
  }

  private async enterStage(release: ReleaseRecord, index: number, actor: Principal): Promise<void> {
    const stages = planStages(release.spec);
    const stage = stages[index];
    if (!stage) return;
    if (stage.kind === 'promote') {
      await this.promote(release, actor, 'reached the promote stage');
      return;
    }
    const at = this.deps.clock.now();
    const timers: ReleaseTimers = { ...release.timers, stageStartedAt: at.toISOString(), ...bakeEnd(stage, at) };
    if (stage.kind === 'offline' && index !== release.stage) delete timers.offlineEvidence;
    // A new stage judges its gates afresh: "inconclusive for too long" counts from its start.
    delete timers.gateSince;
    await this.transition(release, { stage: index, timers }, 'release.stage-started', actor, {
      stage: index,
      kind: stage.kind,
      ...stageTraffic(stages, index),
    });
    await this.publishTraffic(release, stages, index, actor);
    await this.deps.gates.startStage(release.id, at);
  }

  private async publishTraffic(
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
      const current = await this.deps.config.current(spec.environment, spec.workflow);
      if (current?.config.split) await this.deps.config.clearSplit(target, actor, reason);
      return;
    }
    await this.deps.config.setSplit(
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

  private async clearTraffic(release: ReleaseRecord, actor: Principal, reason: string): Promise<void> {
    const current = await this.deps.config.current(release.environment, release.workflow);
    if (current?.config.split?.release === release.name) await this.deps.config.clearSplit(release, actor, reason);
  }

  private async recordDecision(release: ReleaseRecord, decision: Decision, at: Date): Promise<void> {
    const key = `${decision.kind}:${decision.gates.join(',')}`;
    if (release.timers.lastDecision === key) return;
    await inTransaction(this.deps.db, async (s) => {
      await s.releases.addDecision({
        id: `dec_${randomBytes(6).toString('hex')}`,
        releaseId: release.id,
        at,
        kind: decision.kind,
        reasoning: decision.reasoning,
        evidence: { ...decision },
        actor: systemPrincipal.subject,
      });
      const firstBreachAt =
        release.timers.firstBreachAt ?? (decision.kind === 'rollback-now' ? at.toISOString() : undefined);
      await s.releases.update(release.id, {
        timers: { ...release.timers, lastDecision: key, ...(firstBreachAt ? { firstBreachAt } : {}) },
        updatedAt: at,
      });
      await this.event(s, release, at, 'decision', systemPrincipal.subject, {
        kind: decision.kind,
        gates: decision.gates,
        reasoning: decision.reasoning,
      });
    });
    release.timers = { ...release.timers, lastDecision: key };
  }

  private async finish(
    release: ReleaseRecord,
    status: ReleaseStatus,
    kind: string,
    actor: Principal,
    details: Record<string, unknown>,
    timers: Partial<ReleaseTimers> = {},
  ): Promise<void> {
    const at = this.deps.clock.now();
    const fresh = await this.reload(release);
    // A finished release waits for no approval: a request left pending would expire and page later.
    const { pendingRollback: _moot, ...kept } = { ...fresh.timers, ...timers };
    await inTransaction(this.deps.db, async (s) => {
      await s.releases.update(release.id, { status, finishedAt: at, updatedAt: at, timers: kept });
      for (const version of [release.spec.control, release.spec.candidate])
        await s.registry.releaseHolds(release.workflow, version, 'release', at);
      await this.event(s, release, at, kind, actor.subject, details);
    });
    await this.deps.gates.stop(release.id);
  }

  private async transition(
    release: ReleaseRecord,
    fields: Partial<Pick<ReleaseRecord, 'status' | 'stage' | 'timers' | 'startedAt'>>,
    kind: string,
    actor: Principal,
    details: Record<string, unknown>,
  ): Promise<void> {
    const at = this.deps.clock.now();
    await inTransaction(this.deps.db, async (s) => {
      await s.releases.update(release.id, { ...fields, updatedAt: at });
      await this.event(s, release, at, kind, actor.subject, details);
    });
  }

  private async event(
    stores: Stores,
    release: ReleaseRecord,
    at: Date,
    kind: string,
    actor: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await recordReleaseEvent(stores, this.deps.notifications, release, { at, kind, actor, details });
  }

  /** Runs `fn` on a fresh read of the release, holding its lock (see release-locks.ts). */
  private locked<T>(release: ReleaseRecord, fn: (fresh: ReleaseRecord) => Promise<T>): Promise<T> {
    return this.locks.run(release.id, async () => fn(await this.reload(release)));
  }

  private async reload(release: ReleaseRecord): Promise<ReleaseRecord> {
    return (await this.deps.stores.releases.get(release.id))!;
  }
}

function bakeEnd(stage: PlanStage, at: Date): Pick<ReleaseTimers, 'bakeEndsAt'> {
  return stage.kind === 'canary' ? { bakeEndsAt: new Date(at.getTime() + stage.bakeMs).toISOString() } : {};
}
