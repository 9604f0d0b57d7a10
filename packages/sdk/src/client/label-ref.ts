/**
 * Late labels that match however late they arrive (ADR 0012). A review verdict, complaint or
 * ground truth arrives hours or days after the request it labels; the server's request index only
 * remembers the most recent requests. The request's *handle* — `labelRef(decision, requestId)`, a
 * short string the application keeps beside the output (in its database, the review queue item,
 * the support ticket) — carries what served the request: workflow, release, arm and bundle
 * version (and the prediction, for MAPE). `labelEvent(ref, label)` stamps them into the label, so
 * ingest attributes it without looking the request up. Pure functions; no client state.
 */
import type { Arm } from '@ripcord/protocol';
import type { RouteDecision } from '../evaluation/route-decision.js';
import type { ReportInput } from './report-input.js';

/** What a handle records about the request it names. */
export interface LabelRefFields {
  workflow: string;
  requestId: string;
  arm: Arm;
  release?: string;
  bundleVersion?: string;
  prediction?: number;
}

/** The label itself, without what the handle stamps. */
export type LabelInput =
  | { type: 'review'; verdict: 'accepted' | 'rejected'; reviewer?: string; notes?: string }
  | { type: 'complaint'; confirmed: boolean; summary?: string }
  | { type: 'ground_truth'; actual: number };

const PREFIX = 'rl1.';

/**
 * The handle of one served request: `rl1.` and base64url JSON, about 100 characters. Keep it with
 * the output; give it back to {@link labelEvent} when the label arrives.
 */
export function labelRef(decision: RouteDecision, requestId: string, prediction?: number): string {
  const row = [
    decision.workflow,
    requestId,
    decision.arm,
    decision.release ?? null,
    decision.bundleVersion ?? null,
    typeof prediction === 'number' && Number.isFinite(prediction) ? prediction : null,
  ];
  return PREFIX + Buffer.from(JSON.stringify(row), 'utf8').toString('base64url');
}

/** The fields of a handle, or `undefined` when `ref` is not one {@link labelRef} wrote. */
export function parseLabelRef(ref: string): LabelRefFields | undefined {
  if (!ref.startsWith(PREFIX)) return undefined;
  let row: unknown;
  try {
    row = JSON.parse(Buffer.from(ref.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(row) || row.length !== 6) return undefined;
  const [workflow, requestId, arm, release, bundleVersion, prediction] = row as unknown[];
  if (typeof workflow !== 'string' || typeof requestId !== 'string') return undefined;
  if (arm !== 'control' && arm !== 'candidate') return undefined;
  const fields: LabelRefFields = { workflow, requestId, arm };
  if (typeof release === 'string') fields.release = release;
  if (typeof bundleVersion === 'string') fields.bundleVersion = bundleVersion;
  if (typeof prediction === 'number' && Number.isFinite(prediction)) fields.prediction = prediction;
  return fields;
}

/**
 * The label event for `client.report()`, stamped from the handle: `client.report(labelEvent(ref,
 * { type: 'review', verdict: 'rejected' }))`. Returns `undefined` for a string that is not a
 * handle (report such a label by request id, as before: the bounded index attributes it).
 */
export function labelEvent(ref: string, label: LabelInput): ReportInput | undefined {
  const f = parseLabelRef(ref);
  if (f === undefined) return undefined;
  const stamp: { workflow: string; arm: Arm; release?: string; bundleVersion?: string } = {
    workflow: f.workflow,
    arm: f.arm,
  };
  if (f.release !== undefined) stamp.release = f.release;
  if (f.bundleVersion !== undefined) stamp.bundleVersion = f.bundleVersion;
  switch (label.type) {
    case 'review':
      return { ...label, ...stamp, requestId: f.requestId };
    case 'complaint':
      return { ...label, ...stamp, sampleId: f.requestId };
    case 'ground_truth':
      return f.prediction === undefined
        ? { ...label, ...stamp, requestId: f.requestId }
        : { ...label, ...stamp, requestId: f.requestId, prediction: f.prediction };
  }
}
