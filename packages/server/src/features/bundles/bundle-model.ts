import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import diff from 'microdiff';
import type { ErrorDetail } from '../../errors.js';
import { componentNames, type BundleSpec, type ComponentName, type Components } from './bundle-schema.js';

/**
 * The content address of a bundle: sha256 over its canonical JSON (RFC 8785). Workflow and
 * version are part of the content, so two versions with identical components differ in id.
 */
export function bundleId(spec: BundleSpec): string {
  return `sha256:${sha256Canonical(spec)}`;
}

/** SHA-256 hex of a value's canonical JSON. */
export function sha256Canonical(value: unknown): string {
  return createHash('sha256')
    .update(canonicalize(value) ?? 'null')
    .digest('hex');
}

/**
 * The version a component is known by when another component declares what it was built for
 * (`requires`): a model by its version, a prompt by its commit, a feature pipeline by its version…
 */
export function componentVersion(name: ComponentName, components: Components): string | undefined {
  const c = components;
  const versions: Record<ComponentName, string | number | undefined> = {
    modelRoute: c.modelRoute && (c.modelRoute.model ?? c.modelRoute.deployment ?? c.modelRoute.provider),
    model: c.model?.version,
    prompt: c.prompt?.commit,
    retrieval: c.retrieval?.indexBuild,
    tools: c.tools?.schemaVersion,
    outputSchema: c.outputSchema?.version,
    featurePipeline: c.featurePipeline?.version,
    dataSnapshot: c.dataSnapshot?.ref,
    serving: c.serving?.image,
    evaluation: c.evaluation?.datasetHash,
    batch: c.batch?.batchId,
  };
  const v = versions[name];
  return v === undefined ? undefined : String(v);
}

/** One unmet requirement: `component` needs `needs` at `required` but would run with `actual`. */
export interface RequirementConflict {
  component: ComponentName;
  needs: ComponentName;
  required: string;
  actual: string | undefined;
}

/**
 * Checks every `requires` entry of `requiring` against the components that would actually run
 * beside it. The planner uses this to refuse running a component on inputs it was not built for.
 */
export function requirementConflicts(
  requires: BundleSpec['requires'],
  running: Components,
  only?: ReadonlySet<ComponentName>,
): RequirementConflict[] {
  const conflicts: RequirementConflict[] = [];
  for (const [component, needsMap] of Object.entries(requires ?? {}) as [ComponentName, Record<string, unknown>][]) {
    if (only && !only.has(component)) continue;
    for (const [needs, required] of Object.entries(needsMap) as [ComponentName, string | number][]) {
      const actual = componentVersion(needs, running);
      if (actual !== String(required)) {
        conflicts.push({ component, needs, required: String(required), actual });
      }
    }
  }
  return conflicts;
}

/** Validation beyond the schema: `requires` must name present components and hold for the bundle. */
export function bundleConsistencyIssues(spec: BundleSpec): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  for (const [component, needsMap] of Object.entries(spec.requires ?? {})) {
    if (!(component in spec.components)) {
      issues.push({
        path: `requires.${component}`,
        message: `names component "${component}" that this bundle does not have`,
      });
    }
    for (const needs of Object.keys(needsMap ?? {})) {
      if (!(needs in spec.components)) {
        issues.push({
          path: `requires.${component}.${needs}`,
          message: `names component "${needs}" that this bundle does not have`,
        });
      }
    }
  }
  if (issues.length > 0) return issues;
  for (const c of requirementConflicts(spec.requires, spec.components)) {
    issues.push({
      path: `requires.${c.component}.${c.needs}`,
      message: `requires ${c.needs} ${c.required} but this bundle's ${c.needs} is ${c.actual ?? 'absent'}`,
    });
  }
  return issues;
}

/** One field-level change inside a component or flag map. */
export interface FieldChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

/** How one component differs between two bundles. */
export interface ComponentDiff {
  component: ComponentName;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  changes: FieldChange[];
}

/** A diff of two bundles, by component, plus flags and requirements. */
export interface BundleDiff {
  from: string;
  to: string;
  components: ComponentDiff[];
  changedComponents: ComponentName[];
  flags: FieldChange[];
  requires: FieldChange[];
}

/** Diffs two bundles component by component. */
export function diffBundles(from: BundleSpec, to: BundleSpec): BundleDiff {
  const components: ComponentDiff[] = [];
  for (const name of componentNames) {
    const a = from.components[name];
    const b = to.components[name];
    if (a === undefined && b === undefined) continue;
    const status = a === undefined ? 'added' : b === undefined ? 'removed' : undefined;
    const changes = fieldChanges(a ?? {}, b ?? {});
    components.push({ component: name, status: status ?? (changes.length > 0 ? 'changed' : 'unchanged'), changes });
  }
  return {
    from: from.version,
    to: to.version,
    components,
    changedComponents: components.filter((c) => c.status !== 'unchanged').map((c) => c.component),
    flags: fieldChanges(from.flags ?? {}, to.flags ?? {}),
    requires: fieldChanges(from.requires ?? {}, to.requires ?? {}),
  };
}

function fieldChanges(a: object, b: object): FieldChange[] {
  return diff(a as Record<string, unknown>, b as Record<string, unknown>).map((d) => {
    const change: FieldChange = { path: d.path.join('.') };
    if (d.type !== 'CREATE') change.from = d.oldValue;
    if (d.type !== 'REMOVE') change.to = d.value;
    return change;
  });
}
