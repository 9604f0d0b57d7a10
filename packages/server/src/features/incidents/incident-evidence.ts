/**
 * The evidence behind an incident (R2.1, R7.3): the gates' kept samples as the decision that asked
 * for the rollback froze them — the complaints' sample ids, the rejected outputs with their parser
 * messages, trace ids, costs, reviewer notes. Read from the stored decision, never recomputed: what
 * the incident shows is what the decision saw.
 */
import type { DecisionRecord } from '../releases/release-store.js';
import type { KeptSample } from '../releases/machine/decision-types.js';

/** One gate's frozen evidence, as the incident shows it. */
export interface IncidentGateEvidence {
  gate: string;
  state: string;
  sentence: string | null;
  sampleIds: string[];
  unmatched: number;
  kept: { candidate: KeptSample[]; control: KeptSample[]; counted: { candidate: number; control: number } } | null;
}

/** The decision an incident's rollback rests on, with its evidence. */
export interface IncidentEvidence {
  decision: string;
  at: string;
  kind: string;
  reasoning: string;
  gates: IncidentGateEvidence[];
}

interface StoredGate {
  gate: string;
  state: string;
  sentence: string | null;
  evidence?: { sampleIds: string[]; unmatched: number; kept: IncidentGateEvidence['kept'] } | null;
}

/**
 * The last `rollback-now` decision recorded at or before `decidedAt` (the incident's decision
 * time), else the last one; `null` when no decision asked for the rollback (a rollback by hand).
 */
export function incidentEvidence(
  decisions: readonly DecisionRecord[],
  decidedAt: string | undefined,
): IncidentEvidence | null {
  const asked = decisions.filter((d) => d.kind === 'rollback-now');
  const limit = decidedAt === undefined ? Number.POSITIVE_INFINITY : Date.parse(decidedAt);
  const chosen = asked.filter((d) => d.at.getTime() <= limit).at(-1) ?? asked.at(-1);
  if (chosen === undefined) return null;
  const rests = new Set((chosen.evidence.gates as string[] | undefined) ?? []);
  const gates = ((chosen.evidence.evidence as StoredGate[] | undefined) ?? [])
    .filter((g) => rests.has(g.gate))
    .map((g) => ({
      gate: g.gate,
      state: g.state,
      sentence: g.sentence,
      sampleIds: g.evidence?.sampleIds ?? [],
      unmatched: g.evidence?.unmatched ?? 0,
      kept: g.evidence?.kept ?? null,
    }));
  return { decision: chosen.id, at: chosen.at.toISOString(), kind: chosen.kind, reasoning: chosen.reasoning, gates };
}
