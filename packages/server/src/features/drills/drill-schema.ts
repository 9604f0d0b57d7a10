/** Drills as the API shows them (`DrillRecord`, drill-store.ts). */
import { z } from 'zod';
import { orNull } from '../../openapi-schema.js';
import type { DrillRecord } from './drill-store.js';

/** A verification's checks; chaos runs (features/chaos) report theirs in the same shape. */
export const checkSchema = z
  .object({
    ok: z.boolean(),
    checks: z.array(z.object({ what: z.string(), ok: z.boolean(), detail: z.string() })),
    failures: z.array(z.string()),
  })
  .meta({ id: 'DrillCheck' });

/** A rollback drill (R8.1). */
export const drillSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    environment: z.string(),
    level: z.number().int().min(1).max(4),
    status: z.enum(['running', 'passed', 'failed']),
    trigger: z.enum(['manual', 'schedule', 'post-deploy']),
    actor: z.string().describe('who ran it (`ripcord` for the scheduler)'),
    reason: z.string(),
    runId: z.string().nullable().describe('the rollback run the executor made for it'),
    segment: z.string().describe('the only segment the drill moved'),
    production: z.string().nullable(),
    target: z.string().nullable().describe('the bundle the drill segment was rolled back to'),
    steps: z.array(
      z.object({
        phase: z.enum(['rollback', 'verify', 'restore', 'verify-restore']),
        text: z.string(),
        status: z.enum(['done', 'failed', 'skipped']),
        startedAt: z.string(),
        finishedAt: z.string(),
        ms: z.number(),
        result: z.string().optional(),
      }),
    ),
    rollbackMs: z.number().nullable().describe("the rollback's duration (what readiness estimates use)"),
    verification: orNull(checkSchema),
    restoreVerification: orNull(checkSchema),
    failure: z.string().nullable(),
    release: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('a post-deployment rollback test: the promoted release it tested'),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Drill' });

/** The API view of a drill. */
export function drillView(d: DrillRecord): z.infer<typeof drillSchema> {
  return {
    id: d.id,
    workflow: d.workflow,
    environment: d.environment,
    level: d.level,
    status: d.status,
    trigger: d.trigger,
    actor: d.actor,
    reason: d.reason,
    runId: d.runId,
    segment: d.detail.segment,
    production: d.detail.production,
    target: d.detail.target,
    steps: d.detail.steps,
    rollbackMs: d.detail.rollbackMs,
    verification: d.detail.verification,
    restoreVerification: d.detail.restoreVerification,
    failure: d.detail.failure,
    release: d.detail.release ?? null,
    startedAt: d.startedAt.toISOString(),
    finishedAt: d.finishedAt?.toISOString() ?? null,
  };
}
