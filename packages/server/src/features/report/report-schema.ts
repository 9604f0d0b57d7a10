/** The effectiveness report (R8.2) as the API shows it (`EffectivenessReport`, report-service.ts). */
import { z } from 'zod';

const spreadFields = {
  count: z.number().int(),
  p50Seconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
  targetSeconds: z.number().nullable(),
  met: z.boolean().nullable().describe('p90 within the target; null without data or target'),
};

const sectionSchema = z
  .object({
    workflow: z.string().nullable().describe('null: every workflow together'),
    incidents: z.number().int(),
    rollbacks: z.object({
      count: z.number().int(),
      perWeek: z.number(),
      byLevel: z.record(z.string(), z.number().int()).describe('level → rollbacks'),
    }),
    mttd: z.object(spreadFields).describe('first exposure → detection; target 30 min'),
    mttr: z
      .array(z.object({ level: z.string(), ...spreadFields }))
      .describe('decision → verified restore, per level; targets L1 5 min, L2 15 min'),
    firstTry: z.object({
      successes: z.number().int(),
      finished: z.number().int(),
      rate: z.number().nullable(),
      target: z.number(),
      met: z.boolean().nullable(),
    }),
    blastRadius: z.object({
      requests: z.number().int(),
      distinctKeys: z.number().int(),
      largestRequests: z.number().int(),
    }),
    drills: z.object({
      expected: z.number().int(),
      passed: z.number().int(),
      failed: z.number().int(),
      rate: z.number().nullable(),
      target: z.number(),
      met: z.boolean().nullable(),
    }),
    rootCauses: z.array(z.object({ cause: z.string(), count: z.number().int() })),
    unreviewed: z.number().int().describe('incidents without a post-incident review'),
  })
  .meta({ id: 'EffectivenessSection' });

/** `GET /v1/report`. */
export const reportSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    workflow: z.string().nullable(),
    overall: sectionSchema,
    workflows: z.array(sectionSchema),
  })
  .meta({ id: 'EffectivenessReport' });
