/**
 * One gate's evaluation ({@link GateEvaluation}) as the API shows it: in `GET /v1/releases/{id}/gates`,
 * after an override, and (as evidence) in a release's decisions. Numbers that are not finite (an
 * empty window's NaN, an e-value past the double range) are `null` in JSON, and the schema says so.
 */
import { z } from 'zod';
import { orNull } from '../../../openapi-schema.js';
import { rollbackActionSchema, testModeSchema } from '../language/gate-spec.js';
import { METRICS } from '../language/metric-catalog.js';
import type { GateEvaluation } from './gate-evaluate.js';

/** A gate's state: R4.4's three outcomes. */
export const verdictSchema = z.enum(['passing', 'breached', 'inconclusive']);
/** How fast a breach acts (R4.3). */
export const severitySchema = z.enum(['immediate', 'rapid', 'delayed']);
/** A number JSON cannot carry when it is not finite. */
const finiteOrNull = (what: string) => z.number().nullable().describe(`${what}; null when not finite`);

/** A manual override of a gate (R4.5), audited with actor and reason. */
export const gateOverrideSchema = z
  .object({ force: z.enum(['breached', 'passing']), actor: z.string(), reason: z.string(), at: z.iso.datetime() })
  .meta({ id: 'GateOverride' });

/** The sequential test's reading (docs/adr/0002-sequential-tests.md). */
const sequentialReadingSchema = z
  .object({
    verdict: verdictSchema,
    method: z.enum(['bernoulli-mixture', 'event-share', 'betting', 'normal-mixture']),
    logE: finiteOrNull('log of the e-value'),
    eValue: finiteOrNull('the e-value, exp(logE)'),
    alpha: z.number().describe("this gate's share of the release's α"),
    needed: finiteOrNull('the e-value that breaches: 1/α'),
    samples: z.object({ candidate: z.number(), control: z.number().nullable() }),
    reason: z.string().nullable(),
    since: z.iso.datetime().nullable().describe('when the reported test restarted as the words began to hold'),
  })
  .meta({ id: 'SequentialReading' });

/** One kept event (trace id, parser message, cost, reviewer note, …). */
export const keptSampleSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    traceId: z.string().optional(),
    parserError: z.string().optional(),
    errorKind: z.string().optional(),
    costUsd: z.number().optional(),
    reviewer: z.string().optional(),
    notes: z.string().optional(),
  })
  .meta({ id: 'KeptSample' });

/** The latest events that counted against a gate, per arm, and how many did. */
export const keptEventsSchema = z.object({
  candidate: z.array(keptSampleSchema),
  control: z.array(keptSampleSchema),
  counted: z.object({ candidate: z.number(), control: z.number() }),
});

/** One gate evaluated at one tick. */
export const gateEvaluationSchema = z
  .object({
    gate: z.string(),
    metric: z.enum(METRICS),
    state: verdictSchema.describe('the final state (after `sustained:` and any manual override)'),
    computedState: verdictSchema.describe('the state the data gives, before a manual override'),
    statistic: finiteOrNull('the observed value'),
    threshold: finiteOrNull('the value it is compared with'),
    control: finiteOrNull("the control's value, for comparisons with the control"),
    samples: z.object({ candidate: z.number(), control: z.number().nullable() }),
    window: z.string(),
    sentence: z.string().describe('the evaluation in one plain sentence'),
    severity: severitySchema,
    criticality: z.enum(['business-critical', 'experimental']).nullable(),
    action: rollbackActionSchema.nullable().describe("the gate's own action; null: the release's firstRollback"),
    test: z.object({ mode: testModeSchema, literal: verdictSchema, sequential: orNull(sequentialReadingSchema) }),
    sustained: z
      .object({ requiredMs: z.number(), holdingSince: z.iso.datetime().nullable(), heldMs: z.number() })
      .nullable(),
    override: orNull(gateOverrideSchema),
    reason: z.string().nullable().describe('why the state is what it is, when the numbers alone do not say it'),
    evidence: z
      .object({ samples: z.array(z.string()), unmatched: z.number() })
      .nullable()
      .describe('count gates: the last counted sample ids (at most 10) and unmatched complaints'),
    kept: keptEventsSchema
      .nullable()
      .optional()
      .describe(
        'measured gates: the latest events per arm that counted against it, with the evidence fields the ticket names',
      ),
    controlArm: z
      .object({ value: z.number(), samples: z.number(), breached: z.boolean() })
      .nullable()
      .optional()
      .describe('absolute gates: control read against the same words over the matching window'),
    errorKinds: z
      .object({ candidate: z.record(z.string(), z.number()), control: z.record(z.string(), z.number()) })
      .nullable()
      .optional()
      .describe('error_rate gates: the error kinds each arm reported since the release started'),
    evaluatedAt: z.iso.datetime(),
  })
  .meta({ id: 'GateEvaluation' });

/** An evaluation as the API shows it. */
export type GateEvaluationView = z.infer<typeof gateEvaluationSchema>;

/** The evaluation as JSON carries it (non-finite numbers become null); the compiler checks it fits the schema. */
export function gateEvaluationView(e: GateEvaluation): GateEvaluationView {
  const typed: GateEvaluationView = e;
  return JSON.parse(JSON.stringify(typed)) as GateEvaluationView;
}
