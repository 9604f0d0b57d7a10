/**
 * What the Gateway API and Istio kinds share: a route object whose rules each split traffic over
 * weighted backends. A rollback gives every backend that is the candidate's Service weight 0 and
 * adds its weight to the control's in the same rule, so the control takes the candidate's share
 * and every other backend keeps its own. The patch carries the whole rule list (a merge patch
 * replaces lists) and the resourceVersion it was computed from, so it never overwrites a change
 * it did not see; on a conflict it reads again and recomputes.
 */
import type { KubernetesTarget } from '../../bundles/bundle-targets.js';
import { ActuationError } from './actuator-http.js';
import type { ActuationSubject, ActuatorKind, DryRun } from './actuator-kind.js';
import {
  getRequest,
  objectName,
  patchRequest,
  readObject,
  sendPatch,
  type ApiResource,
  type KubeObject,
  type KubernetesSpec,
} from './kubernetes-api.js';

/** One weighted backend of a rule, as the route object holds it. */
export type Backend = Record<string, unknown> & { weight?: number };

/** How one route kind reads and writes its rules. */
export interface RouteShape {
  resource: ApiResource;
  /** The spec field holding the rules (`rules`, `http`) and each rule's backend list (`backendRefs`, `route`). */
  rulesField: string;
  backendsField: string;
  /** Whether a backend is the bundle's Service. */
  matches(backend: Backend, target: KubernetesTarget, routeNamespace: string): boolean;
  /** The weight a backend without one carries, given how many backends its rule has. */
  defaultWeight(count: number): number;
  /** A backend in words, for effects and errors. */
  label(backend: Backend): string;
}

type Rule = Record<string, unknown>;

/** The new rules and what changes; `changes` is empty when the rollback is already in place. */
interface Shift {
  rules: Rule[];
  changes: string[];
}

/** Computes the rollback's rules from the live ones; throws when the route cannot carry it. */
export function shiftWeights(
  shape: RouteShape,
  object: KubeObject,
  subject: ActuationSubject,
  spec: KubernetesSpec,
): Shift {
  const { control, candidate } = services(subject);
  const live = object.spec?.[shape.rulesField];
  if (!Array.isArray(live))
    throw new ActuationError(`${objectName(spec, shape.resource)} has no spec.${shape.rulesField}`);
  const rules = structuredClone(live) as Rule[];
  const changes: string[] = [];
  let controlSeen = false;
  rules.forEach((rule, i) => {
    const backends = Array.isArray(rule[shape.backendsField]) ? (rule[shape.backendsField] as Backend[]) : [];
    const weight = (b: Backend) => b.weight ?? shape.defaultWeight(backends.length);
    const isControl = (b: Backend) => shape.matches(b, control, spec.namespace);
    const cands = backends.filter((b) => shape.matches(b, candidate, spec.namespace) && !isControl(b));
    const ctrl = backends.find(isControl);
    controlSeen ||= ctrl !== undefined;
    const moving = cands.reduce((sum, b) => sum + weight(b), 0);
    if (cands.length === 0 || moving === 0) return;
    if (!ctrl)
      throw new ActuationError(
        `${objectName(spec, shape.resource)} rule ${i + 1} routes to the candidate's ${candidate.service} but not to the control's ${control.service}: there is nowhere to move its traffic`,
      );
    const before = weight(ctrl);
    for (const b of cands) {
      changes.push(`rule ${i + 1}: ${shape.label(b)} weight ${weight(b)} → 0`);
      b.weight = 0;
    }
    ctrl.weight = before + moving;
    changes.push(`rule ${i + 1}: ${shape.label(ctrl)} weight ${before} → ${ctrl.weight}`);
  });
  if (!controlSeen)
    throw new ActuationError(
      `${objectName(spec, shape.resource)} does not route to the control's Service ${control.service}`,
    );
  return { rules, changes };
}

/** The two bundles' Services; throws when a bundle declares none. */
function services(subject: ActuationSubject): { control: KubernetesTarget; candidate: KubernetesTarget } {
  const { control, candidate } = subject;
  for (const [role, t] of [
    ['control', control],
    ['candidate', candidate],
  ] as const)
    if (!t.kubernetes)
      throw new ActuationError(
        `the ${role} bundle ${t.version} names no Kubernetes Service (components.serving.kubernetes.service)`,
      );
  return { control: control.kubernetes!, candidate: candidate.kubernetes! };
}

/** The merge patch for the new rules, conditional on the version they were computed from. */
function patchFor(shape: RouteShape, object: KubeObject, rules: Rule[]): Record<string, unknown> {
  return {
    metadata: { resourceVersion: object.metadata.resourceVersion },
    spec: { [shape.rulesField]: rules },
  };
}

/** The kind for a route shape: readiness, dry run, apply and read-back, shared by Gateway API and Istio. */
export function weightedRouteKind<S extends KubernetesSpec & { kind: string }>(
  shape: RouteShape,
  base: Pick<ActuatorKind<S>, 'kind' | 'schema' | 'declaredFor'>,
): ActuatorKind<S> {
  return {
    ...base,
    async readiness(spec, subject, http) {
      const object = await readObject(http, spec, shape.resource, 'check');
      const shift = shiftWeights(shape, object, subject, spec);
      // The rollback's patch (or, with nothing to move yet, the same rules), stored nowhere: proves
      // the token may patch the object and the API server accepts the result.
      await sendPatch(http, spec, shape.resource, patchFor(shape, object, shift.rules), true);
      return [];
    },
    async dryRun(spec, subject, http): Promise<DryRun> {
      const read = getRequest(spec, shape.resource, 'read');
      try {
        const object = await readObject(http, spec, shape.resource);
        const shift = shiftWeights(shape, object, subject, spec);
        const calls = [http.view(read)];
        if (shift.changes.length > 0)
          calls.push(http.view(patchRequest(spec, shape.resource, patchFor(shape, object, shift.rules))));
        calls.push(http.view(getRequest(spec, shape.resource, 'read-back')));
        const effect =
          shift.changes.length === 0 ? 'already in place: the candidate gets no traffic' : shift.changes.join('; ');
        return { calls, effect: `${objectName(spec, shape.resource)}: ${effect}` };
      } catch (error) {
        return {
          calls: [http.view(read)],
          effect: `${objectName(spec, shape.resource)}: weights not computed`,
          problem: message(error),
        };
      }
    },
    async apply(spec, subject, http) {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const object = await readObject(http, spec, shape.resource);
        const shift = shiftWeights(shape, object, subject, spec);
        if (shift.changes.length === 0)
          return {
            kind: 'applied',
            detail: `${objectName(spec, shape.resource)} already routes nothing to the candidate`,
          };
        const patched = await sendPatch(http, spec, shape.resource, patchFor(shape, object, shift.rules));
        if (patched !== 'conflict')
          return { kind: 'applied', detail: `${objectName(spec, shape.resource)}: ${shift.changes.join('; ')}` };
      }
      throw new ActuationError(
        `${objectName(spec, shape.resource)} kept changing while being patched (409 three times)`,
        true,
      );
    },
    async verify(spec, subject, http) {
      const object = await readObject(http, spec, shape.resource, 'read-back');
      const shift = shiftWeights(shape, object, subject, spec);
      if (shift.changes.length > 0)
        throw new ActuationError(
          `read-back: ${objectName(spec, shape.resource)} still routes to the candidate (${shift.changes.join('; ')})`,
        );
      return `read back ${objectName(spec, shape.resource)} (resourceVersion ${object.metadata.resourceVersion ?? '?'}): the candidate gets no traffic`;
    },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
