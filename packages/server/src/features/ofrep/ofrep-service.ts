/**
 * OFREP evaluation: the same snapshot SDKs receive, evaluated by the SDK's own evaluator
 * (`@ripcord/sdk` resolveFlag, so the shared JSON vectors hold here too) with sticky bucketing on
 * `targetingKey`. OFREP has no workflows or environments: they come from the flag key
 * (`workflow/flag`), the context (`workflow`, `environment`), or the SDK token's scope.
 */
import { createHash } from 'node:crypto';
import type { EvaluationContext, JsonValue } from '@ripcord/protocol';
import { compileSnapshot, resolveFlag, routeRequest, type CompiledSnapshot, type FlagResolution } from '@ripcord/sdk';
import { AppError } from '../../errors.js';
import { scopeAllows, type Principal } from '../auth/principal.js';
import type { ConfigService } from '../flags/config-service.js';
import type { OfrepBulk, OfrepFailure, OfrepSuccess } from './ofrep-schema.js';

/** What a request names: the workflow (from the key, when it has one) and the context. */
export interface OfrepRequest {
  principal: Principal;
  context: Record<string, unknown>;
  /** The workflow named by a `workflow/flag` key. */
  workflow?: string | undefined;
}

/** A single evaluation: HTTP status and OFREP body. */
export type OfrepAnswer = { status: 200; body: OfrepSuccess } | { status: 400 | 404; body: OfrepFailure };

/** A bulk evaluation: the body and its ETag, or a failure of the whole request. */
export type OfrepBulkAnswer =
  | { status: 200; body: OfrepBulk; etag: string }
  | { status: 400; body: { errorCode: 'INVALID_CONTEXT' | 'GENERAL'; errorDetails: string } };

type Target = { environment: string; workflow: string } | { invalid: string };

const ROLLOUT_PERCENT = 'ai.rollout.percent';

function named(context: Record<string, unknown>, attribute: string): string | undefined {
  const v = context[attribute];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** The environment and workflow a request evaluates; 403 outside the token's scope. */
export function resolveTarget(request: OfrepRequest): Target {
  const { principal, context } = request;
  const scope = principal.scope;
  const environment = named(context, 'environment') ?? scope?.environment;
  if (environment === undefined)
    return { invalid: 'say which environment: an SDK token scoped to one, or an "environment" context attribute' };
  const only = scope?.workflows?.length === 1 ? scope.workflows[0] : undefined;
  const workflow = request.workflow ?? named(context, 'workflow') ?? only;
  if (workflow === undefined)
    return {
      invalid:
        'say which workflow: a "workflow/flag" key, a "workflow" context attribute, or an SDK token scoped to one workflow',
    };
  if (!scopeAllows(principal, workflow, environment))
    throw new AppError('forbidden', `the token of ${principal.subject} is not scoped to ${workflow} in ${environment}`);
  return { environment, workflow };
}

/** OFREP's `targetingKey` is ripcord's bucketing `key`. */
function toRipcordContext(context: Record<string, unknown>): EvaluationContext {
  const key = context.targetingKey;
  return typeof key === 'string' ? { ...context, key } : context;
}

function toAnswer(key: string, r: FlagResolution<JsonValue | undefined>, where: string): OfrepAnswer {
  if (r.errorCode === undefined) {
    const body: OfrepSuccess = { key, reason: r.reason, variant: r.variant ?? r.reason.toLowerCase() };
    // DISABLED has no value: OFREP's codeDefaultFlag, the caller's default applies.
    if (r.value !== undefined) body.value = r.value;
    if (r.metadata !== undefined) body.metadata = { ...r.metadata };
    return { status: 200, body };
  }
  if (r.errorCode === 'GENERAL')
    return { status: 400, body: { key, errorCode: 'GENERAL', errorDetails: 'the context could not be evaluated' } };
  const errorDetails = r.errorCode === 'FLAG_NOT_FOUND' ? `flag ${key} not found in ${where}` : unconfigured(where);
  return { status: 404, body: { key, errorCode: 'FLAG_NOT_FOUND', errorDetails } };
}

/** Why a workflow has no flags in an environment yet, and how to give it some. */
function unconfigured(where: string): string {
  const [workflow, environment] = where.split('/');
  return `no configuration of ${where} yet: label a bundle of ${workflow} for ${environment} (ripcord labels set ${workflow} production VERSION --env ${environment})`;
}

/** Evaluates OFREP requests against the published configuration. */
export class OfrepService {
  private readonly compiled = new Map<string, CompiledSnapshot>();

  constructor(private readonly deps: { config: ConfigService }) {}

  /** `POST /ofrep/v1/evaluate/flags/{key}`. */
  async evaluate(request: OfrepRequest, key: string, flag: string): Promise<OfrepAnswer> {
    const target = resolveTarget(request);
    if ('invalid' in target)
      return { status: 400, body: { key, errorCode: 'INVALID_CONTEXT', errorDetails: target.invalid } };
    const snapshot = await this.snapshot(target.environment);
    const r = resolveFlag(snapshot, target.workflow, flag, toRipcordContext(request.context));
    return toAnswer(key, r, `${target.workflow}/${target.environment}`);
  }

  /**
   * `POST /ofrep/v1/evaluate/flags`: every flag of the workflow, keyed by flag (sorted), with an ETag
   * of the body; its metadata carries the context's route decision (arm, release, bundle version, segments).
   */
  async bulk(request: OfrepRequest): Promise<OfrepBulkAnswer> {
    const target = resolveTarget(request);
    if ('invalid' in target)
      return { status: 400, body: { errorCode: 'INVALID_CONTEXT', errorDetails: target.invalid } };
    const snapshot = await this.snapshot(target.environment);
    const wf = snapshot?.workflows.get(target.workflow);
    const where = `${target.workflow}/${target.environment}`;
    // Not the context's fault: OFREP's bulk answer has no FLAG_NOT_FOUND, so GENERAL says why.
    if (wf === undefined) return { status: 400, body: { errorCode: 'GENERAL', errorDetails: unconfigured(where) } };
    const keys = new Set<string>([...wf.flags.keys(), ...Object.keys(wf.control.flags), ROLLOUT_PERCENT]);
    for (const k of Object.keys(wf.candidate?.flags ?? {})) keys.add(k);
    const context = toRipcordContext(request.context);
    const flags = [...keys]
      .sort()
      .map((k) => toAnswer(k, resolveFlag(snapshot, target.workflow, k, context), where).body);
    // The route decision for this context, so an app can attribute its outcome events (R4.5) as route() callers do.
    const d = routeRequest(snapshot, target.workflow, context);
    const metadata: Record<string, string | number> = {
      workflow: target.workflow,
      environment: target.environment,
      revision: wf.revision,
      arm: d.arm,
      bundleVersion: d.bundleVersion ?? '',
    };
    if (d.release !== undefined) metadata.release = d.release;
    if (d.segments.length > 0) metadata.segments = d.segments.join(',');
    const body: OfrepBulk = { flags, metadata };
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`;
    return { status: 200, body, etag };
  }

  /** The environment's compiled snapshot, compiled once per revision (undefined before any configuration). */
  private async snapshot(environment: string): Promise<CompiledSnapshot | undefined> {
    const head = await this.deps.config.head(environment);
    if (head === 0) return undefined;
    const cached = this.compiled.get(environment);
    if (cached?.revision === head) return cached;
    const compiled = compileSnapshot(await this.deps.config.snapshot(environment));
    this.compiled.set(environment, compiled);
    return compiled;
  }
}
