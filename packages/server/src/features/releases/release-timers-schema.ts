/**
 * A release's `timers` as the API shows them today (`ReleaseTimers`, release-store.ts): a bag of
 * optional fields whose meaning depends on the status. Kept in one schema in its own file so the
 * typed release state (discriminated by status) can replace it in one place.
 */
import { z } from 'zod';
import { rollbackActionSchema } from '../gates/language/gate-spec.js';

const iso = z.iso.datetime();
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** The rollback request a pending rollback re-plans once approved (RollbackRequest without its decision). */
const pendingRequestSchema = z.object({
  gates: z
    .array(
      z.object({
        gate: z.string(),
        // readonly as the domain's BreachedGate has it (the document says the same either way).
        segments: z.array(z.string()).readonly().optional(),
        action: rollbackActionSchema.optional(),
      }),
    )
    .optional()
    .describe('the breached gates the plan must cover'),
  requestedLevel: level.optional(),
  override: z
    .object({ by: z.string(), reason: z.string(), action: rollbackActionSchema.optional(), level: level.optional() })
    .optional()
    .describe("the incident commander's override (R6.2)"),
  reason: z.string().optional(),
});

/** The state machine's timers and bookkeeping; every time is an ISO string from the clock. */
export const releaseTimersSchema = z
  .object({
    stageStartedAt: iso.optional(),
    bakeEndsAt: iso.optional().describe("when the current stage's bake time is over"),
    pausedBy: z.string().optional(),
    pauseReason: z.string().optional(),
    cooldownEndsAt: iso.optional().describe('the cool-down end after promotion (R1.4)'),
    firstBreachAt: iso.optional().describe('first breach seen (MTTD)'),
    offlineEvidence: iso.optional().describe("when the offline stage's passing evidence was recorded"),
    lastDecision: z.string().optional().describe('the last decision recorded, as `kind:gates`'),
    pendingRollback: z
      .object({
        at: iso,
        expiresAt: iso,
        requestedBy: z.string(),
        level: z.string(),
        remaining: z.array(z.string()).describe('the approvals still needed'),
        request: pendingRequestSchema,
      })
      .optional()
      .describe('a rollback waiting for approvals (R6), with its deadline'),
    teamLeadAckBy: iso.optional().describe("the team lead's acknowledgement deadline after a level-2 rollback"),
    teamLeadAckedAt: iso.optional(),
    teamLeadMissed: iso.optional(),
    gateSince: z
      .record(z.string(), z.object({ state: z.string(), since: iso }))
      .optional()
      .describe('since when each gate (by name) has been in its current state, this stage'),
    referenceDistributions: z
      .record(z.string(), z.object({ edges: z.array(z.number()), proportions: z.array(z.number()) }))
      .optional()
      .describe('reference distributions declared for driftFromReference gates, by series'),
  })
  .meta({ id: 'ReleaseTimers' });
