/**
 * Arm selection (docs/sdk-protocol.md §2.3): eligibility, per-segment percents, sticky bucketing.
 * Results go to a reused module-level record rather than a fresh object: evaluation is
 * synchronous, and this keeps the hot path free of allocation.
 */
import type { EvaluationContext, RouteReason } from '@ripcord/protocol';
import { bucket } from '../hash/murmur3.js';
import type { CompiledArm, CompiledWorkflow } from './compile-snapshot.js';
import { segmentMatches } from './segment-match.js';

/** The last arm decision: read it right after {@link decideArm}. */
export interface ArmDecision {
  arm: CompiledArm | undefined;
  reason: RouteReason;
  /** The candidate threshold (percent × 100) that applied to the context; 0 if none did. */
  threshold: number;
}

/** Reused output record of {@link decideArm}. */
export const armOut: ArmDecision = { arm: undefined, reason: 'NO_RELEASE', threshold: 0 };

let matches = new Uint8Array(32);

/**
 * Evaluates every segment of `wf` for `context` into a scratch buffer that
 * {@link decideArm} (with `useMatches`) reads afterwards.
 * @returns the match set as a bit mask when the workflow has ≤ 30 segments, else -1.
 */
export function fillMatches(wf: CompiledWorkflow, context: EvaluationContext): number {
  const segments = wf.segments;
  const n = segments.length;
  if (matches.length < n) matches = new Uint8Array(n * 2);
  let mask = 0;
  for (let i = 0; i < n; i++) {
    const hit = segmentMatches(segments[i]!, context);
    matches[i] = hit ? 1 : 0;
    if (hit && i < 30) mask |= 1 << i;
  }
  return wf.memoizable ? mask : -1;
}

/** Whether segment `i` matched: from the scratch buffer, or evaluated now. */
export function matchAt(wf: CompiledWorkflow, i: number, context: EvaluationContext, useMatches: boolean): boolean {
  if (useMatches) return matches[i] === 1;
  const segment = wf.segments[i];
  return segment !== undefined && segmentMatches(segment, context);
}

/** The usable bucketing key of a context: a non-empty string, or a finite number as a string. */
export function keyOf(context: EvaluationContext): string | undefined {
  const key: unknown = context.key;
  if (typeof key === 'string') return key.length > 0 ? key : undefined;
  if (typeof key === 'number' && Number.isFinite(key)) return String(key);
  return undefined;
}

function setOut(arm: CompiledArm | undefined, reason: RouteReason, threshold: number): void {
  armOut.arm = arm;
  armOut.reason = reason;
  armOut.threshold = threshold;
}

/** Decides the arm for a context into {@link armOut}. */
export function decideArm(wf: CompiledWorkflow, context: EvaluationContext, useMatches: boolean): void {
  const split = wf.split;
  if (split === undefined || wf.candidate === undefined) return setOut(wf.control, 'NO_RELEASE', 0);
  if (split.eligible >= 0 && !matchAt(wf, split.eligible, context, useMatches)) {
    return setOut(wf.control, 'NOT_ELIGIBLE', 0);
  }
  const key = keyOf(context);
  if (key === undefined) return setOut(wf.control, 'NO_KEY', 0);
  let threshold = split.threshold;
  const overrides = split.overrides;
  for (let i = 0; i < overrides.length; i++) {
    const o = overrides[i]!;
    if (matchAt(wf, o.segment, context, useMatches)) {
      threshold = o.threshold;
      break;
    }
  }
  const b = bucket(wf.name, split.release, key);
  setOut(b < threshold ? wf.candidate : wf.control, 'SPLIT', threshold);
}
