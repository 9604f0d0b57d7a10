/**
 * Deterministic event streams for the gate tests: a simulated canary that serves requests at a
 * fixed rate on a manual clock, splits them between arms, and evaluates the release at every tick.
 * Test support only (the engine never imports it); seeded, so a failure replays exactly.
 */
import type { Arm, IngestEvent, OutcomeEvent } from '@ripcord/protocol';
import { ManualClock } from '../../../clock.js';
import { seededRandom, type Random } from '../../../stats/random.js';
import { applyEvent } from './release-ingest.js';
import { type ReleaseGateState } from './release-state.js';
import { evaluateRelease, type ReleaseEvaluation } from './release-evaluate.js';
import type { Verdict } from './gate-literal.js';

/** The fields of one outcome that a scenario decides. */
export type OutcomeFields = Omit<
  OutcomeEvent,
  'type' | 'id' | 'workflow' | 'environment' | 'at' | 'requestId' | 'arm' | 'release'
>;

/** A simulated canary. */
export interface StreamOptions {
  seed: number;
  seconds: number;
  requestsPerSecond: number;
  candidateShare: number;
  tickMs?: number;
  /** The fields of request `i` served by `arm`. */
  outcome: (arm: Arm, rng: Random, i: number) => OutcomeFields;
  /** Extra events (late labels, crashes) to emit after request `i`. */
  extra?: (arm: Arm, requestId: string, rng: Random, at: Date, i: number) => IngestEvent[];
  /** Called at every tick before evaluation (health probes, stage changes). */
  beforeTick?: (state: ReleaseGateState, clock: ManualClock) => void;
}

/** What happened to each gate over the run. */
export interface StreamResult {
  state: ReleaseGateState;
  last: ReleaseEvaluation;
  /** Seconds into the run of each gate's first breach (absent: never breached). */
  firstBreach: Record<string, number>;
  /** Every state each gate went through. */
  seen: Record<string, Set<Verdict>>;
  clock: ManualClock;
}

/** Runs the stream on `state` (mutated by ingest, replaced by each evaluation). */
export function runStream(
  initial: ReleaseGateState,
  options: StreamOptions,
  clock = new ManualClock(initial.startedAt),
): StreamResult {
  const rng = seededRandom(options.seed);
  const tickMs = options.tickMs ?? 10_000;
  const intervalMs = 1000 / options.requestsPerSecond;
  let state = initial;
  const firstBreach: Record<string, number> = {};
  const seen: Record<string, Set<Verdict>> = {};
  const start = clock.now().getTime();
  const total = Math.round(options.seconds * options.requestsPerSecond);
  let nextTick = start + tickMs;
  for (let i = 0; i < total; i++) {
    const at = new Date(start + i * intervalMs);
    while (at.getTime() >= nextTick) {
      clock.set(new Date(nextTick));
      state = tick(state, clock, tickMs, options, firstBreach, seen, start).state;
      nextTick += tickMs;
    }
    const arm: Arm = rng.next() < options.candidateShare ? 'candidate' : 'control';
    const requestId = `r${i}`;
    const event: OutcomeEvent = {
      type: 'outcome',
      id: `e${i}`,
      workflow: 'w',
      environment: 'production',
      at: at.toISOString(),
      requestId,
      arm,
      ...options.outcome(arm, rng, i),
    };
    applyEvent(state, event);
    for (const extra of options.extra?.(arm, requestId, rng, at, i) ?? []) applyEvent(state, extra);
  }
  clock.set(new Date(nextTick));
  const final = tick(state, clock, tickMs, options, firstBreach, seen, start);
  return { state: final.state, last: final.last, firstBreach, seen, clock };
}

function tick(
  state: ReleaseGateState,
  clock: ManualClock,
  tickMs: number,
  options: StreamOptions,
  firstBreach: Record<string, number>,
  seen: Record<string, Set<Verdict>>,
  start: number,
): { state: ReleaseGateState; last: ReleaseEvaluation } {
  options.beforeTick?.(state, clock);
  const { evaluation, state: next } = evaluateRelease(state, clock, { tickMs });
  for (const g of evaluation.gates) {
    (seen[g.gate] ??= new Set()).add(g.state);
    if (g.state === 'breached' && firstBreach[g.gate] === undefined)
      firstBreach[g.gate] = (clock.now().getTime() - start) / 1000;
  }
  return { state: next, last: evaluation };
}

/** A label event for request `requestId` (no arm: the request index attributes it). */
export function reviewOf(requestId: string, rejected: boolean, at: Date): IngestEvent {
  return {
    type: 'review',
    id: `rv-${requestId}`,
    workflow: 'w',
    environment: 'production',
    at: at.toISOString(),
    requestId,
    verdict: rejected ? 'rejected' : 'accepted',
  };
}
