/**
 * Signal-fed gates on a restored route (R7.2, docs/gates.md "Verification of signal gates"): before
 * each verification reading, the session's Prometheus and Datadog gates whose interval has passed
 * are polled and their readings applied to the verification state, which the engine then reads
 * with the gate's own thresholds — no data, a failed query or NaN read inconclusive, never passing.
 *
 * Which series: when the rollback sent all traffic back to control, the restored route is control,
 * so each template is rendered for the `control` arm (its `{{bundle}}` the control version) and the
 * answer is applied as the verification state's `candidate`; a comparison with control compares it
 * with what control showed during the release (its sums, or its last value, kept at the restore).
 * When the candidate keeps serving (a flag-only rollback), both arms are read as in the release.
 */
import type { Arm } from '@ripcord/protocol';
import { applySignalReading, dueQueryGates, type CompiledGate, type SignalReading } from '../gates/index.js';
import type { VerificationPort, VerificationSessions } from '../ingest/verification-sessions.js';
import type { ReleaseVars } from './query-template.js';
import type { SignalPoller } from './signal-poller.js';

/** What the polls need: the live sessions and a poller (read lazily: it is built with the signals part). */
export interface VerificationSignalDeps {
  sessions: Pick<VerificationSessions, 'update'>;
  poller: () => Pick<SignalPoller, 'read'>;
  /** Told of every poll (metrics). */
  onPoll?: (system: string, ok: boolean) => void;
}

interface Due {
  gates: { gate: CompiledGate; controlCursor: boolean }[];
  vars: ReleaseVars;
  endedTraffic: boolean;
}

/** Polls a verification session's due query gates at `now` and applies the readings; how many were read. */
export async function pollVerification(deps: VerificationSignalDeps, releaseId: string, now: Date): Promise<number> {
  const due = deps.sessions.update(releaseId, (state, session): Due => ({
    gates: dueQueryGates(state, now).map((gate) => ({
      gate,
      controlCursor: state.gates[gate.name]?.query?.cursor.control != null,
    })),
    vars: {
      workflow: session.release.workflow,
      environment: session.release.environment,
      release: session.release.name,
      bundles: { ...state.config.bundles },
    },
    endedTraffic: session.endedTraffic,
  }));
  if (due === undefined || due.gates.length === 0) return 0;
  const poller = deps.poller();
  const arms: readonly Arm[] | undefined = due.endedTraffic ? ['control'] : undefined;
  const readings = await Promise.all(
    due.gates.map(async ({ gate, controlCursor }) => {
      const reading = await poller.read(gate, due.vars, now, arms);
      return due.endedTraffic ? asRestoredRoute(reading, !controlCursor) : reading;
    }),
  );
  deps.sessions.update(releaseId, (state) =>
    due.gates.forEach(({ gate }, i) => {
      const reading = readings[i];
      if (reading === undefined) return;
      applySignalReading(state, gate.name, reading);
      if (gate.source.kind === 'query') deps.onPoll?.(gate.source.system, reading.kind !== 'failed');
    }),
  );
  return readings.length;
}

/**
 * Control's reading as the restored route's (`candidate`). A counts gate's control cursor is set
 * once, from the first reading: a baseline adds nothing to control's sums (which stay what control
 * showed during the release), but the engine counts only once both arms have one.
 */
export function asRestoredRoute(reading: SignalReading, firstControl: boolean): SignalReading {
  if (reading.kind === 'failed') return reading;
  if (reading.kind === 'value') {
    const value = reading.arms.control;
    return { ...reading, arms: value === undefined ? {} : { candidate: value } };
  }
  const cursor = reading.arms.control;
  if (cursor === undefined) return { ...reading, arms: {} };
  return { ...reading, arms: { candidate: cursor, ...(firstControl ? { control: cursor } : {}) } };
}

/** `port` with the session's due signal polls run before each verification reading. */
export function withVerificationSignals(port: VerificationPort, deps: VerificationSignalDeps): VerificationPort {
  return {
    start: (input) => port.start(input),
    stop: (releaseId) => port.stop(releaseId),
    evaluate: async (releaseId, gates, now) => {
      await pollVerification(deps, releaseId, now);
      return port.evaluate(releaseId, gates, now);
    },
  };
}
