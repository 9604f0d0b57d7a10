/**
 * What a rollback cannot undo (R5.4), listed explicitly in every plan: side effects the candidate
 * already made through write tools, batch outputs produced by the candidate version, and cached
 * state. A rollback changes future responses only (R5.5); these need their own clean-up.
 */
import type { BundleSpec } from '../../bundles/bundle-schema.js';
import type { CannotUndo, SideEffectFacts } from './rollback-plan.js';

/** The candidate's irreversible effects, from the facts given and the candidate's tool contract. */
export function cannotUndo(candidate: BundleSpec, facts: SideEffectFacts | undefined): CannotUndo[] {
  const version = candidate.version;
  const out: CannotUndo[] = [];
  const calls = (facts?.writeToolCalls ?? []).filter((c) => c.bundleVersion === version && c.count > 0);
  for (const c of calls) {
    const samples = [...(c.sampleIds ?? [])];
    out.push({
      kind: 'side-effect',
      tool: c.tool,
      count: c.count,
      sampleIds: samples,
      text: `${c.count} ${c.tool} call(s) with write side effects made by ${version} stay done${samples.length > 0 ? ` (e.g. ${samples.slice(0, 3).join(', ')})` : ''}; reverse them by hand or by a compensating action`,
    });
  }
  // Without tool-call facts, a declared write tool is still a possible irreversible effect.
  if (facts?.writeToolCalls === undefined) {
    for (const tool of candidate.components.tools?.tools ?? []) {
      if (tool.sideEffects !== 'write' || candidate.components.tools?.mode === 'disabled') continue;
      out.push({
        kind: 'side-effect',
        tool: tool.name,
        count: null,
        sampleIds: [],
        text: `${tool.name} may have made write side effects while ${version} served; no tool-call facts were given to count them`,
      });
    }
  }
  for (const b of (facts?.batchOutputs ?? []).filter((o) => o.bundleVersion === version && o.outputs > 0)) {
    out.push({
      kind: 'batch-output',
      batchId: b.batchId,
      outputs: b.outputs,
      bundleVersion: version,
      text: `${b.outputs} output(s) of batch ${b.batchId} were produced by ${version}: downstream systems can filter or invalidate outputs of ${version}; re-running the batch replaces them idempotently`,
    });
  }
  for (const c of facts?.cachedState ?? [])
    out.push({ kind: 'cached-state', name: c.name, text: `${c.name}: ${c.description}` });
  return out;
}
