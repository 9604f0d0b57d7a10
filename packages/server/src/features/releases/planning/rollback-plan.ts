/**
 * The types of a rollback plan: what the planner is given and what it returns. A plan is a value
 * the executor runs step by step, the CLI shows as a dry run, and the record keeps as evidence.
 */
import type { BundleSpec, ComponentName } from '../../bundles/bundle-schema.js';
import type { BundleTargets } from '../../bundles/bundle-targets.js';
import type { RequirementConflict } from '../../bundles/bundle-model.js';
import type { RollbackAction } from '../../gates/language/gate-spec.js';
import type { LiveFlagValue } from './flag-effects.js';
import type { Traffic } from '../ticket/release-model.js';
import type { ReleaseSpec } from '../ticket/release-schema.js';
import type { LevelTiming, RollbackLevel, TimeEstimate } from './rollback-levels.js';

/** A breached gate the plan must cover. */
export interface BreachedGate {
  /** The gate's name in the release; a name the ticket lacks (an external alert) uses firstRollback. */
  gate: string;
  /** Segments where the gate breached; absent or empty when the breach was not broken down. */
  segments?: readonly string[];
  /** The action to take instead of the ticket's (for alerts that are not gates of the ticket). */
  action?: RollbackAction;
}

/** What is live now. */
export interface LiveState {
  /** Index of the current stage in `release.plan` (the promote index once promoted). */
  stage: number;
  /** The candidate's traffic now, when it differs from the stage's (e.g. already reduced). */
  traffic?: Traffic;
  /** Flag values in force for all traffic now (default: the candidate bundle's `flags`). */
  flags?: Readonly<Record<string, LiveFlagValue>>;
  /** Flag values in force per segment, where a segment override exists. */
  segmentFlags?: Readonly<Record<string, Readonly<Record<string, LiveFlagValue>>>>;
  /** Control components whose artifacts are no longer warm (default: all warm, R1.4). */
  cold?: readonly ComponentName[];
}

/** The incident commander's override (R6.2): replace the gates' actions and/or raise the level. */
export interface PlanOverride {
  by: string;
  reason: string;
  action?: RollbackAction;
  level?: 1 | 2 | 3 | 4;
}

/** One tool that made write side effects while the candidate served. */
export interface WriteToolCalls {
  tool: string;
  bundleVersion: string;
  count: number;
  sampleIds?: readonly string[];
}

/** Facts about what the candidate already did (R5.4). */
export interface SideEffectFacts {
  writeToolCalls?: readonly WriteToolCalls[];
  batchOutputs?: readonly { bundleVersion: string; batchId: string; outputs: number }[];
  cachedState?: readonly { name: string; description: string }[];
}

/** Everything `planRollback` needs. */
export interface PlanInput {
  release: ReleaseSpec;
  control: BundleSpec;
  candidate: BundleSpec;
  breached: readonly BreachedGate[];
  live: LiveState;
  /** A minimum level asked for by a person (e.g. `ripcord rollback --level 2`). */
  requestedLevel?: 1 | 2 | 3 | 4;
  override?: PlanOverride;
  facts?: SideEffectFacts;
  /** Measured timings per level (drills), replacing the defaults in the estimate. */
  timings?: Partial<Record<RollbackLevel, LevelTiming>>;
}

interface StepBase {
  /** The authority the step needs; `null` for pause, which cannot harm anyone. */
  level: RollbackLevel | null;
  /** The gates this step covers. */
  gates: string[];
  /** The step in one line, for dry runs and the record. */
  text: string;
}

/** One step of a plan, in execution order. */
export type PlanStep =
  | (StepBase & { kind: 'pause' })
  | (StepBase & {
      kind: 'set-flag';
      flag: string;
      /** Gates set plain values; restoring a bundle's flag state may also set a JSON object. */
      value: LiveFlagValue;
      /** `null`: all traffic; otherwise only these segments. */
      segments: string[] | null;
      reducesAutomation: boolean;
    })
  | (StepBase & { kind: 'traffic'; to: 'control' | 'previous-stage'; percent: number; segment: string | null })
  | (StepBase & { kind: 'restore'; component: ComponentName; from: string | null; to: string | null })
  | (StepBase & { kind: 'job'; job: 'recompute-features' | 'restore-snapshot' | 'retrain-model'; target: string });

/** Something asked for that changes nothing, and why. */
export interface Noop {
  what: string;
  reason: string;
  gates: string[];
}

/** A plan (or requested level) that was refused, with the reason and what replaced it. */
export interface Refusal {
  level: RollbackLevel;
  reason: string;
  conflicts: RequirementConflict[];
  /** The level used instead; `null` when the request was dropped without escalating. */
  escalatedTo: RollbackLevel | null;
}

/** What a rollback cannot undo (R5.4). */
export type CannotUndo =
  | { kind: 'side-effect'; tool: string; count: number | null; sampleIds: string[]; text: string }
  | { kind: 'batch-output'; batchId: string; outputs: number; bundleVersion: string; text: string }
  | { kind: 'cached-state'; name: string; text: string };

/** Where a gate's steps came from. */
export interface PlanSource {
  gate: string | null;
  from: 'action' | 'firstRollback' | 'override' | 'readiness';
}

/** The planner's answer. */
export interface RollbackPlan {
  /** `no-op`: everything asked for already holds; `refused`: no safe plan exists (see `reason`). */
  status: 'planned' | 'no-op' | 'refused';
  reason: string | null;
  release: string;
  workflow: string;
  control: string;
  candidate: string;
  /** The highest level among the steps (the authority the plan needs). */
  level: RollbackLevel;
  steps: PlanStep[];
  /** The gates the plan covers, in ticket order. */
  covers: string[];
  sources: PlanSource[];
  /** Every level the steps need, to compare with the release's `automatic` list. */
  automation: RollbackLevel[];
  noops: Noop[];
  refusals: Refusal[];
  /** Contradictions a human must confirm (e.g. two gates setting a route to different values). */
  conflicts: string[];
  override: { by: string; reason: string } | null;
  cannotUndo: CannotUndo[];
  estimate: TimeEstimate;
  notes: string[];
  /**
   * Where the two bundles live outside ripcord (Kubernetes Service, MLflow version, table
   * version), when either declares it: the built-in actuators act on these, frozen with the run.
   */
  targets?: { control: BundleTargets; candidate: BundleTargets };
  /**
   * The candidate's batch outputs (R5.4) that must be invalidated after the rollback, with the
   * command; added by the release machine (features/batch-outputs), absent when there are none.
   */
  invalidate?: {
    outputs: { id: string; batchKey: string; batchId: string; location: string; finishedAt: string }[];
    command: string;
  };
}
