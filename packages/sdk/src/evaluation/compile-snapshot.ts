/**
 * Precompiles a validated snapshot once, on receipt, into the structures the hot path reads:
 * segments indexed by number, flag definitions in Maps, percents as bucket thresholds, and a per-workflow
 * memo of frozen route decisions so a steady-state `route()` allocates nothing.
 */
import type { Arm, ConfigSnapshot, FlagDefinition, FlagMetadata, JsonValue, WorkflowConfig } from '@ripcord/protocol';
import { compileCondition, type CompiledSegment } from './segment-match.js';
import type { RouteDecision } from './route-decision.js';

/** A variant: its name and value. */
export interface CompiledVariant {
  readonly name: string;
  readonly value: JsonValue;
}

/** A targeting rule with its segment resolved to an index and its variant to a value. */
export interface CompiledRule {
  readonly segment: number;
  readonly variant: CompiledVariant;
}

/** An explicit flag definition. */
export interface CompiledFlag {
  readonly key: string;
  readonly rules: readonly CompiledRule[];
  readonly defaultVariant: CompiledVariant | undefined;
  /** Resolves to the caller's default with reason DISABLED. */
  readonly disabled: boolean;
  /** The definition's metadata, frozen (undefined when it declares none). */
  readonly metadata: Readonly<FlagMetadata> | undefined;
}

/**
 * One arm's bundle: its version and static flag values. `flags` is the bundle's own (parsed,
 * validated) object, not a copy: read own properties only (never an inherited `constructor`).
 */
export interface CompiledArm {
  readonly arm: Arm;
  readonly version: string;
  readonly variantName: string;
  readonly flags: Readonly<Record<string, JsonValue>>;
}

/** A segment percent override as a bucket threshold. */
export interface CompiledOverride {
  readonly segment: number;
  readonly threshold: number;
}

/** A traffic split with percents as thresholds (`bucket < threshold` → candidate). */
export interface CompiledSplit {
  readonly release: string;
  readonly threshold: number;
  readonly eligible: number;
  readonly overrides: readonly CompiledOverride[];
}

/**
 * Memo of frozen decisions per caller-defaults object (by identity; `NO_DEFAULTS` for none), so a
 * caller passing a fresh defaults literal per call cannot evict the decisions of a stable one.
 */
export type DecisionMemo = WeakMap<object, Map<number, RouteDecision>>;

/** Memo key for calls without caller defaults. */
export const NO_DEFAULTS: object = Object.freeze({});

/** A workflow ready for evaluation. */
export interface CompiledWorkflow {
  readonly name: string;
  readonly revision: number;
  readonly config: WorkflowConfig;
  readonly segments: readonly CompiledSegment[];
  readonly segmentIndex: ReadonlyMap<string, number>;
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  readonly control: CompiledArm;
  readonly candidate: CompiledArm | undefined;
  readonly split: CompiledSplit | undefined;
  /** Segments ≤ 30 make the match set fit a small integer, which keys the decision memo. */
  readonly memoizable: boolean;
  /** Created by the first `route()` (a client that never routes a revision never allocates one). */
  memo: DecisionMemo | undefined;
}

/** A snapshot ready for evaluation. Build with {@link compileSnapshot}. */
export interface CompiledSnapshot {
  readonly compiled: true;
  readonly snapshot: ConfigSnapshot;
  readonly revision: number;
  readonly workflows: ReadonlyMap<string, CompiledWorkflow>;
}

/** Shared empty parts (never mutated): most workflows have no rules, overrides or even segments. */
const NONE: readonly never[] = [];
const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

function toThreshold(percent: number): number {
  return Math.round(percent * 100);
}

/** An arm holds its bundle's flags object itself: a Map copy per client and revision was the largest part of a compiled snapshot. */
function compileArm(arm: Arm, bundle: WorkflowConfig['bundles']['control']): CompiledArm {
  return { arm, version: bundle.version, variantName: `bundle:${bundle.version}`, flags: bundle.flags };
}

function compileVariant(def: FlagDefinition, name: string): CompiledVariant {
  return { name, value: def.variants[name] as JsonValue };
}

function compileFlags(
  wf: WorkflowConfig,
  segmentIndex: ReadonlyMap<string, number>,
): ReadonlyMap<string, CompiledFlag> {
  const keys = Object.keys(wf.flags);
  if (keys.length === 0) return NO_ENTRIES;
  const flags = new Map<string, CompiledFlag>();
  for (const key of keys) {
    const def = wf.flags[key]!;
    const raw = def.rules ?? NONE;
    // The shared empty array when there are no rules (nothing is pushed onto it then).
    const rules: CompiledRule[] = raw.length === 0 ? (NONE as never[]) : [];
    for (const r of raw) {
      rules.push({ segment: segmentIndex.get(r.segment) ?? -1, variant: compileVariant(def, r.variant) });
    }
    const dv = def.defaultVariant;
    flags.set(key, {
      key,
      rules,
      defaultVariant: dv === undefined ? undefined : compileVariant(def, dv),
      disabled: def.disabled === true,
      metadata: def.metadata === undefined ? undefined : Object.freeze({ ...def.metadata }),
    });
  }
  return flags;
}

function compileSplit(wf: WorkflowConfig, segmentIndex: ReadonlyMap<string, number>): CompiledSplit | undefined {
  const split = wf.split;
  if (split === undefined || wf.bundles.candidate === undefined) return undefined;
  const overrides: CompiledOverride[] = [];
  for (const o of split.segmentPercents ?? NONE) {
    overrides.push({ segment: segmentIndex.get(o.segment) ?? -1, threshold: toThreshold(o.percent) });
  }
  return {
    release: split.release,
    threshold: toThreshold(split.percent),
    eligible: split.eligibleSegment === undefined ? -1 : (segmentIndex.get(split.eligibleSegment) ?? -1),
    overrides,
  };
}

/** Compiles one workflow of a validated snapshot (plain loops: this runs per client and revision). */
export function compileWorkflow(name: string, wf: WorkflowConfig): CompiledWorkflow {
  const names = Object.keys(wf.segments);
  const segments: CompiledSegment[] = names.length === 0 ? (NONE as never[]) : [];
  const segmentIndex = names.length === 0 ? NO_ENTRIES : new Map<string, number>();
  for (const segName of names) {
    (segmentIndex as Map<string, number>).set(segName, segments.length);
    segments.push({ name: segName, conditions: wf.segments[segName]!.conditions.map(compileCondition) });
  }
  const candidate = wf.bundles.candidate;
  return {
    name,
    revision: wf.revision,
    config: wf,
    segments,
    segmentIndex,
    flags: compileFlags(wf, segmentIndex),
    control: compileArm('control', wf.bundles.control),
    candidate: candidate === undefined ? undefined : compileArm('candidate', candidate),
    split: compileSplit(wf, segmentIndex),
    memoizable: segments.length <= 30,
    memo: undefined,
  };
}

/**
 * The workflows of `previous` that `value` (a parsed, not yet validated snapshot) repeats
 * exactly: same name, same revision and structurally equal JSON. The revision is compared first,
 * so a changed workflow costs one comparison; equal revisions are still compared in full, since a
 * restored server may reuse a revision number for different content. Such workflows passed
 * validation and were compiled when `previous` was applied, so both can be skipped for them.
 */
export function unchangedWorkflows(
  value: unknown,
  previous: CompiledSnapshot | undefined,
): Map<string, CompiledWorkflow> | undefined {
  if (previous === undefined || typeof value !== 'object' || value === null) return undefined;
  const workflows = (value as { workflows?: unknown }).workflows;
  if (typeof workflows !== 'object' || workflows === null || Array.isArray(workflows)) return undefined;
  let unchanged: Map<string, CompiledWorkflow> | undefined;
  for (const name of Object.keys(workflows)) {
    const old = previous.workflows.get(name);
    const wf = (workflows as Record<string, unknown>)[name];
    if (old === undefined || typeof wf !== 'object' || wf === null) continue;
    if ((wf as { revision?: unknown }).revision !== old.revision || !sameJson(old.config, wf)) continue;
    (unchanged ??= new Map()).set(name, old);
  }
  return unchanged;
}

/**
 * Compiles a snapshot that passed `validateSnapshot` (behaviour on unvalidated input is
 * undefined). `previous` lets unchanged workflows (same revision and JSON) reuse their compiled
 * form and memo.
 */
export function compileSnapshot(snapshot: ConfigSnapshot, previous?: CompiledSnapshot): CompiledSnapshot {
  return compileReusing(snapshot, unchangedWorkflows(snapshot, previous));
}

/** {@link compileSnapshot} with the {@link unchangedWorkflows} the caller computed already. */
export function compileReusing(
  snapshot: ConfigSnapshot,
  unchanged: ReadonlyMap<string, CompiledWorkflow> | undefined,
): CompiledSnapshot {
  const workflows = new Map<string, CompiledWorkflow>();
  for (const name of Object.keys(snapshot.workflows)) {
    workflows.set(name, unchanged?.get(name) ?? compileWorkflow(name, snapshot.workflows[name]!));
  }
  return { compiled: true, snapshot, revision: snapshot.revision, workflows };
}

/** Structural equality of two JSON values (used to detect what a revision changed). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !sameJson(ra[k], rb[k])) return false;
  return true;
}
