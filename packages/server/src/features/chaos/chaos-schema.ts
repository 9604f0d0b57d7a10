/** Chaos runs as the API shows them (`ChaosRecord`, chaos-store.ts). */
import { z } from 'zod';
import { orNull } from '../../openapi-schema.js';
import type { ChaosRecord } from './chaos-store.js';
import { faultNames } from './faults.js';
import { checkSchema } from '../drills/drill-schema.js';

const timingSchema = z.object({
  ms: z.number().nullable().describe('wall-clock milliseconds; null when it did not happen'),
  targetMs: z.number().nullable().describe('the R8.2 target (MTTD 30 min; MTTR level 1 5 min, level 2 15 min)'),
  met: z.boolean(),
});

/** A chaos run (R8.1). */
export const chaosSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    environment: z.string(),
    fault: z.enum(faultNames),
    status: z.enum(['running', 'passed', 'failed']),
    actor: z.string().describe('who ran it'),
    reason: z.string(),
    runId: z.string().nullable().describe('the rollback run the executor made for it'),
    segment: z.string().describe('the only segment the run moved'),
    ticket: z.string().describe('the release ticket whose candidate, gates, rollback and authority it used'),
    control: z.string(),
    candidate: z.string(),
    release: z.string().describe('the drill release (`chaos-<hex>`) the split and the events carry'),
    traffic: z.object({ requests: z.number(), candidate: z.number(), control: z.number(), budget: z.number() }),
    decision: z
      .object({ kind: z.string(), gates: z.array(z.string()), reasoning: z.string(), at: z.string() })
      .nullable()
      .describe('what the gates decided; null when nothing caught the fault within the budget'),
    gates: z.array(z.object({ gate: z.string(), state: z.string(), sentence: z.string().nullable() })),
    rollback: z
      .object({ level: z.string().nullable(), plan: z.string(), authority: z.string(), automatic: z.boolean() })
      .nullable(),
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
    detect: timingSchema.describe('first synthetic request → decision'),
    restore: timingSchema.describe('decision → verified restore'),
    verification: orNull(checkSchema),
    restoreVerification: orNull(checkSchema),
    failures: z.array(z.string()).describe('every check that failed; empty when it passed'),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'ChaosRun' });

/** The API view of a chaos run. */
export function chaosView(c: ChaosRecord): z.infer<typeof chaosSchema> {
  const { flagsBefore: _flags, ...detail } = c.detail;
  return {
    id: c.id,
    workflow: c.workflow,
    environment: c.environment,
    fault: c.fault,
    status: c.status,
    actor: c.actor,
    reason: c.reason,
    runId: c.runId,
    ...detail,
    startedAt: c.startedAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
  };
}
