/**
 * Outcome events: what an application reports about each request or task it served, and the
 * late labels (review verdicts, confirmed complaints, ground truth) that arrive afterwards keyed
 * by request id. The server's ingest validates these; the SDK's `report()` sends them.
 *
 * Every field except the identifying ones is optional: an application reports what it knows.
 * A metric whose denominator field is absent simply does not count that event.
 */

/** Which side of a release served the request. */
export type Arm = 'control' | 'candidate';

/** Why a request errored. `oom` and `crash` also count towards the `oom_crashes` metric. */
export type ErrorKind = 'timeout' | 'http_5xx' | 'http_4xx' | 'rate_limited' | 'oom' | 'crash' | 'other';

/** One tool call made while serving a request. */
export interface ToolCallRecord {
  name: string;
  /** `write` side effects are listed by the planner as what a rollback cannot undo (R5.4). */
  sideEffects?: 'none' | 'read' | 'write';
  ok?: boolean;
  /** A guard or policy blocked the call (it did not run); counts for `unsafe_tool_call_rate`. */
  blocked?: boolean;
  /** A checker flagged the call as unsafe (whether or not it ran); counts for `unsafe_tool_call_rate`. */
  unsafe?: boolean;
}

/** Fields common to every event. */
interface EventBase {
  /** Release and arm, when the sender knows them. Late labels without them are attributed through
   * the request id of the outcome they label (see the gates docs for the bounded index). */
  release?: string;
  arm?: Arm;
  /** Client-generated unique id; ingest is idempotent by it. */
  id: string;
  workflow: string;
  environment: string;
  /** ISO-8601 timestamp of when the thing happened (not when it was sent). */
  at: string;
}

/** One request or task served by an arm of a release (or by the workflow outside any release). */
export interface OutcomeEvent extends EventBase {
  type: 'outcome';
  bundleVersion?: string;
  /** The request id (also the sample id late labels refer to). */
  requestId: string;
  /** The bucketing key (user, account, session...) for blast-radius counts of distinct keys. */
  key?: string;
  /** Segment names the request matched, for `scope: affected-segments`. */
  segments?: string[];
  latencyMs?: number;
  error?: boolean;
  errorKind?: ErrorKind;
  /** Whether the output passed schema validation; absent = not validated. */
  schemaValid?: boolean;
  /** The output parser's error message when `schemaValid` is false (kept as evidence: `parserLogs`). */
  parserError?: string;
  /** The request's trace id in the app's tracing system (kept as evidence: `traceIds`). */
  traceId?: string;
  costUsd?: number;
  /** Whether the task was completed successfully; absent = not a task. */
  taskSuccess?: boolean;
  safetyBlocked?: boolean;
  toolCalls?: ToolCallRecord[];
  /** The workflow's declared primary quality metric for this request, when computable. */
  primaryMetric?: number;
  /** The model's prediction (for prediction-distribution drift). */
  prediction?: number;
  /** Whether the request converted (business proxy). */
  converted?: boolean;
  /** Input feature values; `null` marks a missing value (missing-feature rate). */
  features?: Record<string, number | null>;
  /** The action mode the request was served under (R3.4: request history keeps its mode). */
  actionMode?: string;
}

/**
 * What the SDK stamps into a late label from the handle of the request it labels (`labelRef`,
 * ADR 0012): the release, `arm` (in {@link EventBase}) and the bundle version that served it, so
 * ingest can attribute the label however late it arrives, without the bounded request index.
 */
interface LabelStamp {
  /** The bundle version that served the labelled request; checked against the release's bundles. */
  bundleVersion?: string;
}

/** A human review verdict on an output, arriving later. */
export interface ReviewEvent extends EventBase, LabelStamp {
  type: 'review';
  requestId: string;
  verdict: 'accepted' | 'rejected';
  reviewer?: string;
  notes?: string;
}

/** A confirmed customer complaint naming the output sample it is about. */
export interface ComplaintEvent extends EventBase, LabelStamp {
  type: 'complaint';
  /** The request id of the output sample the complaint is about. */
  sampleId: string;
  confirmed: boolean;
  summary?: string;
}

/** Ground truth for an earlier prediction (e.g. for MAPE). */
export interface GroundTruthEvent extends EventBase, LabelStamp {
  type: 'ground_truth';
  requestId: string;
  actual: number;
  /** The labelled request's prediction, stamped from its handle (for MAPE when the index no longer holds it). */
  prediction?: number;
}

/** A crash / OOM event not tied to one request (a replica died). */
export interface CrashEvent extends EventBase {
  type: 'crash';
  bundleVersion?: string;
  kind: 'oom' | 'crash';
}

/** Anything `POST /v1/events` accepts. */
export type IngestEvent = OutcomeEvent | ReviewEvent | ComplaintEvent | GroundTruthEvent | CrashEvent;

/**
 * Observations the edge summary carries per metric (docs/sdk-protocol.md §6.1): the outcome fields
 * a summarised outcome may have, each reduced to the (x, y) the gates observe in it.
 */
export type SummaryMetric =
  | 'error_rate'
  | 'schema_failure_rate'
  | 'safety_block_rate'
  | 'conversion_rate'
  | 'primary_metric'
  | 'cost_per_successful_task'
  | 'cost_without_task';

/** Identical observations of one metric: `[x, y, count]`. */
export type SummaryGroup = [x: number, y: number, count: number];

/**
 * Sums per hashed key bucket (index = bucket: FNV-1a, 32-bit, of the UTF-16 code units of the
 * outcome's `key`, else its `requestId`, modulo 64): outcomes per bucket, and per carried metric
 * the x and y sums and how many of its observations came with a `key`. With them the server's
 * heavy-key (cluster-robust) variance sees what the summarised outcomes would have given it.
 */
export interface SummaryBuckets {
  count: number[];
  metrics: Partial<Record<SummaryMetric, { x: number[]; y: number[]; keyed: number }>>;
}

/** An outcome that counted against a gate, kept by the SDK as evidence (the last few per summary). */
export interface SummarySample {
  requestId: string;
  at: string;
  error?: boolean;
  errorKind?: ErrorKind;
  schemaValid?: boolean;
  parserError?: string;
  safetyBlocked?: boolean;
  costUsd?: number;
  taskSuccess?: boolean;
  traceId?: string;
}

/**
 * The outcomes one SDK served for one release and arm in one interval, aggregated at the edge
 * (docs/sdk-protocol.md §6.1). `at` is the interval's start, a multiple of `intervalMs` since the
 * epoch. The server applies it to every gate as it would the outcomes it summarises; an outcome the
 * summary cannot carry (features, prediction, tool calls, an `oom`/`crash` error kind) is sent raw.
 */
export interface SummaryEvent extends EventBase {
  type: 'summary';
  release: string;
  arm: Arm;
  bundleVersion?: string;
  intervalMs: number;
  /** Outcomes summarised. */
  count: number;
  /** Earliest and latest `at` of the outcomes summarised. */
  firstAt: string;
  lastAt: string;
  /** Per metric, the observations grouped by value (only metrics some outcome carried). */
  metrics: Partial<Record<SummaryMetric, SummaryGroup[]>>;
  /** Latencies grouped by value: `[ms, count]`. */
  latency?: [ms: number, count: number][];
  /** Errored outcomes by error kind. */
  errorKinds?: Partial<Record<ErrorKind, number>>;
  /** Outcomes that carried a `key`, and the distinct keys among them. */
  keyed?: number;
  keys?: string[];
  /** Per hashed key bucket, what the server's heavy-key variance needs (§6.1). */
  buckets?: SummaryBuckets;
  /** The most recent outcomes that counted against an error, schema, safety or cost gate. */
  samples?: SummarySample[];
}

/** One entry of a `POST /v1/events` body: an event, or an edge summary of outcomes. */
export type EventBatchItem = IngestEvent | SummaryEvent;
