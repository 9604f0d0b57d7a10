/**
 * A gate's numbers and kept evidence as a decision freezes them (R2.1, R5.1: every decision
 * records its evidence): the count gates' sample ids, and the latest events that counted against a
 * measured gate per arm with the fields the ticket's `evidence:` list names (trace ids, parser
 * messages, costs, reviewer notes; `features/gates/engine/gate-evidence.ts`).
 */
import type { GateEvaluation, GateEvidence, KeptGateEvidence } from './decision-types.js';

function keptOf(e: GateEvaluation): KeptGateEvidence | null {
  if ((e.evidence === undefined || e.evidence === null) && (e.kept === undefined || e.kept === null)) return null;
  const kept = e.kept ?? null;
  return {
    sampleIds: [...(e.evidence?.samples ?? [])],
    unmatched: e.evidence?.unmatched ?? 0,
    kept:
      kept === null
        ? null
        : {
            candidate: kept.candidate.map((s) => ({ ...s })),
            control: kept.control.map((s) => ({ ...s })),
            counted: { ...kept.counted },
          },
  };
}

/** The evidence of one gate in a decision. */
export function toEvidence(e: GateEvaluation): GateEvidence {
  return {
    gate: e.gate,
    severity: e.severity,
    metric: e.metric ?? null,
    state: e.state,
    computedState: e.computedState ?? e.state,
    statistic: e.statistic ?? null,
    threshold: e.threshold ?? null,
    control: e.control ?? null,
    samples: e.samples ?? null,
    sentence: e.sentence ?? null,
    segments: [...(e.segments ?? [])],
    override: e.override ?? null,
    evidence: keptOf(e),
  };
}
