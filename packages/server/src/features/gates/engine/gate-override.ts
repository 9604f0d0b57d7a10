/**
 * Manual override both ways (R4.5): force a gate breached (an engineer sees what the data does not
 * yet) or passing (a known, accepted deviation), always with an actor and a reason. Pure functions
 * over the release state; the override shows on every evaluation until cleared, and the computed
 * state stays visible beside it so that nobody forgets what the data says.
 */
import type { GateOverride } from './gate-state.js';
import type { ReleaseGateState } from './release-state.js';

/** A request to force a gate. */
export interface OverrideInput {
  gate: string;
  force: 'breached' | 'passing';
  actor: string;
  reason: string;
  at: Date;
}

/** The new state, or why the override was refused. */
export type OverrideResult =
  | { ok: true; state: ReleaseGateState; previous: GateOverride | null }
  | { ok: false; error: 'unknown_gate' | 'actor_required' | 'reason_required' };

/** Forces a gate's state (pure). */
export function overrideGate(state: ReleaseGateState, input: OverrideInput): OverrideResult {
  const gs = state.gates[input.gate];
  if (gs === undefined) return { ok: false, error: 'unknown_gate' };
  if (input.actor.trim() === '') return { ok: false, error: 'actor_required' };
  if (input.reason.trim() === '') return { ok: false, error: 'reason_required' };
  const override: GateOverride = {
    force: input.force,
    actor: input.actor,
    reason: input.reason,
    at: input.at.toISOString(),
  };
  return {
    ok: true,
    state: { ...state, gates: { ...state.gates, [input.gate]: { ...gs, override } } },
    previous: gs.override,
  };
}

/** Removes a gate's override (pure); the data decides again from the next evaluation. */
export function clearOverride(state: ReleaseGateState, gate: string): OverrideResult {
  const gs = state.gates[gate];
  if (gs === undefined) return { ok: false, error: 'unknown_gate' };
  return {
    ok: true,
    state: { ...state, gates: { ...state.gates, [gate]: { ...gs, override: null } } },
    previous: gs.override,
  };
}
