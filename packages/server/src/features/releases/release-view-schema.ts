/**
 * Releases as the API shows them (R2, R5.1): the release record with its spec, its status and the
 * state that status keeps (ADR 0005), its
 * timeline and decisions. Routes map stored records here (`releaseView`), nowhere else.
 */
import { z } from 'zod';
import { orNull } from '../../openapi-schema.js';
import {
  gateOverrideSchema,
  keptEventsSchema,
  severitySchema,
  verdictSchema,
} from '../gates/engine/gate-evaluation-schema.js';
import type { DecisionRecord, ReleaseEvent, ReleaseRecord } from './release-store.js';
import { releaseStateSchema } from './machine/status-state-schema.js';
import { releaseFieldsSchema } from './ticket/release-schema.js';

const iso = z.iso.datetime();

/** The release ticket as stored: the Release document after defaults. */
export const releaseSpecSchema = releaseFieldsSchema.meta({ id: 'ReleaseSpec' });

/** A release as every release route returns it: its fields, its status and the state that status keeps. */
export const releaseViewSchema = z
  .intersection(
    z.object({
      id: z.string(),
      workflow: z.string(),
      environment: z.string(),
      name: z.string(),
      stage: z.number().int().describe("the current plan stage's index; -1 before the release starts"),
      spec: releaseSpecSchema,
      contentHash: z.string(),
      references: z
        .record(z.string(), z.object({ edges: z.array(z.number()), proportions: z.array(z.number()) }))
        .describe('reference distributions declared for driftFromReference gates, by series'),
      createdAt: iso,
      createdBy: z.string(),
      updatedAt: iso,
      startedAt: iso.nullable(),
      finishedAt: iso.nullable(),
    }),
    releaseStateSchema,
  )
  .meta({ id: 'Release' });

/** One entry of a release's timeline. */
export const timelineEntrySchema = z
  .object({
    id: z.number().int(),
    releaseId: z.string(),
    at: iso,
    kind: z.string().describe('what happened, e.g. release.started, decision, rollback.executed'),
    actor: z.string(),
    details: z.record(z.string(), z.unknown()).describe("the entry's facts; their fields depend on `kind` (open)"),
  })
  .meta({ id: 'TimelineEntry' });

/** A gate's numbers as a decision saw them. */
const gateEvidenceSchema = z.object({
  gate: z.string(),
  severity: severitySchema,
  metric: z.string().nullable(),
  state: verdictSchema,
  computedState: verdictSchema,
  statistic: z.number().nullable(),
  threshold: z.number().nullable(),
  control: z.number().nullable(),
  samples: z.object({ candidate: z.number(), control: z.number().nullable() }).nullable(),
  sentence: z.string().nullable(),
  segments: z.array(z.string()),
  override: orNull(gateOverrideSchema.partial({ at: true })),
  evidence: z
    .object({ sampleIds: z.array(z.string()), unmatched: z.number(), kept: keptEventsSchema.nullable() })
    .nullable()
    .optional()
    .describe('what the gate kept, frozen with the decision (R2.1): count sample ids, the latest events against it'),
});

/** An absolute gate breached on both arms: a cause they share (shared-cause.ts). */
const sharedCauseSchema = z.object({
  gate: z.string(),
  metric: z.string().nullable(),
  candidate: z.number().nullable(),
  control: z.number(),
  threshold: z.number().nullable(),
  samples: z.object({ candidate: z.number().nullable(), control: z.number() }),
  errorKinds: z.array(z.object({ kind: z.string(), candidate: z.number(), control: z.number() })),
  route: z.record(z.string(), z.string()).describe('the route parts both arms share'),
  since: iso.nullable().describe('since when the gate has been breached on both arms'),
});

/** The first action a shared-cause decision offers: the workflow's fallback route for both arms. */
const fallbackOfferSchema = z.object({
  set: z.record(z.string(), z.string()),
  scope: z.literal('all'),
  arms: z.literal('both'),
  withinAuthority: z.boolean(),
  authority: z.string(),
  why: z.string(),
});

const decisionKind = z.enum(['rollback-now', 'investigate', 'do-not-roll-back', 'continue', 'promote']);

/** A tick's decision (R5.1) with its evidence and reasoning. */
const gateDecisionSchema = z.object({
  kind: decisionKind,
  urgency: z.enum(['immediate', 'rapid']).nullable(),
  gates: z.array(z.string()),
  rollback: z.array(z.object({ gate: z.string(), segments: z.array(z.string()) })),
  reviews: z.array(z.string()),
  blockers: z.array(z.object({ gate: z.string(), why: z.string() })),
  advance: z.boolean(),
  evidence: z.array(gateEvidenceSchema),
  reasoning: z.string(),
  decidedAt: iso,
  shared: z
    .array(sharedCauseSchema)
    .optional()
    .describe('absolute gates breached on both arms alike (docs/gates.md "Shared causes")'),
  afterPromotion: z
    .boolean()
    .optional()
    .describe('recorded in the cool-down after promotion (delayed and late-label gates)'),
  offer: fallbackOfferSchema.nullable().optional().describe('for a shared cause: the fallback route offered first'),
});

/** The verdict on an offline evaluation's evidence. */
export const offlineJudgementSchema = z
  .object({
    verdict: z.enum(['passed', 'incomplete', 'failed']),
    reason: z.string(),
    required: z.object({
      tasks: z.number(),
      dataset: z.string(),
      passRate: z.number(),
      source: z.string(),
      passed: z.number(),
    }),
    observed: z.object({
      tasks: z.number(),
      passed: z.number(),
      passRate: z.number(),
      dataset: z.string().nullable(),
    }),
  })
  .meta({ id: 'OfflineJudgement' });

/** One stored decision of a release. */
export const decisionRecordSchema = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    at: iso,
    kind: decisionKind,
    reasoning: z.string(),
    actor: z.string(),
    evidence: z
      .union([gateDecisionSchema, z.object({ offline: offlineJudgementSchema })])
      .describe("a tick's whole decision, or a failed offline evaluation's judgement"),
  })
  .meta({ id: 'ReleaseDecision' });

/** A release as the API shows it. */
export type ReleaseView = z.infer<typeof releaseViewSchema>;

/** Maps a stored release to its API view. */
export function releaseView(r: ReleaseRecord): ReleaseView {
  return {
    ...r,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** Maps a timeline entry to its API view. */
export function timelineEntryView(e: ReleaseEvent): z.infer<typeof timelineEntrySchema> {
  return { ...e, at: e.at.toISOString() };
}

/** Maps a stored decision to its API view (its evidence is stored as JSON: one of the two shapes above). */
export function decisionRecordView(d: DecisionRecord): z.infer<typeof decisionRecordSchema> {
  return { ...d, at: d.at.toISOString() } as z.infer<typeof decisionRecordSchema>;
}
