// Shared by the built-in actuator rollback tests: the ride-pricing-kserve example pointed at the
// loopback fakes, and the fakes seeded as a cluster and a registry serving bundle 42 as a canary.
import { exampleDocuments } from './helpers.js';
import { kubeObject, type FakeKubernetes } from './actuator-fakes/kubernetes-fake.js';
import type { FakeMlflow } from './actuator-fakes/mlflow-fake.js';

/** The token every fake accepts, and the variables the server reads it from. */
export const FAKE_TOKEN = 'builtin-actuator-token-0123456789';
export const TOKEN_ENV = {
  RIPCORD_ACTUATOR_SECRET_K8S: FAKE_TOKEN,
  RIPCORD_ACTUATOR_SECRET_MLFLOW: FAKE_TOKEN,
  RIPCORD_ACTUATOR_SECRET_DATABRICKS: FAKE_TOKEN,
};

/**
 * examples/actuators/ride-pricing-kserve.yaml with its cluster and registry at the fakes; `serving` is the
 * example's KServe actuator, or a Gateway API HTTPRoute of the same name; the table-restore job's
 * SQL endpoint only when `sql` is given.
 */
export function kserveExample(
  k8s: FakeKubernetes,
  mlflow: FakeMlflow,
  serving: 'kserve' | 'gateway-api',
  sql?: { url: string; warehouseId: string },
) {
  return exampleDocuments('actuators/ride-pricing-kserve', { includeReleases: true }).map((d) => {
    if (d.kind !== 'Workflow') return d;
    const actuators = d.actuators as Record<string, Record<string, unknown>>;
    return {
      ...d,
      actuators: {
        serving: { ...actuators.serving, kind: serving, server: k8s.url },
        model: { ...actuators.model, url: mlflow.url },
        ...(sql ? { 'restore-snapshot': { ...actuators['restore-snapshot'], ...sql } } : {}),
      },
    };
  });
}

/** The cluster and registry as they are while 42 is the canary (5 %). */
export function seedFakes(k8s: FakeKubernetes, mlflow: FakeMlflow): void {
  k8s.objects.set(
    'httproutes/pricing/demand-gbm',
    kubeObject('gateway.networking.k8s.io/v1', 'HTTPRoute', 'pricing', 'demand-gbm', {
      parentRefs: [{ name: 'public' }],
      rules: [
        {
          backendRefs: [
            { name: 'demand-gbm-41', port: 8080, weight: 95 },
            { name: 'demand-gbm-42', port: 8080, weight: 5 },
          ],
        },
      ],
    }),
  );
  k8s.objects.set(
    'inferenceservices/pricing/demand-gbm',
    kubeObject(
      'serving.kserve.io/v1beta1',
      'InferenceService',
      'pricing',
      'demand-gbm',
      { predictor: { canaryTrafficPercent: 5, model: { modelFormat: { name: 'xgboost' } } } },
      { components: { predictor: { latestRolledoutRevision: 'demand-gbm-predictor-00041' } } },
    ),
  );
  mlflow.versions.set(
    'demand-gbm',
    new Map([
      ['7', 'READY'],
      ['8', 'READY'],
    ]),
  );
  mlflow.aliases.set('demand-gbm@champion', '8');
}
