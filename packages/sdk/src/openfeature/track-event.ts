/**
 * Maps OpenFeature `track()` calls to ripcord ingest events. The tracking event name must be an
 * ingest event type (`outcome`, `review`, `complaint`, `ground_truth`, `crash`); the details carry
 * its fields (`requestId`, `latencyMs`, `verdict`, …; OpenFeature's `value` is ignored). Outcome
 * events get release, arm, bundle version and segments from routing the same context, so they are
 * attributed to the arm that served the request. Anything else is dropped.
 */
import type { EvaluationContext as OpenFeatureContext, TrackingEventDetails } from '@openfeature/server-sdk';
import type { IngestEvent } from '@ripcord/protocol';
import type { RipcordClient } from '../client/ripcord-client.js';
import { decisionFields, type ReportInput } from '../client/report-input.js';
import { toRipcordContext } from './flag-key.js';

const TYPES: ReadonlySet<string> = new Set<IngestEvent['type']>([
  'outcome',
  'review',
  'complaint',
  'ground_truth',
  'crash',
]);

/** The event to report for a `track()` call, or undefined when it cannot be one. */
export function trackToEvent(
  name: string,
  workflow: string | undefined,
  context: OpenFeatureContext,
  details: TrackingEventDetails,
  client: RipcordClient,
): ReportInput | undefined {
  if (!TYPES.has(name) || workflow === undefined) return undefined;
  const fields: Record<string, unknown> = { ...details };
  delete fields.value;
  delete fields.workflow;
  if (fields.requestId === undefined && typeof context.requestId === 'string') fields.requestId = context.requestId;
  const base: Record<string, unknown> = { ...fields, type: name, workflow };
  if (name === 'outcome') {
    const decision = client.route(workflow, toRipcordContext(context));
    Object.assign(base, { ...decisionFields(decision), ...fields });
    if (base.key === undefined && typeof context.targetingKey === 'string') base.key = context.targetingKey;
  }
  // The server validates event fields; the SDK only guarantees the envelope.
  return base as unknown as ReportInput;
}
