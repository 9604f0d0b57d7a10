/**
 * What a component needs, as a property of the component itself (R1.2):
 *
 * - **Serving requirements vs provenance.** A component needs certain others *at serving time*
 *   (a model its feature pipeline, a prompt its output schema and tool contract). What it was
 *   *built from* — the data snapshot it was trained on, the evaluation dataset — is provenance:
 *   restoring the previous model on today's data snapshot is safe, since it still gets the inputs it
 *   was built for. The planner refuses only on serving requirements (`servingConflicts`).
 * - **Inherited requirements.** A component's requirements belong to its artifact: a bundle that
 *   reuses a component (same kind and version; a model also by name) inherits what that component
 *   was declared to need in any bundle of the workflow, so leaving `requires` out of a bundle file
 *   does not make a reused model run on a pipeline it was not built for.
 */
import type { ErrorDetail } from '../../errors.js';
import { componentVersion, requirementConflicts, type RequirementConflict } from './bundle-model.js';
import type { BundleSpec, ComponentName, Components } from './bundle-schema.js';

/** Components that record where another came from, not what it reads while serving. */
export const PROVENANCE_COMPONENTS: ReadonlySet<ComponentName> = new Set(['dataSnapshot', 'evaluation']);

/** A requirement a component carries from another bundle's declaration. */
export interface InheritedRequirement {
  component: ComponentName;
  needs: ComponentName;
  required: string;
  /** The bundle version that declared it. */
  from: string;
}

/** The same component artifact: same kind, same version, and for a model the same name. */
function sameArtifact(c: ComponentName, a: Components, b: Components): boolean {
  const va = componentVersion(c, a);
  if (va === undefined || va !== componentVersion(c, b)) return false;
  return c !== 'model' || a.model?.name === b.model?.name;
}

/**
 * The serving requirements `spec`'s components were declared to have in `others` (the workflow's
 * other bundles), for the components `spec` reuses. Provenance is not inherited: it says where an
 * artifact came from, and a bundle's own data snapshot need not be the one a reused model saw.
 */
export function inheritedRequirements(spec: BundleSpec, others: readonly BundleSpec[]): InheritedRequirement[] {
  const out: InheritedRequirement[] = [];
  const seen = new Set<string>();
  for (const other of others) {
    if (other.version === spec.version) continue;
    for (const [component, needsMap] of Object.entries(other.requires ?? {}) as [
      ComponentName,
      Record<string, string | number>,
    ][]) {
      if (!(component in spec.components) || !sameArtifact(component, spec.components, other.components)) continue;
      for (const [needs, required] of Object.entries(needsMap) as [ComponentName, string | number][]) {
        if (PROVENANCE_COMPONENTS.has(needs)) continue;
        const key = `${component}|${needs}|${String(required)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ component, needs, required: String(required), from: other.version });
      }
    }
  }
  return out;
}

/** `spec` with inherited serving requirements added where its own `requires` says nothing of them. */
export function withInheritedRequirements(spec: BundleSpec, others: readonly BundleSpec[]): BundleSpec {
  const inherited = inheritedRequirements(spec, others);
  if (inherited.length === 0) return spec;
  const requires: Record<string, Record<string, string | number>> = {};
  for (const [c, m] of Object.entries(spec.requires ?? {})) requires[c] = { ...(m as Record<string, string | number>) };
  for (const r of inherited) {
    const own = (requires[r.component] ??= {});
    if (!(r.needs in own)) own[r.needs] = r.required;
  }
  return { ...spec, requires: requires };
}

/** Serving-time conflicts only: a requirement on provenance never refuses a restore. */
export function servingConflicts(
  requires: BundleSpec['requires'],
  running: Components,
  only?: ReadonlySet<ComponentName>,
): RequirementConflict[] {
  return requirementConflicts(requires, running, only).filter((c) => !PROVENANCE_COMPONENTS.has(c.needs));
}

/**
 * Why `spec` cannot be registered given the workflow's other bundles: a reused component's
 * inherited serving requirement that this bundle does not meet (or that its own `requires`
 * contradicts: the artifact is the same, so what it needs is the same).
 */
export function inheritedRequirementIssues(spec: BundleSpec, others: readonly BundleSpec[]): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  for (const r of inheritedRequirements(spec, others)) {
    const own = (spec.requires?.[r.component] as Record<string, string | number> | undefined)?.[r.needs];
    const actual = componentVersion(r.needs, spec.components);
    const version = componentVersion(r.component, spec.components);
    const what = `${r.component} ${version ?? ''}`.trim();
    if (own !== undefined && String(own) !== r.required)
      issues.push({
        path: `requires.${r.component}.${r.needs}`,
        message: `says ${what} needs ${r.needs} ${String(own)}, but bundle ${r.from} declared the same ${r.component} to need ${r.needs} ${r.required}: a component's requirements belong to the component`,
      });
    else if (actual !== r.required)
      issues.push({
        path: `components.${r.needs}`,
        message: `${what} needs ${r.needs} ${r.required} (declared in bundle ${r.from}; a reused component keeps its requirements) but this bundle's ${r.needs} is ${actual ?? 'absent'}`,
      });
  }
  return issues;
}
