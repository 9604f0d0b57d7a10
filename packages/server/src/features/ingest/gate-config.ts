/**
 * From a release ticket (plus its workflow and bundles) to the gate engine's
 * {@link ReleaseGateConfig}: everything fixed at release start. Pure, so the mapping is tested on
 * its own and a restart rebuilds nothing — the config travels inside the persisted snapshot.
 */
import type { BundleSpec } from '../bundles/bundle-schema.js';
import type { WorkflowSpec } from '../bundles/workflow-schema.js';
import type { GateReferences, ReferenceDistribution, ReleaseGateConfig } from '../gates/index.js';
import type { ReleaseRecord } from '../releases/release-store.js';

/** What the caller may know at release start beyond the ticket. */
export interface GateStartOptions {
  /** E.g. the control route's 7-day p95 (`baseline_p95_7d`); merged over what the workflow gives. */
  references?: GateReferences;
  /** Reference distributions for `driftFromReference` gates, by series (`prediction` or a feature). */
  distributions?: Record<string, ReferenceDistribution>;
}

/**
 * The workflow's criticality as the engine knows it. `standard` (and no criticality) counts as
 * business-critical: an unlabelled workflow gets the more careful gates, never the laxer ones.
 */
export function engineCriticality(workflow: WorkflowSpec | undefined): 'business-critical' | 'experimental' {
  return workflow?.criticality === 'experimental' ? 'experimental' : 'business-critical';
}

/** The features a bundle declares in its feature pipeline, if it declares any. */
function declaredFeatures(bundle: BundleSpec | undefined): string[] | undefined {
  return bundle?.components.featurePipeline?.features;
}

/** The tools a bundle's tool contract declares with write side effects (R5.4). */
function writeTools(bundle: BundleSpec | undefined): string[] {
  return (bundle?.components.tools?.tools ?? []).filter((t) => t.sideEffects === 'write').map((t) => t.name);
}

/**
 * The engine config of a release. `config.release` is the release **name**: that is what the SDK
 * puts in events (the split's release), and the engine ignores events naming another release.
 */
export function gateConfigFor(
  release: ReleaseRecord,
  context: { workflow: WorkflowSpec | undefined; control: BundleSpec | undefined; candidate: BundleSpec | undefined },
  options: GateStartOptions = {},
): ReleaseGateConfig {
  const spec = release.spec;
  const sla = context.workflow?.sla?.latencyP99Ms;
  const references: GateReferences = { ...(sla === undefined ? {} : { slaLatencyMs: sla }), ...options.references };
  const control = declaredFeatures(context.control);
  const candidate = declaredFeatures(context.candidate);
  const distributions =
    options.distributions ?? (Object.keys(release.references).length > 0 ? release.references : undefined);
  return {
    release: release.name,
    gates: spec.gates === 'none-accepted' ? [] : spec.gates,
    ...(spec.alpha === undefined ? {} : { alpha: spec.alpha }),
    ...(spec.test === undefined ? {} : { test: spec.test }),
    criticality: engineCriticality(context.workflow),
    references,
    // Declared with the release (PUT /v1/releases/{id}/references) unless the caller passes its own.
    ...(distributions === undefined ? {} : { distributions }),
    declaredFeatures: {
      ...(control === undefined ? {} : { control }),
      ...(candidate === undefined ? {} : { candidate }),
    },
    bundles: { control: spec.control, candidate: spec.candidate },
    writeTools: writeTools(context.candidate),
    // Fixtures and older stored tickets may lack the list (it defaults to empty).
    ...((spec.evidence ?? []).length > 0 ? { evidence: [...spec.evidence] } : {}),
  };
}
