/**
 * Configuration snapshots: what the server sends to SDKs (R3) and what SDKs evaluate locally.
 *
 * One snapshot is the complete flag and routing state of some workflows in one environment at
 * one configuration revision. Every message is self-contained, so an SDK applies a snapshot
 * atomically or not at all. The normative description (resolution order, operators, bucketing,
 * endpoints) is docs/sdk-protocol.md; these types are its shape.
 *
 * Unknown fields are ignored by SDKs (forward compatibility); a snapshot that breaks any rule
 * below is rejected as a whole and the SDK keeps its last good snapshot.
 */

/** Any JSON value (flag variant values are JSON). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The declared type of a flag. `string_list` is a JSON array of strings (e.g. `ai.route.fallback`);
 * `json` is any JSON value. `number` values are finite.
 */
export type FlagType = 'boolean' | 'string' | 'number' | 'string_list' | 'json';

/** A targeting rule: contexts in `segment` get `variant`. Rules are evaluated in order; first match wins. */
export interface TargetingRule {
  /** Name of a segment of the same workflow. */
  segment: string;
  /** Name of a variant of the same flag. */
  variant: string;
}

/**
 * An explicit flag definition. Values are named variants (as in OpenFeature and flagd): the
 * variant name is what a resolution reports as its `variant`.
 */
export interface FlagDefinition {
  type: FlagType;
  /** Variant name → value; every value must conform to `type`. At least one variant. */
  variants: Record<string, JsonValue>;
  /**
   * Variant served when no rule matches. When absent, a context that matches no rule falls
   * through to the serving arm's bundle value (how a rollback scoped to affected segments sets a
   * flag for those segments only).
   */
  defaultVariant?: string;
  /** Targeting rules, evaluated in order. */
  rules?: TargetingRule[];
  /**
   * A disabled flag resolves to the caller's default with reason `DISABLED` (OpenFeature's meaning:
   * the flag is turned off in the management system): no rule, variant or bundle value applies.
   */
  disabled?: boolean;
  /**
   * Flag metadata (OpenFeature `flagMetadata`, OFREP `metadata`): returned with every resolution of
   * this definition. Values are strings, finite numbers or booleans.
   */
  metadata?: FlagMetadata;
  /** Free text for humans; ignored by evaluation. */
  description?: string;
}

/** Flag metadata: keys to strings, finite numbers or booleans (OpenFeature's `FlagMetadata`). */
export type FlagMetadata = Record<string, string | number | boolean>;

/** Condition operators on evaluation-context attributes; see docs/sdk-protocol.md for exact semantics. */
export type ConditionOp =
  'eq' | 'neq' | 'in' | 'not_in' | 'starts_with' | 'ends_with' | 'contains' | 'gt' | 'gte' | 'lt' | 'lte';

/** A scalar an attribute can be compared with. */
export type ConditionScalar = string | number | boolean;

/**
 * One condition on a context attribute. `in`/`not_in` take an array of scalars; every other
 * operator takes one scalar. A missing (absent or null) or non-scalar attribute never satisfies any
 * condition, including `neq` and `not_in`.
 */
export interface Condition {
  /** Attribute name in the evaluation context (`key` is the bucketing key). */
  attribute: string;
  op: ConditionOp;
  value: ConditionScalar | ConditionScalar[];
}

/** A named set of contexts: all conditions must hold. An empty list matches every context. */
export interface Segment {
  conditions: Condition[];
  description?: string;
}

/** A bundle as the SDK sees it: its version and its flag state (a static variant per flag). */
export interface BundleFlags {
  version: string;
  /** Flag key → value: shorthand for a single static variant per flag (the bundle's `flags:` map). */
  flags: Record<string, JsonValue>;
}

/** A per-segment candidate percent, e.g. 0 for the affected segments of a scoped rollback. */
export interface SegmentPercent {
  segment: string;
  /** 0–100 with 0.01 resolution. */
  percent: number;
}

/** A release's traffic split between the control and the candidate bundle. */
export interface TrafficSplit {
  /** Release name; part of the bucketing input, so a new release reshuffles buckets. */
  release: string;
  /** Candidate share in percent, 0–100 with 0.01 resolution (bucket < percent × 100). */
  percent: number;
  /** When set, only contexts in this segment may get the candidate (R2.4 staff-only canary). */
  eligibleSegment?: string;
  /** Per-segment percents for eligible contexts; the first matching segment wins over `percent`. */
  segmentPercents?: SegmentPercent[];
}

/** Who changed a workflow's configuration last, and why (informational). */
export interface ConfigChange {
  actor: string;
  reason: string;
  /** ISO-8601. */
  at: string;
}

/** The flag and routing configuration of one workflow in one environment. */
export interface WorkflowConfig {
  /** The last environment revision that changed this workflow. */
  revision: number;
  /** Flag key → explicit definition. */
  flags: Record<string, FlagDefinition>;
  /** Segment name → segment. */
  segments: Record<string, Segment>;
  bundles: {
    /** The bundle serving everyone outside a split (the `production` label). */
    control: BundleFlags;
    /** Present while a release is in progress. */
    candidate?: BundleFlags;
  };
  /** Present while a release splits traffic; requires `bundles.candidate`. */
  split?: TrafficSplit;
  lastChange?: ConfigChange;
}

/** The complete configuration of the requested workflows of one environment at one revision. */
export interface ConfigSnapshot {
  environment: string;
  /** Environment revision: a global, monotonically increasing integer per environment (≥ 1). */
  revision: number;
  /** ISO-8601 time the server produced this snapshot. */
  generatedAt: string;
  /** Workflow name → configuration. Requested workflows that do not exist are simply absent. */
  workflows: Record<string, WorkflowConfig>;
}

/** SSE event names on `GET /v1/sdk/stream`; both carry a full {@link ConfigSnapshot} as `data`. */
export type StreamEventName = 'snapshot' | 'revision';

/** Evaluation context attributes. `key` is the sticky bucketing key (user, account, session…). */
export interface EvaluationContext {
  readonly key?: string | undefined;
  readonly [attribute: string]: unknown;
}

/** Why route() chose its arm (or why it could not evaluate and returned caller defaults). */
export type RouteReason =
  /** A split is active and the bucket decided the arm. */
  | 'SPLIT'
  /** No split: the control bundle serves everyone. */
  | 'NO_RELEASE'
  /** A split is active but the context is outside its eligible segment: control. */
  | 'NOT_ELIGIBLE'
  /** A split is active but the context has no usable `key`: control. */
  | 'NO_KEY'
  /** The snapshot does not contain the workflow: caller defaults. */
  | 'WORKFLOW_NOT_FOUND'
  /** No valid snapshot yet: caller defaults. */
  | 'NOT_READY'
  /** Evaluation failed unexpectedly (e.g. a context whose attribute getter threw): caller defaults. */
  | 'ERROR';

/**
 * Why a flag resolved to its value (OpenFeature reason names): `TARGETING_MATCH` a rule matched;
 * `DEFAULT` a definition with rules fell back to its default variant; `STATIC` a value no rule or
 * split decided (a definition without rules, a bundle value outside a split); `SPLIT` a bundle value
 * chosen by bucketing; `DISABLED` the definition is disabled (the caller's default); `ERROR`.
 */
export type FlagReason = 'TARGETING_MATCH' | 'DEFAULT' | 'STATIC' | 'SPLIT' | 'DISABLED' | 'ERROR';

/** Why a flag resolution fell back to the caller's default. */
export type FlagErrorCode = 'FLAG_NOT_FOUND' | 'TYPE_MISMATCH' | 'WORKFLOW_NOT_FOUND' | 'NOT_READY' | 'GENERAL';

/** `POST /v1/events` 202 response body. */
export interface IngestResponse {
  accepted: number;
  rejected: Array<{ index: number; code: string; message: string }>;
}
