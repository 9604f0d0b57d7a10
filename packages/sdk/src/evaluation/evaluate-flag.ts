/**
 * Single-flag resolution (docs/sdk-protocol.md §2.4): a disabled definition → caller default
 * (DISABLED); definition rules → definition default (STATIC without rules, DEFAULT with) →
 * serving arm's bundle value → derived `ai.rollout.percent` → caller default (FLAG_NOT_FOUND).
 * The arm is only decided when the value depends on it, and results go to a reused record so
 * `client.flag()` allocates nothing.
 */
import type { Arm, EvaluationContext, FlagErrorCode, FlagMetadata, FlagReason, JsonValue } from '@ripcord/protocol';
import { armOut, decideArm, matchAt } from './arm-decision.js';
import type { CompiledWorkflow } from './compile-snapshot.js';
import type { FlagResolution } from './route-decision.js';
import { resolveCompiledSnapshot, type SnapshotSource } from './snapshot-source.js';
import { sameKind } from './value-kind.js';

/** The mutable record {@link resolveInWorkflow} writes; copy it before the next evaluation. */
export interface FlagScratch {
  value: JsonValue;
  variant: string | undefined;
  reason: FlagReason;
  errorCode: FlagErrorCode | undefined;
  arm: Arm | undefined;
  metadata: Readonly<FlagMetadata> | undefined;
}

/** Reused output of {@link resolveInWorkflow} and {@link resolveFlagInto}. */
export const flagOut: FlagScratch = {
  value: null,
  variant: undefined,
  reason: 'ERROR',
  errorCode: undefined,
  arm: undefined,
  metadata: undefined,
};

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});
const ROLLOUT_PERCENT = 'ai.rollout.percent';
/** The "default" of an untyped resolution ({@link resolveFlag}): compared by identity, never returned. */
const UNTYPED: JsonValue = Object.freeze({});

function set(value: JsonValue, variant: string | undefined, reason: FlagReason, arm: Arm | undefined): void {
  flagOut.value = value;
  flagOut.variant = variant;
  flagOut.reason = reason;
  flagOut.errorCode = undefined;
  flagOut.arm = arm;
}

/** Writes an error resolution (the caller's default) into {@link flagOut}. */
export function setFlagError(defaultValue: JsonValue, code: FlagErrorCode): void {
  set(defaultValue, undefined, 'ERROR', undefined);
  flagOut.errorCode = code;
  flagOut.metadata = undefined;
}

/**
 * Resolves from an explicit definition; false when there is none or it falls through (no rule
 * matched and no default variant). A definition's default variant is `STATIC` when it has no rules
 * (nothing about the context decided it) and `DEFAULT` when rules were tried and none matched, as
 * OpenFeature and flagd name them.
 */
function resolveFromDefinition(
  wf: CompiledWorkflow,
  key: string,
  defaultValue: JsonValue,
  context: EvaluationContext,
): boolean {
  const def = wf.flags.get(key);
  flagOut.metadata = def?.metadata;
  if (def === undefined) return false;
  if (def.disabled) {
    set(defaultValue, undefined, 'DISABLED', undefined);
    return true;
  }
  const rules = def.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (matchAt(wf, rule.segment, context, false)) {
      set(rule.variant.value, rule.variant.name, 'TARGETING_MATCH', undefined);
      return true;
    }
  }
  const dv = def.defaultVariant;
  if (dv === undefined) return false;
  set(dv.value, dv.name, rules.length === 0 ? 'STATIC' : 'DEFAULT', undefined);
  return true;
}

/**
 * Resolves `key` in a compiled workflow into {@link flagOut}, checking the type against
 * `defaultValue`. Never throws.
 */
export function resolveInWorkflow(
  wf: CompiledWorkflow,
  key: string,
  defaultValue: JsonValue,
  context: EvaluationContext,
): void {
  if (!resolveFromDefinition(wf, key, defaultValue, context)) {
    decideArm(wf, context, false);
    const arm = armOut.arm ?? wf.control;
    const value = Object.hasOwn(arm.flags, key) ? arm.flags[key] : undefined;
    if (value !== undefined) {
      set(value, arm.variantName, armOut.reason === 'SPLIT' ? 'SPLIT' : 'STATIC', arm.arm);
    } else if (key === ROLLOUT_PERCENT) {
      set(armOut.threshold / 100, 'split', 'STATIC', arm.arm);
    } else {
      return setFlagError(defaultValue, 'FLAG_NOT_FOUND');
    }
  }
  if (defaultValue !== UNTYPED && !sameKind(defaultValue, flagOut.value)) setFlagError(defaultValue, 'TYPE_MISMATCH');
}

/** Resolves a flag from a snapshot source into {@link flagOut}. Never throws. */
export function resolveFlagInto(
  source: SnapshotSource | undefined,
  workflow: string,
  key: string,
  defaultValue: JsonValue,
  context: EvaluationContext,
): void {
  const compiled = resolveCompiledSnapshot(source);
  if (compiled === undefined) return setFlagError(defaultValue, 'NOT_READY');
  const wf = compiled.workflows.get(workflow);
  if (wf === undefined) return setFlagError(defaultValue, 'WORKFLOW_NOT_FOUND');
  try {
    resolveInWorkflow(wf, key, defaultValue, context);
  } catch {
    // Only a hostile context (e.g. a throwing getter) gets here.
    setFlagError(defaultValue, 'GENERAL');
  }
}

/**
 * Resolves one flag for a context: value, variant, reason (TARGETING_MATCH, DEFAULT, STATIC,
 * SPLIT, DISABLED, or ERROR with an error code and the caller's default) and the definition's
 * metadata. Pure over the snapshot; never throws.
 * @param source a compiled snapshot, or a raw snapshot (validated and compiled once, then cached).
 */
export function evaluateFlag<T extends JsonValue>(
  source: SnapshotSource | undefined,
  workflow: string,
  key: string,
  defaultValue: T,
  context: EvaluationContext = EMPTY_CONTEXT,
): FlagResolution<T> {
  resolveFlagInto(source, workflow, key, defaultValue, context);
  return {
    // resolveInWorkflow checked the category against the default, so the value is a T.
    value: flagOut.value as T,
    variant: flagOut.variant,
    reason: flagOut.reason,
    errorCode: flagOut.errorCode,
    arm: flagOut.arm,
    metadata: flagOut.metadata,
  };
}

/**
 * Resolves one flag without a caller default, for remote evaluation (OFREP) where the caller's
 * default stays with the caller: the configured value (undefined for DISABLED, which means "use
 * your default", and on errors), with variant, reason, error code and metadata. Never throws.
 */
export function resolveFlag(
  source: SnapshotSource | undefined,
  workflow: string,
  key: string,
  context: EvaluationContext = EMPTY_CONTEXT,
): FlagResolution<JsonValue | undefined> {
  const r = evaluateFlag(source, workflow, key, UNTYPED, context);
  return r.value === UNTYPED ? { ...r, value: undefined } : r;
}
