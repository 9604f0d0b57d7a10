/**
 * @ripcord/sdk: local flag evaluation and routing for AI workflows, streaming sync with the
 * ripcord server, and outcome reporting. Zero runtime dependencies.
 */
export * from './evaluation/index.js';
export { createClient } from './client/create-client.js';
export { RipcordClient } from './client/ripcord-client.js';
export type { Widen } from './client/ripcord-client.js';
export { RipcordReadyError } from './client/client-sync.js';
export { decisionFields } from './client/report-input.js';
export { labelEvent, labelRef, parseLabelRef } from './client/label-ref.js';
export type { LabelInput, LabelRefFields } from './client/label-ref.js';
export type { ReportInput, DecisionFields } from './client/report-input.js';
export type { ClientOptions, ReportOptions } from './client/client-options.js';
export type {
  ChangeEvent,
  ClientErrorCode,
  ClientErrorEvent,
  ClientEventMap,
  LossEvent,
  ClientStatus,
  Listener,
  StatusEvent,
} from './client/client-events.js';
export type { WorkflowChange } from './evaluation/snapshot-diff.js';
export type { ReportStats } from './report/event-reporter.js';
export type {
  ConfigSnapshot,
  EvaluationContext,
  JsonValue,
  RouteReason,
  FlagReason,
  FlagErrorCode,
  IngestEvent,
  OutcomeEvent,
} from '@ripcord/protocol';
