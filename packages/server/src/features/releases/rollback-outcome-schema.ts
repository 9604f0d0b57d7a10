/**
 * What a rollback request did (`RollbackOutcome`, machine/release-rollback.ts) as the API shows it:
 * `POST /v1/releases/{id}/rollback`, an approval that completes a rollback's approvals, and an
 * R3.4 operation that rolls back.
 */
import { z } from 'zod';
import { orNull } from '../../openapi-schema.js';
import { authorityDecisionSchema } from './authority/authority-schema.js';
import { rollbackPlanSchema } from './planning/rollback-plan-schema.js';
import { releaseStatusSchema } from './release-status-schema.js';

/** Where a rollback run is. */
export const runStatusSchema = z.enum(['running', 'succeeded', 'failed']);

/** What a rollback request did. */
export const rollbackOutcomeSchema = z
  .object({
    status: z
      .enum(['executed', 'joined', 'awaiting-approval', 'refused', 'no-op'])
      .describe('`joined`: a run for this release was already going; its id is `runId`'),
    runId: z.string().optional().describe('the run that executed (or is executing) the plan; absent when none ran'),
    runStatus: runStatusSchema
      .optional()
      .describe('`running` while a level 3/4 job waits; `failed` when a step failed (the release is paused)'),
    releaseStatus: releaseStatusSchema, // where the release ends up
    plan: rollbackPlanSchema,
    authority: orNull(authorityDecisionSchema),
    executed: z.array(z.string()).describe('the steps that ran, in order'),
    summary: z.string(),
  })
  .meta({ id: 'RollbackOutcome' });

/** An approver refused the rollback waiting for approval: it will not run. */
export const refusedByApproverSchema = z
  .object({ status: z.literal('refused-by-approver'), summary: z.string() })
  .meta({ id: 'RefusedByApprover' });

/** `POST /v1/releases/{id}/approvals`: a refusal, or the outcome of the rollback a grant re-checked or ran. */
export const approvalAnswerSchema = z
  .union([refusedByApproverSchema, rollbackOutcomeSchema])
  .meta({ id: 'ApprovalAnswer' });
