/**
 * The Kubernetes API calls the built-in kinds make, by their documented REST paths: GET an object,
 * and PATCH it with a JSON merge patch (`application/merge-patch+json`, the patch type custom
 * resources accept) under `fieldManager=ripcord` and `fieldValidation=Strict` (an unknown field is
 * an error, not silently dropped). A patch that carries `metadata.resourceVersion` is applied only
 * to that version: a concurrent change answers 409 and the caller reads again. Readiness sends the
 * same patch with `dryRun=All`: the API server checks authorisation, schema and admission, and
 * stores nothing.
 */
import { z } from 'zod';
import {
  callAttempts,
  callTimeout,
  kubernetesName,
  kubernetesNamespace,
  actuatorUrl,
  secretEnv,
} from './actuator-fields.js';
import { ActuationError, expectOk, type ActuatorHttp, type HttpRequest } from './actuator-http.js';

/** The fields every Kubernetes kind declares: the API server, the token's variable, the object. */
export const kubernetesFields = {
  /** The cluster's API server, e.g. https://k8s.example.com:6443. */
  server: actuatorUrl,
  /** The server environment variable holding a bearer token (a ServiceAccount token). */
  tokenEnv: secretEnv,
  namespace: kubernetesNamespace,
  /** The object's name. */
  name: kubernetesName,
  timeout: callTimeout.optional(),
  attempts: callAttempts.optional(),
};

/** A declaration with the Kubernetes fields. */
export interface KubernetesSpec {
  server: string;
  tokenEnv: string;
  namespace: string;
  name: string;
}

/** Where a kind's objects live: `/apis/{group}/{version}/namespaces/{ns}/{plural}/{name}`. */
export interface ApiResource {
  group: string;
  version: string;
  plural: string;
  /** The object's kind, as the API names it (HTTPRoute). */
  kind: string;
}

/** The object's URL. */
export function objectUrl(spec: KubernetesSpec, r: ApiResource): string {
  const base = spec.server.replace(/\/+$/, '');
  return `${base}/apis/${r.group}/${r.version}/namespaces/${spec.namespace}/${r.plural}/${encodeURIComponent(spec.name)}`;
}

/** "HTTPRoute pricing/demand-gbm". */
export function objectName(spec: KubernetesSpec, r: ApiResource): string {
  return `${r.kind} ${spec.namespace}/${spec.name}`;
}

/** A Kubernetes object as read. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name?: string; namespace?: string; resourceVersion?: string; generation?: number };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const objectShape = z.looseObject({
  metadata: z.looseObject({ resourceVersion: z.string().optional(), generation: z.number().optional() }),
  spec: z.record(z.string(), z.unknown()).optional(),
  status: z.record(z.string(), z.unknown()).optional(),
});

/** The GET request for the object. */
export function getRequest(spec: KubernetesSpec, r: ApiResource, purpose: HttpRequest['purpose']): HttpRequest {
  return { method: 'GET', url: objectUrl(spec, r), purpose };
}

/** The merge-patch request (dry run: readiness). */
export function patchRequest(
  spec: KubernetesSpec,
  r: ApiResource,
  patch: Record<string, unknown>,
  dryRun = false,
): HttpRequest {
  const query = `?fieldManager=ripcord&fieldValidation=Strict${dryRun ? '&dryRun=All' : ''}`;
  return {
    method: 'PATCH',
    url: `${objectUrl(spec, r)}${query}`,
    contentType: 'application/merge-patch+json',
    body: patch,
    purpose: dryRun ? 'check' : 'apply',
  };
}

/** Reads the object; throws ActuationError saying what is wrong (401, 403, 404, not the kind expected). */
export async function readObject(
  http: ActuatorHttp,
  spec: KubernetesSpec,
  r: ApiResource,
  purpose: HttpRequest['purpose'] = 'read',
): Promise<KubeObject> {
  const what = objectName(spec, r);
  const answer = expectOk(await http.send(getRequest(spec, r, purpose)), what, `get on ${r.plural}.${r.group}`);
  const parsed = objectShape.safeParse(answer.body);
  if (!parsed.success) throw new ActuationError(`${what}: the API server answered something that is not an object`);
  return parsed.data as KubeObject;
}

/** Sends a merge patch; a 409 (the object changed since it was read) comes back as `'conflict'`. */
export async function sendPatch(
  http: ActuatorHttp,
  spec: KubernetesSpec,
  r: ApiResource,
  patch: Record<string, unknown>,
  dryRun = false,
): Promise<KubeObject | 'conflict'> {
  const answer = await http.send(patchRequest(spec, r, patch, dryRun));
  if (answer.status === 409) return 'conflict';
  expectOk(answer, objectName(spec, r), `patch on ${r.plural}.${r.group}`);
  return answer.body as KubeObject;
}
