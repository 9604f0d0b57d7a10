/**
 * Evaluating every gate of a release at one tick, with the release's false-rollback budget α
 * split across its gates (`splitAlpha`). Pure: returns the evaluations and the next state; the
 * input state is not modified. Time comes from the injected clock only.
 */
import type { Clock } from '../../../clock.js';
import { splitAlpha } from '../../../stats/alpha-split.js';
import { evaluateGate, type GateEvaluation } from './gate-evaluate.js';
import { hasSequentialTest } from '../language/metric-catalog.js';
import type { GateReferences } from '../language/gate-compile.js';
import type { GateState } from './gate-state.js';
import type { ReleaseGateState } from './release-state.js';

/** All gates of a release at one tick. */
export interface ReleaseEvaluation {
  release: string;
  evaluatedAt: string;
  /** The release's α and each sequential gate's share of it. */
  alpha: number;
  alphaByGate: Record<string, number>;
  gates: GateEvaluation[];
  counts: { passing: number; breached: number; inconclusive: number };
}

/** Options of one evaluation. */
export interface EvaluateOptions {
  /** Evaluation tick in ms (default 10 s); used for the `sustained:` missed-tick rule. */
  tickMs?: number;
  /** References learnt after release start (e.g. the 7-day baseline), merged over the config's. */
  references?: GateReferences;
}

/** The per-gate α of a release: α / (number of immediate/rapid gates that run a sequential test). */
export function releaseAlphas(state: ReleaseGateState): Map<string, number> {
  return splitAlpha(
    state.alpha,
    state.compiled.map((g) => ({
      name: g.name,
      sequential: g.test !== 'literal' && hasSequentialTest(g.metric),
      acts: g.severity !== 'delayed',
    })),
  );
}

/** Evaluates every gate at `clock.now()` (pure). */
export function evaluateRelease(
  state: ReleaseGateState,
  clock: Clock,
  options: EvaluateOptions = {},
): { evaluation: ReleaseEvaluation; state: ReleaseGateState } {
  const now = clock.now();
  const alphas = releaseAlphas(state);
  const references = { ...state.config.references, ...options.references };
  const gates: Record<string, GateState> = { ...state.gates };
  const evaluations: GateEvaluation[] = [];
  for (const gate of state.compiled) {
    const gs = state.gates[gate.name];
    if (gs === undefined) continue;
    const ctx = { now, references, alpha: alphas.get(gate.name) ?? state.alpha, tickMs: options.tickMs ?? 10_000 };
    const result = evaluateGate(
      gate,
      gs,
      state.config.criticality === undefined ? ctx : { ...ctx, criticality: state.config.criticality },
    );
    gates[gate.name] = result.state;
    const kinds = state.facts.errorKinds;
    evaluations.push(
      gate.metric === 'error_rate' && kinds !== undefined
        ? { ...result.evaluation, errorKinds: { candidate: { ...kinds.candidate }, control: { ...kinds.control } } }
        : result.evaluation,
    );
  }
  const counts = { passing: 0, breached: 0, inconclusive: 0 };
  for (const e of evaluations) counts[e.state] += 1;
  const evaluation: ReleaseEvaluation = {
    release: state.config.release,
    evaluatedAt: now.toISOString(),
    alpha: state.alpha,
    alphaByGate: Object.fromEntries(alphas),
    gates: evaluations,
    counts,
  };
  return { evaluation, state: { ...state, gates } };
}
