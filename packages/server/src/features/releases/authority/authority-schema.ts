/**
 * Authority's answer (`AuthorityDecision` in authority.ts, R6) as the API shows it inside a rollback outcome:
 * allowed (with whom to notify), waiting for approvals (with who may give them), or refused.
 */
import { z } from 'zod';
import { ownerRoles, type OwnerRole } from '../ticket/release-schema.js';

const ownerRole = z.enum(ownerRoles as [OwnerRole, ...OwnerRole[]]);
const requirement = z.enum(['on-call', 'flags', 'reduce-automation', 'dataEngineeringLead', 'mlEngineeringLead']);

/** One approval still needed or given: any one principal holding one of `roles`. */
const approvalRequirementSchema = z.object({
  requirement,
  roles: z.array(ownerRole),
  principals: z.array(z.string()).describe("the handles that may fill it (from the workflow's owners)"),
});
const grantSchema = z.object({ subject: z.string(), requirement });

/** Who may run a plan now, and if not, who must approve (R6.1). */
export const authorityDecisionSchema = z
  .discriminatedUnion('outcome', [
    z.object({
      outcome: z.literal('allowed'),
      actor: z.string(),
      roles: z.array(ownerRole),
      approvedBy: z.array(grantSchema),
      notify: z.array(
        z.object({
          role: z.literal('teamLead'),
          principals: z.array(z.string()),
          acknowledgeBy: z.iso.datetime(),
          reason: z.string(),
        }),
      ),
      reason: z.string(),
    }),
    z.object({
      outcome: z.literal('needs-approvals'),
      actor: z.string(),
      required: z.array(approvalRequirementSchema),
      remaining: z.array(approvalRequirementSchema),
      approvedBy: z.array(grantSchema),
      ignored: z.array(z.object({ subject: z.string(), reason: z.string() })),
      reason: z.string(),
    }),
    z.object({ outcome: z.literal('refused'), actor: z.string(), reason: z.string() }),
  ])
  .meta({ id: 'AuthorityDecision' });
