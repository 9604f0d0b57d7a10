/**
 * The shapes a decision reads and records (decision.ts): one gate's evaluation as the release
 * service passes it, and a gate's numbers and kept evidence as the decision freezes them.
 */
import type { Severity } from '../../gates/language/gate-spec.js';

/**
 * One gate's evaluation this tick: the fields of the gate engine's `GateEvaluation`
 * (`features/gates/engine/gate-evaluate.ts`) that a decision reads, so one can be passed as it is, plus
 * `since` and `segments`, which the release service adds.
 */
export interface GateEvaluation {
  gate: string;
  /** The final state, after `sustained:` and any manual override. */
  state: 'passing' | 'breached' | 'inconclusive';
  /** The state the data gives, before a manual override (default: `state`). */
  computedState?: 'passing' | 'breached' | 'inconclusive';
  severity: Severity;
  /** The gate's metric (GATES.md); decides the experimental rule. Absent counts as a guard metric. */
  metric?: string;
  statistic?: number | null;
  threshold?: number | null;
  control?: number | null;
  samples?: { candidate: number; control: number | null };
  /** The gate engine's sentence for this reading. */
  sentence?: string;
  /** Since when the gate has been in `state` (ISO); default: the stage's `startedAt`. */
  since?: string;
  /** Segments where it breached. */
  segments?: readonly string[];
  /** A manual override (R4.5), as gate-state.ts `GateOverride`. */
  override?: { force: 'breached' | 'passing'; actor: string; reason: string } | null;
  /** Absolute gates: control read against the same words (shared-cause.ts). */
  controlArm?: { value: number; samples: number; breached: boolean } | null;
  /** `error_rate` gates: the error kinds each arm reported. */
  errorKinds?: { candidate: Record<string, number>; control: Record<string, number> } | null;
  /** Count gates: the counted sample ids and unmatched complaints (gate-evaluate.ts `evidence`). */
  evidence?: { samples: string[]; unmatched: number } | null;
  /** Measured gates: the latest events that counted against it, per arm (gate-evidence.ts). */
  kept?: KeptGateEvidence['kept'] | null;
}

/** A gate's numbers as the decision saw them. */
export interface GateEvidence {
  gate: string;
  severity: Severity;
  metric: string | null;
  /** The final state (with any manual override) and the state the data gave. */
  state: GateEvaluation['state'];
  computedState: GateEvaluation['state'];
  statistic: number | null;
  threshold: number | null;
  control: number | null;
  samples: { candidate: number; control: number | null } | null;
  sentence: string | null;
  segments: string[];
  override: GateEvaluation['override'] | null;
  /** The evidence the gate kept, frozen with the decision (R2.1); `null` when it keeps none. */
  evidence: KeptGateEvidence | null;
}

/** One kept event (gate-evidence.ts `EvidenceSample`). */
export interface KeptSample {
  id: string;
  at: string;
  traceId?: string;
  parserError?: string;
  errorKind?: string;
  costUsd?: number;
  reviewer?: string;
  notes?: string;
}

/** What a gate kept, as frozen in a decision. */
export interface KeptGateEvidence {
  /** Count gates: the ids of the counted samples (the confirmed complaints' sample ids). */
  sampleIds: string[];
  /** Count gates with `matchingSamples`: complaints that named no sample the candidate served. */
  unmatched: number;
  /** Measured gates: the latest events per arm that counted against the gate, and how many did. */
  kept: {
    candidate: KeptSample[];
    control: KeptSample[];
    counted: { candidate: number; control: number };
  } | null;
}
