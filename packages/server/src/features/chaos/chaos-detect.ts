/**
 * The detection half of a chaos run (R8.1): synthetic traffic through the SDK in batches, the
 * drill release's gates evaluated after each batch by the same gate sessions and the same
 * decision function as a release tick, until a decision other than `continue` or the budget ends.
 */
import type { Clock } from '../../clock.js';
import { decide, type Decision } from '../releases/machine/decision.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { ChaosGate, ChaosRecord } from './chaos-store.js';
import type { ChaosSetup } from './chaos-prepare.js';
import type { SyntheticTraffic } from './synthetic-traffic.js';

/** Synthetic requests per batch (one gate evaluation each). */
export const BATCH = 200;

/** What detection found. */
export interface Detection {
  decision: Decision | null;
  gates: ChaosGate[];
  traffic: ChaosRecord['detail']['traffic'];
  /** Wall-clock milliseconds from the first synthetic request to the decision (null: none). */
  ms: number | null;
}

/** Sends batches until the gates decide or the budget is spent. */
export async function detect(
  deps: { gates: GatePort; clock: Clock },
  setup: ChaosSetup,
  traffic: SyntheticTraffic,
): Promise<Detection> {
  const { chaos } = setup;
  const counts = { ...chaos.detail.traffic };
  const started = performance.now();
  const stageStartedAt = deps.clock.now().toISOString();
  let gates: ChaosGate[] = [];
  while (counts.requests < counts.budget) {
    const n = Math.min(BATCH, counts.budget - counts.requests);
    const sent = await traffic.batch(n, chaos.fault);
    counts.requests += n;
    counts.candidate += sent.candidate;
    counts.control += sent.control;
    const now = deps.clock.now();
    const evaluations = await deps.gates.evaluate(setup.release.id, now);
    gates = evaluations.map((e) => ({ gate: e.gate, state: e.state, sentence: e.sentence ?? null }));
    const decision = decide({
      evaluations,
      criticality: setup.workflow.spec.criticality,
      stage: { next: 'canary', bakeEndsAt: null, evidenceComplete: true, startedAt: stageStartedAt },
      now,
    });
    if (decision.kind === 'rollback-now' || decision.kind === 'investigate' || decision.kind === 'do-not-roll-back')
      return { decision, gates, traffic: counts, ms: performance.now() - started };
  }
  return { decision: null, gates, traffic: counts, ms: null };
}
