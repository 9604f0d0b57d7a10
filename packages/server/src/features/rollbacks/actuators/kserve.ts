/**
 * KServe `InferenceService` (serving.kserve.io/v1beta1): a rollback sets
 * `spec.predictor.canaryTrafficPercent` to 0. KServe's reconciler then sends the latest (canary)
 * revision 0 % and the last rolled-out revision — the previous one — the rest (100 %); with no
 * rolled-out revision it would send everything to the latest, so readiness requires one. The patch
 * touches one scalar, so it needs no resourceVersion: applying it twice changes nothing.
 */
import { z } from 'zod';
import { actuatorComponents } from './actuator-fields.js';
import { ActuationError } from './actuator-http.js';
import type { ActuatorKind } from './actuator-kind.js';
import {
  getRequest,
  kubernetesFields,
  objectName,
  patchRequest,
  readObject,
  sendPatch,
  type ApiResource,
  type KubeObject,
} from './kubernetes-api.js';

/** `kind: kserve` — an InferenceService whose canary a rollback sends to 0 %. */
export const kserveSchema = z.strictObject({ kind: z.literal('kserve'), ...kubernetesFields });
/** A `kserve` declaration. */
export type KserveSpec = z.infer<typeof kserveSchema>;

const resource: ApiResource = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
  kind: 'InferenceService',
};
const PATCH = { spec: { predictor: { canaryTrafficPercent: 0 } } };

interface PredictorStatus {
  latestRolledoutRevision?: string;
  previousRolledoutRevision?: string;
  traffic?: { percent?: number; latestRevision?: boolean; revisionName?: string; tag?: string }[];
}

function predictorOf(object: KubeObject): { canary: unknown; status: PredictorStatus | undefined } {
  const predictor = object.spec?.predictor as { canaryTrafficPercent?: unknown } | undefined;
  const components = object.status?.components as { predictor?: PredictorStatus } | undefined;
  return { canary: predictor?.canaryTrafficPercent, status: components?.predictor };
}

/** "the controller routes 100 % to revision X": what the status says, when it is current. */
function reconciled(object: KubeObject): string {
  const { status } = predictorOf(object);
  const observed = object.status?.observedGeneration;
  const generation = object.metadata.generation;
  if (!status?.traffic || typeof observed !== 'number' || (generation !== undefined && observed < generation))
    return 'KServe has not yet reported the new traffic split';
  const latest = status.traffic.find((t) => t.latestRevision === true);
  if ((latest?.percent ?? 0) !== 0)
    throw new ActuationError(`read-back: KServe still routes ${latest?.percent}% to the latest revision`);
  const prev = status.traffic.find((t) => t.latestRevision !== true);
  return `KServe routes ${prev?.percent ?? 100}% to ${prev?.revisionName ?? 'the previous revision'}`;
}

/** The KServe kind. */
export const kserveKind: ActuatorKind<KserveSpec> = {
  kind: 'kserve',
  schema: kserveSchema,
  declaredFor: actuatorComponents,
  async readiness(spec, _subject, http) {
    const object = await readObject(http, spec, resource, 'check');
    const { status } = predictorOf(object);
    if (object.spec?.predictor === undefined) return [`${objectName(spec, resource)} has no spec.predictor`];
    if (!status?.latestRolledoutRevision)
      return [
        `${objectName(spec, resource)} reports no rolled-out revision (status.components.predictor.latestRolledoutRevision): canaryTrafficPercent 0 would have no previous revision to return to`,
      ];
    await sendPatch(http, spec, resource, PATCH, true);
    return [];
  },
  dryRun(spec, _subject, http) {
    return Promise.resolve({
      calls: [
        http.view(getRequest(spec, resource, 'read')),
        http.view(patchRequest(spec, resource, PATCH)),
        http.view(getRequest(spec, resource, 'read-back')),
      ],
      effect: `${objectName(spec, resource)}: spec.predictor.canaryTrafficPercent → 0 (all traffic to the last rolled-out revision)`,
    });
  },
  async apply(spec, _subject, http) {
    const object = await readObject(http, spec, resource);
    if (predictorOf(object).canary === 0)
      return { kind: 'applied', detail: `${objectName(spec, resource)} already has canaryTrafficPercent 0` };
    const patched = await sendPatch(http, spec, resource, PATCH);
    if (patched === 'conflict') throw new ActuationError(`${objectName(spec, resource)}: conflict (HTTP 409)`, true);
    return {
      kind: 'applied',
      detail: `${objectName(spec, resource)}: canaryTrafficPercent ${JSON.stringify(predictorOf(object).canary ?? 'unset')} → 0`,
    };
  },
  async verify(spec, _subject, http) {
    const object = await readObject(http, spec, resource, 'read-back');
    const { canary } = predictorOf(object);
    if (canary !== 0)
      throw new ActuationError(
        `read-back: ${objectName(spec, resource)} has canaryTrafficPercent ${JSON.stringify(canary)}, not 0`,
      );
    return `read back ${objectName(spec, resource)}: canaryTrafficPercent 0; ${reconciled(object)}`;
  },
};
