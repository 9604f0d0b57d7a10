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
import {
  actuatorComponents,
  actuatorUrl,
  callAttempts,
  callTimeout,
  jobDeadline,
  jobKinds,
  SECRET_ENV,
  secretEnv,
} from './actuators/actuator-fields.js';
import { builtinKindNames, builtinSchemas, isBuiltin, kindOf, type BuiltinSpec } from './actuators/builtin-kinds.js';
import { parseDuration } from '../gates/language/gate-values.js';
import type { ResolvedActuator } from './resolved-actuator.js';

export { actuatorComponents, jobKinds, type JobKind } from './actuators/actuator-fields.js';

/** The default secret variable, and the one used when it is unset. */
export const DEFAULT_SECRET_ENV = 'RIPCORD_ACTUATOR_SECRET';
export const FALLBACK_SECRET_ENV = 'RIPCORD_WEBHOOK_SECRET';

/** A signed-webhook endpoint (the default kind: `kind: webhook` may be left out). */
export const webhookSchema = z.strictObject({
  kind: z.literal('webhook').optional(),
  url: actuatorUrl,
  /** The server environment variable holding the HMAC secret. */
  secretEnv: secretEnv.optional(),
  /** How long one call may take before it is retried (default 10s). */
  timeout: callTimeout.optional(),
  /** Calls made before the step fails (default 5). */
  attempts: callAttempts.optional(),
  /** Jobs only: how long the job may take to report success before the run fails (default 6h). */
  deadline: jobDeadline.optional(),
});

/** One actuator: a signed webhook, or a built-in kind (docs/actuators.md). */
export const actuatorSchema = z.discriminatedUnion('kind', [webhookSchema, ...builtinSchemas], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `kind must be webhook (or left out) or one of ${builtinKindNames.join(', ')}`
      : undefined,
});

/** One actuator, as written. */
export type ActuatorSpec = z.infer<typeof actuatorSchema>;
/** A signed-webhook declaration. */
export type WebhookSpec = z.infer<typeof webhookSchema>;

/** `actuators:` — a component or job kind → its endpoint. */
export const actuatorsSchema = z.record(z.string(), actuatorSchema).superRefine((map, ctx) => {
  const known: readonly string[] = [...actuatorComponents, ...jobKinds];
  for (const [key, spec] of Object.entries(map)) {
    if (!known.includes(key))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is neither a component nor a job kind; use one of ${known.join(', ')}`,
      });
    else if (isBuiltin(spec) && !kindOf(spec).declaredFor.includes(key))
      ctx.addIssue({
        code: 'custom',
        path: [key, 'kind'],
        message: `a ${spec.kind} actuator acts for ${kindOf(spec).declaredFor.join(', ')}, not ${key}`,
      });
  }
});

/** The actuators of a workflow, as written. */
export type Actuators = z.infer<typeof actuatorsSchema>;

export type { ResolvedActuator } from './resolved-actuator.js';

/** The built-in kind declared for a component or job kind; undefined when none (or a webhook) is. */
export function builtinActuator(actuators: Actuators | undefined, name: string): BuiltinSpec | undefined {
  const spec = actuators && Object.hasOwn(actuators, name) ? actuators[name] : undefined;
  return spec && isBuiltin(spec) ? spec : undefined;
}

/** The webhook declared for a component or job kind, with defaults filled in; undefined when none is. */
export function resolveActuator(actuators: Actuators | undefined, name: string): ResolvedActuator | undefined {
  const spec = actuators && Object.hasOwn(actuators, name) ? actuators[name] : undefined;
  if (!spec || isBuiltin(spec)) return undefined;
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
    const builtin = builtinActuator(actuators, name);
    if (builtin) {
      const env = 'tokenEnv' in builtin ? builtin.tokenEnv : undefined;
      if (env !== undefined && !secretIsSet(env))
        blockers.push(`the ${name} actuator (${builtin.kind}) has no credential: set ${env} on the server`);
      continue;
    }
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
