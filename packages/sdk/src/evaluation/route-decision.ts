/** Result types of local evaluation. */
import type { Arm, FlagErrorCode, FlagMetadata, FlagReason, JsonValue, RouteReason } from '@ripcord/protocol';

/**
 * What `route()` decided for one request. Decisions are frozen and may be shared between calls
 * (they are memoised per workflow revision), so never mutate one.
 */
export interface RouteDecision {
  readonly workflow: string;
  /** The arm serving the request; `control` when no split applies or evaluation fell back. */
  readonly arm: Arm;
  /** The serving bundle's version; undefined when the caller's defaults were returned. */
  readonly bundleVersion: string | undefined;
  /** The active split's release name, if any (include it in outcome events). */
  readonly release: string | undefined;
  readonly reason: RouteReason;
  /** The workflow's configuration revision this decision came from (0 when not evaluated). */
  readonly revision: number;
  /** Every resolved flag by key, over the caller's defaults. */
  readonly flags: Readonly<Record<string, JsonValue>>;
  /** Names of the workflow's segments the context matched (outcome events' `segments`). */
  readonly segments: readonly string[];
  /** Flags whose configured value had a different type than the caller's default (default kept). */
  readonly typeMismatches: readonly string[];
}

/** What resolving a single flag produced. */
export interface FlagResolution<T extends JsonValue | undefined = JsonValue> {
  readonly value: T;
  /** Variant name (`bundle:<version>` for bundle values, `split` for the derived rollout percent). */
  readonly variant: string | undefined;
  readonly reason: FlagReason;
  readonly errorCode: FlagErrorCode | undefined;
  /** The arm, when the value depended on it. */
  readonly arm: Arm | undefined;
  /** The flag definition's metadata (frozen; undefined without a definition or metadata, and on errors). */
  readonly metadata: Readonly<FlagMetadata> | undefined;
}
