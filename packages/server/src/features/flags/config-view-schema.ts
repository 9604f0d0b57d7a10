/**
 * Flag and routing configuration as the API shows it (R3): a workflow's stored configuration,
 * its revisions with what each changed, and the SDK snapshot (`ConfigSnapshot`, @ripcord/protocol).
 */
import { z } from 'zod';
import type { ConfigRevision } from './config-store.js';
import { conditionSchema, flagDefinitionSchema, jsonValue } from './flag-schema.js';

const iso = z.iso.datetime();

/** A bundle as the SDK sees it: its version and its flag state. */
const bundleFlagsSchema = z
  .object({
    version: z.string(),
    flags: z.record(z.string(), jsonValue).describe("the bundle's `flags:` map: flag key → value"),
  })
  .meta({ id: 'BundleFlags' });

/** A named set of contexts: all conditions must hold. */
const segmentSchema = z
  .object({ conditions: z.array(conditionSchema), description: z.string().optional() })
  .meta({ id: 'Segment' });

/** A release's traffic split between the control and the candidate bundle. */
const trafficSplitSchema = z
  .object({
    release: z.string(),
    percent: z.number().describe('candidate share, 0–100 with 0.01 resolution'),
    eligibleSegment: z.string().optional(),
    segmentPercents: z.array(z.object({ segment: z.string(), percent: z.number() })).optional(),
  })
  .meta({ id: 'TrafficSplit' });

const configFields = {
  flags: z.record(z.string(), flagDefinitionSchema).describe('flag key → explicit definition'),
  segments: z.record(z.string(), segmentSchema).describe('segment name → segment'),
  split: trafficSplitSchema.optional(), // present while a release splits traffic
  lastChange: z.object({ actor: z.string(), reason: z.string(), at: iso }).optional(),
};

/** A workflow's configuration as stored: the control bundle is absent until a production label exists. */
export const storedConfigSchema = z
  .object({
    ...configFields,
    bundles: z.object({ control: bundleFlagsSchema.optional(), candidate: bundleFlagsSchema.optional() }),
  })
  .meta({ id: 'WorkflowConfigState' });

/** The configuration of one workflow in an SDK snapshot. */
const workflowConfigSchema = z
  .object({
    ...configFields,
    revision: z.number().int().describe('the last environment revision that changed this workflow'),
    bundles: z.object({ control: bundleFlagsSchema, candidate: bundleFlagsSchema.optional() }),
  })
  .meta({ id: 'WorkflowConfig' });

/** The complete configuration of the requested workflows of one environment at one revision. */
export const configSnapshotSchema = z
  .object({
    environment: z.string(),
    revision: z.number().int().describe('the environment revision (≥ 1), also the ETag'),
    generatedAt: iso,
    workflows: z.record(z.string(), workflowConfigSchema).describe('workflow name → configuration'),
  })
  .meta({ id: 'ConfigSnapshot' });

// Every change carries the idempotency key of the rollback step that made it, when one did.
const idempotencyKey = z.string().optional().describe('the idempotency key of the rollback step that made it');

/** What a revision changed. */
export const configChangeSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('flag.set'),
      key: z
        .string()
        .describe("the flag's key — but a change made by a rollback step stores its idempotency key here instead"),
      definition: flagDefinitionSchema,
    }),
    z.object({ kind: z.literal('flag.unset'), key: z.string().describe("the flag's key") }),
    z.object({ kind: z.literal('segment.set'), name: z.string(), segment: segmentSchema, key: idempotencyKey }),
    z.object({ kind: z.literal('segment.unset'), name: z.string(), key: idempotencyKey }),
    z.object({
      kind: z.literal('split.set'),
      release: z.string(),
      candidate: z.string(),
      percent: z.number(),
      key: idempotencyKey,
    }),
    z.object({ kind: z.literal('split.cleared'), key: idempotencyKey }),
    z.object({ kind: z.literal('control.changed'), version: z.string(), key: idempotencyKey }),
  ])
  .meta({ id: 'ConfigChange' });

/** One configuration revision. */
export const revisionSchema = z
  .object({
    revision: z.number().int(),
    workflow: z.string(),
    environment: z.string(),
    actor: z.string(),
    reason: z.string(),
    at: iso,
    change: configChangeSchema,
    config: storedConfigSchema, // the workflow's configuration after the change
  })
  .meta({ id: 'ConfigRevision' });

/** Maps a stored revision to its API view. */
export function revisionView(r: ConfigRevision): z.infer<typeof revisionSchema> {
  return {
    revision: r.revision,
    workflow: r.workflow,
    environment: r.environment,
    actor: r.actor,
    reason: r.reason,
    at: r.at.toISOString(),
    // Stored as written by config-service.ts, whose mutations return exactly these kinds.
    change: r.change as z.infer<typeof configChangeSchema>,
    config: r.config,
  };
}
