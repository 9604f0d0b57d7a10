import { z } from 'zod';
import { bundleSchema } from './bundle-schema.js';
import type { BundleRecord, LabelMove, LabelRecord, WorkflowRecord } from './registry-store.js';
import { workflowSchema } from './workflow-schema.js';

const iso = z.iso.datetime();

/** A workflow as the API returns it. */
export const workflowViewSchema = z
  .object({
    name: z.string(),
    spec: workflowSchema,
    contentHash: z.string(),
    createdAt: iso,
    createdBy: z.string(),
    updatedAt: iso,
    updatedBy: z.string(),
  })
  .meta({ id: 'WorkflowRecord' });

/** A bundle as the API returns it. */
export const bundleViewSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    version: z.string(),
    spec: bundleSchema,
    createdAt: iso,
    createdBy: z.string(),
    archivedAt: iso.nullable(),
    archivedBy: z.string().nullable(),
  })
  .meta({ id: 'BundleRecord' });

/** A label as the API returns it. */
export const labelViewSchema = z
  .object({
    workflow: z.string(),
    environment: z.string(),
    label: z.string(),
    bundleVersion: z.string(),
    updatedAt: iso,
    updatedBy: z.string(),
  })
  .meta({ id: 'Label' });

/** One label move as the API returns it. */
export const labelMoveViewSchema = z
  .object({
    id: z.number(),
    workflow: z.string(),
    environment: z.string(),
    label: z.string(),
    fromVersion: z.string().nullable(),
    toVersion: z.string().nullable(),
    actor: z.string(),
    reason: z.string(),
    at: iso,
  })
  .meta({ id: 'LabelMove' });

/** Maps a stored workflow to its API view. */
export function workflowView(r: WorkflowRecord): z.infer<typeof workflowViewSchema> {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/** Maps a stored bundle to its API view. */
export function bundleView(r: BundleRecord): z.infer<typeof bundleViewSchema> {
  return { ...r, createdAt: r.createdAt.toISOString(), archivedAt: r.archivedAt?.toISOString() ?? null };
}

/** Maps a stored label to its API view. */
export function labelView(r: LabelRecord): z.infer<typeof labelViewSchema> {
  return { ...r, updatedAt: r.updatedAt.toISOString() };
}

/** Maps a label move to its API view. */
export function labelMoveView(r: LabelMove): z.infer<typeof labelMoveViewSchema> {
  return { ...r, at: r.at.toISOString() };
}
