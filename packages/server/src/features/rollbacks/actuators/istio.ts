/**
 * Istio `VirtualService` (networking.istio.io/v1): a rollback sets the `http[].route[]`
 * destination weights so the control takes the candidate's share (weighted-route.ts). A
 * destination is the bundle's when its host is the declared `host` (or the Service's short name,
 * `name.namespace` or `name.namespace.svc.cluster.local`) and, when declared, its subset and port
 * match. Istio gives a lone destination all traffic; with several, an unset weight is 0.
 */
import { z } from 'zod';
import type { KubernetesTarget } from '../../bundles/bundle-targets.js';
import { actuatorComponents } from './actuator-fields.js';
import { kubernetesFields } from './kubernetes-api.js';
import { weightedRouteKind, type Backend, type RouteShape } from './weighted-route.js';

/** `kind: istio` — a VirtualService whose route weights a rollback moves. */
export const istioSchema = z.strictObject({ kind: z.literal('istio'), ...kubernetesFields });
/** An `istio` declaration. */
export type IstioSpec = z.infer<typeof istioSchema>;

interface Destination {
  host?: unknown;
  subset?: unknown;
  port?: { number?: unknown };
}

function hostMatches(host: unknown, t: KubernetesTarget, routeNamespace: string): boolean {
  if (t.host !== undefined) return host === t.host;
  const ns = t.namespace ?? routeNamespace;
  return host === t.service || host === `${t.service}.${ns}` || host === `${t.service}.${ns}.svc.cluster.local`;
}

const shape: RouteShape = {
  resource: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices', kind: 'VirtualService' },
  rulesField: 'http',
  backendsField: 'route',
  matches(b: Backend, t: KubernetesTarget, routeNamespace: string) {
    const d = (b.destination ?? {}) as Destination;
    return (
      hostMatches(d.host, t, routeNamespace) &&
      (t.subset === undefined || d.subset === t.subset) &&
      (t.port === undefined || d.port?.number === t.port)
    );
  },
  defaultWeight: (count) => (count === 1 ? 100 : 0),
  label(b) {
    const d = (b.destination ?? {}) as Destination;
    return `destination ${String(d.host)}${typeof d.subset === 'string' ? ` subset ${d.subset}` : ''}`;
  },
};

/** The Istio kind. */
export const istioKind = weightedRouteKind<IstioSpec>(shape, {
  kind: 'istio',
  schema: istioSchema,
  declaredFor: actuatorComponents,
});
