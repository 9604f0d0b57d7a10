/**
 * A release's gates fed from outside ripcord (R4.5): which query gates are due for a poll, and
 * applying a poll's reading or an alert delivery to the gate it is for. In place, like ingest;
 * the signal poller (features/signals) and the alert service (features/alerts) call these.
 */
import type { CompiledGate } from '../language/gate-compile.js';
import type { ReleaseGateState } from './release-state.js';
import { applyAlertSignal, applyReading, type AlertSignal, type SignalReading } from './signal-state.js';

/** The release's query gates whose interval has passed since their last poll (all of them at first). */
export function dueQueryGates(state: ReleaseGateState, now: Date): CompiledGate[] {
  return state.compiled.filter((gate) => {
    const source = gate.source;
    const last = state.gates[gate.name]?.query?.lastPollAt;
    if (source.kind !== 'query') return false;
    return last === null || last === undefined || now.getTime() - Date.parse(last) >= source.intervalMs;
  });
}

/** Applies a poll's reading to the named query gate; false when the release has no such gate. */
export function applySignalReading(state: ReleaseGateState, gate: string, reading: SignalReading): boolean {
  const compiled = state.compiled.find((g) => g.name === gate);
  const gs = state.gates[gate];
  if (compiled === undefined || gs === undefined || gs.query === null) return false;
  applyReading(compiled, gs, reading);
  return true;
}

/** The release's alert gates that an alert with `name` and `labels` matches (name and every matcher). */
export function matchingAlertGates(
  state: ReleaseGateState,
  name: string,
  labels: Readonly<Record<string, string>>,
): CompiledGate[] {
  return state.compiled.filter((gate) => {
    const source = gate.source;
    if (source.kind !== 'alert' || source.name !== name) return false;
    return Object.entries(source.matchers).every(([label, value]) => labels[label] === value);
  });
}

/** Applies an alert delivery to the named alert gate; false when the release has no such gate. */
export function applyAlert(state: ReleaseGateState, gate: string, signal: AlertSignal): boolean {
  const gs = state.gates[gate];
  if (gs === undefined || gs.alerts === null) return false;
  applyAlertSignal(gs, signal);
  return true;
}
