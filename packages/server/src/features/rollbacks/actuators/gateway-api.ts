/**
 * Kubernetes Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1): a rollback sets the
 * backendRef weights so the control's Service takes the candidate's share (weighted-route.ts).
 * A backendRef without `weight` weighs 1 (the CRD's default); it names a Service by `name`, with
 * `namespace` defaulting to the route's, and `port`.
 */
import { z } from 'zod';
import type { KubernetesTarget } from '../../bundles/bundle-targets.js';
import { actuatorComponents } from './actuator-fields.js';
import { kubernetesFields } from './kubernetes-api.js';
import { weightedRouteKind, type Backend, type RouteShape } from './weighted-route.js';

/** `kind: gateway-api` — an HTTPRoute whose backendRef weights a rollback moves. */
export const gatewayApiSchema = z.strictObject({ kind: z.literal('gateway-api'), ...kubernetesFields });
/** A `gateway-api` declaration. */
export type GatewayApiSpec = z.infer<typeof gatewayApiSchema>;

const shape: RouteShape = {
  resource: { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', kind: 'HTTPRoute' },
  rulesField: 'rules',
  backendsField: 'backendRefs',
  matches(b: Backend, t: KubernetesTarget, routeNamespace: string) {
    const isService = (b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service';
    return (
      isService &&
      b.name === t.service &&
      (b.namespace ?? routeNamespace) === (t.namespace ?? routeNamespace) &&
      (t.port === undefined || b.port === t.port)
    );
  },
  defaultWeight: () => 1,
  label: (b) => `backendRef ${JSON.stringify(b.name)}${b.port === undefined ? '' : `:${JSON.stringify(b.port)}`}`,
};

/** The Gateway API kind. */
export const gatewayApiKind = weightedRouteKind<GatewayApiSpec>(shape, {
  kind: 'gateway-api',
  schema: gatewayApiSchema,
  declaredFor: actuatorComponents,
});
