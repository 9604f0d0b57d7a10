/**
 * MLflow Model Registry: a rollback moves a registered model's alias (e.g. `champion`) back to
 * the model version the control bundle names (`components.model.mlflow`), through MLflow's REST
 * API: `GET /api/2.0/mlflow/registered-models/alias` (read, read-back), `POST …/alias` (set; MLflow
 * moves an alias that exists, so setting it twice is one effect) and, at readiness,
 * `GET /api/2.0/mlflow/model-versions/get` (the version exists and is READY). An alias that is not
 * set answers 400 INVALID_PARAMETER_VALUE (file and SQL stores) or 404 RESOURCE_DOES_NOT_EXIST.
 */
import { z } from 'zod';
import { actuatorUrl, callAttempts, callTimeout, secretEnv } from './actuator-fields.js';
import { ActuationError, expectOk, type ActuatorHttp, type HttpRequest } from './actuator-http.js';
import type { ActuationSubject, ActuatorKind } from './actuator-kind.js';

/** `kind: mlflow` — a registry whose alias a rollback moves to the control's model version. */
export const mlflowSchema = z.strictObject({
  kind: z.literal('mlflow'),
  /** The tracking server, e.g. https://mlflow.example.com (a Databricks workspace URL works too). */
  url: actuatorUrl,
  /** The alias to move (MLflow: letters, digits, `_` and `-`; not `latest` or `vN`). */
  alias: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be an MLflow alias such as champion')
    .refine((a) => a.toLowerCase() !== 'latest' && !/^v\d+$/i.test(a), 'MLflow reserves latest and vN'),
  /** The variable holding the token: Bearer (Databricks, a token proxy) or `user:password` for Basic. */
  tokenEnv: secretEnv.optional(),
  auth: z.enum(['bearer', 'basic']).optional(),
  timeout: callTimeout.optional(),
  attempts: callAttempts.optional(),
});
/** An `mlflow` declaration. */
export type MlflowSpec = z.infer<typeof mlflowSchema>;

const base = (spec: MlflowSpec) => `${spec.url.replace(/\/+$/, '')}/api/2.0/mlflow`;

/** The control's registered model and version; throws when the bundle names none. */
function target(subject: ActuationSubject): { name: string; version: string } {
  const t = subject.control.mlflow;
  if (!t)
    throw new ActuationError(
      `the control bundle ${subject.control.version} names no MLflow model version (components.model.mlflow.version)`,
    );
  return t;
}

function aliasRequest(spec: MlflowSpec, name: string, purpose: HttpRequest['purpose']): HttpRequest {
  const q = new URLSearchParams({ name, alias: spec.alias });
  return { method: 'GET', url: `${base(spec)}/registered-models/alias?${q.toString()}`, purpose };
}

function setRequest(spec: MlflowSpec, t: { name: string; version: string }): HttpRequest {
  return {
    method: 'POST',
    url: `${base(spec)}/registered-models/alias`,
    body: { name: t.name, alias: spec.alias, version: t.version },
    purpose: 'apply',
  };
}

/** The version the alias points at now; null when it is not set. */
async function aliasVersion(spec: MlflowSpec, name: string, http: ActuatorHttp, purpose: HttpRequest['purpose']) {
  const answer = await http.send(aliasRequest(spec, name, purpose));
  const code = (answer.body as { error_code?: unknown } | undefined)?.error_code;
  if (
    (answer.status === 400 && code === 'INVALID_PARAMETER_VALUE') ||
    (answer.status === 404 && code === 'RESOURCE_DOES_NOT_EXIST')
  )
    return null;
  expectOk(answer, `MLflow alias ${name}@${spec.alias}`, 'read access to the registered model');
  const version = (answer.body as { model_version?: { version?: unknown } } | undefined)?.model_version?.version;
  if (typeof version !== 'string')
    throw new ActuationError(`MLflow answered no model_version for ${name}@${spec.alias}`);
  return version;
}

/** The MLflow kind. */
export const mlflowKind: ActuatorKind<MlflowSpec> = {
  kind: 'mlflow',
  schema: mlflowSchema,
  declaredFor: ['model'],
  async readiness(spec, subject, http) {
    const t = target(subject);
    const q = new URLSearchParams({ name: t.name, version: t.version });
    const what = `MLflow model ${t.name} version ${t.version}`;
    const answer = expectOk(
      await http.send({ method: 'GET', url: `${base(spec)}/model-versions/get?${q.toString()}`, purpose: 'check' }),
      what,
      'read access to the registered model',
    );
    const status = (answer.body as { model_version?: { status?: unknown } } | undefined)?.model_version?.status;
    if (status !== undefined && status !== 'READY') return [`${what} is ${JSON.stringify(status)}, not READY`];
    await aliasVersion(spec, t.name, http, 'check');
    return [];
  },
  dryRun(spec, subject, http) {
    try {
      const t = target(subject);
      return Promise.resolve({
        calls: [
          http.view(aliasRequest(spec, t.name, 'read')),
          http.view(setRequest(spec, t)),
          http.view(aliasRequest(spec, t.name, 'read-back')),
        ],
        effect: `MLflow alias ${t.name}@${spec.alias} → version ${t.version}`,
      });
    } catch (error) {
      return Promise.resolve({
        calls: [],
        effect: `MLflow alias @${spec.alias} not moved`,
        problem: (error as Error).message,
      });
    }
  },
  async apply(spec, subject, http) {
    const t = target(subject);
    const before = await aliasVersion(spec, t.name, http, 'read');
    if (before === t.version)
      return { kind: 'applied', detail: `MLflow ${t.name}@${spec.alias} already is version ${t.version}` };
    expectOk(
      await http.send(setRequest(spec, t)),
      `MLflow alias ${t.name}@${spec.alias}`,
      'edit access to the registered model',
    );
    return { kind: 'applied', detail: `MLflow ${t.name}@${spec.alias}: version ${before ?? 'unset'} → ${t.version}` };
  },
  async verify(spec, subject, http) {
    const t = target(subject);
    const now = await aliasVersion(spec, t.name, http, 'read-back');
    if (now !== t.version)
      throw new ActuationError(
        `read-back: MLflow ${t.name}@${spec.alias} is version ${now ?? 'unset'}, not ${t.version}`,
      );
    return `read back MLflow ${t.name}@${spec.alias}: version ${t.version}`;
  },
};
