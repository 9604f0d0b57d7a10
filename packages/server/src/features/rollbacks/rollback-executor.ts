import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Transact } from '../../db/transaction.js';
import { AppError, notFound } from '../../errors.js';
import type { Principal } from '../auth/principal.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { RollbackPlan } from '../releases/planning/rollback-plan.js';
import { pickActuators, type Actuators } from './actuator-schema.js';
import type { ActuationDeps } from './actuators/actuation.js';
import { applyJobReport, type JobReport } from './job-steps.js';
import type { RollbackRun, RunStep } from './run-store.js';
import { endsTraffic, type EffectConfig } from './step-effects.js';
import { StepRunner, type StepHook } from './step-runner.js';
import type { AuditStore } from '../audit/audit-store.js';
import type { RegistryStore } from '../bundles/registry-store.js';
import type { ConfigStore } from '../flags/config-store.js';
import type { IncidentStore } from '../incidents/incident-store.js';
import type { NotificationOutboxStore } from '../notifications/outbox-store.js';
import type { ReleaseStore } from '../releases/release-store.js';
import type { RunStore } from './run-store.js';

export { endsTraffic } from './step-effects.js';

export type { StepHook } from './step-runner.js';

/**
 * The release machine's part of a run's end (the executor never drives the machine): given the
 * ended run, it reads what it needs and answers the writes to make in the transaction that writes
 * the run's final state (called with that transaction's stores; nothing else may be read inside
 * it: PGlite serialises transactions, so a read outside would wait for this one forever).
 */
export type RunEnd = (run: RollbackRun) => Promise<(stores: RunEndStores) => Promise<void>>;

/**
 * The stores of the transaction that ends a run: the run's own, and what the release machine's
 * part of the end writes (the release's transition and timeline, the incident, notifications).
 */
export interface RunEndStores {
  runs: RunStore;
  releases: ReleaseStore;
  incidents: IncidentStore;
  audit: AuditStore;
  notifications: NotificationOutboxStore;
  registry: RegistryStore;
  config: ConfigStore;
}

/** Dependencies of the executor. */
export interface ExecutorDeps {
  stores: Pick<RunEndStores, 'runs' | 'registry'>;
  transact: Transact<RunEndStores>;
  clock: Clock;
  /** Where a step's configuration effects go (a drill passes one confined to its segment). */
  config: EffectConfig;
  onStep?: StepHook;
  /** Actuator secrets by environment variable name (see actuator-schema.ts). */
  secrets?: Readonly<Record<string, string>>;
  /** First retry delay of actuator calls (tests shorten it; default 500 ms). */
  actuatorBackoffMs?: number;
  /**
   * Set for the executor that runs rollback drills (features/drills): every actuator call carries
   * the drill marker (`X-Ripcord-Drill` header, `drill` body field) and built-in kinds, which
   * cannot confine an effect to a drill segment, are not called.
   */
  drill?: boolean;
}

/**
 * Runs a rollback plan as persisted, idempotent steps (R7.1). Each step is marked started, its
 * effects applied under idempotency keys (a configuration revision tagged with the step's key is
 * never applied twice; actuator calls carry the key plus a suffix and are recorded once
 * accepted), then marked done; a restart resumes from the first unfinished step. A job step
 * (levels 3–4) waits, persisted, for its job to report; `drive` returns there and is called again
 * when the job reports or the release tick checks its deadline. At most one run per release is
 * running: concurrent requests join it. Within this process one run is driven at a time.
 */
export class RollbackExecutor {
  private readonly busy = new Map<string, Promise<unknown>>();
  private readonly steps: StepRunner;

  constructor(private readonly deps: ExecutorDeps) {
    this.steps = new StepRunner(deps, (run, index, fields) => this.mark(run, index, fields));
  }

  /**
   * A new run for an authorised plan, not yet stored: the release machine inserts it in the
   * transaction that claims the release (one run per release, at most one running). Its actuator
   * declarations are frozen now: a workflow re-applied mid-run (or before a resume) does not change
   * where the run's calls go or which secret signs them.
   */
  async newRun(
    release: ReleaseRecord,
    plan: RollbackPlan,
    actor: Principal,
    reason: string,
    requestedAt: Date,
  ): Promise<RollbackRun> {
    const id = `run_${randomBytes(6).toString('hex')}`;
    const actuators = pickActuators(await this.currentActuators(release), actuatorNames(plan));
    const now = this.deps.clock.now();
    const steps: RunStep[] = plan.steps.map((s, index) => ({
      index,
      kind: s.kind,
      text: s.text,
      key: `${id}:${index}`,
      status: 'pending',
    }));
    return {
      id,
      releaseId: release.id,
      status: 'running',
      plan,
      steps,
      actuators,
      actor: actor.subject,
      reason,
      requestedAt,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
  }

  /**
   * Runs every unfinished step of a run, persisting each boundary. Returns the run `succeeded`
   * when every step is done, `failed` when a step failed, or still `running` at a job that waits.
   */
  drive(run: RollbackRun, release: ReleaseRecord, actor: Principal, onEnd: RunEnd): Promise<RollbackRun> {
    return this.exclusive(run.id, () => this.driveNow(run, release, actor, onEnd));
  }

  /**
   * Drives a run on, as `drive`, and says whether this call moved it (finished it, or reached
   * another waiting step): a run another caller already finished is returned unchanged.
   */
  advance(
    run: RollbackRun,
    release: ReleaseRecord,
    actor: Principal,
    onEnd: RunEnd,
  ): Promise<{ run: RollbackRun; moved: boolean }> {
    return this.exclusive(run.id, async () => {
      const stored = (await this.deps.stores.runs.get(run.id)) ?? run;
      if (stored.status !== 'running') return { run: stored, moved: false };
      const driven = await this.driveNow(stored, release, actor, onEnd);
      const waitingAt = (r: RollbackRun) => r.steps.find((s) => s.status === 'waiting')?.index;
      return { run: driven, moved: driven.status !== 'running' || waitingAt(driven) !== waitingAt(stored) };
    });
  }

  /** Records a job status report for a job step (the caller then drives the run on). */
  report(runId: string, index: number, report: JobReport, by: string): Promise<RollbackRun> {
    return this.exclusive(runId, async () => {
      const run = await this.deps.stores.runs.get(runId);
      if (!run) throw notFound(`rollback run ${runId}`);
      const step = run.steps[index];
      if (!step) throw notFound(`step ${index} of rollback run ${runId} (it has ${run.steps.length})`);
      if (run.status !== 'running') throw new AppError('conflict', `rollback run ${runId} already ${run.status}`);
      return this.mark(run, index, { job: applyJobReport(step, report, by, this.deps.clock.now()) });
    });
  }

  /** Whether the server holds the actuator secret named `envName` (readiness checks it; the value stays here). */
  hasActuatorSecret(envName: string): boolean {
    return this.steps.callOptions().secret(envName) !== undefined;
  }

  /** What the built-in actuator kinds need (their credentials by variable name), for steps, readiness and dry runs. */
  actuationDeps(): ActuationDeps {
    return this.steps.actuationDeps();
  }

  /** True while this process drives the run (a tick need not wait for it). */
  isBusy(runId: string): boolean {
    return this.busy.has(runId);
  }

  private async driveNow(
    given: RollbackRun,
    release: ReleaseRecord,
    actor: Principal,
    onEnd: RunEnd,
  ): Promise<RollbackRun> {
    // A report may have changed the stored run since the caller read it.
    let current = (await this.deps.stores.runs.get(given.id)) ?? given;
    if (current.status !== 'running') return current;
    // Runs stored before declarations were frozen fall back to the workflow's current spec.
    const actuators = current.actuators ?? (await this.currentActuators(release));
    let trafficCleared = false;
    for (const step of current.steps) {
      const planStep = current.plan.steps[step.index]!;
      if (step.status === 'done') {
        trafficCleared ||= endsTraffic(planStep);
        continue;
      }
      if (step.status === 'pending' || step.status === 'started') {
        current = await this.mark(current, step.index, { status: 'started', startedAt: this.now() });
        this.deps.onStep?.(current, current.steps[step.index]!, 'started');
      }
      const ctx = {
        release,
        actor,
        actuators,
        trafficCleared,
        reason: `rollback of ${release.name}: ${current.reason}`,
      };
      const outcome = await this.steps.run(current, step.index, planStep, ctx);
      current = outcome.run;
      if (outcome.kind === 'failed') return this.fail(current, step.index, outcome.error, onEnd);
      if (outcome.kind === 'wait') return current;
      trafficCleared ||= endsTraffic(planStep);
      current = await this.mark(current, step.index, {
        status: 'done',
        finishedAt: this.now(),
        result: outcome.result,
      });
      this.deps.onStep?.(current, current.steps[step.index]!, 'done');
    }
    return this.close(current, 'succeeded', onEnd);
  }

  private async currentActuators(release: ReleaseRecord): Promise<Actuators | undefined> {
    return (await this.deps.stores.registry.getWorkflow(release.workflow))?.spec.actuators;
  }

  private async fail(run: RollbackRun, index: number, error: string, onEnd: RunEnd): Promise<RollbackRun> {
    const failed = await this.mark(run, index, { status: 'failed', finishedAt: this.now(), error });
    return this.close(failed, 'failed', onEnd);
  }

  /**
   * Ends a run: its final state and whatever the release machine records of its end (the release's
   * transition, the team lead's notification, the incident and their notifications) commit in one
   * transaction, so a crash leaves either the run still running (resumed at boot) or all of it.
   */
  private async close(run: RollbackRun, status: 'succeeded' | 'failed', onEnd: RunEnd): Promise<RollbackRun> {
    const at = this.deps.clock.now();
    const finished = { ...run, status, updatedAt: at, finishedAt: at };
    const settle = await onEnd(finished);
    this.deps.onStep?.(run, run.steps.at(-1)!, 'closing');
    await this.deps.transact(async (s) => {
      await s.runs.save(finished);
      await settle(s);
    });
    this.deps.onStep?.(finished, finished.steps.at(-1)!, 'closed');
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

  /** Runs `work` after any other work on the same run in this process. */
  private async exclusive<T>(runId: string, work: () => Promise<T>): Promise<T> {
    while (this.busy.has(runId)) await this.busy.get(runId)!.catch(() => undefined);
    const promise = work();
    this.busy.set(runId, promise);
    try {
      return await promise;
    } finally {
      this.busy.delete(runId);
    }
  }
}

/** The components and job kinds a plan's steps may call an actuator for. */
function actuatorNames(plan: RollbackPlan): string[] {
  return plan.steps.flatMap((s) => (s.kind === 'restore' ? [s.component] : s.kind === 'job' ? [s.job] : []));
}
