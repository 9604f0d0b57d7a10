/**
 * What every reading of a gate produces (`Verdict`, `LiteralReading`) and the window in words.
 * Shared by the literal readers (`gate-literal.ts`, `gate-literal-discrete.ts`) and the evaluator.
 */
import type { CompiledGate, GateReferences } from '../language/gate-compile.js';
import { formatDuration } from '../language/gate-values.js';
import type { Severity } from '../language/gate-spec.js';

/** The three outcomes of any reading (R4.4: too little data is `inconclusive`). */
export type Verdict = 'passing' | 'breached' | 'inconclusive';

/** What the literal reading found. */
export interface LiteralReading {
  verdict: Verdict;
  /** The candidate's value over the window (rate as a fraction, ms, USD, distance, count). */
  statistic: number | null;
  /** The value it was compared with. */
  threshold: number | null;
  /** Control's value over the matching window, when the gate involves control. */
  control: number | null;
  samples: { candidate: number; control: number | null };
  /** The window in words ("over the last 200 calls"). */
  window: string;
  /** Why the reading is inconclusive, in words; `null` otherwise. */
  reason: string | null;
  /** True when a precondition or a missing reference makes every mode inconclusive. */
  blocking: boolean;
  /** Drift gates over several series: the series with the largest distance (the statistic's). */
  series?: string;
  /** Alert gates: what is firing, in words (the sentence's subject). */
  detail?: string;
  /** Alert gates: the severity the firing alerts map to (replaces the gate's for this evaluation). */
  severity?: Severity;
  /**
   * Absolute gates: control's value over the matching window read against the same words, so a
   * decision can tell a cause both arms share from a candidate regression (docs/gates.md "Shared
   * causes"). Absent when control has too few samples or the gate compares with control anyway.
   */
  controlArm?: ControlArm;
}

/** Control read against an absolute gate's own words. */
export interface ControlArm {
  value: number;
  samples: number;
  /** True when control's value breaches the gate's words too. */
  breached: boolean;
}

/** Where and when the gate is read. */
export interface LiteralContext {
  now: Date;
  references: GateReferences;
  /** The evaluation tick (a query reading older than 3 ticks and 3 intervals is stale). */
  tickMs?: number;
}

const DENOMINATOR_WORDS = {
  consecutiveCalls: 'calls',
  completedTasks: 'completed tasks',
  reviewedOutputs: 'reviewed outputs',
  comparableRequests: 'comparable requests',
} as const;

/** The window in words, for sentences (cached per compiled gate: evaluation runs every tick). */
export function windowPhrase(gate: CompiledGate): string {
  let text = phrases.get(gate);
  if (text === undefined) {
    text = describeWindow(gate);
    phrases.set(gate, text);
  }
  return text;
}

const phrases = new WeakMap<CompiledGate, string>();

function describeWindow(gate: CompiledGate): string {
  const source = gate.source;
  if (source.kind === 'alert') return 'now';
  if (source.kind === 'query' && source.form.kind === 'value') return `at the latest ${source.system} reading`;
  const from = source.kind === 'query' ? ` (counted by ${source.system})` : '';
  return `${describeEventWindow(gate)}${from}`;
}

function describeEventWindow(gate: CompiledGate): string {
  const w = gate.window;
  switch (w.kind) {
    case 'consecutive':
      return `over the last ${w.size} ${DENOMINATOR_WORDS[w.denominator]}`;
    case 'stage':
      return 'since the stage began';
    case 'release':
      return 'since the release started';
    case 'sliding':
      return `over the last ${formatDuration(w.ms)}`;
  }
}

/** A reading with nothing measured yet. */
export function emptyReading(
  gate: CompiledGate,
  reason: string,
  samples: LiteralReading['samples'],
  blocking = false,
): LiteralReading {
  return {
    verdict: 'inconclusive',
    statistic: null,
    threshold: null,
    control: null,
    samples,
    window: windowPhrase(gate),
    reason,
    blocking,
  };
}
