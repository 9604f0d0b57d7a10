/**
 * The fields of one gate and the value schemas they use, before the cross-field rules
 * (gate-rules.ts) that gate-spec.ts adds on top: the rules read these types, and the spec composes both.
 */ import { z } from 'zod';
import { METRICS } from './metric-catalog.js';
import { parseDuration, parseMultiple, parsePercent, parsePoints } from './gate-values.js';
import { alertBlockSchema, datadogBlockSchema, gateSourceSchema, prometheusBlockSchema } from './gate-source.js';

/** How a gate's breach is decided: its literal words, its sequential test, or both agreeing. */
export const testModeSchema = z.enum(['literal', 'sequential', 'both']);
/** One of `literal`, `sequential`, `both` (docs/adr/0002-sequential-tests.md). */
export type TestMode = z.infer<typeof testModeSchema>;

/** The release-level `test:` default for gates that do not set their own. */
export const releaseTestModeSchema = testModeSchema;
/** Same as {@link TestMode}; named for the release field. */
export type ReleaseTestMode = TestMode;

/** The release's false-rollback budget α, shared by its gates (default {@link DEFAULT_ALPHA}). */
export const alphaSchema = z
  .number()
  .gt(0, 'alpha must be above 0')
  .lte(0.5, 'alpha above 0.5 is not a false-rollback budget');
/** Default false-rollback budget per release (GATES.md). */
export const DEFAULT_ALPHA = 0.05;

/** `release` or a duration such as `5m`, `24h`. */
export const withinSchema = z.union([
  z.literal('release'),
  z.string().refine((s) => parseDuration(s) !== undefined, 'expected "release" or a duration such as 5m, 30m, 24h'),
]);

/** A duration such as `30s`, `5m`, `24h`. */
export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'expected a duration such as 30s, 5m, 24h');

/** The references a comparison may be `of` (GATES.md "Comparisons"). */
export const referenceSchema = z.enum(['control', 'baseline_p95_7d', 'approved_estimate', 'sla', 'slo']);
/** One of {@link referenceSchema}'s values. */
export type Reference = z.infer<typeof referenceSchema>;

const referenceWords: readonly string[] = referenceSchema.options;

/**
 * An `above:` / `below:` value: a number, a percentage string (`"1.0%"`), a multiple (`"2x"`,
 * needs `of`), or a reference word used as "1x of it" (`below: slo`).
 */
export const thresholdValueSchema = z.union([
  z.number().finite(),
  z
    .string()
    .refine(
      (s) => parsePercent(s) !== undefined || parseMultiple(s) !== undefined || referenceWords.includes(s),
      'expected a number, a percentage ("1.0%"), a multiple ("2x", with `of`) or a reference (slo, sla, control, baseline_p95_7d, approved_estimate)',
    ),
]);

const driftSchema = z.strictObject({
  method: z.enum(['psi', 'kl', 'js']),
  above: z.number().finite().nonnegative(),
});

/** `candidate:` — exactly one comparison form (checked in `gate-rules.ts` with precise paths). */
export const candidateConditionSchema = z.strictObject({
  above: thresholdValueSchema.optional(),
  below: thresholdValueSchema.optional(),
  of: referenceSchema.optional(),
  worseThanControlBy: z
    .string()
    .refine(
      (s) => parsePoints(s) !== undefined || parsePercent(s) !== undefined,
      'expected percentage points ("5pp") or a percentage of control ("10%")',
    )
    .optional(),
  driftFromControl: driftSchema.optional(),
  driftFromReference: driftSchema.optional(),
  failing: z.literal(true, 'the only health condition is `failing: true`').optional(),
});

/** `control:` — a precondition on the control arm; when false the gate is inconclusive. */
export const controlConditionSchema = z.strictObject({
  above: z
    .union([
      z.number().finite(),
      z.string().refine((s) => parsePercent(s) !== undefined, 'expected a number or a percentage ("0.2%")'),
    ])
    .optional(),
  below: z
    .union([
      z.number().finite(),
      z.string().refine((s) => parsePercent(s) !== undefined, 'expected a number or a percentage ("0.2%")'),
    ])
    .optional(),
});

const positiveInt = z.number().int('must be a whole number').positive('must be at least 1');

/** `over:` — the most recent N observations of one named denominator. */
export const overSchema = z.strictObject({
  consecutiveCalls: positiveInt.optional(),
  completedTasks: positiveInt.optional(),
  reviewedOutputs: positiveInt.optional(),
  comparableRequests: positiveInt.optional(),
});

/** `count:` — at least K events within a window. */
export const countSchema = z.strictObject({
  atLeast: positiveInt,
  within: withinSchema,
  matchingSamples: z.boolean().optional(),
});

const flagValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

/**
 * A rollback action (a gate's `action`, also the shape of a release's `firstRollback`): the steps
 * of GATES.md "Actions". At least one step; `scope` only qualifies `set`.
 */
export const rollbackActionSchema = z
  .strictObject({
    restore: z.array(z.string().min(1)).min(1).optional(),
    set: z.record(z.string().min(1), flagValueSchema).optional(),
    scope: z.enum(['all', 'affected-segments']).optional(),
    pause: z.literal(true, 'pause is written `pause: true`').optional(),
    rollout: z.union([z.literal('previous-stage'), z.literal(0)]).optional(),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
    then: z.literal('firstRollback').optional(),
  })
  .superRefine((action, ctx) => {
    const steps = [action.restore, action.set, action.pause, action.rollout, action.level, action.then];
    if (steps.every((s) => s === undefined))
      ctx.addIssue({
        code: 'custom',
        message: 'an action needs at least one step (restore, set, pause, rollout, level, then)',
      });
    if (action.scope !== undefined && action.set === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: '`scope` qualifies `set`; add `set` or remove `scope`',
      });
  });
/** A parsed {@link rollbackActionSchema}. */
export type RollbackAction = z.infer<typeof rollbackActionSchema>;

/** The fields of one gate, before the cross-field rules of `gate-rules.ts`. */
export const gateFieldsSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a gate name is 1–100 letters, digits, `.`, `_` or `-`'),
  metric: z.enum(METRICS),
  description: z.string().optional(),
  candidate: candidateConditionSchema.optional(),
  control: controlConditionSchema.optional(),
  over: overSchema.optional(),
  within: withinSchema.optional(),
  sustained: durationSchema.optional(),
  count: countSchema.optional(),
  severity: z.enum(['immediate', 'rapid', 'delayed']),
  action: rollbackActionSchema.optional(),
  test: testModeSchema.optional(),
  minSamples: positiveInt.optional(),
  primaryMetric: z.string().min(1).optional(),
  slo: z.number().finite().optional(),
  approvedEstimateUsd: z.number().finite().positive().optional(),
  baselineP95Ms: z.number().finite().positive().optional(),
  features: z.array(z.string().min(1)).min(1).optional(),
  /** Tool-call metrics: the one tool counted (default: any tool). */
  tool: z.string().min(1).max(200).optional(),
  /** Where the numbers come from (R4.5): `events` (default), `prometheus`, `datadog`, `alert`. */
  source: gateSourceSchema.optional(),
  prometheus: prometheusBlockSchema.optional(),
  datadog: datadogBlockSchema.optional(),
  alert: alertBlockSchema.optional(),
});
/** A gate's fields as typed by {@link gateFieldsSchema} (input of the cross-field rules). */
export type GateFields = z.infer<typeof gateFieldsSchema>;
