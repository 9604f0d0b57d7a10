/**
 * Precompiles a validated snapshot once, on receipt, into the structures the hot path reads:
 * segments indexed by number, flags in Maps, percents as bucket thresholds, and a per-workflow
 * memo of frozen route decisions so a steady-state `route()` allocates nothing.
 */
import type { Arm, ConfigSnapshot, JsonValue, WorkflowConfig } from '@ripcord/protocol';
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
}

/** One arm's bundle: its version and static flag values. */
export interface CompiledArm {
  readonly arm: Arm;
  readonly version: string;
  readonly variantName: string;
  readonly flags: ReadonlyMap<string, JsonValue>;
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
  readonly memo: DecisionMemo;
}

/** A snapshot ready for evaluation. Build with {@link compileSnapshot}. */
export interface CompiledSnapshot {
  readonly compiled: true;
  readonly snapshot: ConfigSnapshot;
  readonly revision: number;
  readonly workflows: ReadonlyMap<string, CompiledWorkflow>;
}

function toThreshold(percent: number): number {
  return Math.round(percent * 100);
}

function compileArm(arm: Arm, bundle: WorkflowConfig['bundles']['control']): CompiledArm {
  return {
    arm,
    version: bundle.version,
    variantName: `bundle:${bundle.version}`,
    flags: new Map(Object.entries(bundle.flags)),
  };
}

function compileFlags(wf: WorkflowConfig, segmentIndex: ReadonlyMap<string, number>): Map<string, CompiledFlag> {
  const flags = new Map<string, CompiledFlag>();
  for (const [key, def] of Object.entries(wf.flags)) {
    const variant = (name: string): CompiledVariant => ({ name, value: def.variants[name] as JsonValue });
    flags.set(key, {
      key,
      rules: (def.rules ?? []).map((r) => ({
        segment: segmentIndex.get(r.segment) ?? -1,
        variant: variant(r.variant),
      })),
      defaultVariant: def.defaultVariant === undefined ? undefined : variant(def.defaultVariant),
    });
  }
  return flags;
}

function compileSplit(wf: WorkflowConfig, segmentIndex: ReadonlyMap<string, number>): CompiledSplit | undefined {
  const split = wf.split;
  if (split === undefined || wf.bundles.candidate === undefined) return undefined;
  return {
    release: split.release,
    threshold: toThreshold(split.percent),
    eligible: split.eligibleSegment === undefined ? -1 : (segmentIndex.get(split.eligibleSegment) ?? -1),
    overrides: (split.segmentPercents ?? []).map((o) => ({
      segment: segmentIndex.get(o.segment) ?? -1,
      threshold: toThreshold(o.percent),
    })),
  };
}

/** Compiles one workflow of a validated snapshot. */
export function compileWorkflow(name: string, wf: WorkflowConfig): CompiledWorkflow {
  const segments: CompiledSegment[] = Object.entries(wf.segments).map(([segName, seg]) => ({
    name: segName,
    conditions: seg.conditions.map(compileCondition),
  }));
  const segmentIndex = new Map(segments.map((s, i) => [s.name, i] as const));
  return {
    name,
    revision: wf.revision,
    config: wf,
    segments,
    segmentIndex,
    flags: compileFlags(wf, segmentIndex),
    control: compileArm('control', wf.bundles.control),
    candidate: wf.bundles.candidate === undefined ? undefined : compileArm('candidate', wf.bundles.candidate),
    split: compileSplit(wf, segmentIndex),
    memoizable: segments.length <= 30,
    memo: new WeakMap(),
  };
}

/**
 * Compiles a snapshot that passed `validateSnapshot` (behaviour on unvalidated input is
 * undefined). `previous` lets unchanged workflows (same revision) reuse their compiled form and memo.
 */
export function compileSnapshot(snapshot: ConfigSnapshot, previous?: CompiledSnapshot): CompiledSnapshot {
  const workflows = new Map<string, CompiledWorkflow>();
  for (const [name, wf] of Object.entries(snapshot.workflows)) {
    const old = previous?.workflows.get(name);
    const reusable = old !== undefined && old.revision === wf.revision && sameJson(old.config, wf);
    workflows.set(name, reusable ? old : compileWorkflow(name, wf));
  }
  return { compiled: true, snapshot, revision: snapshot.revision, workflows };
}

/** Structural equality of two JSON values (used to detect what a revision changed). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && sameJson(ra[k], rb[k]));
}
