/**
 * A one-gate release for unit tests: feed hand-made events at the manual clock's time and evaluate.
 * Test support only (the engine never imports it).
 */
import type { Arm, IngestEvent, OutcomeEvent } from '@ripcord/protocol';
import { ManualClock } from '../../../clock.js';
import { gateSpecSchema } from '../language/gate-spec.js';
import { applyEvent } from './release-ingest.js';
import { createReleaseState, type ReleaseGateConfig, type ReleaseGateState } from './release-state.js';
import { evaluateRelease, type EvaluateOptions } from './release-evaluate.js';
import type { GateEvaluation } from './gate-evaluate.js';

/** The release start of every unit test. */
export const T0 = new Date('2026-05-02T10:00:00Z');

/** A one-gate release and helpers to feed and evaluate it. */
export function release(gate: Record<string, unknown>, config: Partial<ReleaseGateConfig> = {}) {
  const spec = gateSpecSchema.parse({ name: 'g', severity: 'rapid', ...gate });
  let state: ReleaseGateState = createReleaseState({ release: 'r1', gates: [spec], ...config }, T0);
  const clock = new ManualClock(T0);
  let i = 0;
  const api = {
    get state() {
      return state;
    },
    clock,
    /** `n` outcomes of `arm` at the clock's time, `fields(j)` deciding each. */
    serve(arm: Arm, n: number, fields: (j: number) => Partial<OutcomeEvent> = () => ({})) {
      for (let j = 0; j < n; j++, i++) {
        const e: OutcomeEvent = {
          type: 'outcome',
          id: `e${i}`,
          workflow: 'w',
          environment: 'prod',
          at: clock.now().toISOString(),
          requestId: `q${i}`,
          arm,
          ...fields(j),
        };
        applyEvent(state, e);
      }
    },
    send(event: Partial<IngestEvent> & { type: IngestEvent['type'] }) {
      return applyEvent(state, {
        id: `x${i++}`,
        workflow: 'w',
        environment: 'prod',
        at: clock.now().toISOString(),
        ...event,
      } as IngestEvent);
    },
    evaluate(options: EvaluateOptions = {}): GateEvaluation {
      const result = evaluateRelease(state, clock, options);
      state = result.state;
      const g = result.evaluation.gates[0];
      if (g === undefined) throw new Error('no evaluation');
      return g;
    },
  };
  return api;
}

/** Predicate for every k-th request. */
export const every = (k: number) => (j: number) => j % k === 0;
