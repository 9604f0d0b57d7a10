/**
 * The fields of a release ticket and the schemas they use (stages, waivers, evidence kinds), before
 * the cross-field rules (release-rules.ts) that release-schema.ts adds on top.
 */ import { z } from 'zod';
import { ownersSchema, slug } from '../../bundles/workflow-schema.js';
import {
  alphaSchema,
  durationSchema,
  gatesSchema,
  rollbackActionSchema,
  testModeSchema,
} from '../../gates/language/gate-spec.js';
import { ROLLBACK_LEVELS } from '../planning/rollback-levels.js';

/** Default cool-down after a promotion, during which the previous bundle stays warm (R1.4). */
export const DEFAULT_COOLDOWN = '72h';

/** The workflow owner roles of R6.2 (the keys of a Workflow's `owners`). */
export type OwnerRole = keyof z.infer<typeof ownersSchema>;
/** Every owner role, in the order a Workflow lists them. */
export const ownerRoles = Object.keys(ownersSchema.shape) as OwnerRole[];

const ownerRole = z.enum(ownerRoles as [OwnerRole, ...OwnerRole[]]);
/** One owner role or a list of them. */
const ownerRolesSchema = z.union([ownerRole, z.array(ownerRole).min(1)]);

/** Same grammar as a Bundle's `version` (bundle-schema.ts keeps its regex private). */
const bundleVersion = z
  .string({ error: 'must be a bundle version string (quote numbers in YAML: control: "41")' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be letters, digits, ".", "_" or "-", up to 64 characters');

/** `offline: { tasks, dataset }` — run the candidate on a recorded task set before live traffic. */
export const offlineStageSchema = z.strictObject({
  tasks: z.number().int('must be a whole number').positive('must be at least 1'),
  dataset: z.string().min(1),
});

/**
 * `canary: { percent, bake, segment? }` — `percent` of production (or of `segment`, e.g. a
 * staff-only segment, R2.4) for at least `bake`.
 */
export const canaryStageSchema = z.strictObject({
  percent: z.number().gt(0, 'a canary serves more than 0 %').lte(100, 'a canary serves at most 100 %'),
  bake: durationSchema,
  segment: slug.optional(),
});

/** One stage of the canary plan: exactly one of `offline`, `canary`, `promote`. */
export const stageSchema = z
  .strictObject({
    offline: offlineStageSchema.optional(),
    canary: canaryStageSchema.optional(),
    promote: z.strictObject({}).optional(),
  })
  .superRefine((stage, ctx) => {
    const kinds = (['offline', 'canary', 'promote'] as const).filter((k) => stage[k] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message:
          kinds.length === 0
            ? 'a stage is one of offline: {tasks, dataset}, canary: {percent, bake}, promote: {}'
            : `one kind per stage; found ${kinds.join(' and ')}`,
      });
  });
/** A parsed plan stage. */
export type StageSpec = z.infer<typeof stageSchema>;

/** `gatesWaiver: { reason }` — the explicit acceptance of a release without gates (R2.1). */
export const gatesWaiverSchema = z.strictObject({
  reason: z.string().trim().min(1, 'say why this release may run without gates'),
  acceptedBy: z.string().min(1).optional(),
});

/** The evidence a release attaches to its decisions (R2.1), plus what R5.4 needs listed. */
export const EVIDENCE_KINDS = [
  'traceIds',
  'rejectedSamples',
  'parserLogs',
  'costSample',
  'reviewerNotes',
  'toolCalls',
  'predictionSamples',
  'healthChecks',
] as const;

/** The fields of a release ticket, before the cross-field rules of `release-rules.ts`. */
export const releaseFieldsSchema = z.strictObject({
  kind: z.literal('Release'),
  workflow: slug,
  environment: slug,
  name: slug,
  description: z.string().max(2000).optional(),
  control: bundleVersion,
  candidate: bundleVersion,
  plan: z.array(stageSchema).min(2, 'a plan needs at least one canary stage and promote: {}'),
  gates: z.union([z.literal('none-accepted'), gatesSchema], {
    error: 'expected a list of gates, or "none-accepted" together with gatesWaiver: { reason }',
  }),
  gatesWaiver: gatesWaiverSchema.optional(),
  firstRollback: rollbackActionSchema,
  /** What ripcord may do without a human (R6.3). */
  automatic: z.array(z.enum(ROLLBACK_LEVELS)).default([]),
  evidence: z.array(z.enum(EVIDENCE_KINDS)).default([]),
  authority: z.strictObject({
    /** Owner roles that may flip flags (besides on-call engineers). */
    flipFlags: ownerRolesSchema,
    /** Owner roles that may reduce automation (besides the incident commander). */
    reduceAutomation: ownerRolesSchema,
  }),
  cooldown: durationSchema.default(DEFAULT_COOLDOWN),
  /**
   * R8.1 post-deployment rollback test: right after promotion, a drill of the workflow rolls the
   * drill segment back to the old control, verifies, redeploys the promoted bundle and verifies
   * (features/drills, run by the drill scheduler), recorded as a drill of this release.
   */
  postDeployTest: z.boolean().optional(),
  test: testModeSchema.optional(),
  alpha: alphaSchema.optional(),
});
/** A release's fields as typed by {@link releaseFieldsSchema} (input of the cross-field rules). */
export type ReleaseFields = z.infer<typeof releaseFieldsSchema>;
