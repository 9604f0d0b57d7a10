/**
 * Per-release facts ingest counts beside the gates, for the record of a rollback:
 *
 * - exposure (blast radius, R7.3 / R8.2): outcome events served by the candidate arm, the
 *   distinct request keys among them (HyperLogLog, `distinct-count.ts`), and the times of the
 *   first and last such event. Every candidate-arm event counts, also one arriving after the
 *   restore: it carries `arm: candidate` because the candidate served it.
 * - write side effects (R5.4): per tool, the candidate's tool calls that made writes — the tool is
 *   declared `sideEffects: write` in the candidate bundle's tool contract, or the event itself says
 *   so — with up to {@link WRITE_SAMPLES} request ids as examples. Failed calls count too: a
 *   failed write may still have written, and the plan is about what might need reversing.
 *
 * Memory is fixed: 4 KB of registers, a few numbers, and at most {@link MAX_WRITE_TOOLS} tools
 * with {@link WRITE_SAMPLES} ids each (tool names beyond that are counted under
 * {@link OTHER_TOOLS}). Persisted in the release's gate state snapshot, so a restart neither loses
 * nor double-counts them (ingest dedups events by id before they reach the engine).
 */
import type { OutcomeEvent } from '@ripcord/protocol';
import {
  addDistinct,
  createDistinctCounter,
  estimateDistinct,
  restoreDistinct,
  snapshotDistinct,
  type DistinctCounter,
  type DistinctCounterSnapshot,
} from './distinct-count.js';

/** Sample request ids kept per write tool. */
export const WRITE_SAMPLES = 5;
/** Distinct write tools counted by name; calls of any further tool are counted together. */
export const MAX_WRITE_TOOLS = 64;
/** Distinct error kinds counted per arm. */
export const MAX_ERROR_KINDS = 16;
/** The kind under which errors beyond {@link MAX_ERROR_KINDS} kinds are counted. */
export const OTHER_KINDS = '(other kinds)';
/** The name under which write calls beyond {@link MAX_WRITE_TOOLS} tools are counted. */
export const OTHER_TOOLS = '(other tools)';

/** Write calls of one tool by the candidate. */
export interface WriteToolCount {
  count: number;
  /** The first {@link WRITE_SAMPLES} request ids that made such a call. */
  samples: string[];
}

/** What the candidate served and did (in place, like the rest of the gate state). */
export interface ReleaseFacts {
  /** Candidate-arm outcome events. */
  requests: number;
  /** Distinct `key`s among them (events without a key are not in it). */
  keys: DistinctCounter;
  /** Candidate-arm outcomes that carried a key. */
  keyed: number;
  /** Earliest and latest `at` (ms) of a candidate-arm outcome; `null` before the first. */
  firstAtMs: number | null;
  lastAtMs: number | null;
  /** Write calls by tool name. */
  writeTools: Record<string, WriteToolCount>;
  /**
   * Errored outcomes by `errorKind` and arm, at most {@link MAX_ERROR_KINDS} kinds per arm (the rest
   * under {@link OTHER_KINDS}); a shared-cause decision names the kinds both arms report.
   */
  errorKinds: { candidate: Record<string, number>; control: Record<string, number> };
}

/** The JSON form of {@link ReleaseFacts}. */
export type ReleaseFactsSnapshot = Omit<ReleaseFacts, 'keys'> & { keys: DistinctCounterSnapshot };

/** Empty facts at release start. */
export function createReleaseFacts(): ReleaseFacts {
  return {
    requests: 0,
    keys: createDistinctCounter(),
    keyed: 0,
    firstAtMs: null,
    lastAtMs: null,
    writeTools: {},
    errorKinds: { candidate: {}, control: {} },
  };
}

/** Counts an errored outcome's `errorKind` for its arm (in place); outcomes without one are not counted. */
export function countErrorKind(facts: ReleaseFacts, arm: 'candidate' | 'control', e: OutcomeEvent): void {
  const kind = e.errorKind;
  if (kind === undefined || e.error === false) return;
  const kinds = facts.errorKinds[arm];
  const known = Object.hasOwn(kinds, kind);
  const name = known || Object.keys(kinds).length < MAX_ERROR_KINDS ? kind : OTHER_KINDS;
  const count = Object.hasOwn(kinds, name) ? (kinds[name] ?? 0) : 0;
  Object.defineProperty(kinds, name, { value: count + 1, enumerable: true, writable: true, configurable: true });
}

/**
 * Counts one candidate-arm outcome (in place). `writeTools` is the set of tools the candidate
 * bundle declares with write side effects.
 */
export function countCandidateOutcome(
  facts: ReleaseFacts,
  e: OutcomeEvent,
  atMs: number,
  writeTools: ReadonlySet<string>,
): void {
  facts.requests += 1;
  if (e.key !== undefined) {
    facts.keyed += 1;
    addDistinct(facts.keys, e.key);
  }
  if (facts.firstAtMs === null || atMs < facts.firstAtMs) facts.firstAtMs = atMs;
  if (facts.lastAtMs === null || atMs > facts.lastAtMs) facts.lastAtMs = atMs;
  const calls = e.toolCalls;
  if (calls === undefined) return;
  for (const call of calls)
    if (call.sideEffects === 'write' || writeTools.has(call.name)) countWrite(facts, call.name, e.requestId);
}

function countWrite(facts: ReleaseFacts, tool: string, requestId: string): void {
  const tools = facts.writeTools;
  let entry = Object.hasOwn(tools, tool) ? tools[tool] : undefined;
  if (entry === undefined) {
    const name = Object.keys(tools).length < MAX_WRITE_TOOLS ? tool : OTHER_TOOLS;
    entry = Object.hasOwn(tools, name) ? tools[name] : undefined;
    if (entry === undefined) {
      entry = { count: 0, samples: [] };
      // defineProperty: a tool called `__proto__` must stay an own key.
      Object.defineProperty(tools, name, { value: entry, enumerable: true, writable: true, configurable: true });
    }
  }
  entry.count += 1;
  if (entry.samples.length < WRITE_SAMPLES && !entry.samples.includes(requestId)) entry.samples.push(requestId);
}

/** Plain-JSON copy. */
export function snapshotReleaseFacts(facts: ReleaseFacts): ReleaseFactsSnapshot {
  const writeTools: Record<string, WriteToolCount> = {};
  for (const name of Object.keys(facts.writeTools)) {
    const t = facts.writeTools[name];
    if (t !== undefined)
      Object.defineProperty(writeTools, name, {
        value: { count: t.count, samples: [...t.samples] },
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  const errorKinds = {
    candidate: copyCounts(facts.errorKinds?.candidate),
    control: copyCounts(facts.errorKinds?.control),
  };
  return { ...facts, keys: snapshotDistinct(facts.keys), writeTools, errorKinds };
}

function copyCounts(counts: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(counts ?? {}))
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** The inverse of {@link snapshotReleaseFacts}; a snapshot from before facts existed reads as empty. */
export function restoreReleaseFacts(s: ReleaseFactsSnapshot | undefined): ReleaseFacts {
  if (s === undefined) return createReleaseFacts();
  const copy = snapshotReleaseFacts({ ...s, keys: createDistinctCounter() });
  return { ...copy, keys: restoreDistinct(s.keys) };
}

/** The blast radius as the incident record keeps it. */
export interface ExposureFacts {
  requests: number;
  distinctKeys: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** Requests, distinct keys and first/last times served by the candidate. */
export function exposureOf(facts: ReleaseFacts): ExposureFacts {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    requests: facts.requests,
    distinctKeys: estimateDistinct(facts.keys),
    firstAt: iso(facts.firstAtMs),
    lastAt: iso(facts.lastAtMs),
  };
}
