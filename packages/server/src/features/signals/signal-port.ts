/**
 * The gate port with signal polls before each evaluation: at every tick, a running release's
 * Prometheus and Datadog gates whose interval has passed are read, and their readings applied to
 * the release's live gate state, before the gates are evaluated. Polls ride on the tick rather than
 * timers of their own, so a simulated clock replays them and a poll never races an evaluation.
 */
import { applySignalReading, dueQueryGates, type CompiledGate } from '../gates/index.js';
import type { GateSessionService } from '../ingest/gate-sessions.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { ReleaseVars } from './query-template.js';
import type { SignalPoller } from './signal-poller.js';

/** What the port needs: the live sessions and a poller. */
export interface SignalPortDeps {
  sessions: Pick<GateSessionService, 'update'>;
  poller: Pick<SignalPoller, 'read'>;
  /** Told of every poll (metrics). */
  onPoll?: (system: string, ok: boolean) => void;
}

/** Reads the release's due query gates at `now` and applies the readings; how many were read. */
export async function pollRelease(deps: SignalPortDeps, releaseId: string, now: Date): Promise<number> {
  const due = deps.sessions.update(releaseId, (state, release): { gates: CompiledGate[]; vars: ReleaseVars } => ({
    gates: dueQueryGates(state, now),
    vars: {
      workflow: release.workflow,
      environment: release.environment,
      release: release.name,
      bundles: { ...state.config.bundles },
    },
  }));
  if (due === undefined || due.gates.length === 0) return 0;
  const readings = await Promise.all(due.gates.map((gate) => deps.poller.read(gate, due.vars, now)));
  deps.sessions.update(releaseId, (state) =>
    due.gates.forEach((gate, i) => {
      const reading = readings[i];
      if (reading === undefined) return;
      applySignalReading(state, gate.name, reading);
      if (gate.source.kind === 'query') deps.onPoll?.(gate.source.system, reading.kind !== 'failed');
    }),
  );
  return readings.length;
}

/** `port` with the release's due signal polls run before each evaluation. */
export function withSignals(port: GatePort, deps: SignalPortDeps): GatePort {
  return {
    ...port,
    evaluate: async (releaseId, now) => {
      await pollRelease(deps, releaseId, now);
      return port.evaluate(releaseId, now);
    },
  };
}
