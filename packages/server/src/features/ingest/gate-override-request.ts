/**
 * An operator's override of one gate (R4.5) as the API takes it — force `breach`, force `pass`,
 * or `clear` — turned into the engine's pure override and the audit entry that records it.
 */
import type { AuditInput } from '../audit/audit-store.js';
import { clearOverride, overrideGate, type GateEvaluation, type ReleaseGateState } from '../gates/index.js';

/** What the API's override route asks for. */
export interface GateOverrideRequest {
  gate: string;
  force: 'breach' | 'pass' | 'clear';
  actor: string;
  reason: string;
  at: Date;
}

/** Why an override was not applied. */
export type GateOverrideError = 'not_live' | 'unknown_gate' | 'actor_required' | 'reason_required';

/** The gate's evaluation right after the override, or why there was none. */
export type GateOverrideOutcome = { ok: true; evaluation: GateEvaluation } | { ok: false; error: GateOverrideError };

/** The state with the override applied and its audit entry, or why not (pure). */
export function applyOverride(
  state: ReleaseGateState,
  releaseId: string,
  request: GateOverrideRequest,
): { ok: true; state: ReleaseGateState; audit: AuditInput } | { ok: false; error: GateOverrideError } {
  // Clearing is audited like forcing, so it needs a reason too (the engine does not ask for one).
  if (request.reason.trim() === '') return { ok: false, error: 'reason_required' };
  const result =
    request.force === 'clear'
      ? clearOverride(state, request.gate)
      : overrideGate(state, {
          gate: request.gate,
          force: request.force === 'breach' ? 'breached' : 'passing',
          actor: request.actor,
          reason: request.reason,
          at: request.at,
        });
  if (!result.ok) return result;
  const audit: AuditInput = {
    at: request.at,
    actor: request.actor,
    action: request.force === 'clear' ? 'gate.override.cleared' : 'gate.overridden',
    subject: releaseId,
    details: {
      release: state.config.release,
      gate: request.gate,
      force: request.force,
      reason: request.reason,
      previous: result.previous,
    },
  };
  return { ok: true, state: result.state, audit };
}
