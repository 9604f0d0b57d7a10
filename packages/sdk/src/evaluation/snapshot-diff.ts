/**
 * What a new snapshot changed, per workflow and flag: the `flagsChanged` of change events and of
 * OpenFeature's PROVIDER_CONFIGURATION_CHANGED. It over-approximates on purpose: when segments or
 * the split change, every flag of the workflow is reported, since any of them may now resolve
 * differently for some context.
 */
import type { ConfigSnapshot, WorkflowConfig } from '@ripcord/protocol';
import { sameJson } from './compile-snapshot.js';

/** One workflow's changes. */
export interface WorkflowChange {
  workflow: string;
  /** The workflow's revision in the new snapshot, or undefined if it was removed. */
  revision: number | undefined;
  /** Flag keys whose resolution may have changed, sorted. */
  flagsChanged: string[];
}

function allKeys(wf: WorkflowConfig | undefined, into: Set<string>): void {
  if (wf === undefined) return;
  into.add('ai.rollout.percent');
  for (const k of Object.keys(wf.flags)) into.add(k);
  for (const k of Object.keys(wf.bundles.control.flags)) into.add(k);
  for (const k of Object.keys(wf.bundles.candidate?.flags ?? {})) into.add(k);
}

function changedKeys(before: WorkflowConfig | undefined, after: WorkflowConfig | undefined): string[] {
  const keys = new Set<string>();
  allKeys(before, keys);
  allKeys(after, keys);
  const wholesale =
    before === undefined ||
    after === undefined ||
    !sameJson(before.segments, after.segments) ||
    !sameJson(before.split, after.split) ||
    (before.bundles.candidate === undefined) !== (after.bundles.candidate === undefined);
  if (wholesale) return [...keys].sort();
  const changed = [...keys].filter(
    (k) =>
      !sameJson(before.flags[k], after.flags[k]) ||
      !sameJson(before.bundles.control.flags[k], after.bundles.control.flags[k]) ||
      !sameJson(before.bundles.candidate?.flags[k], after.bundles.candidate?.flags[k]),
  );
  return changed.sort();
}

/** Per-workflow changes from `before` (undefined: nothing yet) to `after`; unchanged workflows are omitted. */
export function diffSnapshots(before: ConfigSnapshot | undefined, after: ConfigSnapshot): WorkflowChange[] {
  const names = new Set([...Object.keys(before?.workflows ?? {}), ...Object.keys(after.workflows)]);
  const changes: WorkflowChange[] = [];
  for (const workflow of [...names].sort()) {
    const a = before?.workflows[workflow];
    const b = after.workflows[workflow];
    if (a !== undefined && b !== undefined && sameJson(a, b)) continue;
    const flagsChanged = changedKeys(a, b);
    changes.push({ workflow, revision: b?.revision, flagsChanged });
  }
  return changes;
}
