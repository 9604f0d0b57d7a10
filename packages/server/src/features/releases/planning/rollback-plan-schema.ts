/**
 * A rollback plan (`RollbackPlan` in rollback-plan.ts) as the API shows it: the dry run, inside
 * readiness and rollback answers, and frozen in every rollback run.
 */
import { z } from 'zod';
import { bundleTargetsSchema } from '../../bundles/bundle-targets.js';
import { componentNames, type ComponentName } from '../../bundles/bundle-schema.js';
import { ROLLBACK_LEVELS } from './rollback-levels.js';

/** `flags`, then levels 1–4 of R5.3 (the words of a release's `automatic:` list). */
export const rollbackLevelSchema = z.enum(ROLLBACK_LEVELS);
const componentName = z.enum(componentNames as [ComponentName, ...ComponentName[]]);

/** "How long would a rollback take right now?" (R2.3) for one level. */
export const timeEstimateSchema = z
  .object({
    level: rollbackLevelSchema,
    typicalSeconds: z.number(),
    upperSeconds: z.number(),
    mode: z.enum(['switch', 'job']).describe('`switch` for routing and flag changes; `job` for L3/L4 work'),
    awaitsApproval: z.boolean().describe('approvals come first; their wait is not in the numbers'),
    text: z.string(),
    drills: z
      .array(z.string())
      .optional()
      .describe('the drills the numbers were measured by (p50/p90 of their rollback times); absent for defaults'),
  })
  .meta({ id: 'TimeEstimate' });

const stepBase = {
  level: rollbackLevelSchema.nullable().describe('the authority the step needs; null for pause'),
  gates: z.array(z.string()).describe('the gates this step covers'),
  text: z.string(),
};
/** A flag value a step sets: a gate's plain value, or a JSON object a bundle ships (open). */
const liveFlagValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.record(z.string(), z.unknown()).describe("a bundle's JSON object flag value, restored as shipped"),
]);

/** One step of a plan, in execution order. */
export const planStepSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('pause'), ...stepBase }),
    z.object({
      kind: z.literal('set-flag'),
      ...stepBase,
      flag: z.string(),
      value: liveFlagValue,
      segments: z.array(z.string()).nullable().describe('null: all traffic'),
      reducesAutomation: z.boolean(),
    }),
    z.object({
      kind: z.literal('traffic'),
      ...stepBase,
      to: z.enum(['control', 'previous-stage']),
      percent: z.number(),
      segment: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('restore'),
      ...stepBase,
      component: componentName,
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('job'),
      ...stepBase,
      job: z.enum(['recompute-features', 'restore-snapshot', 'retrain-model']),
      target: z.string(),
    }),
  ])
  .meta({ id: 'PlanStep' });

/** What a rollback cannot undo (R5.4). */
const cannotUndoSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('side-effect'),
      tool: z.string(),
      count: z.number().nullable(),
      sampleIds: z.array(z.string()),
      text: z.string(),
    }),
    z.object({
      kind: z.literal('batch-output'),
      batchId: z.string(),
      outputs: z.number(),
      bundleVersion: z.string(),
      text: z.string(),
    }),
    z.object({ kind: z.literal('cached-state'), name: z.string(), text: z.string() }),
  ])
  .meta({ id: 'CannotUndo' });

/** A plan (or requested level) that was refused, with what replaced it. */
const refusalSchema = z.object({
  level: rollbackLevelSchema,
  reason: z.string(),
  conflicts: z.array(
    z.object({
      component: componentName,
      needs: componentName,
      required: z.string(),
      actual: z.string().optional().describe('absent when the component is missing'),
    }),
  ),
  escalatedTo: rollbackLevelSchema.nullable(),
});

/** The planner's answer (docs/adr/0003-rollback-planning.md). */
export const rollbackPlanSchema = z
  .object({
    status: z.enum(['planned', 'no-op', 'refused']),
    reason: z.string().nullable(),
    release: z.string(),
    workflow: z.string(),
    control: z.string(),
    candidate: z.string(),
    level: rollbackLevelSchema.describe('the highest level among the steps'),
    steps: z.array(planStepSchema),
    covers: z.array(z.string()).describe('the gates the plan covers, in ticket order'),
    sources: z.array(
      z.object({ gate: z.string().nullable(), from: z.enum(['action', 'firstRollback', 'override', 'readiness']) }),
    ),
    automation: z.array(rollbackLevelSchema).describe("every level the steps need (vs the release's automatic)"),
    noops: z.array(z.object({ what: z.string(), reason: z.string(), gates: z.array(z.string()) })),
    refusals: z.array(refusalSchema),
    conflicts: z.array(z.string()).describe('contradictions a human must confirm'),
    override: z.object({ by: z.string(), reason: z.string() }).nullable(),
    cannotUndo: z.array(cannotUndoSchema),
    estimate: timeEstimateSchema,
    notes: z.array(z.string()),
    targets: z
      .object({ control: bundleTargetsSchema, candidate: bundleTargetsSchema })
      .optional()
      .describe("the two bundles' external targets, frozen with the plan for the built-in actuators"),
    invalidate: z
      .object({
        outputs: z.array(
          z.object({
            id: z.string(),
            batchKey: z.string(),
            batchId: z.string(),
            location: z.string(),
            finishedAt: z.string(),
          }),
        ),
        command: z.string(),
      })
      .optional()
      .describe("the candidate's batch outputs to invalidate after the rollback (R5.4), with the command"),
  })
  .meta({ id: 'RollbackPlan' });
