/**
 * Readiness (R2.3) as the API shows it: a release's (`Readiness`, readiness.ts) and any
 * workflow's (`WorkflowReadiness`, readiness-workflow.ts), each with how long a rollback would take now.
 */
import { z } from 'zod';
import { orNull } from '../../../openapi-schema.js';
import { releaseStatusSchema } from '../release-status-schema.js';
import { rollbackLevelSchema, rollbackPlanSchema, timeEstimateSchema } from '../planning/rollback-plan-schema.js';

/** The answer of one health endpoint. */
export const probeResultSchema = z
  .object({ url: z.string(), component: z.string(), ok: z.boolean(), detail: z.string() })
  .meta({ id: 'HealthCheck' });

/** The health of one signal source the gates read (R4.5): a Prometheus or Datadog server, or the alert webhooks. */
export const signalSourceHealthSchema = z
  .object({
    source: z.string().describe("the source's name in the server's settings, or `alerts`"),
    system: z.enum(['prometheus', 'datadog', 'alert']),
    url: z.string().nullable(),
    status: z.enum(['ok', 'failing', 'not-configured']),
    detail: z.string(),
    gates: z.array(z.string()).describe('the gates that read it'),
  })
  .meta({ id: 'SignalSourceHealth' });

/** Where the workflow stands with its rollback drills (R8.1, R2.3). */
export const drillStandingSchema = z
  .object({
    every: z.string().describe('a drill must pass at least this often'),
    lastPassed: z.object({ id: z.string(), at: z.string(), level: z.number() }).nullable(),
    due: z.boolean(),
    enforced: z.boolean().describe('the Workflow declares `drills:`, so stale drills and R2.4 block'),
    command: z.string(),
  })
  .meta({ id: 'DrillStanding' });

const readinessFields = {
  ready: z.boolean(),
  blockers: z.array(z.string()).describe('why the release may not start; empty when ready'),
  warnings: z.array(z.string()),
  checks: z.array(probeResultSchema),
  signals: z.array(signalSourceHealthSchema),
  plan: orNull(rollbackPlanSchema), // the first rollback as it would run now, with its time estimate
  drills: drillStandingSchema.optional().describe("the workflow's rollback drills (absent when not wired)"),
};

/** Readiness of a release: blocked with reasons, or ready, with the rollback it would run. */
export const readinessSchema = z.object(readinessFields).meta({ id: 'Readiness' });

/** One rollback level of production's rollback path, planned as it would run now. */
const levelReadinessSchema = z.object({
  level: rollbackLevelSchema,
  status: z.enum(['available', 'refused', 'escalated', 'no-op']),
  reason: z.string().nullable(),
  estimate: timeEstimateSchema,
  steps: z.array(z.string()),
});

/** R2.3 for a workflow in an environment: its active release's readiness, or production's rollback path. */
export const workflowReadinessSchema = z
  .object({
    ...readinessFields,
    workflow: z.string(),
    environment: z.string(),
    release: z
      .object({ id: z.string(), name: z.string(), status: releaseStatusSchema })
      .nullable()
      .describe('the active release the answer is about; null when there is none'),
    rollback: z
      .object({
        production: z.string().nullable().describe('the bundle the production label points at'),
        target: z.string().nullable().describe('the bundle a rollback would return to'),
        targetFrom: z.enum(['previous-label', 'label-history']).nullable(),
        levels: z.array(levelReadinessSchema),
        estimate: orNull(timeEstimateSchema), // the fastest available level's estimate
        command: z.string().nullable().describe('the command that rolls production back to `target`'),
      })
      .nullable()
      .describe("without an active release: production's rollback path; null with one"),
  })
  .meta({ id: 'WorkflowReadiness' });
