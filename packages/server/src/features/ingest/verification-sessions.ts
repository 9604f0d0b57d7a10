/**
 * Verification sessions (R7.2): after a rollback, the gates that fired are read again on what the
 * restored route serves. Each session is a copy of the release's gate state at the restore with an
 * empty candidate side (`gates/verification-state.ts`), fed by ingest with the events served
 * after the restore, and evaluated by the incident's verification.
 *
 * Which events are the restored route's: when the rollback ended the candidate's traffic, every
 * event of the workflow and environment served after the restore (whatever arm it names) except
 * the candidate's own stragglers; when the candidate keeps serving (a flag-only rollback), events
 * are read as their arm says, so the candidate under the restored flags is what is judged.
 *
 * Gates fed from outside (Prometheus, Datadog, alerts) are read here too: the signals feature polls
 * a session's query gates before each evaluation (`signals/signal-verification.ts`: the restored
 * route's series as the `candidate` arm) and delivers alerts that match a session's alert gates
 * ({@link VerificationSessions.update}, {@link VerificationSessions.liveSessions}). An alert gate
 * is read as "waiting" (inconclusive) while any alert matching it still fires, whatever arm it
 * names — right after a restore the alert has not resolved yet, which is no verdict — and passing
 * once none does; a query gate is read by the engine as in the release (no data: inconclusive).
 *
 * Persistence: the state is written at each evaluation (every release tick), as its own
 * `gate_states` row (`<release id>~verify`); a crash loses at most the evidence since the last
 * tick, never counts it twice (a session only moves forward), and the verification waits for
 * more traffic instead.
 */
import type { IngestEvent } from '@ripcord/protocol';
import type { Logger } from '../../logger.js';
import {
  applyEvent,
  evaluateRelease,
  restoreReleaseState,
  serializeReleaseState,
  SNAPSHOT_VERSION,
  type ReleaseGateState,
} from '../gates/index.js';
import {
  controlReference,
  verificationState,
  withControlReference,
  withFedControl,
  type ControlReference,
} from '../gates/engine/verification-state.js';
import type { FiringAlert } from '../gates/engine/signal-gate-state.js';
import { encodeGateStateJson } from './gate-state-store.js';
import type { GateStateStore } from './gate-state-store.js';

/** The stores restore verifications read. */
export interface VerificationStores {
  gateStates: GateStateStore;
}

/** What a verification needs to know about the rollback it verifies. */
export interface VerificationStart {
  releaseId: string;
  release: { name: string; workflow: string; environment: string };
  restoredAt: Date;
  /** Whether the rollback sent all traffic back to the control bundle. */
  endedTraffic: boolean;
}

/** One fired gate read on the restored route. */
export interface VerifiedGate {
  gate: string;
  state: 'passing' | 'breached' | 'inconclusive';
  sentence: string;
  samples: number | null;
  /** The samples the gate needs for a verdict: its `over:` window, else `minSamples` (`null`: not a sample count). */
  needed: number | null;
  /** Where its data comes from: ripcord's events, a Prometheus/Datadog query, or alerts. */
  source: 'events' | 'query' | 'alert';
}

/** A live session, as the signals feature reads and feeds it. */
export interface VerifyingRelease {
  release: { id: string; name: string; workflow: string; environment: string };
  /** Whether the rollback sent all traffic back to control (then control's series are the restored route's). */
  endedTraffic: boolean;
}

/** The verification side of ingest, as the incident service uses it. */
export interface VerificationPort {
  /** Starts (or, after a restart, resumes) the session of a rollback. False: the release has no gate state. */
  start(input: VerificationStart): Promise<boolean>;
  /** Reads these gates now and persists the session; `undefined` when it has none of them. */
  evaluate(releaseId: string, gates: readonly string[], now: Date): Promise<VerifiedGate[] | undefined>;
  /** Ends a session (its last state stays stored). */
  stop(releaseId: string): Promise<void>;
}

interface Session {
  input: VerificationStart;
  restoredAtMs: number;
  state: ReleaseGateState;
  /** Control's sums at the restore, read against when all traffic went back to control. */
  reference: ControlReference | null;
}

/** The row id of a release's verification state. */
export const verificationRowId = (releaseId: string): string => `${releaseId}~verify`;

/** Live verification sessions, fed by ingest ({@link offer}) and read by incidents. */
export class VerificationSessions implements VerificationPort {
  private readonly live = new Map<string, Session>();

  constructor(private readonly deps: { stores: VerificationStores; logger: Logger }) {}

  async start(input: VerificationStart): Promise<boolean> {
    if (this.live.has(input.releaseId)) return true;
    // The release's own state is final once it stopped: the reference is read from it every time.
    const [stored, row] = await Promise.all([
      this.deps.stores.gateStates.get(verificationRowId(input.releaseId)),
      this.deps.stores.gateStates.get(input.releaseId),
    ]);
    if (row === undefined || row.state.version !== SNAPSHOT_VERSION) return false;
    const released = restoreReleaseState(row.state);
    const state =
      stored !== undefined && stored.state.version === SNAPSHOT_VERSION
        ? restoreReleaseState(stored.state)
        : verificationState(released, input.restoredAt, input.endedTraffic);
    if (this.live.has(input.releaseId)) return true;
    const reference = input.endedTraffic ? controlReference(released) : null;
    this.live.set(input.releaseId, { input, restoredAtMs: input.restoredAt.getTime(), state, reference });
    await this.persist(input.releaseId, state, input.restoredAt);
    return true;
  }

  /** Ingest's hook: applies an accepted, first-seen event to the sessions of its workflow and environment. */
  offer(event: IngestEvent): void {
    if (this.live.size === 0) return;
    for (const s of this.live.values()) {
      const { release } = s.input;
      if (event.workflow !== release.workflow || event.environment !== release.environment) continue;
      const restored = restoredRouteEvent(event, s);
      if (restored !== undefined) applyEvent(s.state, restored);
    }
  }

  /** Runs `fn` on a live session's state (in place; the next evaluation persists it); `undefined` without one. */
  update<T>(releaseId: string, fn: (state: ReleaseGateState, session: VerifyingRelease) => T): T | undefined {
    const s = this.live.get(releaseId);
    return s === undefined ? undefined : fn(s.state, verifying(s));
  }

  /** The live sessions with their states (alert matching reads them like running releases). */
  liveSessions(): (VerifyingRelease & { state: ReleaseGateState })[] {
    return [...this.live.values()].map((s) => ({ ...verifying(s), state: s.state }));
  }

  async evaluate(releaseId: string, gates: readonly string[], now: Date): Promise<VerifiedGate[] | undefined> {
    const s = this.live.get(releaseId);
    if (s === undefined) return undefined;
    const read = s.reference === null ? s.state : withControlReference(s.state, s.reference);
    const { evaluation, state } = evaluateRelease(read, { now: () => now });
    s.state = s.reference === null ? state : withFedControl(state, s.state);
    await this.persist(releaseId, state, now);
    // Health gates are the incident's own health checks of the restored version; the rest are read here.
    const byName = new Map(state.compiled.map((g) => [g.name, g]));
    const fired = evaluation.gates.filter((g) => gates.includes(g.gate) && byName.get(g.gate)?.info.kind !== 'health');
    if (fired.length === 0) return undefined;
    return fired.map((g) => {
      const compiled = byName.get(g.gate);
      const source =
        compiled?.source.kind === 'alert' ? 'alert' : compiled?.source.kind === 'query' ? 'query' : 'events';
      const read = { gate: g.gate, state: g.state, sentence: g.sentence, source } as const;
      if (source === 'alert') return { ...read, ...stillFiring(state.gates[g.gate]?.alerts?.firing ?? []) };
      const counted =
        source === 'events' || (compiled?.source.kind === 'query' && compiled.source.form.kind === 'counts');
      return { ...read, samples: g.samples?.candidate ?? null, needed: counted ? neededOf(compiled) : null };
    });
  }

  async stop(releaseId: string): Promise<void> {
    const s = this.live.get(releaseId);
    if (s === undefined) return;
    this.live.delete(releaseId);
    await this.persist(releaseId, s.state, new Date());
  }

  private async persist(releaseId: string, state: ReleaseGateState, at: Date): Promise<void> {
    try {
      const row = await encodeGateStateJson({
        releaseId: verificationRowId(releaseId),
        json: serializeReleaseState(state),
        applied: state.applied.events,
        updatedAt: at,
      });
      await this.deps.stores.gateStates.save([row]);
    } catch (err) {
      // The next evaluation writes it again; the live session keeps every event meanwhile.
      this.deps.logger.error({ err, releaseId }, 'verification state not saved; retrying at the next tick');
    }
  }
}

function verifying(s: Session): VerifyingRelease {
  const { releaseId, release, endedTraffic } = s.input;
  return { release: { id: releaseId, ...release }, endedTraffic };
}

/**
 * An alert gate on the restored route: waiting (inconclusive) while an alert matching it still
 * fires — for any arm: after a restore the alert is about what the workflow serves now — and
 * passing once none does. Not a sample count: the verification extends the window while it waits.
 */
function stillFiring(firing: readonly FiringAlert[]): Pick<VerifiedGate, 'state' | 'sentence' | 'samples' | 'needed'> {
  if (firing.length === 0)
    return {
      state: 'passing',
      sentence: 'no alert matching the gate fires for the workflow on the restored route: passing',
      samples: null,
      needed: null,
    };
  const named = firing.map((f) => `${f.name} (since ${f.startsAt}, fingerprint ${f.fingerprint})`).join('; ');
  return {
    state: 'inconclusive',
    sentence: `alert ${named} still firing for the workflow after the restore: waiting for its resolve`,
    samples: null,
    needed: null,
  };
}

/** The event as the restored route's (`candidate` arm of the verification state), or `undefined` to skip it. */
function restoredRouteEvent(event: IngestEvent, s: Session): IngestEvent | undefined {
  if (Date.parse(event.at) < s.restoredAtMs) return undefined;
  if (!s.input.endedTraffic) return event;
  // Served by the candidate after all (an SDK that had not yet applied the restore): not the restored route.
  if (event.arm === 'candidate' && (event.release === undefined || event.release === s.input.release.name))
    return undefined;
  const version = 'bundleVersion' in event ? event.bundleVersion : undefined;
  if (event.arm === undefined && version !== undefined && version === s.state.config.bundles?.candidate)
    return undefined;
  // Named as the verified release so the engine takes it (events after a full restore name none).
  const release = s.state.config.release;
  if (event.type === 'review' || event.type === 'ground_truth') return { ...event, release };
  return { ...event, arm: 'candidate', release };
}

/** How many samples a gate needs for a verdict: its `over:` window, else its `minSamples`. */
function neededOf(gate: { window: { kind: string; size?: number }; minSamples: number } | undefined): number | null {
  if (gate === undefined) return null;
  return gate.window.kind === 'consecutive' && gate.window.size !== undefined ? gate.window.size : gate.minSamples;
}
