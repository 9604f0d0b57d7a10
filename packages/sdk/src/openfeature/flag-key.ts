/**
 * How an OpenFeature evaluation names its workflow: OpenFeature has flag keys and a context but
 * no notion of a workflow, so the provider takes it from (in order) a `workflow/flagKey` key, the
 * context's `workflow` attribute, or the provider's default workflow.
 */
import type { EvaluationContext as OpenFeatureContext } from '@openfeature/server-sdk';
import type { EvaluationContext } from '@ripcord/protocol';

/** Where the workflow comes from. */
export interface WorkflowLookup {
  /** Workflow used when neither the key nor the context names one. */
  defaultWorkflow: string | undefined;
  /** Separator between workflow and flag key (default `/`). */
  separator: string;
  /** Context attribute naming the workflow (default `workflow`). */
  workflowAttribute: string;
}

/** A flag key split into its workflow and flag. */
export interface ParsedKey {
  workflow: string | undefined;
  flag: string;
}

/** Splits `workflow/flagKey`, else takes the workflow from the context or the default. */
export function parseFlagKey(key: string, context: OpenFeatureContext, lookup: WorkflowLookup): ParsedKey {
  const i = key.indexOf(lookup.separator);
  if (i > 0) return { workflow: key.slice(0, i), flag: key.slice(i + lookup.separator.length) };
  const fromContext = context[lookup.workflowAttribute];
  return {
    workflow: typeof fromContext === 'string' && fromContext.length > 0 ? fromContext : lookup.defaultWorkflow,
    flag: key,
  };
}

/** Maps an OpenFeature context to a ripcord one: `targetingKey` becomes the bucketing `key`. */
export function toRipcordContext(context: OpenFeatureContext): EvaluationContext {
  const key = context.targetingKey;
  return key === undefined ? context : { ...context, key };
}
