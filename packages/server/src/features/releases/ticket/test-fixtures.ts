/**
 * Test support (imported by the `*.test.ts` files beside it only): the example documents of
 * `examples/*.yaml`, parsed with the real schemas so the tests read exactly what `ripcord apply`
 * accepts.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { bundleSchema, type BundleSpec } from '../../bundles/bundle-schema.js';
import { workflowSchema, type WorkflowSpec } from '../../bundles/workflow-schema.js';
import { releaseSchema, type ReleaseSpec } from './release-schema.js';

/** The names of the example files. */
export type ExampleName = 'ride-pricing' | 'support-summary';

/** One example, parsed, plus the Release document as written. */
export interface Example {
  workflow: WorkflowSpec;
  control: BundleSpec;
  candidate: BundleSpec;
  release: ReleaseSpec;
  rawRelease: Record<string, unknown>;
}

const examplesDir = new URL('../../../../../../examples/', import.meta.url);

/** The YAML documents of `examples/NAME.yaml` as plain objects. */
export function exampleDocuments(name: ExampleName): Record<string, unknown>[] {
  const text = readFileSync(new URL(`${name}.yaml`, examplesDir), 'utf8');
  return parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
}

/** `examples/NAME.yaml` parsed by the Workflow, Bundle and Release schemas. */
export function loadExample(name: ExampleName): Example {
  const docs = exampleDocuments(name);
  const rawRelease = docs.find((d) => d['kind'] === 'Release');
  if (rawRelease === undefined) throw new Error(`${name}.yaml has no Release`);
  const release = releaseSchema.parse(rawRelease);
  const bundles = docs.filter((d) => d['kind'] === 'Bundle').map((d) => bundleSchema.parse(d));
  const byVersion = (v: string): BundleSpec => {
    const found = bundles.find((b) => b.version === v);
    if (found === undefined) throw new Error(`${name}.yaml has no bundle ${v}`);
    return found;
  };
  return {
    workflow: workflowSchema.parse(docs.find((d) => d['kind'] === 'Workflow')),
    control: byVersion(release.control),
    candidate: byVersion(release.candidate),
    release,
    rawRelease,
  };
}
