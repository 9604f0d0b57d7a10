/**
 * The optional `actuators:` section of a Workflow: where a rollback's effects outside ripcord go.
 * Each entry maps a component (a restore step calls it after the configuration revision) or a
 * job kind (levels 3–4: the step dispatches the job and waits for its reported status) to a
 * signed-webhook endpoint:
 *
 *   actuators:
 *     model: { url: https://router.internal/ripcord }
 *     retrain-model: { url: https://jobs.internal/ripcord, deadline: 6h, secretEnv: RIPCORD_ACTUATOR_SECRET_JOBS }
 *
 * Secrets never live in the spec: `secretEnv` names a server environment variable, which must be
 * `RIPCORD_ACTUATOR_SECRET` or start with `RIPCORD_ACTUATOR_SECRET_` (so a spec cannot make the
 * server sign with another of its secrets). The default is `RIPCORD_ACTUATOR_SECRET`, falling
 * back to `RIPCORD_WEBHOOK_SECRET` when that is unset.
 */
import { z } from 'zod';
import type { ComponentName } from '../bundles/bundle-schema.js';
import { parseDuration } from '../gates/language/gate-values.js';

/** The components an actuator may be declared for (the restore steps' `component`). */
export const actuatorComponents = [
  'modelRoute',
  'model',
  'prompt',
  'retrieval',
  'tools',
  'outputSchema',
  'featurePipeline',
  'dataSnapshot',
  'serving',
  'evaluation',
  'batch',
] as const satisfies readonly ComponentName[];

/** The job kinds of levels 3–4 (see releases/plan-jobs.ts). */
export const jobKinds = ['recompute-features', 'restore-snapshot', 'retrain-model'] as const;
/** A job kind. */
export type JobKind = (typeof jobKinds)[number];

/** The default secret variable, and the one used when it is unset. */
export const DEFAULT_SECRET_ENV = 'RIPCORD_ACTUATOR_SECRET';
export const FALLBACK_SECRET_ENV = 'RIPCORD_WEBHOOK_SECRET';
const SECRET_ENV = /^RIPCORD_ACTUATOR_SECRET(_[A-Z0-9]+)*$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const duration = (what: string, maxMs: number) =>
  z.string().refine(
    (v) => {
      const ms = parseDuration(v);
      return ms !== undefined && ms <= maxMs;
    },
    `${what} must be a duration such as 30s, 5m or 6h, at most ${maxMs / 3_600_000}h`,
  );

const actuatorUrl = z
  .string()
  .max(2000)
  .refine((raw) => {
    if (!URL.canParse(raw)) return false;
    const url = new URL(raw);
    if (url.hash !== '' || url.username !== '' || url.password !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  }, 'must be an absolute https URL (plain http only to a loopback address), without credentials or #fragment');

/** One actuator endpoint. */
export const actuatorSchema = z.strictObject({
  url: actuatorUrl,
  /** The server environment variable holding the HMAC secret. */
  secretEnv: z
    .string()
    .regex(SECRET_ENV, 'must be RIPCORD_ACTUATOR_SECRET or start with RIPCORD_ACTUATOR_SECRET_')
    .optional(),
  /** How long one call may take before it is retried (default 10s). */
  timeout: duration('timeout', 120_000).optional(),
  /** Calls made before the step fails (default 5). */
  attempts: z.number().int().min(1).max(10).optional(),
  /** Jobs only: how long the job may take to report success before the run fails (default 6h). */
  deadline: duration('deadline', 7 * 86_400_000).optional(),
});

/** One actuator endpoint, as written. */
export type ActuatorSpec = z.infer<typeof actuatorSchema>;

/** `actuators:` — a component or job kind → its endpoint. */
export const actuatorsSchema = z.record(z.string(), actuatorSchema).superRefine((map, ctx) => {
  const known: readonly string[] = [...actuatorComponents, ...jobKinds];
  for (const key of Object.keys(map))
    if (!known.includes(key))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is neither a component nor a job kind; use one of ${known.join(', ')}`,
      });
});

/** The actuators of a workflow, as written. */
export type Actuators = z.infer<typeof actuatorsSchema>;

/** Resolved settings of one call target. */
export interface ResolvedActuator {
  /** The component or job kind it was declared for. */
  name: string;
  url: string;
  secretEnv: string;
  timeoutMs: number;
  attempts: number;
  deadlineMs: number;
}

/** The actuator declared for a component or job kind, with defaults filled in; undefined when none is. */
export function resolveActuator(actuators: Actuators | undefined, name: string): ResolvedActuator | undefined {
  const spec = actuators && Object.hasOwn(actuators, name) ? actuators[name] : undefined;
  if (!spec) return undefined;
  return {
    name,
    url: spec.url,
    secretEnv: spec.secretEnv ?? DEFAULT_SECRET_ENV,
    timeoutMs: (spec.timeout && parseDuration(spec.timeout)) || 10_000,
    attempts: spec.attempts ?? 5,
    deadlineMs: (spec.deadline && parseDuration(spec.deadline)) || 6 * 3_600_000,
  };
}

/** The declarations among `actuators` that `names` (the components and job kinds a run calls) use. */
export function pickActuators(actuators: Actuators | undefined, names: Iterable<string>): Actuators {
  const out: Actuators = {};
  for (const name of names) if (actuators && Object.hasOwn(actuators, name)) out[name] = { ...actuators[name]! };
  return out;
}

/**
 * Readiness blockers (R2.3) of a workflow's actuators: each declared actuator whose signing
 * secret is not set on the server, since any step calling it would fail. (Plain http to a
 * non-loopback host cannot be declared: the schema refuses it, so there is nothing to warn about.)
 */
export function actuatorBlockers(
  actuators: Actuators | undefined,
  secretIsSet: (envName: string) => boolean,
): string[] {
  const blockers: string[] = [];
  for (const name of Object.keys(actuators ?? {}).sort()) {
    const { secretEnv } = resolveActuator(actuators, name)!;
    if (secretIsSet(secretEnv)) continue;
    const set = secretEnv === DEFAULT_SECRET_ENV ? `${DEFAULT_SECRET_ENV} (or ${FALLBACK_SECRET_ENV})` : secretEnv;
    blockers.push(
      `the ${name} actuator has no signing secret: set ${set} on the server, or a rollback step calling it would fail`,
    );
  }
  return blockers;
}

/**
 * The actuator secrets of a server environment: every `RIPCORD_ACTUATOR_SECRET*` variable, and
 * `RIPCORD_WEBHOOK_SECRET` under the default name when `RIPCORD_ACTUATOR_SECRET` is unset.
 */
export function actuatorSecretsFrom(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV.test(name) && value) out[name] = value;
  const fallback = env[FALLBACK_SECRET_ENV];
  if (out[DEFAULT_SECRET_ENV] === undefined && fallback) out[DEFAULT_SECRET_ENV] = fallback;
  return out;
}
