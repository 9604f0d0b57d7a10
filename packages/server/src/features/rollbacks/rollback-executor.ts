import { randomBytes } from 'node:crypto';
import type { JsonValue } from '@ripcord/protocol';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import { inTransaction, type Stores } from '../../db/stores.js';
import { AppError } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ConfigService } from '../flags/config-service.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { PlanStep, RollbackPlan } from '../releases/rollback-plan.js';
import type { RollbackRun, RunStep } from './run-store.js';

/** Called at each step boundary (and right after a step's effect); the crash tests kill the process there. */
export type StepHook = (run: RollbackRun, step: RunStep, phase: 'started' | 'applied' | 'done') => void;

/** Dependencies of the executor. */
export interface ExecutorDeps {
  db: Db;
  stores: Stores;
  clock: Clock;
  config: ConfigService;
  onStep?: StepHook;
}

/**
 * Runs a rollback plan as persisted, idempotent steps (R7.1). Each step is marked started, its
 * effect applied under an idempotency key (a configuration revision tagged with it is never
 * applied twice), then marked done; a restart resumes from the first unfinished step. At most one
 * run per release is running: concurrent requests join it.
 */
export class RollbackExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  /** Creates the run for an authorised plan (moving the release to `rolling-back`), or returns the one already made. */
  async start(
    release: ReleaseRecord,
    plan: RollbackPlan,
    actor: Principal,
    reason: string,
  ): Promise<{ run: RollbackRun; created: boolean }> {
    const id = `run_${randomBytes(6).toString('hex')}`;
    const now = this.deps.clock.now();
    const steps: RunStep[] = plan.steps.map((s, index) => ({
      index,
      kind: s.kind,
      text: s.text,
      key: `${id}:${index}`,
      status: 'pending',
    }));
    const run: RollbackRun = {
      id,
      releaseId: release.id,
      status: 'running',
      plan,
      steps,
      actor: actor.subject,
      reason,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    // Claiming the release and inserting the run commit together: simultaneous requests (two
    // operators, a person and the automation) make exactly one run; the others get its id.
    return inTransaction(this.deps.db, async (s) => {
      if (!(await s.releases.claimForRollback(release.id, now))) {
        const existing = (await s.runs.running(release.id)) ?? (await s.runs.forRelease(release.id))[0];
        if (existing) return { run: existing, created: false };
        throw new AppError('conflict', `release ${release.name} can no longer be rolled back (it has ended)`);
      }
      return s.runs.insertOrJoin(run);
    });
  }

  /** Runs every unfinished step of a run, persisting each boundary, and marks the run succeeded. */
  async drive(run: RollbackRun, release: ReleaseRecord, actor: Principal): Promise<RollbackRun> {
    let current = run;
    let trafficCleared = false;
    for (const step of current.steps) {
      const planStep = current.plan.steps[step.index]!;
      if (step.status === 'done') {
        trafficCleared ||= endsTraffic(planStep);
        continue;
      }
      current = await this.mark(current, step.index, { status: 'started', startedAt: this.now() });
      this.deps.onStep?.(current, current.steps[step.index]!, 'started');
      const result = await this.apply(
        planStep,
        step.key,
        release,
        actor,
        `rollback of ${release.name}: ${run.reason}`,
        trafficCleared,
      );
      // The dangerous moment: the effect happened but is not yet marked done.
      this.deps.onStep?.(current, current.steps[step.index]!, 'applied');
      trafficCleared ||= endsTraffic(planStep);
      current = await this.mark(current, step.index, { status: 'done', finishedAt: this.now(), result });
      this.deps.onStep?.(current, current.steps[step.index]!, 'done');
    }
    const finished = {
      ...current,
      status: 'succeeded' as const,
      updatedAt: this.deps.clock.now(),
      finishedAt: this.deps.clock.now(),
    };
    await this.deps.stores.runs.save(finished);
    return finished;
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async mark(run: RollbackRun, index: number, fields: Partial<RunStep>): Promise<RollbackRun> {
    const steps = run.steps.map((s) => (s.index === index ? { ...s, ...fields } : s));
    const next = { ...run, steps, updatedAt: this.deps.clock.now() };
    await this.deps.stores.runs.save(next);
    return next;
  }

  /** One step's effect. Serving the control bundle to everyone restores every component that differs (R5.5). */
  private async apply(
    step: PlanStep,
    key: string,
    release: ReleaseRecord,
    actor: Principal,
    reason: string,
    trafficCleared: boolean,
  ): Promise<string> {
    const target = { environment: release.environment, workflow: release.workflow };
    if (await this.deps.config.applied(target.environment, target.workflow, key))
      return 'already applied (resumed after a restart)';
    if (endsTraffic(step)) {
      if (trafficCleared) return 'covered by the earlier switch to the control bundle';
      const current = await this.deps.config.current(target.environment, target.workflow);
      if (!current?.config.split) return 'the control bundle already serves everyone';
      const r = await this.deps.config.clearSplit(target, actor, reason, { key });
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
      const r = await this.deps.config.setSplit(target, split, actor, reason, { key });
      return `revision ${r.revision}: candidate at ${step.percent}%`;
    }
    if (step.kind === 'set-flag') return this.setFlag(step, key, target, actor, reason);
    if (step.kind === 'pause') return 'stage advance paused';
    if (step.kind === 'job') return `${step.job} for ${step.target} waits for an actuator (levels 3–4 run as jobs)`;
    return 'restored by the switch to the control bundle';
  }

  private async setFlag(
    step: Extract<PlanStep, { kind: 'set-flag' }>,
    key: string,
    target: { environment: string; workflow: string },
    actor: Principal,
    reason: string,
  ): Promise<string> {
    const value = step.value as JsonValue;
    const revisions: string[] = [];
    for (const [i, segment] of (step.segments ?? [undefined]).entries()) {
      // One revision per segment, each with its own key: a resumed step skips the ones already made.
      if (await this.deps.config.applied(target.environment, target.workflow, `${key}:${i}`)) {
        revisions.push('(already applied)');
        continue;
      }
      const r = await this.deps.config.setFlag(
        { ...target, key: step.flag },
        { value, ...(segment ? { segment } : {}) },
        actor,
        reason,
        { key: `${key}:${i}` },
      );
      revisions.push(String(r.revision));
    }
    return `revision ${revisions.join(', ')}: ${step.flag} = ${JSON.stringify(value)}`;
  }
}

/** Steps that end the candidate's traffic (all of it goes to the control bundle). */
export function endsTraffic(step: PlanStep): boolean {
  return step.kind === 'restore' || (step.kind === 'traffic' && step.to === 'control' && step.segment === null);
}
