/**
 * Incidents as the API shows them (R7.1, R8.2): the record (`IncidentRecord`, incident-store.ts)
 * with its measured times, blast radius, verification and review, and the detailed view.
 */
import { z } from 'zod';
import { CAUSE_CATEGORIES } from './cause-categories.js';
import { keptEventsSchema, verdictSchema } from '../gates/engine/gate-evaluation-schema.js';
import { probeResultSchema } from '../releases/readiness/readiness-schema.js';
import type { IncidentRecord } from './incident-store.js';

const iso = z.iso.datetime();

/** An incident as `GET /v1/incidents` lists it and its review returns it. */
export const incidentSchema = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    runId: z.string().describe('the rollback run the incident records'),
    status: z.enum(['verifying', 'verified', 'escalated', 'closed']),
    times: z
      .object({
        exposedAt: iso.optional().describe("the candidate's first exposure to production traffic"),
        detectedAt: iso.optional().describe('the first breach or the rollback request'),
        decidedAt: iso.optional(),
        restoredAt: iso.optional().describe('the rollback run finished: the control serves'),
        verifiedAt: iso.optional(),
        verifyUntil: iso.optional(),
        closedAt: iso.optional(),
      })
      .describe('the measured times, each present once it happened'),
    blastRadius: z
      .object({ requests: z.number(), distinctKeys: z.number(), firstAt: iso.optional(), lastAt: iso.optional() })
      .nullable()
      .describe('requests and distinct keys the candidate served before the restore'),
    verification: z
      .object({
        checks: z.array(probeResultSchema),
        configServesControl: z.boolean(),
        gates: z
          .array(
            z.object({
              gate: z.string(),
              state: verdictSchema,
              sentence: z.string(),
              samples: z.number().nullable(),
              needed: z.number().nullable().optional().describe('samples the gate needs for a verdict'),
              source: z
                .enum(['events', 'query', 'alert'])
                .optional()
                .describe("where the gate's data comes from: ripcord's events, a Prometheus/Datadog query, alerts"),
            }),
          )
          .nullable()
          .optional()
          .describe('the gates that fired, read on the restored route (R7.2); null when none could be read'),
        failures: z.array(z.string()),
        escalation: z.string().optional(),
        extension: z
          .object({ until: iso, bound: iso, reason: z.string() })
          .optional()
          .describe('the window extended because fired gates lacked samples or waited for a signal (bounded)'),
      })
      .nullable(),
    review: z
      .object({
        rootCause: z.string(),
        remediation: z.string(),
        prevention: z.string(),
        cause: z.enum(CAUSE_CATEGORIES).optional().describe('the root cause category; absent in reviews without one'),
        by: z.string(),
        at: iso,
      })
      .nullable(),
    openedAt: iso,
    updatedAt: iso,
  })
  .meta({ id: 'Incident' });

/** `GET /v1/incidents/{id}`: the incident with its release, timeline and measurements. */
const gateKeptEvidenceSchema = z.object({
  gate: z.string(),
  state: z.string(),
  sentence: z.string().nullable(),
  sampleIds: z.array(z.string()).describe("count gates: the counted samples' ids"),
  unmatched: z.number(),
  kept: keptEventsSchema.nullable(),
});

export const incidentShownSchema = z
  .object({
    incident: incidentSchema,
    release: z.object({
      id: z.string(),
      workflow: z.string(),
      environment: z.string(),
      name: z.string(),
      control: z.string(),
      candidate: z.string(),
    }),
    timeline: z.array(z.object({ at: iso, kind: z.string(), actor: z.string(), summary: z.string() })),
    metrics: z.object({
      mttdMs: z.number().nullable(),
      mttrMs: z.number().nullable(),
      firstTry: z.boolean().describe('the first rollback run succeeded'),
      level: z.string(),
    }),
    evidence: z
      .object({
        decision: z.string(),
        at: iso,
        kind: z.string(),
        reasoning: z.string(),
        gates: z.array(gateKeptEvidenceSchema),
      })
      .nullable()
      .describe('the decision that asked for the rollback, with the evidence its gates kept (frozen with it)'),
  })
  .meta({ id: 'IncidentShown' });

/** Maps a stored incident to its API view. */
export function incidentView(i: IncidentRecord): z.infer<typeof incidentSchema> {
  return { ...i, openedAt: i.openedAt.toISOString(), updatedAt: i.updatedAt.toISOString() };
}
