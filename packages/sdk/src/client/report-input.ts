/** What `client.report()` accepts, and a helper to copy a route decision into an outcome event. */
import type { Arm, IngestEvent } from '@ripcord/protocol';
import type { RouteDecision } from '../evaluation/route-decision.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An ingest event whose `id` (UUID), `at` (now) and `environment` (the client's) may be left for the SDK to fill. */
export type ReportInput = DistributiveOmit<IngestEvent, 'id' | 'at' | 'environment'> & {
  id?: string;
  at?: string;
  environment?: string;
};

/** The fields of an outcome event that come from the route decision that served the request. */
export interface DecisionFields {
  arm: Arm;
  release?: string;
  bundleVersion?: string;
  segments?: string[];
  /** `ai.action.mode` as the request was served: request history keeps the mode it started under (R3.4). */
  actionMode?: string;
}

/**
 * The release, arm, bundle version, matched segments and action mode of a decision, ready to spread into an
 * outcome event: `client.report({ type: 'outcome', workflow, requestId, ...decisionFields(d), latencyMs })`.
 */
export function decisionFields(decision: RouteDecision): DecisionFields {
  const fields: DecisionFields = { arm: decision.arm };
  if (decision.release !== undefined) fields.release = decision.release;
  if (decision.bundleVersion !== undefined) fields.bundleVersion = decision.bundleVersion;
  if (decision.segments.length > 0) fields.segments = [...decision.segments];
  const mode = decision.flags['ai.action.mode'];
  if (typeof mode === 'string') fields.actionMode = mode;
  return fields;
}
