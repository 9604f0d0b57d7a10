import { z } from 'zod';
import { actuatorsSchema } from '../rollbacks/actuator-schema.js';
import { parseDuration } from '../gates/language/gate-values.js';
import { slug } from './slug.js';

export { slug } from './slug.js';

/** A principal: a role handle (`team-pricing`) or a token subject. One or several may hold a role. */
const principals = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** The owners of a workflow (R6.2); the authority checks read them. */
export const ownersSchema = z.strictObject({
  engineering: principals.optional(),
  platform: principals.optional(),
  product: principals.optional(),
  risk: principals.optional(),
  support: principals.optional(),
  incidentCommander: principals.optional(),
  teamLead: principals.optional(),
  dataEngineeringLead: principals.optional(),
  mlEngineeringLead: principals.optional(),
  onCall: principals.optional(),
});

/** The service levels a gate may refer to as `of: sla`. */
export const slaSchema = z.strictObject({
  latencyP99Ms: z.number().positive().optional(),
  latencyP95Ms: z.number().positive().optional(),
  latencyP50Ms: z.number().positive().optional(),
  errorRate: z.number().min(0).max(1).optional(),
});

/**
 * Rollback drills of the workflow (R8.1, features/drills): how often one must pass (`every`,
 * default 30d: monthly), the segment a drill moves (`segment`, default `staff`; it must exist in
 * the environment's flag configuration), the level the scheduler drills, and whether the
 * scheduler may run a due drill by itself (`automatic`, default false: it notifies the owner).
 */
export const drillSettingsSchema = z.strictObject({
  every: z
    .string()
    .refine((s) => parseDuration(s) !== undefined, 'expected a duration such as 7d, 30d')
    .optional(),
  segment: slug.optional(),
  level: z.union([z.literal(1), z.literal(2)]).optional(),
  automatic: z.boolean().optional(),
});

/** `kind: Workflow` — an AI feature, its criticality, service levels and owners. */
export const workflowSchema = z.strictObject({
  kind: z.literal('Workflow'),
  name: slug,
  description: z.string().max(2000).optional(),
  /** Sensitivity of its gates (R4.3): business-critical workflows act sooner on less evidence. */
  criticality: z.enum(['business-critical', 'standard', 'experimental']).optional(),
  type: z.enum(['llm', 'realtime', 'batch']),
  sla: slaSchema.optional(),
  owners: ownersSchema.optional(),
  /** Where rollback effects outside ripcord go (signed webhooks; see rollbacks/actuator-schema.ts). */
  actuators: actuatorsSchema.optional(),
  /** Rollback drills: schedule, segment, level, automatic runs (features/drills). */
  drills: drillSettingsSchema.optional(),
});

/** A validated Workflow document. */
export type WorkflowSpec = z.infer<typeof workflowSchema>;
