/**
 * Evidence kept per gate and arm (R2.1): ingest keeps the most recent {@link EVIDENCE_SAMPLES}
 * events that count against a gate — an error, a schema failure (with the parser's message), a
 * safety block, missing features, a rejected review (with the reviewer's note), a cost — with the
 * fields the release ticket's `evidence:` list names. Each decision copies them, so what a
 * decision rested on is frozen with it (docs/ingest.md "Evidence"). Bounded: at most
 * {@link EVIDENCE_SAMPLES} samples per arm and gate, each with at most a few short strings.
 */
import type { Arm, OutcomeEvent, ReviewEvent } from '@ripcord/protocol';
import type { CompiledGate } from '../language/gate-compile.js';

/** Samples kept per gate and arm (the most recent). */
export const EVIDENCE_SAMPLES = 10;
/** Longest text kept of a parser message or a reviewer's note. */
export const EVIDENCE_TEXT = 500;

/** One event that counted against a gate, with the evidence fields the ticket asks for. */
export interface EvidenceSample {
  /** The request id (the sample id late labels and complaints refer to). */
  id: string;
  at: string;
  traceId?: string;
  /** The parser's error message, for a schema failure (`parserLogs`). */
  parserError?: string;
  errorKind?: string;
  /** The request's cost (`costSample`). */
  costUsd?: number;
  /** A review's reviewer and note (`reviewerNotes`). */
  reviewer?: string;
  notes?: string;
}

/** The samples of one gate: the most recent per arm, and how many counted in all. */
export interface KeptEvidence {
  candidate: EvidenceSample[];
  control: EvidenceSample[];
  counted: { candidate: number; control: number };
}

/** An empty record. */
export function emptyKept(): KeptEvidence {
  return { candidate: [], control: [], counted: { candidate: 0, control: 0 } };
}

/** The evidence kinds of a ticket (`traceIds`, `parserLogs`, `costSample`, `reviewerNotes`, …). */
export type EvidenceKinds = ReadonlySet<string>;

const kindsCache = new WeakMap<object, EvidenceKinds>();

/** The ticket's evidence kinds as a set, cached per configuration (ingest's hot path). */
export function evidenceKinds(config: { evidence?: readonly string[] }): EvidenceKinds {
  let kinds = kindsCache.get(config);
  if (kinds === undefined) {
    kinds = new Set(config.evidence ?? []);
    kindsCache.set(config, kinds);
  }
  return kinds;
}

/** A copy to freeze into an evaluation or a decision. */
export function copyKept(k: KeptEvidence): KeptEvidence {
  return {
    candidate: k.candidate.map((s) => ({ ...s })),
    control: k.control.map((s) => ({ ...s })),
    counted: { ...k.counted },
  };
}

/** True when this observation of `gate` counts against it (the bad side of its numerator). */
export function countsAgainst(gate: CompiledGate, obs: { x: number }): boolean {
  if (AGAINST_WHEN_POSITIVE.has(gate.metric)) return obs.x > 0;
  return gate.metric === 'cost_per_successful_task';
}

/** Metrics whose observation counts against the gate when its numerator is positive. */
const AGAINST_WHEN_POSITIVE: ReadonlySet<string> = new Set([
  'error_rate',
  'schema_failure_rate',
  'safety_block_rate',
  'missing_feature_rate',
  'tool_call_rate',
  'tool_write_rate',
  'unsafe_tool_call_rate',
]);

function push(kept: KeptEvidence, arm: Arm, sample: EvidenceSample): void {
  const list = kept[arm];
  list.push(sample);
  if (list.length > EVIDENCE_SAMPLES) list.shift();
  kept.counted[arm] += 1;
}

const clip = (s: string): string => (s.length > EVIDENCE_TEXT ? `${s.slice(0, EVIDENCE_TEXT - 1)}…` : s);

/** Keeps an outcome that counted against a measured gate (in place). */
export function keepOutcome(
  gate: CompiledGate,
  kept: KeptEvidence,
  arm: Arm,
  e: OutcomeEvent,
  obs: { x: number },
  kinds: EvidenceKinds,
): void {
  if (!countsAgainst(gate, obs)) return;
  const sample: EvidenceSample = { id: e.requestId, at: e.at };
  if (kinds.has('traceIds') && e.traceId !== undefined) sample.traceId = e.traceId;
  if (e.errorKind !== undefined && gate.metric === 'error_rate') sample.errorKind = e.errorKind;
  if (kinds.has('parserLogs') && e.parserError !== undefined && gate.metric === 'schema_failure_rate')
    sample.parserError = clip(e.parserError);
  if (kinds.has('costSample') && e.costUsd !== undefined) sample.costUsd = e.costUsd;
  push(kept, arm, sample);
}

/** Keeps a rejected review of a review gate (in place). */
export function keepReview(kept: KeptEvidence, arm: Arm, e: ReviewEvent, kinds: EvidenceKinds): void {
  if (e.verdict !== 'rejected') return;
  const sample: EvidenceSample = { id: e.requestId, at: e.at };
  if (kinds.has('reviewerNotes')) {
    if (e.reviewer !== undefined) sample.reviewer = e.reviewer;
    if (e.notes !== undefined) sample.notes = clip(e.notes);
  }
  push(kept, arm, sample);
}
