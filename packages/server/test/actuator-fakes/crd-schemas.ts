/**
 * The parts of the upstream CRD OpenAPI schemas that the built-in actuators touch, transcribed
 * for the fake Kubernetes API server (kubernetes-fake.ts) to validate requests against. Every
 * object level the actuators write lists its upstream properties and forbids others (the API
 * server's `fieldValidation=Strict`); levels they only carry through stay open. Sources, read at:
 * - Gateway API HTTPRoute v1: kubernetes-sigs/gateway-api@4564255ac2c35d582249b3cdf261bdf51c8bca32,
 *   config/crd/standard/gateway.networking.k8s.io_httproutes.yaml (Apache-2.0). Also its CEL rule
 *   "Must have port for Service reference", checked in code by the fake.
 * - Istio VirtualService v1: istio/istio@86c9f01fd735fb01d8192f5bcaf0d424afb7f14c,
 *   manifests/charts/base/files/crd-all.gen.yaml (Apache-2.0); the validating webhook's
 *   "total destination weight = 0" rule is pkg/config/validation/validation.go there.
 * - KServe InferenceService v1beta1: kserve/kserve@aaac4e294dae2c7b1aa1886447793f3aa1c30912,
 *   config/crd/full/serving.kserve.io_inferenceservices.yaml (Apache-2.0); the 0–100 bound is the
 *   reconciler's (pkg/controller/v1beta1/inferenceservice/reconcilers/knative/ksvc_reconciler.go).
 */
const int32 = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
const open = { type: 'object' };
const metadata = {
  type: 'object',
  properties: { name: { type: 'string' }, namespace: { type: 'string' }, resourceVersion: { type: 'string' } },
};

/** HTTPRoute (gateway.networking.k8s.io/v1): spec.rules[].backendRefs[]. */
export const httpRouteSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { const: 'gateway.networking.k8s.io/v1' },
    kind: { const: 'HTTPRoute' },
    metadata,
    status: open,
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        hostnames: { type: 'array', maxItems: 16, items: { type: 'string', maxLength: 253 } },
        parentRefs: { type: 'array', maxItems: 32, items: open },
        rules: {
          type: 'array',
          maxItems: 16,
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              backendRefs: {
                type: 'array',
                maxItems: 16,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['name'],
                  properties: {
                    filters: { type: 'array', maxItems: 16, items: open },
                    group: {
                      type: 'string',
                      maxLength: 253,
                      pattern: '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
                    },
                    kind: {
                      type: 'string',
                      minLength: 1,
                      maxLength: 63,
                      pattern: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$',
                    },
                    name: { type: 'string', minLength: 1, maxLength: 253 },
                    namespace: {
                      type: 'string',
                      minLength: 1,
                      maxLength: 63,
                      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
                    },
                    port: int32(1, 65535),
                    weight: int32(0, 1_000_000),
                  },
                },
              },
              filters: { type: 'array', maxItems: 16, items: open },
              matches: { type: 'array', maxItems: 64, items: open },
              name: { type: 'string' },
              timeouts: open,
            },
          },
        },
      },
    },
  },
};

/** VirtualService (networking.istio.io/v1): spec.http[].route[]. */
export const virtualServiceSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { const: 'networking.istio.io/v1' },
    kind: { const: 'VirtualService' },
    metadata,
    status: open,
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        exportTo: { type: 'array', items: { type: 'string' } },
        gateways: { type: 'array', items: { type: 'string' } },
        hosts: { type: 'array', items: { type: 'string' } },
        tcp: { type: 'array', items: open },
        tls: { type: 'array', items: open },
        http: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              route: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['destination'],
                  properties: {
                    destination: {
                      type: 'object',
                      additionalProperties: false,
                      required: ['host'],
                      properties: {
                        host: { type: 'string' },
                        port: { type: 'object', properties: { number: int32(0, 4294967295) } },
                        subset: { type: 'string' },
                      },
                    },
                    headers: open,
                    weight: int32(-2147483648, 2147483647),
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** InferenceService (serving.kserve.io/v1beta1): spec.predictor.canaryTrafficPercent. */
export const inferenceServiceSchema = {
  type: 'object',
  required: ['spec'],
  properties: {
    apiVersion: { const: 'serving.kserve.io/v1beta1' },
    kind: { const: 'InferenceService' },
    metadata,
    status: open,
    spec: {
      type: 'object',
      required: ['predictor'],
      properties: {
        predictor: {
          type: 'object',
          properties: { canaryTrafficPercent: { type: 'integer', minimum: 0, maximum: 100 } },
        },
        transformer: open,
        explainer: open,
      },
    },
  },
};
