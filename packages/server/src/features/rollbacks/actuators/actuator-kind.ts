/**
 * The one interface every built-in actuator kind implements (docs/actuators.md): a readiness
 * check, a dry run that lists the exact calls, an idempotent apply, and a read-back that proves
 * the effect. Jobs (level 4) also poll a started job. Each kind is one file beside this one.
 */
import type { z } from 'zod';
import type { BundleTargets } from '../../bundles/bundle-targets.js';
import type { ActuatorHttp, CallView } from './actuator-http.js';

/** What one actuation acts on: the release's two bundles as the plan froze them. */
export interface ActuationSubject {
  /** The component or job kind the actuator is declared for. */
  name: string;
  control: BundleTargets;
  candidate: BundleTargets;
}

/** A dry run: the calls a rollback would make, in order, and the effect in one line. */
export interface DryRun {
  calls: CallView[];
  effect: string;
  /** Why a rollback could not make the calls as shown (the target is missing, unreadable…). */
  problem?: string;
}

/** The outcome of an apply: done (changed, or already in place), or a job started with its handle. */
export type ApplyResult = { kind: 'applied'; detail: string } | { kind: 'started'; handle: string; detail: string };

/** Where a started job is. */
export type PollResult =
  | { kind: 'running'; progress: number; message: string }
  | { kind: 'finished'; message: string }
  | { kind: 'failed'; error: string };

/** One kind. `S` is its declaration as validated by `schema`. */
export interface ActuatorKind<S extends { kind: string }> {
  kind: S['kind'];
  /** Its declaration in a workflow's `actuators:`. */
  schema: z.ZodType<S>;
  /** The components or job kinds it may be declared for. */
  declaredFor: readonly string[];
  /** Readiness (R2.3): reachable, permitted, the object exists with the expected shape. */
  readiness(spec: S, subject: ActuationSubject, http: ActuatorHttp): Promise<string[]>;
  /** The exact calls a rollback would make now (it may read; it never writes). */
  dryRun(spec: S, subject: ActuationSubject, http: ActuatorHttp): Promise<DryRun>;
  /** Makes the effect, or finds it already made (reads first): calling it again changes nothing. */
  apply(spec: S, subject: ActuationSubject, http: ActuatorHttp): Promise<ApplyResult>;
  /** A started job's status (jobs only). */
  poll?(spec: S, subject: ActuationSubject, handle: string, http: ActuatorHttp): Promise<PollResult>;
  /** Reads the target back; throws ActuationError when the effect does not hold. Returns what it saw. */
  verify(spec: S, subject: ActuationSubject, http: ActuatorHttp): Promise<string>;
}
