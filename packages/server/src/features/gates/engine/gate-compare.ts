/**
 * How a gate's words compare a candidate value with its threshold (GATES.md "Comparisons"): the
 * threshold itself, the control precondition, and strict "above" against inclusive "at least".
 * Shared by the readings over ripcord's own events and over Prometheus or Datadog values.
 */
import { resolveBound, type CompiledGate, type GateReferences } from '../language/gate-compile.js';
import { beyond } from '../language/gate-values.js';

/** The value compared against, or `undefined` when a reference is unavailable. */
export function thresholdOf(gate: CompiledGate, refs: GateReferences, ctl: number): number | undefined {
  const c = gate.comparison;
  if (c.kind === 'absolute') return resolveBound(gate, c.bound, refs);
  if (c.kind === 'control-ratio') return Number.isFinite(ctl) ? c.multiple * ctl : undefined;
  if (c.kind === 'control-delta') return Number.isFinite(ctl) ? ctl + gate.direction * c.delta : undefined;
  return undefined;
}

/** `control: { below: X }` holds when control is strictly below X (at X within tolerance: not). */
export function preconditionHolds(pre: NonNullable<CompiledGate['controlCondition']>, ctl: number): boolean {
  return beyond(ctl, pre.value, pre.side === 'below' ? -1 : 1);
}

/**
 * Strict for above/below ("above 5 %": exactly 5 % is not above), inclusive for worseThanControlBy
 * ("at least 5pp", "at least 10 % of control"), which also needs the candidate worse than control
 * at all (so `"0pp"` and `"0%"` need a strictly worse candidate). Values within a relative 1e-9 of
 * the threshold are at it (`beyond` in gate-values.ts), so float error never flips a verdict.
 */
export function holds(gate: CompiledGate, cand: number, ctl: number, threshold: number): boolean {
  const s = gate.direction;
  const c = gate.comparison;
  if (c.kind === 'control-delta' || (c.kind === 'control-ratio' && c.inclusive))
    return beyond(cand, ctl, s) && beyond(cand, threshold, s, true);
  return beyond(cand, threshold, s);
}
