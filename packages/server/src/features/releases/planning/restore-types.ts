/** What the restore part of a plan takes and gives (plan-restore.ts resolves it, plan-jobs.ts adds its jobs). */
import type { BundleSpec, ComponentName } from '../../bundles/bundle-schema.js';
import type { RollbackLevel } from './rollback-levels.js';
import type { Noop, PlanStep, Refusal } from './rollback-plan.js';

/** What the restore part of a plan needs. */
export interface RestoreContext {
  control: BundleSpec;
  candidate: BundleSpec;
  /** Component name as written → gates asking for it. */
  restore: ReadonlyMap<string, readonly string[]>;
  level: { level: RollbackLevel; gates: readonly string[] } | null;
  /** Control components whose artifacts are not warm. */
  cold: ReadonlySet<ComponentName>;
}

/** The restore and job steps, with what was refused or changes nothing. */
export interface RestoreResult {
  /** True when the candidate arm becomes the whole control bundle (traffic goes to control). */
  whole: boolean;
  steps: PlanStep[];
  noops: Noop[];
  refusals: Refusal[];
  /** Why no safe restore exists at all; `null` when the steps are safe. */
  refused: string | null;
}
