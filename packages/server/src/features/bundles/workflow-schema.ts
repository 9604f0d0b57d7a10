import { z } from 'zod';
import { actuatorsSchema } from '../rollbacks/actuator-schema.js';
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
});

/** A validated Workflow document. */
export type WorkflowSpec = z.infer<typeof workflowSchema>;
