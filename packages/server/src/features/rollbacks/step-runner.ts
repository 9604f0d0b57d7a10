import type { Clock } from '../../clock.js';
import type { Principal } from '../auth/principal.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { PlanStep } from '../releases/planning/rollback-plan.js';
import { callActuator, DRILL_HEADER } from './actuator-client.js';
import { builtinActuator, resolveActuator, type Actuators } from './actuator-schema.js';
import { actuateRestore, type ActuationDeps } from './actuators/actuation.js';
import { dispatchBuiltinJob, pollBuiltinJob } from './actuators/builtin-job-step.js';
import { dispatchedJob, jobRequestBody, jobVerdict } from './job-steps.js';
import type { RollbackRun, RunStep } from './run-store.js';
import { applyConfigEffect, releaseRef, type EffectConfig } from './step-effects.js';

/**
 * Called at each step boundary (and right after a step's effect), and around the transaction that
 * ends the run (`closing`, `closed`); the crash tests kill the process there.
 */
export type StepHook = (
  run: RollbackRun,
  step: RunStep,
  phase: 'started' | 'applied' | 'done' | 'closing' | 'closed',
) => void;

/** What the step runner needs of the executor's dependencies (see `ExecutorDeps`). */
export interface StepDeps {
  clock: Clock;
  config: EffectConfig;
  onStep?: StepHook;
  secrets?: Readonly<Record<string, string>>;
  actuatorBackoffMs?: number;
  drill?: boolean;
}

/** Persists fields of one step of a run and answers the run as saved (the executor's `mark`). */
export type MarkStep = (run: RollbackRun, index: number, fields: Partial<RunStep>) => Promise<RollbackRun>;

/** What one pass of `drive` leaves to do for a step. */
export type StepOutcome = { kind: 'done'; result: string } | { kind: 'wait' } | { kind: 'failed'; error: string };

/** What a step's effects are applied for: the release, who acts, the run's actuators, and why. */
export interface StepContext {
  release: ReleaseRecord;
  actor: Principal;
  actuators: Actuators | undefined;
  trafficCleared: boolean;
  reason: string;
}

/**
 * The effects of one step of a rollback run (rollback-executor.ts drives the run around it): a
 * configuration change, the restore's actuator call (or a built-in kind's apply), or a job's
 * dispatch and polling. Each effect is recorded under the step's idempotency key before the step
 * is marked done, so a repeat after a crash applies nothing twice.
 */
export class StepRunner {
  constructor(
    private readonly deps: StepDeps,
    private readonly mark: MarkStep,
  ) {}

  /** One pass over one step: its effects (the dangerous moment is between them and `done`). */
  async run(
    run: RollbackRun,
    index: number,
    planStep: PlanStep,
    ctx: StepContext,
  ): Promise<StepOutcome & { run: RollbackRun }> {
    let step = run.steps[index]!;
    if (step.status === 'waiting') {
      // A built-in kind's job is polled here, on each pass (the tick drives waiting runs on).
      const spec = planStep.kind === 'job' ? builtinActuator(ctx.actuators, planStep.job) : undefined;
      const polled = spec && (await pollBuiltinJob(step, run.plan, spec, this.deps.clock.now(), this.actuationDeps()));
      if (polled) run = await this.mark(run, index, { job: polled });
      step = run.steps[index]!;
      const verdict = jobVerdict(step, this.deps.clock.now());
      return { ...(verdict.kind === 'succeeded' ? { kind: 'done', result: verdict.result } : verdict), run };
    }
    if (planStep.kind === 'job') return this.dispatch(run, index, planStep, ctx.release, ctx.actuators);
    const result = await applyConfigEffect(planStep, step.key, { ...ctx, config: this.deps.config });
    let current = run;
    const actuator = planStep.kind === 'restore' ? resolveActuator(ctx.actuators, planStep.component) : undefined;
    if (planStep.kind === 'restore' && actuator) {
      const key = `${step.key}:actuator`;
      if (step.calls?.[key] === undefined) {
        const body = {
          type: 'ripcord.actuation',
          id: key,
          action: 'restore',
          component: planStep.component,
          from: planStep.from,
          to: planStep.to,
          level: planStep.level,
          run: run.id,
          step: index,
          release: releaseRef(ctx.release),
          reason: ctx.reason,
          ...this.drillField(ctx.release),
        };
        const call = await callActuator(
          { actuator, key, event: 'actuator.restore', body, ...this.drillHeader(ctx.release) },
          this.callOptions(),
        );
        if (!call.ok) return { kind: 'failed', error: call.error, run };
        current = await this.mark(run, index, { calls: { ...step.calls, [key]: this.now() } });
      }
    }
    let called = actuator ? `; ${actuator.name} actuator called` : '';
    const builtin = planStep.kind === 'restore' ? builtinActuator(ctx.actuators, planStep.component) : undefined;
    if (planStep.kind === 'restore' && builtin && this.deps.drill)
      called = `; drill: the ${planStep.component} actuator (${builtin.kind}) is not called (a built-in kind cannot confine its effect to the drill segment)`;
    else if (planStep.kind === 'restore' && builtin) {
      // Apply (reading first, so a repeat after a crash changes nothing), read back, then record.
      const key = `${step.key}:actuator`;
      called = `; ${planStep.component} actuator (${builtin.kind}): applied before a restart`;
      if (step.calls?.[key] === undefined) {
        const done = await actuateRestore(planStep.component, builtin, run.plan, this.actuationDeps());
        if (!done.ok) return { kind: 'failed', error: done.error, run };
        current = await this.mark(run, index, { calls: { ...step.calls, [key]: this.now() } });
        called = `; ${done.detail}`;
      }
    }
    this.deps.onStep?.(current, current.steps[index]!, 'applied');
    return { kind: 'done', result: `${result}${called}`, run: current };
  }

  /** Dispatches a job (or leaves it to a person) and marks the step waiting. */
  private async dispatch(
    run: RollbackRun,
    index: number,
    planStep: Extract<PlanStep, { kind: 'job' }>,
    release: ReleaseRecord,
    actuators: Actuators | undefined,
  ): Promise<StepOutcome & { run: RollbackRun }> {
    const step = run.steps[index]!;
    const builtin = builtinActuator(actuators, planStep.job);
    if (builtin) {
      const started = await dispatchBuiltinJob(
        step,
        planStep,
        run.plan,
        builtin,
        this.deps.clock.now(),
        this.actuationDeps(),
      );
      if (!started.ok) return { kind: 'failed', error: started.error, run };
      const calls = { ...step.calls, [`${step.key}:job`]: this.now() };
      const current = await this.mark(run, index, { status: 'waiting', job: started.job, calls });
      this.deps.onStep?.(current, current.steps[index]!, 'applied');
      const verdict = jobVerdict(current.steps[index]!, this.deps.clock.now());
      return { ...(verdict.kind === 'succeeded' ? { kind: 'done', result: verdict.result } : verdict), run: current };
    }
    const actuator = resolveActuator(actuators, planStep.job);
    const job = dispatchedJob(actuator, this.deps.clock.now(), step.job);
    const key = `${step.key}:job`;
    if (actuator && step.calls?.[key] === undefined) {
      const body = {
        ...jobRequestBody(planStep, run, index, key, job.deadlineAt),
        release: releaseRef(release),
        ...this.drillField(release),
      };
      const call = await callActuator(
        { actuator, key, event: 'actuator.job', body, ...this.drillHeader(release) },
        this.callOptions(),
      );
      if (!call.ok) return { kind: 'failed', error: call.error, run };
    }
    const calls = actuator ? { ...step.calls, [key]: this.now() } : step.calls;
    const current = await this.mark(run, index, { status: 'waiting', job, ...(calls ? { calls } : {}) });
    this.deps.onStep?.(current, current.steps[index]!, 'applied');
    // A report may have come before the dispatch was recorded (a crash in between).
    const verdict = jobVerdict(current.steps[index]!, this.deps.clock.now());
    return { ...(verdict.kind === 'succeeded' ? { kind: 'done', result: verdict.result } : verdict), run: current };
  }

  /** The drill marker of an actuator body: `drill: { id }` (the drill's id is the run's release id). */
  private drillField(release: ReleaseRecord): { drill?: { id: string } } {
    return this.deps.drill ? { drill: { id: release.id } } : {};
  }

  private drillHeader(release: ReleaseRecord): { headers?: Record<string, string> } {
    return this.deps.drill ? { headers: { [DRILL_HEADER]: release.id } } : {};
  }

  /** How actuator calls find their secrets, tell time and back off. */
  callOptions() {
    const secrets = this.deps.secrets ?? {};
    return {
      secret: (name: string) => (Object.hasOwn(secrets, name) ? secrets[name] : undefined),
      now: () => this.deps.clock.now(),
      ...(this.deps.actuatorBackoffMs !== undefined ? { backoffMs: this.deps.actuatorBackoffMs } : {}),
    };
  }

  /** What the built-in actuator kinds need (their credentials by variable name), for steps, readiness and dry runs. */
  actuationDeps(): ActuationDeps {
    const { secret } = this.callOptions();
    return { secret, ...(this.deps.actuatorBackoffMs !== undefined ? { backoffMs: this.deps.actuatorBackoffMs } : {}) };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }
}
