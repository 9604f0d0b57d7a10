/**
 * `routeRequest`: the pure routing decision for one request (docs/sdk-protocol.md §2.3–2.4).
 * Decisions are memoised per workflow by (segment match set, arm, reason): every input that can
 * change a decision except the bucket itself, which only picks the arm. So after warm-up a call
 * costs a few segment checks, one hash and one Map lookup, and allocates nothing.
 */
import type { EvaluationContext, JsonValue, RouteReason } from '@ripcord/protocol';
import { armOut, decideArm, fillMatches, matchAt } from './arm-decision.js';
import { NO_DEFAULTS, type CompiledArm, type CompiledWorkflow } from './compile-snapshot.js';
import { resolveCompiledSnapshot, type SnapshotSource } from './snapshot-source.js';
import type { RouteDecision } from './route-decision.js';
import { sameKind } from './value-kind.js';

/** Caller defaults: flag key → value, returned when evaluation is impossible and kept for absent flags. */
export type FlagDefaults = Readonly<Record<string, JsonValue>>;

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({});
const NONE: readonly string[] = Object.freeze([]);
const MEMO_LIMIT = 1024;
const REASON_CODES: Record<RouteReason, number> = {
  SPLIT: 0,
  NO_RELEASE: 1,
  NOT_ELIGIBLE: 2,
  NO_KEY: 3,
  WORKFLOW_NOT_FOUND: 4,
  NOT_READY: 5,
  ERROR: 6,
};

const fallbackMemo = new WeakMap<FlagDefaults, Map<string, RouteDecision>>();
const noDefaults: FlagDefaults = Object.freeze({});

/** The decision returned when the workflow cannot be evaluated: the caller's defaults. */
export function fallbackDecision(
  workflow: string,
  reason: RouteReason,
  defaults: FlagDefaults | undefined,
): RouteDecision {
  const d = defaults ?? noDefaults;
  let byKey = fallbackMemo.get(d);
  if (byKey === undefined) fallbackMemo.set(d, (byKey = new Map<string, RouteDecision>()));
  const memoKey = `${reason}\u0000${workflow}`;
  let decision = byKey.get(memoKey);
  if (decision === undefined) {
    decision = Object.freeze({
      workflow,
      arm: 'control' as const,
      bundleVersion: undefined,
      release: undefined,
      reason,
      revision: 0,
      flags: Object.freeze({ ...d }),
      segments: NONE,
      typeMismatches: NONE,
    });
    if (byKey.size < MEMO_LIMIT) byKey.set(memoKey, decision);
  }
  return decision;
}

function resolveFlags(
  wf: CompiledWorkflow,
  arm: CompiledArm,
  threshold: number,
  context: EvaluationContext,
): Record<string, JsonValue> {
  const flags: Record<string, JsonValue> = {};
  if (!Object.hasOwn(arm.flags, 'ai.rollout.percent')) flags['ai.rollout.percent'] = threshold / 100;
  for (const key of Object.keys(arm.flags)) flags[key] = arm.flags[key]!;
  for (const [key, def] of wf.flags) {
    // A disabled flag is the caller's default: neither a variant nor the bundle's value.
    if (def.disabled) {
      delete flags[key];
      continue;
    }
    const rule = def.rules.find((r) => matchAt(wf, r.segment, context, true));
    const variant = rule?.variant ?? def.defaultVariant;
    if (variant !== undefined) flags[key] = variant.value;
  }
  return flags;
}

function buildDecision(
  wf: CompiledWorkflow,
  context: EvaluationContext,
  defaults: FlagDefaults | undefined,
): RouteDecision {
  const arm = armOut.arm ?? wf.control;
  const resolved = resolveFlags(wf, arm, armOut.threshold, context);
  const mismatches: string[] = [];
  let flags = resolved;
  if (defaults !== undefined) {
    flags = { ...defaults };
    for (const key of Object.keys(resolved)) {
      const value = resolved[key] as JsonValue;
      // A value of the wrong type would break the caller's code: keep its default instead.
      if (Object.hasOwn(defaults, key) && !sameKind(defaults[key], value)) mismatches.push(key);
      else flags[key] = value;
    }
  }
  const segments = wf.segments.filter((_, i) => matchAt(wf, i, context, true)).map((s) => s.name);
  return Object.freeze({
    workflow: wf.name,
    arm: arm.arm,
    bundleVersion: arm.version,
    release: armOut.reason === 'NO_RELEASE' ? undefined : wf.split?.release,
    reason: armOut.reason,
    revision: wf.revision,
    flags: Object.freeze(flags),
    segments: segments.length === 0 ? NONE : Object.freeze(segments),
    typeMismatches: mismatches.length === 0 ? NONE : Object.freeze(mismatches),
  });
}

/** Routes within a compiled workflow (the client's hot path calls this directly). */
export function routeWorkflow(
  wf: CompiledWorkflow,
  context: EvaluationContext,
  defaults: FlagDefaults | undefined,
): RouteDecision {
  const mask = fillMatches(wf, context);
  decideArm(wf, context, true);
  if (mask < 0) return buildDecision(wf, context, defaults);
  const owner = defaults ?? NO_DEFAULTS;
  const memo = (wf.memo ??= new WeakMap());
  let entries = memo.get(owner);
  if (entries === undefined) memo.set(owner, (entries = new Map<number, RouteDecision>()));
  const memoKey = (mask * 2 + (armOut.arm === wf.candidate ? 1 : 0)) * 8 + REASON_CODES[armOut.reason];
  let decision = entries.get(memoKey);
  if (decision === undefined) {
    decision = buildDecision(wf, context, defaults);
    if (entries.size >= MEMO_LIMIT) entries.clear();
    entries.set(memoKey, decision);
  }
  return decision;
}

/**
 * Routes one request: which arm serves it, which bundle version, and every resolved flag.
 * Pure over the snapshot (plus an internal memo) and never throws: without a usable snapshot or
 * workflow it returns `defaults` with reason `NOT_READY` / `WORKFLOW_NOT_FOUND`.
 * @param source a compiled snapshot, or a raw snapshot (validated and compiled once, then cached).
 */
export function routeRequest(
  source: SnapshotSource | undefined,
  workflow: string,
  context: EvaluationContext = EMPTY_CONTEXT,
  defaults?: FlagDefaults,
): RouteDecision {
  const compiled = resolveCompiledSnapshot(source);
  if (compiled === undefined) return fallbackDecision(workflow, 'NOT_READY', defaults);
  const wf = compiled.workflows.get(workflow);
  if (wf === undefined) return fallbackDecision(workflow, 'WORKFLOW_NOT_FOUND', defaults);
  try {
    return routeWorkflow(wf, context, defaults);
  } catch {
    // Only a hostile context (e.g. a throwing getter) gets here.
    return fallbackDecision(workflow, 'ERROR', defaults);
  }
}
