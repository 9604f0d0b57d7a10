/**
 * The jobs of levels 3 and 4 (R5.3): recompute features with the control's pipeline, restore the
 * control's data snapshot by time travel, retrain its model. They are orchestrated work with
 * progress, not switches. A plan gets them when a person asks for level 3/4, or when a control
 * artifact the restore needs is no longer warm (past the cool-down, R1.4).
 */
import type { ComponentName } from '../../bundles/bundle-schema.js';
import type { RestoreContext, RestoreResult } from './restore-types.js';
import { maxLevel, type RollbackLevel } from './rollback-levels.js';
import type { PlanStep } from './rollback-plan.js';

function jobStep(
  job: 'recompute-features' | 'restore-snapshot' | 'retrain-model',
  target: string,
  level: RollbackLevel,
  gates: readonly string[],
): PlanStep {
  const words = {
    'recompute-features': 'recompute features with pipeline',
    'restore-snapshot': 'restore data snapshot',
    'retrain-model': 'retrain model',
  };
  return { kind: 'job', job, target, level, gates: [...gates], text: `${words[job]} ${target} (orchestrated job)` };
}

/** Adds the level 3/4 jobs a restore of `restored` needs (asked for, or because of a cold artifact). */
export function addJobs(
  ctx: RestoreContext,
  result: RestoreResult,
  restored: ReadonlySet<ComponentName>,
  gates: string[],
): void {
  const before = result.steps.reduce<RollbackLevel>((l, s) => maxLevel(l, s.level ?? 'flags'), 'flags');
  addDataJobs(ctx, result, restored, before, gates);
  if (result.refused === null) addFeatureJob(ctx, result, restored, before, gates);
}

/** Level 4: restore the control's data snapshot by time travel and retrain its model. */
function addDataJobs(
  ctx: RestoreContext,
  result: RestoreResult,
  restored: ReadonlySet<ComponentName>,
  before: RollbackLevel,
  gates: string[],
): void {
  const { model, dataSnapshot } = ctx.control.components;
  const cold = restored.has('model') && ctx.cold.has('model');
  if (ctx.level?.level !== 'level4' && !cold) return;
  if (dataSnapshot === undefined || model === undefined) {
    const missing = model === undefined ? 'trained model' : 'data snapshot';
    if (cold)
      result.refused = `the control model is not warm and the control bundle has no ${missing} to retrain it from`;
    else
      result.refusals.push({
        level: 'level4',
        reason: `level 4 refused: the control bundle has no ${missing} to retrain from`,
        conflicts: [],
        escalatedTo: null,
      });
    return;
  }
  if (cold)
    result.refusals.push({
      level: before,
      reason: `the control model ${model.version} is no longer warm: it must be retrained from snapshot ${dataSnapshot.ref}`,
      conflicts: [],
      escalatedTo: 'level4',
    });
  const restoreSnapshot = jobStep('restore-snapshot', dataSnapshot.ref, 'level4', gates);
  // A declared table version names the exact time travel the job runs (docs/actuators.md).
  const table = dataSnapshot.table;
  if (table)
    restoreSnapshot.text = `restore table ${table.name} to ${table.format === 'delta' ? `Delta version ${table.version}` : `Iceberg snapshot ${table.snapshotId}`} (${dataSnapshot.ref}; orchestrated job)`;
  result.steps.push(restoreSnapshot, jobStep('retrain-model', `${model.name}@${model.version}`, 'level4', gates));
}

/** Level 3: recompute features with the control's pipeline (also before any retraining). */
function addFeatureJob(
  ctx: RestoreContext,
  result: RestoreResult,
  restored: ReadonlySet<ComponentName>,
  before: RollbackLevel,
  gates: string[],
): void {
  const pipeline = ctx.control.components.featurePipeline;
  const cold = restored.has('featurePipeline') && ctx.cold.has('featurePipeline');
  const retrainAt = result.steps.findIndex((s) => s.kind === 'job' && s.job === 'retrain-model');
  const retraining = retrainAt >= 0 && pipeline !== undefined;
  if (ctx.level?.level !== 'level3' && !cold && !retraining) return;
  if (pipeline === undefined) {
    result.refusals.push({
      level: 'level3',
      reason: 'level 3 refused: the control bundle has no feature pipeline to restore',
      conflicts: [],
      escalatedTo: null,
    });
    return;
  }
  if (cold)
    result.refusals.push({
      level: before,
      reason: `the features of control pipeline ${pipeline.version} are no longer warm: they must be recomputed`,
      conflicts: [],
      escalatedTo: 'level3',
    });
  const step = jobStep('recompute-features', pipeline.version, 'level3', gates);
  // A retrained model must read recomputed features, so the recompute goes first.
  if (retrainAt >= 0) result.steps.splice(retrainAt, 0, step);
  else result.steps.push(step);
}
