/**
 * A release's status and the state it keeps, as the API shows them (status-state.ts, ADR 0005):
 * one schema per status, discriminated by `status`, so a client narrows on the status and reads
 * only the fields that status has.
 */
import { z } from 'zod';
import { rollbackActionSchema } from '../../gates/language/gate-spec.js';

const iso = z.iso.datetime();
const level = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);

/** The current stage's clock. */
const stageClockSchema = z
  .object({
    startedAt: iso,
    bakeEndsAt: iso.optional().describe("when a canary stage's bake is over"),
    evidenceAt: iso.optional().describe("when an offline stage's passing evidence was recorded"),
  })
  .meta({ id: 'StageClock' });

/** The team lead's acknowledgement a level-2+ rollback asks for within 15 minutes (R6.1). */
const teamLeadSchema = z
  .discriminatedUnion('answer', [
    z.object({ ackBy: iso, answer: z.literal('waiting') }),
    z.object({ ackBy: iso, answer: z.literal('acknowledged'), at: iso }),
    z.object({ ackBy: iso, answer: z.literal('missed'), at: iso }),
  ])
  .meta({ id: 'TeamLeadNotice' });

/** The rollback request a pending rollback re-plans once approved (RollbackRequest without its decision). */
const pendingRequestSchema = z.object({
  gates: z
    .array(
      z.object({
        gate: z.string(),
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

/** A rollback waiting for approvals (R6), with its deadline. */
const pendingRollbackSchema = z
  .object({
    at: iso,
    expiresAt: iso,
    requestedBy: z.string(),
    level: z.string(),
    remaining: z.array(z.string()).describe('the approvals still needed'),
    request: pendingRequestSchema,
  })
  .meta({ id: 'PendingRollback' });

/** What a started release watches while its candidate may serve traffic. */
const watchFields = {
  stage: stageClockSchema,
  gateSince: z
    .record(z.string(), z.object({ state: z.string(), since: iso }))
    .describe('since when each gate (by name) has been in its current state'),
  lastDecision: z.string().optional().describe('the last decision recorded, as `kind:gates`'),
  firstBreachAt: iso.optional().describe('the first breach seen (MTTD)'),
  teamLead: teamLeadSchema.optional(),
};
const runningFields = { ...watchFields, pendingRollback: pendingRollbackSchema.optional() };
const pauseSchema = z.object({ by: z.string(), reason: z.string() }).describe('why the release is paused, and by whom');

/** Each status with the state it keeps. */
export const releaseStateSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('pending'), state: z.object({}) }),
    z.object({ status: z.literal('running'), state: z.object(runningFields) }),
    z.object({ status: z.literal('paused'), state: z.object({ ...runningFields, pause: pauseSchema }) }),
    z.object({ status: z.literal('rolling-back'), state: z.object(watchFields) }),
    z.object({
      status: z.literal('rolled-back'),
      state: z.object({ firstBreachAt: iso.optional(), teamLead: teamLeadSchema.optional() }),
    }),
    z.object({
      status: z.literal('promoted'),
      state: z.object({
        cooldownEndsAt: iso.describe('the previous bundle stays warm until then (R1.4)'),
        firstBreachAt: iso.optional(),
      }),
    }),
    z.object({ status: z.literal('aborted'), state: z.object({ firstBreachAt: iso.optional() }) }),
  ])
  .meta({ id: 'ReleaseState' });
