/**
 * Runs the built-in kinds for the executor, the dry run and readiness: builds each declaration's
 * HTTP client (its credential by variable name, its timeout and attempts), and turns every
 * failure into a message instead of an exception. A restore step applies and then reads back; a
 * job step starts its job, polls it on each pass, and reads back once it has finished.
 */
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import { bundleTargets, type BundleTargets } from '../../bundles/bundle-targets.js';
import { parseDuration } from '../../gates/language/gate-values.js';
import type { RollbackPlan } from '../../releases/planning/rollback-plan.js';
import { ActuatorHttp, type HttpAuth } from './actuator-http.js';
import type { ActuationSubject, DryRun, PollResult } from './actuator-kind.js';
import { kindOf, type BuiltinSpec } from './builtin-kinds.js';

/** What the built-in kinds need from the server. */
export interface ActuationDeps {
  /** A credential by environment variable name. */
  secret: (envName: string) => string | undefined;
  /** First retry delay (tests shorten it). */
  backoffMs?: number;
}

/** A restore step's actuation as an outcome value: never an exception. */
export type Actuated = { ok: true; detail: string } | { ok: false; error: string };

function authOf(spec: BuiltinSpec): HttpAuth | null {
  if (spec.kind === 'mlflow')
    return spec.tokenEnv ? { scheme: spec.auth === 'basic' ? 'Basic' : 'Bearer', envName: spec.tokenEnv } : null;
  return { scheme: 'Bearer', envName: spec.tokenEnv };
}

/** The HTTP client of one declaration. */
export function httpFor(name: string, spec: BuiltinSpec, deps: ActuationDeps): ActuatorHttp {
  return new ActuatorHttp({
    label: `${name} actuator (${spec.kind})`,
    auth: authOf(spec),
    secret: deps.secret,
    timeoutMs: (spec.timeout && parseDuration(spec.timeout)) || 10_000,
    attempts: spec.attempts ?? 5,
    ...(deps.backoffMs !== undefined ? { backoffMs: deps.backoffMs } : {}),
  });
}

/** How long a built-in job may take (default 6h). */
export function jobDeadlineMs(spec: BuiltinSpec): number {
  return ('deadline' in spec && spec.deadline && parseDuration(spec.deadline)) || 6 * 3_600_000;
}

/** The subject of a run's actuation: the targets its plan froze (a plan without them has only versions). */
export function subjectOf(plan: RollbackPlan, name: string): ActuationSubject {
  const control: BundleTargets = plan.targets?.control ?? { version: plan.control };
  const candidate: BundleTargets = plan.targets?.candidate ?? { version: plan.candidate };
  return { name, control, candidate };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A started (or already finished) built-in job. */
export type JobStart = { ok: true; handle: string | null; detail: string } | { ok: false; error: string };

/**
 * Applies a declaration (idempotently) and, unless it started a job, reads the effect back:
 * `handle` is the started job's, null when the effect is in place and verified.
 */
export async function startJob(
  name: string,
  spec: BuiltinSpec,
  plan: RollbackPlan,
  deps: ActuationDeps,
): Promise<JobStart> {
  const kind = kindOf(spec);
  const http = httpFor(name, spec, deps);
  const subject = subjectOf(plan, name);
  try {
    const applied = await kind.apply(spec, subject, http);
    if (applied.kind === 'started') return { ok: true, handle: applied.handle, detail: applied.detail };
    return { ok: true, handle: null, detail: `${applied.detail}; ${await kind.verify(spec, subject, http)}` };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

/** A restore step: apply (idempotent), then read back; a kind that starts a job cannot serve a restore. */
export async function actuateRestore(
  name: string,
  spec: BuiltinSpec,
  plan: RollbackPlan,
  deps: ActuationDeps,
): Promise<Actuated> {
  const done = await startJob(name, spec, plan, deps);
  if (!done.ok) return done;
  if (done.handle !== null) return { ok: false, error: `the ${name} actuator started a job for a restore step` };
  return { ok: true, detail: done.detail };
}

/** One poll of a started job; a finished job is read back before it counts. An unreachable endpoint is "still running". */
export async function pollJob(
  name: string,
  spec: BuiltinSpec,
  plan: RollbackPlan,
  handle: string,
  deps: ActuationDeps,
): Promise<PollResult> {
  const kind = kindOf(spec);
  const http = httpFor(name, spec, deps);
  const subject = subjectOf(plan, name);
  if (!kind.poll) return { kind: 'failed', error: `the ${spec.kind} actuator runs no jobs` };
  let polled: PollResult;
  try {
    polled = await kind.poll(spec, subject, handle, http);
  } catch (error) {
    // The job may still be running: the deadline, not one failed poll, decides.
    return { kind: 'running', progress: -1, message: `could not poll: ${messageOf(error)}` };
  }
  if (polled.kind !== 'finished') return polled;
  try {
    return { kind: 'finished', message: `${polled.message}; ${await kind.verify(spec, subject, http)}` };
  } catch (error) {
    return { kind: 'failed', error: messageOf(error) };
  }
}

/** One step's actuation in a dry run. */
export interface StepActuation extends DryRun {
  /** The step's index in the plan. */
  step: number;
  /** The component or job kind (the actuator's key). */
  actuator: string;
  kind: string;
}

/** The dry run of every built-in actuator a plan's steps would call. */
export async function dryRunPlan(
  plan: RollbackPlan,
  declared: (name: string) => BuiltinSpec | undefined,
  deps: ActuationDeps,
): Promise<StepActuation[]> {
  const out: StepActuation[] = [];
  for (const [step, s] of plan.steps.entries()) {
    const name = s.kind === 'restore' ? s.component : s.kind === 'job' ? s.job : undefined;
    const spec = name === undefined ? undefined : declared(name);
    if (!name || !spec) continue;
    const dry = await kindOf(spec).dryRun(spec, subjectOf(plan, name), httpFor(name, spec, deps));
    out.push({ step, actuator: name, kind: spec.kind, ...dry });
  }
  return out;
}

/**
 * Readiness blockers (R2.3) of the built-in actuators, against the bundles a rollback would go
 * between: each answers whether it is reachable, permitted, and finds its object in shape.
 */
export async function builtinReadiness(
  actuators: Readonly<Record<string, BuiltinSpec>>,
  control: BundleSpec,
  candidate: BundleSpec,
  deps: ActuationDeps,
): Promise<string[]> {
  const subject = (name: string) => ({ name, control: bundleTargets(control), candidate: bundleTargets(candidate) });
  const checks = Object.entries(actuators).map(async ([name, spec]) => {
    const http = httpFor(name, spec, deps);
    if (http.credentialMissing()) return []; // actuatorBlockers already names the missing variable
    try {
      return (await kindOf(spec).readiness(spec, subject(name), http)).map(
        (b) => `the ${name} actuator (${spec.kind}): ${b}`,
      );
    } catch (error) {
      // The client's own errors already name the actuator and the call ("the model actuator
      // (mlflow) (GET /api/…): network error"); other errors get the name put in front.
      const message = messageOf(error);
      return [message.startsWith(`the ${name} actuator`) ? message : `the ${name} actuator (${spec.kind}): ${message}`];
    }
  });
  return (await Promise.all(checks)).flat();
}
