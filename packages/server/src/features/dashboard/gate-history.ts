/**
 * Each running release's gate readings over time (issue 18): what the dashboard's chart draws —
 * candidate vs control against the threshold, and the sequential test's e-value against 1/α.
 * Recorded at every release tick through the gate port, bounded per release, and kept as its own
 * `gate_states` row (`<release id>~history`) so a restart or a finished release still has it.
 */
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { GatePort } from '../releases/machine/gate-port.js';
import type { GateEvaluation } from '../releases/machine/decision.js';
import { encodeGateStateJson } from '../ingest/gate-state-store.js';
import type { GateStateStore } from '../ingest/gate-state-store.js';

/** The stores the gate history reads and writes. */
export interface GateHistoryStores {
  gateStates: GateStateStore;
}

/** One gate at one tick. `logE`/`logNeeded`: natural logs of the e-value and of 1/α (null: no sequential test). */
export interface GatePoint {
  state: string;
  statistic: number | null;
  control: number | null;
  threshold: number | null;
  logE: number | null;
  logNeeded: number | null;
  samples: number;
}

/** One tick: when, and every gate's reading. */
export interface HistoryTick {
  at: string;
  gates: Record<string, GatePoint>;
}

/** A release's recorded ticks, oldest first. */
export interface ReleaseHistory {
  releaseId: string;
  capacity: number;
  /** Times older ticks were thinned to stay within `capacity` (each halves the resolution). */
  thinned: number;
  ticks: HistoryTick[];
}

/** Ticks kept per release before older ones are thinned (one hour at the 10 s tick). */
export const HISTORY_CAPACITY = 360;

const num = z.number().nullable();
const historySchema = z.object({
  releaseId: z.string(),
  capacity: z.number(),
  thinned: z.number(),
  ticks: z.array(
    z.object({
      at: z.string(),
      gates: z.record(
        z.string(),
        z.object({
          state: z.string(),
          statistic: num,
          control: num,
          threshold: num,
          logE: num,
          logNeeded: num,
          samples: z.number(),
        }),
      ),
    }),
  ),
});

/** The `gate_states` row id of a release's history. */
export const historyRowId = (releaseId: string): string => `${releaseId}~history`;

const finite = (n: number | null | undefined): number | null =>
  typeof n === 'number' && Number.isFinite(n) ? n : null;

/**
 * The sequential reading of an evaluation, read defensively: the port's evaluations are the gate
 * engine's (`gates/engine/gate-evaluate.ts`), whose `test.sequential` the decision type leaves out.
 */
function sequentialOf(e: GateEvaluation): { logE: number | null; logNeeded: number | null } {
  const test: unknown = (e as { test?: unknown }).test;
  const seq: unknown = typeof test === 'object' && test !== null ? (test as { sequential?: unknown }).sequential : null;
  if (typeof seq !== 'object' || seq === null) return { logE: null, logNeeded: null };
  const { logE, needed } = seq as { logE?: unknown; needed?: unknown };
  return {
    logE: typeof logE === 'number' ? finite(logE) : null,
    logNeeded: typeof needed === 'number' && needed > 0 ? finite(Math.log(needed)) : null,
  };
}

/** One tick's point of a gate. */
export function pointOf(e: GateEvaluation): GatePoint {
  return {
    state: e.state,
    statistic: finite(e.statistic),
    control: finite(e.control),
    threshold: finite(e.threshold),
    ...sequentialOf(e),
    samples: e.samples?.candidate ?? 0,
  };
}

/**
 * Halves the ticks but never drops one where any gate's state differs from the tick kept before
 * it, nor the newest: a breach stays on the chart at the moment it happened.
 */
export function thin(ticks: readonly HistoryTick[]): HistoryTick[] {
  const kept: HistoryTick[] = [];
  ticks.forEach((tick, i) => {
    const last = kept.at(-1);
    const changed =
      last === undefined || Object.entries(tick.gates).some(([name, p]) => last.gates[name]?.state !== p.state);
    if (i % 2 === 0 || changed || i === ticks.length - 1) kept.push(tick);
  });
  return kept;
}

/** Records and reads gate histories (memory for live releases, the store for the rest). */
export class GateHistory {
  private readonly live = new Map<string, ReleaseHistory>();

  constructor(private readonly deps: { stores: GateHistoryStores; logger: Logger; capacity?: number }) {}

  /** Adds one tick and persists the history. A store failure is logged, never fails the tick. */
  async record(releaseId: string, at: Date, evaluations: readonly GateEvaluation[]): Promise<void> {
    if (evaluations.length === 0) return;
    const history = this.live.get(releaseId) ??
      (await this.stored(releaseId)) ?? {
        releaseId,
        capacity: this.deps.capacity ?? HISTORY_CAPACITY,
        thinned: 0,
        ticks: [],
      };
    this.live.set(releaseId, history);
    history.ticks.push({
      at: at.toISOString(),
      gates: Object.fromEntries(evaluations.map((e) => [e.gate, pointOf(e)])),
    });
    if (history.ticks.length > history.capacity) {
      history.ticks = thin(history.ticks);
      history.thinned += 1;
    }
    try {
      const json = JSON.stringify(history);
      const row = await encodeGateStateJson({ releaseId: historyRowId(releaseId), json, applied: 0, updatedAt: at });
      await this.deps.stores.gateStates.save([row]);
    } catch (err) {
      this.deps.logger.warn({ err, releaseId }, 'gate history not stored; it stays in memory');
    }
  }

  /** A release's history, or `undefined` when none was recorded. */
  async read(releaseId: string): Promise<ReleaseHistory | undefined> {
    return this.live.get(releaseId) ?? this.stored(releaseId);
  }

  /** Forgets a finished release's memory copy (its stored row stays). */
  forget(releaseId: string): void {
    this.live.delete(releaseId);
  }

  private async stored(releaseId: string): Promise<ReleaseHistory | undefined> {
    const row = await this.deps.stores.gateStates.get(historyRowId(releaseId));
    if (row === undefined) return undefined;
    const parsed = historySchema.safeParse(row.state);
    if (!parsed.success) {
      this.deps.logger.warn({ releaseId }, 'stored gate history unreadable; starting a new one');
      return undefined;
    }
    return parsed.data;
  }
}

/** The gate port with every tick's evaluations recorded in `history` (wired in create-app.ts). */
export function withGateHistory(port: GatePort, history: GateHistory): GatePort {
  return {
    ...port,
    evaluate: async (releaseId, now) => {
      const evaluations = await port.evaluate(releaseId, now);
      await history.record(releaseId, now, evaluations);
      return evaluations;
    },
    stop: async (releaseId) => {
      await port.stop(releaseId);
      history.forget(releaseId);
    },
  };
}
